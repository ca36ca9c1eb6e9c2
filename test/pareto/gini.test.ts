import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { gini, giniPrepared, type GiniOptions, type GiniResult } from '../../src/pareto/gini.js';
import { prepareParetoValues } from '../../src/pareto/pareto-values.js';
import { codeOf, giniByMeanDifference, randomValues } from './brute-force.js';

describe('gini', () => {
  it('hand-computed: [1, 2, 3, 4] → 0.25, corrected 1/3', () => {
    // Σ|xi − xj| over ordered pairs = 20; 2 n² μ = 2·16·2.5 = 80.
    const g = gini([1, 2, 3, 4]);
    expect(g.gini).toBeCloseTo(0.25, 15);
    expect(g.giniCorrected).toBeCloseTo(1 / 3, 15);
  });

  it('one customer holding everything: G = (n − 1)/n, corrected = 1', () => {
    const g = gini([0, 0, 0, 0, 10]);
    expect(g.gini).toBeCloseTo(0.8, 15);
    expect(g.giniCorrected).toBeCloseTo(1, 15);
  });

  it('all-equal values and exact ties give exactly 0', () => {
    expect(gini([7, 7, 7]).gini).toBe(0);
    expect(gini([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]).gini).toBe(0);
    expect(gini(new Float64Array(100_000).fill(3.3)).giniCorrected).toBe(0);
  });

  it('matches the O(n²) mean-difference formula on random data (independent cross-check)', () => {
    for (const [seed, options] of [
      [1, {}],
      [2, { sigma: 0.3 }],
      [3, { sigma: 3 }],
      [4, { round: true, zeros: 0.2 }],
    ] as const) {
      for (const n of [2, 3, 10, 257, 800]) {
        const values = randomValues(seed * 1000 + n, n, options);
        if (values.every((v) => v === 0)) continue;
        const expected = giniByMeanDifference(values);
        const g = gini(values);
        expect(g.gini).toBeCloseTo(expected, 12);
        expect(g.giniCorrected).toBeCloseTo((expected * n) / (n - 1), 12);
      }
    }
  });

  it('computes on the non-negative basis and reports the negatives', () => {
    const g = gini([1, 2, -5, 3, 4, -1]);
    expect(g.gini).toBeCloseTo(0.25, 15);
    expect(g.basis.negatives).toEqual({ customers: 2, total: -6, drag: 0.6 });
    expect(g.basis.basisCustomers).toBe(4);
  });

  it('zeros are customers: they raise the Gini', () => {
    expect(gini([1, 2, 3, 4, 0, 0]).gini).toBeCloseTo(giniByMeanDifference([1, 2, 3, 4, 0, 0]), 14);
    expect(gini([1, 2, 3, 4, 0, 0]).gini).toBeGreaterThan(0.25);
  });

  it('is invariant to order and scale', () => {
    const values = randomValues(9, 500);
    const shuffled = [...values].reverse();
    const scaled = values.map((v) => v * 1000);
    expect(gini(shuffled).gini).toBeCloseTo(gini(values).gini, 14);
    expect(gini(scaled).gini).toBeCloseTo(gini(values).gini, 14);
  });

  it('property: G in [0, (n−1)/n], corrected in [0, 1], never NaN', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 2, maxLength: 60 }), (values) => {
        fc.pre(values.some((v) => v > 0));
        const g = gini(values);
        const n = values.length;
        return g.gini >= 0 && g.gini <= (n - 1) / n && g.giniCorrected >= 0 && g.giniCorrected <= 1;
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('giniPrepared equals gini', () => {
    const values = randomValues(5, 300, { negatives: 0.1 });
    expect(giniPrepared(prepareParetoValues(values))).toEqual(gini(values));
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => gini([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => gini([3]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => gini([0, 0]))).toBe('INVALID_VALUE');
    expect(codeOf(() => gini([1, Number.NaN]))).toBe('INVALID_VALUE');
    expect(codeOf(() => gini([1, 2], { nope: 1 } as unknown as GiniOptions))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => gini([Number.MAX_VALUE, Number.MAX_VALUE]))).toBe('NUMERIC_FAILURE');
  });

  it('has the documented types', () => {
    expectTypeOf(gini).returns.toEqualTypeOf<GiniResult>();
    expectTypeOf<GiniResult['gini']>().toBeNumber();
  });
});
