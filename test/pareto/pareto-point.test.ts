import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Label } from '../../src/pareto/label-column.js';
import { DEFAULT_PARETO_TARGET, paretoPoint, paretoPointPrepared, type ParetoPoint, type ParetoPointOptions } from '../../src/pareto/pareto-point.js';
import { prepareParetoValues } from '../../src/pareto/pareto-values.js';
import { codeOf, errorOf, randomValues, rankIndices, topShareByWalking } from './brute-force.js';

/** Brute force: walk the ranked customers until their running share reaches the target. */
function membersByWalking(values: number[], target: number): number[] {
  const total = values.filter((v) => v >= 0).reduce((a, b) => a + b, 0);
  const members: number[] = [];
  let running = 0;
  for (const i of rankIndices(values)) {
    if (running / total >= target) break;
    members.push(i);
    running += values[i]!;
  }
  return members.sort((a, b) => a - b);
}

describe('paretoPoint', () => {
  it('worked example with ids: 2 of 5 customers hold exactly 80%', () => {
    const p = paretoPoint([10, 50, 5, 30, 5], { ids: ['a', 'b', 'c', 'd', 'e'] });
    expect(p.target).toBe(DEFAULT_PARETO_TARGET);
    expect(p.customerShare).toBeCloseTo(0.4, 15);
    expect(p.customers).toBe(2);
    expect(p.wholeCustomerShare).toBe(0.4);
    expect(p.value).toBe(80);
    expect(p.valueShare).toBe(0.8);
    expect(Array.from(p.members)).toEqual([1, 3]);
    expect(p.memberIds).toEqual(['b', 'd']);
  });

  it('interpolates within the boundary customer: 85% needs 2.5 of 5 customers, 3 whole ones', () => {
    const p = paretoPoint([50, 30, 10, 5, 5], { target: 0.85 });
    expect(p.customerShare).toBeCloseTo(0.5, 15);
    expect(p.customers).toBe(3);
    expect(p.wholeCustomerShare).toBe(0.6);
    expect(p.valueShare).toBeCloseTo(0.9, 15);
    expect('memberIds' in p).toBe(false);
    expect(Array.from(p.members)).toEqual([0, 1, 2]);
  });

  it('matches a brute-force walk on random data, ties included (earlier rows first)', () => {
    for (const [seed, n, target] of [
      [1, 10, 0.8],
      [2, 150, 0.8],
      [3, 997, 0.5],
      [4, 2000, 0.95],
      [5, 500, 1],
      [6, 300, 0.01],
    ] as const) {
      const values = randomValues(seed, n, { round: seed % 2 === 0, zeros: 0.1, negatives: 0.05 });
      const p = paretoPoint(values, { target });
      const expected = membersByWalking(values, target);
      expect(Array.from(p.members)).toEqual(expected);
      expect(p.customers).toBe(expected.length);
      // The continuous share is where the Lorenz curve reaches the target.
      const basis = values.filter((v) => v >= 0);
      expect(topShareByWalking(basis, p.customerShare)).toBeCloseTo(target, 10);
      expect(p.customerShare).toBeLessThanOrEqual(p.wholeCustomerShare);
      expect(p.customerShare).toBeGreaterThan((p.customers - 1) / basis.length - 1e-15);
    }
  });

  it('resolves a tie group straddling the boundary in input order', () => {
    const p = paretoPoint([5, 5, 9, 5, 5], { target: 0.6 });
    // total 29, 60% = 17.4: 9 + 5 + 5 = 19 → 3 customers: row 2 and the first two fives (rows 0, 1).
    expect(Array.from(p.members)).toEqual([0, 1, 2]);
  });

  it('target 1 takes every customer with a positive value (zeros add nothing)', () => {
    const p = paretoPoint([3, 0, 2, 0, -1, 1], { target: 1 });
    expect(Array.from(p.members)).toEqual([0, 2, 5]);
    expect(p.valueShare).toBe(1);
    expect(p.customerShare).toBeCloseTo(3 / 5, 15);
  });

  it('negatives are never members; member indices refer to the input rows', () => {
    const values = [-100, 40, -3, 40, 20];
    const p = paretoPoint(values, { ids: [101, 102, 103, 104, 105] });
    expect(Array.from(p.members)).toEqual([1, 3]);
    expect(p.memberIds).toEqual([102, 104]);
    expect(p.basis.negatives.customers).toBe(2);
  });

  it('paretoPointPrepared equals paretoPoint', () => {
    const values = randomValues(7, 400, { negatives: 0.1 });
    const ids = values.map((_, i) => `C${i}`);
    expect(paretoPointPrepared(prepareParetoValues(values), { ids, target: 0.7 })).toEqual(paretoPoint(values, { ids, target: 0.7 }));
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => paretoPoint([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => paretoPoint([1]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => paretoPoint([0, 0, -1]))).toBe('INVALID_VALUE');
    expect(codeOf(() => paretoPoint([1, Number.NaN]))).toBe('INVALID_VALUE');
    const mismatch = errorOf(() => paretoPoint([1, 2, 3], { ids: ['a', 'b'] }));
    expect(mismatch.code).toBe('LENGTH_MISMATCH');
    expect(mismatch.details.column).toBe('ids');
    const badId = errorOf(() => paretoPoint([1, 2, 3], { ids: ['a', null, 'c'] as unknown as Label[] }));
    expect(badId.code).toBe('INVALID_VALUE');
    expect(badId.details).toMatchObject({ column: 'ids', index: 1 });
    for (const target of [0, -0.5, 1.01, Number.NaN]) expect(codeOf(() => paretoPoint([1, 2], { target }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => paretoPoint([1, 2], { ids: 'ab' } as unknown as ParetoPointOptions))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => paretoPointPrepared(prepareParetoValues([1, 2]), { ids: ['x'] }))).toBe('LENGTH_MISMATCH');
  });

  it('has the documented types', () => {
    expectTypeOf(paretoPoint).returns.toEqualTypeOf<ParetoPoint>();
    expectTypeOf<ParetoPoint['members']>().toEqualTypeOf<Uint32Array>();
    expectTypeOf<ParetoPoint['memberIds']>().toEqualTypeOf<readonly Label[] | undefined>();
  });
});
