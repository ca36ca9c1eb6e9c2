import { describe, expect, expectTypeOf, it } from 'vitest';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { applyValueModel, valueDecomposition } from '../../src/value/value-decomposition.js';
import type { ValueDecomposition, ValueDecompositionOptions, ValueInput } from '../../src/value/value-decomposition.js';
import { valueModelFromJSON } from '../../src/value/value-model.js';
import { expectCode, errorOf } from '../helpers/expect-code.js';
import { bookOf, series } from './book.js';
import type { Displayed } from '../../src/display/with-display.js';

/** Options that make the sums easy to do by hand: no discounting, nobody leaves, no fade. */
const plain: ValueDecompositionOptions = {
  horizonMonths: 2,
  annualDiscountRate: 0,
  retention: { mass: 1 },
  fade: { kind: 'none' },
  minPeers: 1,
  growthCap: 10,
};

describe('valueDecomposition — worked examples by hand', () => {
  it('explicit: mean of the last 3 months, discounted, times P(alive) and the tier retention', () => {
    // c0 earns 10, 40, 70, 100: current contribution (40 + 70 + 100) / 3 = 70.
    const input = bookOf(1, series(0, [10, 40, 70, 100]), { pAlive: [0.5] });
    const v = valueDecomposition(input, { horizonMonths: 3, annualDiscountRate: 0.1, retention: { mass: 0.9 }, minPeers: 1 });
    expect(v.currentContribution[0]).toBeCloseTo(70, 12);
    const d = 1.1 ** (1 / 12) - 1;
    const x = 0.9 / (1 + d);
    // explicit = 70 · 0.5 · (x + x² + x³)
    expect(v.explicit[0]).toBeCloseTo(70 * 0.5 * (x + x * x + x * x * x), 10);
    expect(v.assumptions.monthlyDiscountRate).toBeCloseTo(d, 15);
    expect(v.monthlyRetention[0]).toBe(0.9);
    expect(v.assumptions.retention.mass).toEqual({ monthlyRate: 0.9, source: 'given', atRisk: 0, retained: 0, lookbackMonths: 0 });
    expect(v.pAlive[0]).toBe(0.5);
  });

  it('explicit stays negative for a customer who costs more than they bring', () => {
    const v = valueDecomposition(bookOf(2, [...series(0, [-30, -30, -30]), ...series(1, [50, 50, 50])]), plain);
    expect(v.explicit[0]).toBe(-60); // −30 · 2 months
    expect(v.explicit[1]).toBe(100);
  });

  it('growth: Theil–Sen slope shrunk toward the tier mean, capped, times Σ k·f(k)', () => {
    // c0 rises 10 a month (slope 10), c1 is flat (slope 0): tier mean slope 5.
    // n = 4 months, n0 = 4 → w = 0.5 → g0 = 0.5·10 + 0.5·5 = 7.5, g1 = 0.5·0 + 0.5·5 = 2.5.
    // Σ_{k=1,2} k · f(k) with no fade, d = 0, ρ = 1: 1 + 2 = 3.
    const input = bookOf(2, [...series(0, [10, 20, 30, 40]), ...series(1, [50, 50, 50, 50])]);
    const v = valueDecomposition(input, { ...plain, trendWindow: 4, shrinkage: 4, currentWindow: 1 });
    expect(Array.from(v.rawSlope)).toEqual([10, 0]);
    expect(Array.from(v.slopeWeight)).toEqual([0.5, 0.5]);
    expect(Array.from(v.slope)).toEqual([7.5, 2.5]);
    expect(Array.from(v.growth)).toEqual([22.5, 7.5]);
    // The cap: |g| ≤ 0.05 · max(|c|, 10) → c0 = 40 → 2, c1 = 50 → 2.5.
    const capped = valueDecomposition(input, { ...plain, trendWindow: 4, shrinkage: 4, currentWindow: 1, growthCap: 0.05 });
    expect(Array.from(capped.slope)).toEqual([2, 2.5]);
    expect(Array.from(capped.growth)).toEqual([6, 7.5]);
  });

  it('growth fades: exponential half-life and linear to zero at the horizon', () => {
    const input = bookOf(1, series(0, [10, 20, 30, 40]));
    const base = { ...plain, trendWindow: 4, shrinkage: 0, currentWindow: 1, horizonMonths: 4 };
    // g = 10 (own slope, n0 = 0). Linear: f(k) = 1 − k/4 → Σ k f(k) = 0.75 + 1 + 0.75 + 0 = 2.5.
    expect(valueDecomposition(input, { ...base, fade: { kind: 'linear' } }).growth[0]).toBeCloseTo(25, 12);
    // Exponential, half-life 2: Σ k 2^(−k/2) over k = 1..4.
    const expected = 10 * [1, 2, 3, 4].reduce((s, k) => s + k * 2 ** (-k / 2), 0);
    expect(valueDecomposition(input, { ...base, fade: { kind: 'exponential', halfLifeMonths: 2 } }).growth[0]).toBeCloseTo(expected, 10);
  });

  it('a short history leans on the tier: one month has weight 0', () => {
    const rows = [...series(0, [10, 20, 30, 40]), ...series(1, [50, 50, 50, 50]), ...series(2, [99], 3)];
    const v = valueDecomposition(bookOf(3, rows), { ...plain, trendWindow: 4, shrinkage: 4, currentWindow: 1 });
    expect(v.trendMonths[2]).toBe(1);
    expect(v.slopeWeight[2]).toBe(0);
    expect(v.slope[2]).toBe(5); // the tier mean (10 + 0) / 2
  });

  it('potential: r · (benchmark − c) with the type-7 percentile of peers', () => {
    // Current contributions 0, 40, 100: the 75th percentile is 40 + 0.5 · 60 = 70.
    const input = bookOf(3, [...series(0, [0]), ...series(1, [40]), ...series(2, [100])]);
    const v = valueDecomposition(input, plain);
    expect(Array.from(v.benchmark)).toEqual([70, 70, 70]);
    // 0.25 · (70 − c) · 2 months: 35, 15, 0.
    expect(Array.from(v.potential)).toEqual([35, 15, 0]);
    const median = valueDecomposition(input, { ...plain, benchmarkPercentile: 0.5, realisationRate: 0.5 });
    expect(Array.from(median.potential)).toEqual([40, 0, 0]);
  });

  it('product gaps: penetration × uplift among peers, products the customer lacks', () => {
    const WM = 1 | (1 << 3); // current account + wealth management
    const CARD = 1 | (1 << 6); // current account + credit card
    const rows = [...series(0, [100], 0, 10_000, WM), ...series(1, [80], 0, 10_000, WM), ...series(2, [20], 0, 10_000, 1), ...series(3, [0], 0, 10_000, CARD)];
    const v = valueDecomposition(bookOf(4, rows), plain);
    // wealth_management: penetration 0.5, uplift 90 − 10 = 80, score 40. credit_card: uplift 0 − 66.7 < 0, dropped.
    expect(v.productGaps[2]).toEqual([{ product: 'wealth_management', penetration: 0.5, uplift: 80, score: 40 }]);
    expect(v.productGaps[3]!.map((g) => g.product)).toEqual(['wealth_management']);
    expect(v.productGaps[0]).toEqual([]);
    expect(v.model.benchmarks.all.products.map((p) => p.product)).toEqual(['wealth_management']);
  });

  it('retention: the share of the cohort 12 months back still on the book, to the power 1/12', () => {
    // Four customers on the book in month 0; c3 leaves after month 5; c4 joins in month 6 (not in the cohort).
    const rows = [
      ...series(0, Array<number>(13).fill(10)),
      ...series(1, Array<number>(13).fill(10)),
      ...series(2, Array<number>(13).fill(10)),
      ...series(3, Array<number>(6).fill(10)),
      ...series(4, Array<number>(7).fill(10), 6),
    ];
    const v = valueDecomposition(bookOf(5, rows), { minPeers: 1, retentionModel: 'one-year-ratio' });
    expect(v.model.retention.mass).toEqual({ monthlyRate: 0.75 ** (1 / 12), source: 'estimated', atRisk: 4, retained: 3, lookbackMonths: 12 });
    expect(v.onBook[3]).toBe(0);
    expect(v.customersOffBook).toBe(1);
    // Too small a cohort for the tier: the pooled rate, flagged.
    const pooled = valueDecomposition(bookOf(5, rows), { minPeers: 10, retentionModel: 'one-year-ratio' });
    expect(pooled.model.retention.mass!.source).toBe('pooled');
    expect(pooled.model.retention.mass!.monthlyRate).toBe(0.75 ** (1 / 12));
    // A shorter book uses what it has: 3 months back.
    const short = valueDecomposition(bookOf(2, [...series(0, [1, 1, 1, 1]), ...series(1, [1, 1])]), { minPeers: 1, retentionModel: 'one-year-ratio' });
    expect(short.model.retention.mass).toMatchObject({ monthlyRate: 0.5 ** (1 / 3), lookbackMonths: 3, atRisk: 2, retained: 1 });
    // One month: nothing to estimate from, ρ = 1 assumed.
    expect(valueDecomposition(bookOf(1, series(0, [5])), { minPeers: 1, retentionModel: 'one-year-ratio' }).model.retention.mass!.source).toBe('assumed');
  });

  it('customers off the book are valued 0, never dropped', () => {
    const v = valueDecomposition(bookOf(2, [...series(0, [10, 10, 10]), ...series(1, [500, 500])]), plain);
    expect(v.length).toBe(2);
    expect(v.onBook[1]).toBe(0);
    expect([v.explicit[1], v.growth[1], v.potential[1], v.total[1]]).toEqual([0, 0, 0, 0]);
    expect(v.tier[1]).toBeNull();
    expect(v.benchmarkLevel[1]).toBeNull();
  });

  it('peer groups smaller than minPeers fall back to the tier, then to everyone', () => {
    const rows = [0, 1, 2, 3, 4].flatMap((i) => series(i, [i * 10]));
    const groups = ['x', 'x', 'x', 'y', 'y'];
    const v = valueDecomposition(bookOf(5, rows, { peerGroup: groups }), { ...plain, minPeers: 3 });
    expect(v.benchmarkLevel).toEqual(['group', 'group', 'group', 'tier', 'tier']);
    // x: [0, 10, 20] → 75th percentile 15; the tier [0..40] → 30.
    expect(Array.from(v.benchmark)).toEqual([15, 15, 15, 30, 30]);
    const none = valueDecomposition(bookOf(5, rows), { ...plain, minPeers: 6 });
    expect(none.benchmarkLevel).toEqual(['all', 'all', 'all', 'all', 'all']);
    // A tier too small on its own: the same peer group across tiers, then everyone.
    const rich = [...rows, ...series(5, [1000], 0, 5_000_000), ...series(6, [2000], 0, 5_000_000)];
    const mixed = valueDecomposition(bookOf(7, rich, { peerGroup: [...groups, 'x', 'z'] }), {
      ...plain,
      minPeers: 3,
      retention: { mass: 1, high_net_worth: 1 },
    });
    expect(mixed.tier.slice(5)).toEqual(['high_net_worth', 'high_net_worth']);
    expect(mixed.benchmarkLevel.slice(5)).toEqual(['peerGroup', 'all']);
    // x across tiers: [0, 10, 20, 1000] → 75th percentile 20 + 0.25 · 980 = 265.
    expect(mixed.benchmark[5]).toBe(265);
  });
});

describe('valueDecomposition — on a simulated bank', () => {
  const book = simulateBank({ customers: 800, months: 24, seed: 5 });
  const input: ValueInput = { customerId: book.customers.customerId, snapshots: book.snapshots, peerGroup: book.customers.type };
  const v = valueDecomposition(input, {});

  it('snapshot rows in any order give the same result (rows sorted by month only when needed)', () => {
    // Reverse the rows, then swap two rows of one customer: each customer's rows out of month order.
    const s = book.snapshots;
    const order = Array.from({ length: s.length }, (_, j) => s.length - 1 - j);
    const cols = ['customer', 'month', 'netRevenue', 'costToServe', 'aum', 'products'] as const;
    const shuffled = Object.fromEntries(cols.map((c) => [c, order.map((j) => s[c][j]!)])) as unknown as ValueInput['snapshots'];
    const w = valueDecomposition({ ...input, snapshots: { ...shuffled, length: s.length } }, {});
    expect(Array.from(w.total)).toEqual(Array.from(v.total));
    expect(Array.from(w.rawSlope)).toEqual(Array.from(v.rawSlope));
    expect(w.model).toEqual(v.model);
  });

  it('the parts add up to the total for every customer, exactly', () => {
    for (let i = 0; i < v.length; i++) expect(v.total[i]).toBe(v.explicit[i]! + v.growth[i]! + v.potential[i]!);
    for (const col of [v.explicit, v.growth, v.potential, v.total, v.slope, v.benchmark]) expect(col.every(Number.isFinite)).toBe(true);
  });

  it('cross-check: explicit = c · P(alive) · the closed-form annuity Σ (ρ/(1+d))^k', () => {
    const d = 1.08 ** (1 / 12) - 1;
    for (let i = 0; i < v.length; i++) {
      if (v.onBook[i] === 0) continue;
      const x = v.monthlyRetention[i]! / (1 + d);
      const annuity = (x * (1 - x ** 36)) / (1 - x);
      expect(v.explicit[i]).toBeCloseTo(v.currentContribution[i]! * annuity, 6);
    }
  });

  it('negative contributions give negative explicit value; potential is never negative', () => {
    for (let i = 0; i < v.length; i++) {
      expect(Math.sign(v.explicit[i]!)).toBe(v.onBook[i] === 1 ? Math.sign(v.currentContribution[i]!) : 0);
      expect(v.potential[i]).toBeGreaterThanOrEqual(0);
      expect(Math.abs(v.slope[i]!)).toBeLessThanOrEqual(0.05 * Math.max(Math.abs(v.currentContribution[i]!), 10) + 1e-12);
    }
  });

  it('applyValueModel reproduces the result exactly, also after a JSON round trip', () => {
    const again = applyValueModel(valueModelFromJSON(JSON.stringify(v.model)), input, {});
    expect(Array.from(again.total)).toEqual(Array.from(v.total));
    expect(again.productGaps).toEqual(v.productGaps);
    expect(again.assumptions).toEqual(v.assumptions);
  });

  it('next month is valued with this month’s model (no re-estimation)', () => {
    const next = simulateBank({ customers: 800, months: 25, seed: 5 });
    const r = applyValueModel(v.model, { customerId: next.customers.customerId, snapshots: next.snapshots, peerGroup: next.customers.type }, {});
    expect(r.asOfMonth).toBe(24);
    expect(r.model.retention).toEqual(v.model.retention);
    expect(r.model.benchmarks).toEqual(v.model.benchmarks);
    const fresh = valueDecomposition({ customerId: next.customers.customerId, snapshots: next.snapshots, peerGroup: next.customers.type }, {});
    expect(fresh.model.retention).not.toEqual(v.model.retention);
  });

  it('P(alive) scales every part', () => {
    const half = valueDecomposition({ ...input, pAlive: new Float64Array(v.length).fill(0.5) }, {});
    for (let i = 0; i < v.length; i += 37) expect(half.total[i]).toBeCloseTo(v.total[i]! / 2, 8);
    expect(half.assumptions.survivalUsesPAlive).toBe(true);
    expect(v.assumptions.survivalUsesPAlive).toBe(false);
  });
});

describe('valueDecomposition — bad input', () => {
  const ok = bookOf(1, series(0, [1, 2]));
  it('throws the documented codes', () => {
    expectCode(() => valueDecomposition(ok, { horizonMonths: 0 }), 'INVALID_OPTIONS');
    expectCode(() => valueDecomposition(ok, { fade: { kind: 'exponential', halfLifeMonths: -1 } }), 'INVALID_OPTIONS');
    expectCode(() => valueDecomposition({ ...ok, customerId: [] }, {}), 'EMPTY_INPUT');
    expectCode(() => valueDecomposition({ ...ok, customerId: 'c0' as unknown as string[] }, {}), 'INVALID_VALUE');
    expectCode(() => valueDecomposition({ ...ok, customerId: undefined as unknown as string[] }, {}), 'MISSING_COLUMN');
    expectCode(() => valueDecomposition(bookOf(1, []), {}), 'EMPTY_INPUT');
    expectCode(() => valueDecomposition({ ...ok, snapshots: { ...ok.snapshots, netRevenue: undefined as unknown as number[] } }, {}), 'MISSING_COLUMN');
    expectCode(() => valueDecomposition({ ...ok, snapshots: { ...ok.snapshots, costToServe: [1] } }, {}), 'LENGTH_MISMATCH');
    expectCode(() => valueDecomposition({ ...ok, snapshots: { ...ok.snapshots, costToServe: [1, Number.NaN] } }, {}), 'INVALID_VALUE');
    expectCode(() => valueDecomposition({ ...ok, snapshots: { ...ok.snapshots, customer: [0, 1] } }, {}), 'INVALID_VALUE');
    expectCode(() => valueDecomposition({ ...ok, snapshots: { ...ok.snapshots, products: [1, 0.5] } }, {}), 'INVALID_VALUE');
    expectCode(() => valueDecomposition({ ...ok, pAlive: [1.5] }, {}), 'INVALID_VALUE');
    expectCode(() => valueDecomposition({ ...ok, pAlive: [1, 1] }, {}), 'LENGTH_MISMATCH');
    expectCode(() => valueDecomposition({ ...ok, peerGroup: [7 as unknown as string] }, {}), 'INVALID_VALUE');
    expectCode(() => valueDecomposition({ ...ok, snapshots: { ...ok.snapshots, month: [1, 1] } }, {}), 'DUPLICATE_ID');
    expectCode(() => valueDecomposition({ ...bookOf(2, series(0, [1])), customerId: ['a', 'a'] }, {}), 'DUPLICATE_ID');
    expectCode(() => valueDecomposition(ok, { retention: { gold: 0.9 } }), 'INVALID_CONFIG');
    const bad = [
      { key: 'a', label: 'A', labelZh: 'A', lower: 0, upper: 10, serviceLevel: 's', serviceLevelZh: 's' },
      { key: 'b', label: 'B', labelZh: 'B', lower: 5, upper: 20, serviceLevel: 's', serviceLevelZh: 's' },
    ];
    expectCode(() => valueDecomposition(ok, { tierBands: bad }), 'INVALID_CONFIG');
    expectCode(() => applyValueModel({ format: 'nope' } as never, ok, {}), 'INVALID_MODEL');
  });
});

describe("valueDecomposition — an AUM outside every band names the caller's snapshot row", () => {
  const bands = [
    { key: 'a', label: 'A', labelZh: 'A', lower: 0, upper: 100_000, serviceLevel: 's', serviceLevelZh: 's' },
    { key: 'b', label: 'B', labelZh: 'B', lower: 100_000, upper: Infinity, serviceLevel: 's', serviceLevelZh: 's' },
  ];
  const aumError = (input: ValueInput, options: ValueDecompositionOptions) => {
    const e = expectCode(() => valueDecomposition(input, { ...options, tierBands: bands }), 'INVALID_VALUE');
    expect(e.details).toMatchObject({ column: 'aum', value: -5 });
    return e.details.index;
  };
  // Rows: c0 on 0–2, c1 on 3–5, c2 on 6–8 (months 0, 1, 2).
  const rows = (bad: number, c2Months = 3) => [
    ...series(0, [1, 2, 3]),
    ...series(1, [1, 2, 3]),
    ...series(2, [1, 2, 3].slice(0, c2Months)).map((r, k) => (6 + k === bad ? ([r[0], r[1], r[2], -5, 1] as const) : r)),
  ];
  it('the latest AUM of an on-book customer (customer 2, snapshot row 8, not on-book position 2)', () => {
    expect(aumError(bookOf(3, rows(8)), {})).toBe(8);
  });
  it('the AUM of the retention cohort (snapshot row 7, not cohort position 2)', () => {
    expect(aumError(bookOf(3, rows(7)), { retentionLookbackMonths: 1 })).toBe(7);
  });
  it('the last AUM of a customer off the book, with sBG retention (snapshot row 7, not customer 2)', () => {
    expect(aumError(bookOf(3, rows(7, 2)), { retentionModel: 'sbg' })).toBe(7);
  });
});

describe('valueDecomposition — types', () => {
  it('exports its option and result types', () => {
    expectTypeOf(valueDecomposition).parameter(1).toEqualTypeOf<ValueDecompositionOptions | undefined>();
    expectTypeOf(valueDecomposition).returns.toEqualTypeOf<Displayed<ValueDecomposition>>();
    expectTypeOf<ValueDecomposition['total']>().toEqualTypeOf<Float64Array>();
  });
});

describe('valueDecomposition: overflow (issue 11)', () => {
  it('a monthly contribution netRevenue − costToServe that overflows: NUMERIC_FAILURE with the row', () => {
    const input = bookOf(1, series(0, [5, 5]));
    const e = errorOf(() =>
      valueDecomposition({ ...input, snapshots: { ...input.snapshots, netRevenue: [1.7e308, 1.7e308], costToServe: [-1.7e308, 0] } }, plain),
    );
    expect(e).toMatchObject({ code: 'NUMERIC_FAILURE', details: { fn: 'valueDecomposition', index: 0 } });
  });
  it('a sum of contributions, a trend or a customer value that overflows: NUMERIC_FAILURE', () => {
    // Sum of the current window: 1e308 + 1e308.
    expect(errorOf(() => valueDecomposition(bookOf(1, series(0, [1e308, 1e308])), plain))?.code).toBe('NUMERIC_FAILURE');
    // The trend: (1e308 − (−1e308)) / 1 month, while the window sum is 0.
    expect(errorOf(() => valueDecomposition(bookOf(1, series(0, [-1e308, 1e308])), plain))?.code).toBe('NUMERIC_FAILURE');
    // The explicit value: a finite monthly contribution times a long horizon.
    expect(errorOf(() => valueDecomposition(bookOf(1, series(0, [1e307, 1e307])), { ...plain, horizonMonths: 120 }))?.code).toBe('NUMERIC_FAILURE');
    // Applying a model fitted on normal data to an overflowing month: NUMERIC_FAILURE naming applyValueModel.
    const fitted = valueDecomposition(bookOf(1, series(0, [5, 5])), plain);
    expect(errorOf(() => applyValueModel(fitted.model, bookOf(1, series(0, [1e308, 1e308])), {}))).toMatchObject({
      code: 'NUMERIC_FAILURE',
      details: { fn: 'applyValueModel' },
    });
  });
  it('huge but finite AUMs (whose total would overflow) are fine: only their tiers are needed', () => {
    const v = valueDecomposition(bookOf(2, [...series(0, [5, 5], 0, 1e308), ...series(1, [7, 7], 0, 1e308)]), plain);
    expect(v.tier).toEqual(['private_banking', 'private_banking']);
    for (const x of [...v.explicit, ...v.growth, ...v.potential, ...v.total]) expect(Number.isFinite(x)).toBe(true);
  });
});
