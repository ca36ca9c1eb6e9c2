import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Label } from '../../src/pareto/label-column.js';
import { paretoByGroup, type GroupConcentration, type ParetoByGroupOptions, type ParetoGroup } from '../../src/pareto/pareto-by-group.js';
import { paretoPoint } from '../../src/pareto/pareto-point.js';
import { createRandom } from '../../src/random.js';
import { codeOf, errorOf, giniByMeanDifference, randomValues, topShareByWalking } from './brute-force.js';

function ok(row: ParetoGroup): Extract<GroupConcentration, { status: 'ok' }> {
  if (row.concentration.status !== 'ok') throw new Error(`group ${row.group} not computable: ${row.concentration.reason}`);
  return row.concentration;
}

describe('paretoByGroup', () => {
  it('worked example: counts, shares, and a one-customer group reported as not computable', () => {
    const rows = paretoByGroup([5, 1, 8, 2, 0, 4], { groups: ['n', 'n', 's', 's', 's', 'w'] });
    expect(rows.map((g) => [g.group, g.customers, g.customerShare, g.value, g.valueShare])).toEqual([
      ['n', 2, 2 / 6, 6, 0.3],
      ['s', 3, 0.5, 10, 0.5],
      ['w', 1, 1 / 6, 4, 0.2],
    ]);
    // n = [5, 1]: G = |5 − 1|·2 / (2·4·3) = 1/3.
    expect(ok(rows[0]!).gini).toBeCloseTo(1 / 3, 15);
    expect(ok(rows[1]!).basis.zeroCustomers).toBe(1);
    expect(rows[2]!.concentration).toMatchObject({ status: 'not-computable', code: 'TOO_FEW_VALUES' });
  });

  it("each group's statistics match brute force on the group's own customers", () => {
    const rng = createRandom(5);
    const values = randomValues(5, 2400, { round: true, zeros: 0.05, negatives: 0.08 });
    const groups = values.map(() => ['urban', 'suburban', 'rural'][rng.int(3)]!);
    const rows = paretoByGroup(values, { groups, shares: [0.1, 0.2], target: 0.8 });
    expect(rows.map((r) => r.group)).toEqual([...new Set(groups)]);
    const bookTotal = values.filter((v) => v >= 0).reduce((a, b) => a + b, 0);
    for (const row of rows) {
      const own = values.filter((_, i) => groups[i] === row.group);
      const basis = own.filter((v) => v >= 0);
      const c = ok(row);
      expect(row.customers).toBe(own.length);
      expect(row.value).toBeCloseTo(
        basis.reduce((a, b) => a + b, 0),
        6,
      );
      expect(row.valueShare).toBeCloseTo(row.value / bookTotal, 14);
      expect(row.negativeCustomers).toBe(own.length - basis.length);
      expect(row.negativeTotal).toBe(own.filter((v) => v < 0).reduce((a, b) => a + b, 0));
      expect(c.gini).toBeCloseTo(giniByMeanDifference(basis), 12);
      expect(c.giniCorrected).toBeCloseTo((giniByMeanDifference(basis) * basis.length) / (basis.length - 1), 12);
      expect(c.topShares[1]!.customerShare).toBe(0.2);
      expect(c.topShares[1]!.valueShare).toBeCloseTo(topShareByWalking(basis, 0.2), 12);
      const point = paretoPoint(own, { target: 0.8 });
      expect(c.paretoPoint.customers).toBe(point.customers);
      expect(c.paretoPoint.customerShare).toBe(point.customerShare);
    }
    expect(rows.reduce((s, r) => s + r.customerShare, 0)).toBeCloseTo(1, 14);
    expect(rows.reduce((s, r) => s + r.valueShare, 0)).toBeCloseTo(1, 14);
  });

  it('keeps number and string labels apart, in order of first appearance', () => {
    const rows = paretoByGroup([1, 2, 3, 4, 5, 6], { groups: [2, '2', 2, 1, '2', 1] });
    expect(rows.map((r) => r.group)).toEqual([2, '2', 1]);
    expect(rows.map((r) => r.customers)).toEqual([2, 2, 2]);
  });

  it('zero-total and all-negative groups are not computable; the others still are', () => {
    const rows = paretoByGroup([0, 0, 3, 1, -2, -5], { groups: ['z', 'z', 'p', 'p', 'neg', 'neg'] });
    expect(rows[0]!.concentration).toMatchObject({ status: 'not-computable', code: 'INVALID_VALUE' });
    expect(rows[1]!.concentration.status).toBe('ok');
    expect(rows[2]!.concentration).toMatchObject({ status: 'not-computable', code: 'TOO_FEW_VALUES' });
    expect(rows[2]).toMatchObject({ customers: 2, value: 0, valueShare: 0, negativeCustomers: 2, negativeTotal: -7 });
    expect(JSON.stringify(rows)).not.toMatch(/NaN|Infinity|null/);
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => paretoByGroup([], { groups: [] }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => paretoByGroup([1, 2], {} as ParetoByGroupOptions))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => paretoByGroup([1, 2], { groups: ['a'] }))).toBe('LENGTH_MISMATCH');
    const bad = errorOf(() => paretoByGroup([1, 2], { groups: ['a', null] as unknown as Label[] }));
    expect(bad.code).toBe('INVALID_VALUE');
    expect(bad.details).toMatchObject({ column: 'groups', index: 1 });
    expect(codeOf(() => paretoByGroup([0, -1], { groups: ['a', 'b'] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => paretoByGroup([1, Number.NaN], { groups: ['a', 'b'] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => paretoByGroup([Number.MAX_VALUE, Number.MAX_VALUE], { groups: ['a', 'b'] }))).toBe('NUMERIC_FAILURE');
  });

  it('has the documented types', () => {
    expectTypeOf(paretoByGroup).returns.toEqualTypeOf<readonly ParetoGroup[]>();
    expectTypeOf<GroupConcentration['status']>().toEqualTypeOf<'ok' | 'not-computable'>();
  });
});

describe('paretoByGroup: overflowing negative totals (issue 11)', () => {
  it('a book whose negative values sum beyond −MAX_VALUE: NUMERIC_FAILURE, never −Infinity in a group row', () => {
    const e = errorOf(() => paretoByGroup([1, 2, 3, -1.7e308, -1.7e308], { groups: ['a', 'a', 'a', 'b', 'b'] }));
    expect(e.code).toBe('NUMERIC_FAILURE');
    expect(e.details.fn).toBe('paretoByGroup');
    const ok = paretoByGroup([1, 2, 3, -8e307, -8e307], { groups: ['a', 'a', 'a', 'b', 'b'] });
    expect(ok.map((g) => g.negativeTotal)).toEqual([0, -1.6e308]);
  });
});
