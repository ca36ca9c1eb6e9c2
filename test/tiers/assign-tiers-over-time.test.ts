import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { assignTiersOverTime } from '../../src/tiers/assign-tiers-over-time.js';
import type { AssignTiersOverTimeOptions, TiersOverTime } from '../../src/tiers/assign-tiers-over-time.js';
import { DEFAULT_TIER_BANDS } from '../../src/tiers/tier-bands.js';
import { expectCode } from '../helpers/expect-code.js';
import type { Displayed } from '../../src/display/with-display.js';

function one(aum: number[], options: AssignTiersOverTimeOptions, months = aum.map((_, i) => i)) {
  return assignTiersOverTime({ customer: aum.map(() => 0), month: months, aum }, options);
}

describe('assignTiersOverTime', () => {
  it('worked example: a margin stops flapping at 200,000', () => {
    const t = one([199_000, 201_000, 199_000, 201_000, 215_000], { margin: 10_000 });
    expect(Array.from(t.rawTierIndex)).toEqual([0, 1, 0, 1, 1]);
    expect(Array.from(t.tierIndex)).toEqual([0, 0, 0, 0, 1]);
    expect([t.moves, t.rawMoves]).toEqual([1, 3]);
  });

  it('moves down only below lower bound − margin, exactly at the thresholds', () => {
    // Up needs ≥ 210,000; down needs < 190,000.
    const t = one([250_000, 190_000, 189_999.99, 209_999.99, 210_000], { margin: 10_000 });
    expect(Array.from(t.tierIndex)).toEqual([1, 1, 0, 0, 1]);
    // Relative margin 5% of 200,000 is the same 10,000.
    const r = one([250_000, 190_000, 189_999.99, 209_999.99, 210_000], { relativeMargin: 0.05 });
    expect(Array.from(r.tierIndex)).toEqual([1, 1, 0, 0, 1]);
  });

  it('a jump over several bands goes straight to the band clearly reached', () => {
    const t = one([100_000, 2_500_000, 1_050_000, 150_000, 130_000], { margin: 60_000 });
    // 2.5M ≥ 2M + 60k → high_net_worth; 1.05M: D = premier (1.05M ≥ 1M − 60k) → down to premier;
    // 150k is within the margin of 200k (≥ 140k) → only down to affluent; 130k → mass.
    expect(Array.from(t.tierIndex)).toEqual([0, 3, 2, 1, 0]);
  });

  it('confirmMonths: a move needs N consecutive months; a gap or an interruption resets the run', () => {
    const seq = [150_000, 250_000, 250_000, 150_000, 250_000, 250_000, 250_000];
    expect(Array.from(one(seq, { confirmMonths: 3 }).tierIndex)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(one(seq, { confirmMonths: 2 }).tierIndex)).toEqual([0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(one([...seq, 150_000, 150_000], { confirmMonths: 2 }).tierIndex)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 0]);
    // Months 0, 1, 3: the gap breaks the run.
    expect(Array.from(one([150_000, 250_000, 250_000], { confirmMonths: 2 }, [0, 1, 3]).tierIndex)).toEqual([0, 0, 0]);
    expect(Array.from(one([150_000, 250_000, 250_000], { confirmMonths: 2 }, [0, 1, 2]).tierIndex)).toEqual([0, 0, 1]);
    // The conservative target: 2.5M then 1.2M, confirmed after two months → premier (the lower of the two).
    expect(Array.from(one([100_000, 2_500_000, 1_200_000], { confirmMonths: 2 }).tierIndex)).toEqual([0, 0, 2]);
  });

  it('several customers, rows in any order; per-customer and per-month summaries', () => {
    const t = assignTiersOverTime({ customer: [1, 0, 1, 0, 1], month: [1, 1, 0, 0, 2], aum: [300_000, 90_000, 100_000, 80_000, 7_000_000] }, {});
    expect(Array.from(t.tierIndex)).toEqual([1, 0, 0, 0, 4]);
    expect(Array.from(t.customers.customer)).toEqual([0, 1]);
    expect(Array.from(t.customers.lastMonth)).toEqual([1, 2]);
    expect(Array.from(t.customers.tierIndex)).toEqual([0, 4]);
    expect(Array.from(t.customers.moves)).toEqual([0, 2]);
    expect(t.byMonth).toEqual([
      { month: 0, counts: [2, 0, 0, 0, 0] },
      { month: 1, counts: [1, 1, 0, 0, 0] },
      { month: 2, counts: [0, 0, 0, 0, 1] },
    ]);
    expect(t.tiers[0]!.lower).toBeNull();
  });

  it('property check on random walks: no margin = plain bands; with a margin the tier is never clearly wrong', () => {
    const rng = createRandom(5);
    const customer: number[] = [];
    const month: number[] = [];
    const aum: number[] = [];
    for (let c = 0; c < 300; c++) {
      let v = Math.exp(rng.normal(13, 1.5));
      for (let m = 0; m < 24; m++) {
        v = Math.max(0, v * Math.exp(rng.normal(0, 0.15)));
        customer.push(c);
        month.push(m);
        aum.push(v);
      }
    }
    const plain = assignTiersOverTime({ customer, month, aum }, {});
    expect(Array.from(plain.tierIndex)).toEqual(Array.from(plain.rawTierIndex));
    expect(plain.moves).toBe(plain.rawMoves);
    const margin = 0.05;
    const h = assignTiersOverTime({ customer, month, aum }, { relativeMargin: margin });
    const bounds = DEFAULT_TIER_BANDS.slice(1).map((b) => b.lower);
    for (let i = 0; i < aum.length; i++) {
      const t = h.tierIndex[i]!;
      // Not clearly above the tier: value < next bound × (1 + margin); not clearly below: value ≥ own bound × (1 − margin).
      if (t < bounds.length) expect(aum[i]!).toBeLessThan(bounds[t]! * (1 + margin));
      if (t > 0) expect(aum[i]!).toBeGreaterThanOrEqual(bounds[t - 1]! * (1 - margin));
    }
    expect(h.moves).toBeLessThan(h.rawMoves);
    // confirmMonths = 3: every move is preceded by 3 months all beyond the threshold in that direction.
    const c3 = assignTiersOverTime({ customer, month, aum }, { confirmMonths: 3 });
    for (let i = 1; i < aum.length; i++) {
      if (customer[i] !== customer[i - 1] || c3.tierIndex[i] === c3.tierIndex[i - 1]) continue;
      const up = c3.tierIndex[i]! > c3.tierIndex[i - 1]!;
      for (let j = i - 2; j <= i; j++) {
        expect(customer[j]).toBe(customer[i]);
        if (up) expect(c3.rawTierIndex[j]!).toBeGreaterThanOrEqual(c3.tierIndex[i]!);
        else expect(c3.rawTierIndex[j]!).toBeLessThanOrEqual(c3.tierIndex[i]!);
      }
    }
  });

  it('rejects bad input', () => {
    expectCode(() => assignTiersOverTime({ customer: [], month: [], aum: [] }, {}), 'EMPTY_INPUT');
    expectCode(() => assignTiersOverTime({ customer: [0], month: [0] }, {}), 'MISSING_COLUMN');
    expectCode(() => assignTiersOverTime({ customer: [0], month: [0], deposits: [1] }, { valueColumn: 'aum' }), 'MISSING_COLUMN');
    expectCode(() => assignTiersOverTime({ customer: [0, 0], month: [0], aum: [1, 2] }, {}), 'LENGTH_MISMATCH');
    expectCode(() => assignTiersOverTime({ customer: [0.5], month: [0], aum: [1] }, {}), 'INVALID_VALUE');
    expectCode(() => assignTiersOverTime({ customer: [0], month: [0], aum: [Number.POSITIVE_INFINITY] }, {}), 'INVALID_VALUE');
    expectCode(() => assignTiersOverTime({ customer: [0, 0], month: [3, 3], aum: [1, 2] }, {}), 'DUPLICATE_ID');
    expectCode(() => assignTiersOverTime({ customer: [0], month: [0], aum: [1] }, { bands: [] }), 'INVALID_CONFIG');
    expectCode(() => assignTiersOverTime({ customer: [0], month: [0], aum: [1] }, { margin: -1 }), 'INVALID_OPTIONS');
    expectCode(() => assignTiersOverTime({ customer: [0], month: [0], aum: [1] }, { relativeMargin: 1 }), 'INVALID_OPTIONS');
    expectCode(() => assignTiersOverTime({ customer: [0], month: [0], aum: [1] }, { confirmMonths: 0 }), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(assignTiersOverTime<{ customer: number[]; month: number[]; aum: number[] }>).returns.toEqualTypeOf<Displayed<TiersOverTime>>();
  });
});

describe('assignTiersOverTime: garbage (issue 11)', () => {
  it('not an object of columns: INVALID_VALUE; a missing customer or month column: MISSING_COLUMN', () => {
    for (const garbage of [undefined, null, 42, 'x', [], 10n]) {
      expect(expectCode(() => assignTiersOverTime(garbage as never), 'INVALID_VALUE').details.fn).toBe('assignTiersOverTime');
    }
    expectCode(() => assignTiersOverTime({ aum: [1, 2], month: [0, 1] } as never), 'MISSING_COLUMN');
    expectCode(() => assignTiersOverTime({ aum: [1, 2], customer: [0, 0] } as never), 'MISSING_COLUMN');
    expectCode(() => assignTiersOverTime({ aum: 5, customer: [0, 0], month: [0, 1] } as never), 'INVALID_VALUE');
  });
});
