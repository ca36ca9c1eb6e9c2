import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { tierMigration } from '../../src/tiers/tier-migration.js';
import type { TierMigration } from '../../src/tiers/tier-migration.js';
import { expectCode } from '../helpers/expect-code.js';

describe('tierMigration', () => {
  it('worked example', () => {
    const before = assignTiers([150_000, 250_000, 1_500_000, 3_000_000], { customerId: ['a', 'b', 'c', 'e'] });
    const after = assignTiers([260_000, 240_000, 900_000, 50_000], { customerId: ['a', 'b', 'c', 'd'] });
    const m = tierMigration(before, after, { listCustomers: true });
    expect(m.tiers).toEqual(['mass', 'affluent', 'premier', 'high_net_worth', 'private_banking']);
    expect(m.counts).toEqual([
      [0, 1, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(m.rowShares[1]).toEqual([0, 1, 0, 0, 0]);
    expect(m.rowShares[3]).toEqual([0, 0, 0, 0, 0]);
    expect([m.matched, m.upgrades, m.downgrades, m.unchanged, m.newCustomers, m.lostCustomers]).toEqual([3, 1, 1, 1, 1, 1]);
    expect(m.newByTier).toEqual([1, 0, 0, 0, 0]);
    expect(m.lostByTier).toEqual([0, 0, 0, 1, 0]);
    expect(m.customers).toEqual({ upgraded: ['a'], downgraded: ['c'], new: ['d'], lost: ['e'] });
    expect(tierMigration(before, after, {}).customers).toBeUndefined();
  });

  it('cross-check on random data: counts equal a direct tally; rows of shares sum to 1', () => {
    const rng = createRandom(9);
    const ids = Array.from({ length: 3000 }, (_, i) => `c${i}`);
    const v0 = ids.map(() => Math.exp(rng.normal(12.5, 1.5)));
    const v1 = v0.map((v) => v * Math.exp(rng.normal(0, 0.4)));
    const keep = ids.map(() => rng.next() < 0.9);
    const before = assignTiers(v0, { customerId: ids });
    const after = assignTiers(
      v1.filter((_, i) => keep[i]),
      { customerId: ids.filter((_, i) => keep[i]) },
    );
    const m = tierMigration(before, after, {});
    let up = 0;
    let down = 0;
    const tally = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    ids.forEach((_, i) => {
      if (!keep[i]) return;
      const a = before.tierIndex[i]!;
      const b = after.tierIndex[keep.slice(0, i).filter(Boolean).length]!;
      tally[a]![b]!++;
      if (b > a) up++;
      if (b < a) down++;
    });
    expect(m.counts).toEqual(tally);
    expect([m.upgrades, m.downgrades]).toEqual([up, down]);
    expect(m.lostCustomers).toBe(keep.filter((k) => !k).length);
    expect(m.upgrades + m.downgrades + m.unchanged).toBe(m.matched);
    for (const row of m.rowShares) {
      const s = row.reduce((a, b) => a + b, 0);
      expect(s === 0 || Math.abs(s - 1) < 1e-12).toBe(true);
    }
  });

  it('rejects bad input', () => {
    const withIds = assignTiers([1, 2], { customerId: ['a', 'b'] });
    expectCode(() => tierMigration(assignTiers([1, 2], {}), withIds, {}), 'MISSING_COLUMN');
    expectCode(() => tierMigration(withIds, { ...withIds, table: withIds.table.slice(1) }, {}), 'INVALID_CONFIG');
    expectCode(() => tierMigration(withIds, { ...withIds, customerId: ['a', 'a'] }, {}), 'DUPLICATE_ID');
    expectCode(() => tierMigration(withIds, { ...withIds, customerId: ['a'] }, {}), 'LENGTH_MISMATCH');
    expectCode(() => tierMigration(withIds, { ...withIds, tierIndex: [0, 9] }, {}), 'INVALID_VALUE');
    expectCode(() => tierMigration(withIds, withIds, { listCustomers: 'yes' } as never), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(tierMigration).returns.toEqualTypeOf<TierMigration>();
  });
});

describe('tierMigration: garbage (issue 11)', () => {
  const ok = assignTiers([1, 300_000], { customerId: ['a', 'b'] });
  it('an argument that is not a tier assignment: INVALID_VALUE / MISSING_COLUMN naming tierMigration', () => {
    for (const garbage of [undefined, null, 42, 'x', [], 10n]) {
      expect(expectCode(() => tierMigration(garbage as never, ok), 'INVALID_VALUE').details.fn).toBe('tierMigration');
      expect(expectCode(() => tierMigration(ok, garbage as never), 'INVALID_VALUE').details.fn).toBe('tierMigration');
    }
    expectCode(() => tierMigration({} as never, ok), 'MISSING_COLUMN');
    expectCode(() => tierMigration({ ...ok, table: [null] } as never, ok), 'INVALID_VALUE');
    expectCode(() => tierMigration({ table: ok.table, customerId: ok.customerId } as never, ok), 'MISSING_COLUMN');
    expectCode(() => tierMigration({ ...ok, customerId: 7 } as never, ok), 'INVALID_VALUE');
    expectCode(() => tierMigration({ ...ok, customerId: ['a', 2] } as never, ok), 'INVALID_VALUE');
    expect(tierMigration(ok, ok).unchanged).toBe(2);
  });
});
