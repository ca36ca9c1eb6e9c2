// Property tests of tiers and behaviour status: every customer in exactly one band (the band whose
// half-open interval holds the value, checked directly), counts and value shares add up, tier
// migration conserves customers; behaviour statuses partition the customers by their definition.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { behaviorStatus } from '../../src/behavior/behavior-status.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { assignTiersOverTime } from '../../src/tiers/assign-tiers-over-time.js';
import { tierMigration } from '../../src/tiers/tier-migration.js';
import { DEFAULT_TIER_BANDS } from '../../src/tiers/tier-bands.js';

const SEED = 31_337;

const aumArb = fc.oneof(
  fc.double({ min: -1e6, max: 1e10, noNaN: true }),
  fc.constantFrom(0, 199_999.99, 200_000, 999_999.99, 1_000_000, 2_000_000, 6_000_000, -0.01),
);

describe('assignTiers (default bands)', () => {
  it('every customer lies in exactly one band and in the band that holds its value', () => {
    fc.assert(
      fc.property(fc.array(aumArb, { minLength: 1, maxLength: 300 }), (values) => {
        const t = assignTiers(values);
        expect(t.tierIndex.length).toBe(values.length);
        values.forEach((v, i) => {
          const holding = DEFAULT_TIER_BANDS.filter((b) => b.lower <= v && v < b.upper);
          expect(holding.length).toBe(1);
          expect(t.tierKey[i]).toBe(holding[0]!.key);
          expect(t.table[t.tierIndex[i]!]!.key).toBe(t.tierKey[i]);
        });
        expect(t.table.reduce((a, r) => a + r.count, 0)).toBe(values.length);
        expect(t.table.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 12);
        const total = values.reduce((a, b) => a + b, 0);
        expect(t.totalValue).toBeCloseTo(total, 0);
        for (const r of t.table) expect(Number.isFinite(r.valueShare)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('NaN or ±Infinity is INVALID_VALUE with its row', () => {
    fc.assert(
      fc.property(fc.array(aumArb, { minLength: 1, maxLength: 50 }), fc.nat(), fc.constantFrom(Number.NaN, Infinity, -Infinity), (values, at, bad) => {
        const i = at % values.length;
        const v = [...values];
        v[i] = bad;
        try {
          assignTiers(v);
          expect.unreachable('expected INVALID_VALUE');
        } catch (error) {
          expect(isClvkitError(error, 'INVALID_VALUE'), String(error)).toBe(true);
          expect((error as { details: { index: number } }).details.index).toBe(i);
        }
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });

  it('tier migration conserves customers: the matrix sums to the customer count, rows to the "before" counts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(aumArb, aumArb), { minLength: 1, maxLength: 200 }), (pairs) => {
        const ids = pairs.map((_, i) => `c${i}`);
        const before = assignTiers(
          pairs.map((p) => p[0]),
          { customerId: ids },
        );
        const after = assignTiers(
          pairs.map((p) => p[1]),
          { customerId: ids },
        );
        const m = tierMigration(before, after);
        expect(m.matched).toBe(pairs.length);
        expect(m.upgrades + m.downgrades + m.unchanged).toBe(pairs.length);
        expect(m.counts.flat().reduce((a, b) => a + b, 0)).toBe(pairs.length);
        m.counts.forEach((row, k) => expect(row.reduce((a, b) => a + b, 0)).toBe(before.table[k]!.count));
        m.counts.forEach((row, k) =>
          row.forEach((n, j) => expect(n).toBe(pairs.filter((_, i) => before.tierIndex[i] === k && after.tierIndex[i] === j).length)),
        );
        // Upgrades are moves to a higher band.
        expect(m.upgrades).toBe(pairs.filter((_, i) => after.tierIndex[i]! > before.tierIndex[i]!).length);
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });
});

describe('assignTiersOverTime', () => {
  // Customers' monthly AUM paths, rows shuffled: each customer has consecutive months from a start.
  const pathsArb = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.array(aumArb, { minLength: 1, maxLength: 12 })), { minLength: 1, maxLength: 15 })
    .chain((people) => {
      const rows = people.flatMap(([start, values], c) => values.map((aum, k) => ({ customer: c, month: start + k, aum })));
      return fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length });
    })
    .map((rows) => ({ customer: rows.map((r) => r.customer), month: rows.map((r) => r.month), aum: rows.map((r) => r.aum) }));

  it('raw tiers are the plain bands; no margin means no hysteresis; margins never add moves; months add up', () => {
    fc.assert(
      fc.property(pathsArb, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 3 }), (snapshots, relativeMargin, confirmMonths) => {
        const plain = assignTiers(snapshots.aum);
        const none = assignTiersOverTime(snapshots, {});
        expect(Array.from(none.rawTierIndex)).toEqual(Array.from(plain.tierIndex));
        expect(Array.from(none.tierIndex)).toEqual(Array.from(none.rawTierIndex));
        expect(none.moves).toBe(none.rawMoves);
        const sticky = assignTiersOverTime(snapshots, { relativeMargin, confirmMonths });
        expect(Array.from(sticky.rawTierIndex)).toEqual(Array.from(plain.tierIndex));
        expect(sticky.moves).toBeLessThanOrEqual(sticky.rawMoves);
        const perMonth = new Map<number, number>();
        for (const m of snapshots.month) perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
        for (const { month, counts } of sticky.byMonth) expect(counts.reduce((a, b) => a + b, 0)).toBe(perMonth.get(month));
        expect(sticky.byMonth.length).toBe(perMonth.size);
      }),
      { seed: SEED + 4, numRuns: 150 },
    );
  });
});

describe('behaviorStatus', () => {
  it('each customer gets exactly the status its definition gives; the table adds up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 300 }),
        fc.boolean(),
        (rows, withLost) => {
          const b = behaviorStatus(
            { customerId: rows.map((_, i) => `c${i}`), daysSinceLastActivity: rows.map((r) => r[0]), activityCount: rows.map((r) => r[1]) },
            withLost ? { lostDays: 365 } : {},
          );
          rows.forEach(([d, c], i) => {
            const want = withLost && d >= 365 ? 'lost' : d >= 180 ? 'dormant' : d <= 90 && c >= 2 ? 'active' : 'potential';
            expect(b.status[i]).toBe(want);
          });
          expect(b.table.reduce((a, r) => a + (r as { count: number }).count, 0)).toBe(rows.length);
        },
      ),
      { seed: SEED + 3, numRuns: 150 },
    );
  });
});
