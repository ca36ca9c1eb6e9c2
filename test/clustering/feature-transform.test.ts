import { describe, expect, it } from 'vitest';
import {
  applyFeatureTransform,
  fitFeatureTransform,
  isUsableSpread,
  invertFeatureTransform,
  signedExpm1,
  signedLog1p,
} from '../../src/clustering/feature-transform.js';

describe('feature transforms', () => {
  it('signed log1p: worked values, odd symmetry, inverse', () => {
    expect(signedLog1p(0)).toBe(0);
    expect(signedLog1p(Math.E - 1)).toBeCloseTo(1, 15);
    expect(signedLog1p(-(Math.E - 1))).toBeCloseTo(-1, 15);
    for (const x of [-1e9, -5, -0.5, 0, 0.25, 3, 1e12]) {
      expect(signedLog1p(-x)).toBe(-signedLog1p(x));
      expect(signedExpm1(signedLog1p(x))).toBeCloseTo(x, Math.abs(x) > 1e6 ? -Math.log10(Math.abs(x)) + 12 : 12);
    }
  });

  it('z-score: mean 0, population sd 1', () => {
    const values = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]); // mean 5, sd 2
    const t = fitFeatureTransform('x', values, false, 'zscore')!;
    expect(t).toMatchObject({ center: 5, spread: 2, spreadKind: 'sd', log1p: false });
    expect(Array.from(values, (v) => applyFeatureTransform(t, v))).toEqual([-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2]);
  });

  it('robust: median and IQR (type 7), sd fallback when the IQR is 0', () => {
    const t = fitFeatureTransform('x', Float64Array.from([1, 2, 3, 4, 100]), false, 'robust')!;
    expect(t).toMatchObject({ center: 3, spread: 2, spreadKind: 'iqr' });
    const zeros = fitFeatureTransform('x', Float64Array.from([0, 0, 0, 0, 0, 0, 10]), false, 'robust')!;
    expect(zeros.spreadKind).toBe('sd');
    expect(zeros.center).toBe(0);
    expect(zeros.spread).toBeCloseTo(Math.sqrt(100 / 7 - (10 / 7) ** 2), 12);
  });

  it('round trip: scale then unscale gives the original, with and without log1p', () => {
    const values = Float64Array.from([-2500.5, -1, 0, 0.5, 12, 900, 45_000, 1_250_000]);
    for (const log1p of [false, true]) {
      for (const scale of ['zscore', 'robust'] as const) {
        const t = fitFeatureTransform('x', values, log1p, scale)!;
        for (const v of values) {
          const back = invertFeatureTransform(t, applyFeatureTransform(t, v));
          expect(Math.abs(back - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
        }
      }
    }
  });

  it('a constant feature is reported as undefined (even after log1p)', () => {
    expect(fitFeatureTransform('x', Float64Array.from([3, 3, 3]), true, 'zscore')).toBeUndefined();
    expect(fitFeatureTransform('x', Float64Array.from([7]), false, 'robust')).toBeUndefined();
  });
});

describe('constant to working precision (issue 11)', () => {
  it('isUsableSpread: positive normal, finite, above 64 ε × magnitude', () => {
    expect(isUsableSpread(1, 1)).toBe(true);
    expect(isUsableSpread(0, 0)).toBe(false);
    expect(isUsableSpread(2 ** -1022, 0)).toBe(true);
    expect(isUsableSpread(2 ** -1023, 0)).toBe(false); // subnormal
    expect(isUsableSpread(Number.POSITIVE_INFINITY, 1)).toBe(false);
    expect(isUsableSpread(Number.NaN, 1)).toBe(false);
    // 64 ε ≈ 1.42e-14: relative spreads 2e-14 and 1e-14 of a magnitude 1e9.
    expect(isUsableSpread(2e-5, 1e9)).toBe(true);
    expect(isUsableSpread(1e-5, 1e9)).toBe(false);
  });
  it('a spread that underflows or is rounding noise makes the feature constant (undefined), like all-equal values', () => {
    expect(fitFeatureTransform('x', Float64Array.from([0, 0, 0]), false, 'zscore')).toBeUndefined();
    expect(fitFeatureTransform('x', Float64Array.from([0, 0, 1e-200]), false, 'zscore')).toBeUndefined();
    expect(fitFeatureTransform('x', Float64Array.from([1e9, 1e9, 1e9 + 2 ** -22]), false, 'zscore')).toBeUndefined();
    // Small but meaningful: kept.
    const small = fitFeatureTransform('x', Float64Array.from([0, 0, 1e-100]), false, 'zscore');
    expect(small!.spread / ((Math.SQRT2 * 1e-100) / 3)).toBeCloseTo(1, 12);
    expect(fitFeatureTransform('x', Float64Array.from([1e9, 1e9, 1e9 + 1]), false, 'robust')?.spreadKind).toBe('iqr');
  });
});
