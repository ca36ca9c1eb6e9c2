import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { prepareParetoValues } from '../../src/pareto/pareto-values.js';
import { DEFAULT_TOP_SHARES, topShares, topSharesPrepared, type TopShare, type TopShares, type TopSharesOptions } from '../../src/pareto/top-shares.js';
import { codeOf, randomValues, topShareByWalking } from './brute-force.js';

describe('topShares', () => {
  it('worked example: [1, 2, 3, 4]', () => {
    const rows = topShares([1, 2, 3, 4], { shares: [0.25, 0.5, 0.6] }).rows;
    expect(rows[0]).toEqual({ customerShare: 0.25, customers: 1, value: 4, valueShare: 0.4 });
    expect(rows[1]).toEqual({ customerShare: 0.5, customers: 2, value: 7, valueShare: 0.7 });
    // 2.4 customers: 4 + 3 + 0.4·2 = 7.8.
    expect(rows[2]!.customers).toBeCloseTo(2.4, 14);
    expect(rows[2]!.value).toBeCloseTo(7.8, 14);
    expect(rows[2]!.valueShare).toBeCloseTo(0.78, 14);
  });

  it('top 1% of 150 customers = the largest plus half of the second (linear within the boundary customer)', () => {
    const values = Array.from({ length: 150 }, (_, i) => i + 1); // 1..150, total 11325
    const [one, twenty] = topShares(values, { shares: [0.01, 0.2] }).rows;
    expect(one!.customers).toBe(1.5);
    expect(one!.value).toBe(150 + 0.5 * 149);
    expect(one!.valueShare).toBeCloseTo(224.5 / 11325, 15);
    // top 20% of 150 = exactly the 30 largest: 121..150.
    expect(twenty!.customers).toBe(30);
    expect(twenty!.value).toBe(((121 + 150) * 30) / 2);
  });

  it('defaults to the 1/5/10/20/50% table', () => {
    const rows = topShares(randomValues(2, 999)).rows;
    expect(rows.map((r) => r.customerShare)).toEqual([...DEFAULT_TOP_SHARES]);
    expect(DEFAULT_TOP_SHARES).toEqual([0.01, 0.05, 0.1, 0.2, 0.5]);
  });

  it('matches a customer-by-customer walk on random data (brute force)', () => {
    const shares = [0.001, 0.01, 0.05, 0.1, 0.123, 0.2, 0.333, 0.5, 0.8, 0.99, 1];
    for (const n of [2, 3, 150, 1000, 4321]) {
      const values = randomValues(n, n, { sigma: 2, round: n > 1000, zeros: 0.05 });
      if (values.every((v) => v === 0)) continue;
      const rows = topShares(values, { shares }).rows;
      rows.forEach((row, j) => {
        expect(row.valueShare).toBeCloseTo(topShareByWalking(values, shares[j]!), 12);
        expect(row.customers).toBeCloseTo(shares[j]! * n, 9);
      });
      expect(rows[rows.length - 1]!.valueShare).toBe(1);
    }
  });

  it('keeps the requested order and uses the non-negative basis', () => {
    const r = topShares([10, -4, 6, 4, 0], { shares: [0.5, 0.25] });
    expect(r.rows.map((x) => x.valueShare)).toEqual([0.8, 0.5]);
    expect(r.basis.basisCustomers).toBe(4);
    expect(r.basis.negatives).toEqual({ customers: 1, total: -4, drag: 0.2 });
  });

  it('property: shares non-decreasing in x, in [0, 1], at least x (top customers hold at least their share)', () => {
    const xs = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1];
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 100 }), (values) => {
        fc.pre(values.some((v) => v > 0));
        const rows = topShares(values, { shares: xs }).rows;
        return rows.every(
          (r, j) => r.valueShare >= 0 && r.valueShare <= 1 && r.valueShare >= r.customerShare - 1e-12 && (j === 0 || r.valueShare >= rows[j - 1]!.valueShare),
        );
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('topSharesPrepared equals topShares', () => {
    const values = randomValues(4, 300, { negatives: 0.1 });
    expect(topSharesPrepared(prepareParetoValues(values))).toEqual(topShares(values));
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => topShares([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => topShares([2]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => topShares([0, 0, 0]))).toBe('INVALID_VALUE');
    expect(codeOf(() => topShares([1, Number.NaN]))).toBe('INVALID_VALUE');
    for (const shares of [[0], [1.5], [], [-0.1], [Number.NaN]]) {
      expect(codeOf(() => topShares([1, 2], { shares } as TopSharesOptions))).toBe('INVALID_OPTIONS');
    }
  });

  it('has the documented types', () => {
    expectTypeOf(topShares).returns.toEqualTypeOf<TopShares>();
    expectTypeOf<TopShares['rows']>().toEqualTypeOf<readonly TopShare[]>();
    expectTypeOf<TopSharesOptions['shares']>().toEqualTypeOf<number[] | undefined>();
  });
});
