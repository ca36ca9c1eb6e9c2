import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import type { AssignTiersOptions, TierAssignment } from '../../src/tiers/assign-tiers.js';
import { DEFAULT_TIER_BANDS } from '../../src/tiers/tier-bands.js';
import { expectCode } from '../helpers/expect-code.js';
import type { Displayed } from '../../src/display/with-display.js';

describe('assignTiers', () => {
  it('worked example: edges, a negative value and the tier table', () => {
    const t = assignTiers([150_000, 199_999.99, 200_000, 2_500_000, -300], {});
    expect(t.tierKey).toEqual(['mass', 'mass', 'affluent', 'high_net_worth', 'mass']);
    expect(Array.from(t.tierIndex)).toEqual([0, 0, 1, 3, 0]);
    expect(t.table.map((r) => r.count)).toEqual([3, 1, 0, 1, 0]);
    expect(t.table.map((r) => r.share)).toEqual([0.6, 0.2, 0, 0.2, 0]);
    expect(t.table[0]!.totalValue).toBeCloseTo(349_699.99, 6);
    expect(t.totalValue).toBeCloseTo(3_049_699.99, 6);
    expect(t.table.reduce((s, r) => s + r.valueShare, 0)).toBeCloseTo(1, 12);
    expect(t.table[3]).toMatchObject({
      serviceLevel: 'Senior relationship manager with a product team',
      labelZh: '高净值客户',
      lower: 2_000_000,
      upper: 6_000_000,
    });
    expect(t.table[0]!.lower).toBeNull();
    expect(t.table[4]!.upper).toBeNull();
    expect(t.currency).toBe('CNY');
    expect(t.customerId).toBeUndefined();
  });

  it('every default boundary: a cent below is the lower band, the bound itself the upper band', () => {
    for (let b = 1; b < DEFAULT_TIER_BANDS.length; b++) {
      const edge = DEFAULT_TIER_BANDS[b]!.lower;
      const t = assignTiers([edge - 0.01, edge], {});
      expect(Array.from(t.tierIndex)).toEqual([b - 1, b]);
    }
  });

  it('custom bands in another currency; values outside finite bands are errors', () => {
    const bands = [
      { key: 'small', label: 'Small', labelZh: '小微', lower: 0, upper: 50_000, serviceLevel: 'Digital', serviceLevelZh: '线上' },
      { key: 'large', label: 'Large', labelZh: '大客户', lower: 50_000, upper: 1e9, serviceLevel: 'RM', serviceLevelZh: '客户经理' },
    ];
    const t = assignTiers([0, 49_999, 50_000], { bands, currency: 'USD', customerId: ['x', 'y', 'z'] });
    expect(t.tierKey).toEqual(['small', 'small', 'large']);
    expect(t.currency).toBe('USD');
    expect(t.customerId).toEqual(['x', 'y', 'z']);
    expectCode(() => assignTiers([-1], { bands }), 'INVALID_VALUE');
    expectCode(() => assignTiers([1e9], { bands }), 'INVALID_VALUE');
  });

  it('value share is 0 everywhere when the values sum to 0 (no NaN)', () => {
    const t = assignTiers([0, 0], {});
    expect(t.table.map((r) => r.valueShare)).toEqual([0, 0, 0, 0, 0]);
  });

  it('cross-check on random data: every customer in exactly one band, equal to a linear scan', () => {
    const rng = createRandom(3);
    const values = Array.from({ length: 5000 }, () => (rng.next() < 0.05 ? -rng.uniform(0, 1e4) : Math.exp(rng.normal(12, 2))));
    // Put some exactly on the edges.
    for (let i = 0; i < 40; i++) values[i] = DEFAULT_TIER_BANDS[1 + (i % 4)]!.lower;
    const t = assignTiers(values, {});
    values.forEach((v, i) => {
      const hits = DEFAULT_TIER_BANDS.flatMap((b, j) => (v >= b.lower && v < b.upper ? [j] : []));
      expect(hits).toEqual([t.tierIndex[i]]);
    });
    expect(t.table.reduce((s, r) => s + r.count, 0)).toBe(values.length);
    for (const [j, row] of t.table.entries()) {
      const members = values.filter((_, i) => t.tierIndex[i] === j);
      expect(row.totalValue).toBeCloseTo(
        members.reduce((s, v) => s + v, 0),
        2,
      );
    }
  });

  it('rejects bad input and options', () => {
    expectCode(() => assignTiers([], {}), 'EMPTY_INPUT');
    expectCode(() => assignTiers([1, Number.NaN], {}), 'INVALID_VALUE');
    expectCode(() => assignTiers([1, 2], { customerId: ['a'] }), 'LENGTH_MISMATCH');
    expectCode(() => assignTiers([1, 2], { customerId: ['a', 2 as unknown as string] }), 'INVALID_VALUE');
    expectCode(() => assignTiers([1, 2], { customerId: 'ab' as unknown as string[] }), 'INVALID_OPTIONS');
    expectCode(
      () =>
        assignTiers([1], {
          bands: [
            { ...DEFAULT_TIER_BANDS[0]!, upper: 100 },
            { ...DEFAULT_TIER_BANDS[1]!, lower: 50 },
          ],
        }),
      'INVALID_CONFIG',
    );
    expectCode(() => assignTiers([1], { bands: [{ key: 'a' }] } as unknown as AssignTiersOptions), 'INVALID_OPTIONS');
    expectCode(() => assignTiers([1], { bands: [{ ...DEFAULT_TIER_BANDS[0]!, lower: Number.NaN }] }), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(assignTiers).returns.toEqualTypeOf<Displayed<TierAssignment>>();
    expectTypeOf<TierAssignment['table'][number]['lower']>().toEqualTypeOf<number | null>();
  });
});

describe('assignTiers: garbage and overflow (issue 11)', () => {
  it('a non-array in place of the values: INVALID_VALUE naming assignTiers', () => {
    for (const garbage of [undefined, null, 42, 'x', {}, Object.create(null) as unknown, 10n]) {
      const e = expectCode(() => assignTiers(garbage as number[]), 'INVALID_VALUE');
      expect(e.details.fn).toBe('assignTiers');
    }
  });

  it('values whose total overflows a double: NUMERIC_FAILURE instead of Infinity / NaN shares', () => {
    const e = expectCode(() => assignTiers([Number.MAX_VALUE, Number.MAX_VALUE]), 'NUMERIC_FAILURE');
    expect(e.details).toMatchObject({ fn: 'assignTiers', column: 'aum' });
    // A band total can overflow while the running grand total stays finite (−1e308 + 1e308 + 1e308 = 1e308).
    expectCode(() => assignTiers([-1e308, 1e308, 1e308]), 'NUMERIC_FAILURE');
    // Just below the overflow the result is finite and exact.
    const t = assignTiers([Number.MAX_VALUE / 2, Number.MAX_VALUE / 2]);
    expect(t.totalValue).toBe(Number.MAX_VALUE);
    expect(t.table.map((r) => r.valueShare)).toEqual([0, 0, 0, 0, 1]);
  });
});
