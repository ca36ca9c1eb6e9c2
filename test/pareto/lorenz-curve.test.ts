import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { lorenzCurve, lorenzCurvePrepared, snapToInteger, type LorenzCurve, type LorenzCurveOptions } from '../../src/pareto/lorenz-curve.js';
import { prepareParetoValues } from '../../src/pareto/pareto-values.js';
import { codeOf, randomValues, topShareByWalking } from './brute-force.js';
import type { Displayed } from '../../src/display/with-display.js';

/** Increasing x, non-decreasing y on or above the diagonal, non-increasing slopes (concave). */
function isMonotoneConcave(x: Float64Array, y: Float64Array, tolerance = 1e-12): boolean {
  for (let j = 1; j < x.length; j++) {
    if (!(x[j]! > x[j - 1]!) || !(y[j]! >= y[j - 1]!) || !(y[j]! >= x[j]! - tolerance)) return false;
  }
  for (let j = 1; j + 1 < x.length; j++) {
    const left = (y[j]! - y[j - 1]!) / (x[j]! - x[j - 1]!);
    const right = (y[j + 1]! - y[j]!) / (x[j + 1]! - x[j]!);
    if (right > left + tolerance * Math.max(1, Math.abs(left)) * x.length) return false;
  }
  return true;
}

describe('lorenzCurve', () => {
  it('worked example: [1, 2, 3, 4] at 5 points', () => {
    const c = lorenzCurve([1, 2, 3, 4], { points: 5 });
    expect(Array.from(c.x)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(c.y).map((v) => +v.toFixed(15))).toEqual([0, 0.4, 0.7, 0.9, 1]);
  });

  it("'all' returns the n + 1 corners (k/n, S_k/S_n)", () => {
    const c = lorenzCurve([3, 1, 4, 1, 5], { points: 'all' });
    expect(Array.from(c.x)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(Array.from(c.y)).toEqual([0, 5 / 14, 9 / 14, 12 / 14, 13 / 14, 1]);
  });

  it('defaults to 101 points, endpoints included', () => {
    const c = lorenzCurve(randomValues(1, 1234));
    expect(c.x.length).toBe(101);
    expect(c.x[0]).toBe(0);
    expect(c.y[0]).toBe(0);
    expect(c.x[100]).toBe(1);
    expect(c.y[100]).toBe(1);
    expect(c.x[20]).toBe(0.2);
  });

  it('downsampled points are exact on the full piecewise-linear curve (brute-force walk)', () => {
    for (const [n, points] of [
      [150, 101],
      [7, 50],
      [3, 11],
      [1001, 37],
    ] as const) {
      const values = randomValues(n, n, { round: n === 1001, zeros: 0.1 });
      const c = lorenzCurve(values, { points });
      expect(c.x.length).toBe(points);
      for (let j = 0; j < points; j++) {
        expect(c.x[j]).toBe(j / (points - 1));
        expect(c.y[j]).toBeCloseTo(topShareByWalking(values, j / (points - 1)), 12);
      }
    }
  });

  it('the downsampled curve lies on the straight segments between the corners', () => {
    const values = randomValues(3, 40);
    const full = lorenzCurve(values, { points: 'all' });
    const coarse = lorenzCurve(values, { points: 17 });
    for (let j = 0; j < 17; j++) {
      const x = coarse.x[j]!;
      const k = Math.min(39, Math.floor(x * 40));
      const t = x * 40 - k;
      expect(coarse.y[j]).toBeCloseTo(full.y[k]! + t * (full.y[k + 1]! - full.y[k]!), 14);
    }
  });

  it('is concave on skewed random data with ties and zeros', () => {
    const c = lorenzCurve(randomValues(4, 5000, { sigma: 2.5, round: true, zeros: 0.3 }), { points: 'all' });
    expect(isMonotoneConcave(c.x, c.y)).toBe(true);
    // The check can fail: a convex (ascending) curve is rejected.
    expect(isMonotoneConcave(new Float64Array([0, 0.5, 1]), new Float64Array([0, 0.2, 1]))).toBe(false);
  });

  it('all-equal values give the straight line y = x', () => {
    const c = lorenzCurve(new Float64Array(37).fill(2.5), { points: 21 });
    for (let j = 0; j < 21; j++) expect(c.y[j]).toBeCloseTo(c.x[j]!, 15);
  });

  it('negatives stay out of the curve; zeros are on it (flat tail)', () => {
    const c = lorenzCurve([4, -3, 0, 4, -1], { points: 'all' });
    expect(Array.from(c.x).map((v) => +v.toFixed(12))).toEqual([0, 0.333333333333, 0.666666666667, 1]);
    expect(Array.from(c.y)).toEqual([0, 0.5, 1, 1]);
    expect(c.basis.negatives).toEqual({ customers: 2, total: -4, drag: 0.5 });
  });

  it('property: monotone, concave, above the diagonal, never NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 80 }),
        fc.integer({ min: 2, max: 300 }),
        (values, points) => {
          fc.pre(values.some((v) => v > 0));
          for (const c of [lorenzCurve(values, { points: 'all' }), lorenzCurve(values, { points })]) {
            if (!c.y.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) return false;
            if (!isMonotoneConcave(c.x, c.y)) return false;
          }
          return true;
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });

  it('lorenzCurvePrepared equals lorenzCurve', () => {
    const values = randomValues(8, 200, { negatives: 0.2 });
    expect(lorenzCurvePrepared(prepareParetoValues(values), { points: 33 })).toEqual(lorenzCurve(values, { points: 33 }));
  });

  it('snapToInteger removes x·n rounding noise only', () => {
    expect(snapToInteger(0.07 * 100)).toBe(7);
    expect(snapToInteger(30.000000000000004)).toBe(30);
    expect(snapToInteger(1.5)).toBe(1.5);
    expect(snapToInteger(9_999_999.5)).toBe(9_999_999.5);
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => lorenzCurve([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => lorenzCurve([1]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => lorenzCurve([0, 0]))).toBe('INVALID_VALUE');
    expect(codeOf(() => lorenzCurve([1, Infinity]))).toBe('INVALID_VALUE');
    for (const points of [1, 2.5, 0, 'some']) {
      expect(codeOf(() => lorenzCurve([1, 2], { points } as unknown as LorenzCurveOptions))).toBe('INVALID_OPTIONS');
    }
  });

  it('has the documented types', () => {
    expectTypeOf(lorenzCurve).returns.toEqualTypeOf<Displayed<LorenzCurve>>();
    expectTypeOf<LorenzCurveOptions['points']>().toEqualTypeOf<number | 'all' | undefined>();
  });
});
