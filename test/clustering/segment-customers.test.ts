import { describe, expect, expectTypeOf, it } from 'vitest';
import { adjustedRandIndex } from '../../src/clustering/adjusted-rand-index.js';
import { elbowK, segmentCustomers, type SegmentCustomersOptions, type SegmentResult } from '../../src/clustering/segment-customers.js';
import { isClvkitError } from '../../src/errors.js';
import { makeBankLike } from './bank-like.js';
import type { Displayed } from '../../src/display/with-display.js';
import { codeOf } from '../helpers/expect-code.js';

const FEATURES = ['aum', 'loans', 'activity', 'products'];

describe('segmentCustomers', () => {
  it('worked example', () => {
    const r = segmentCustomers(
      { aum: [100, 120, 90, 50000, 60000, 55000], activity: [30, 25, 28, 2, 1, 3] },
      { features: ['aum', 'activity'], money: ['aum'], k: 2, seed: 1 },
    );
    expect(Array.from(r.segment)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(r.labels.en).toEqual(['low assets, high activity', 'high assets, low activity']);
    expect(r.labels.zh).toEqual(['低资产、高活跃', '高资产、低活跃']);
    expect(r.selection).toBe('fixed');
    expect(r.profiles[1]!.features[0]!.mean).toBe(55000);
  });

  it('recovers separated groups exactly (ARI = 1) with k given', () => {
    const { table, truth } = makeBankLike([400, 150, 250, 200], 1);
    const r = segmentCustomers(table, { features: FEATURES, money: ['aum', 'loans'], k: 4, seed: 3 });
    expect(adjustedRandIndex(r.segment, truth)).toBe(1);
    expect(r.profiles.map((p) => p.size)).toEqual([400, 250, 200, 150]); // ordered by size
  });

  it('chooses the true k from a range by silhouette and by elbow', () => {
    const { table, truth } = makeBankLike([300, 200, 250, 150], 2);
    const s = segmentCustomers(table, { features: FEATURES, money: ['aum', 'loans'], k: { min: 2, max: 7 }, seed: 1 });
    expect(s.k).toBe(4);
    expect(s.selection).toBe('silhouette');
    expect(s.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(s.silhouette).toBe(Math.max(...s.candidates.map((c) => c.silhouette!)));
    expect(adjustedRandIndex(s.segment, truth)).toBe(1);
    expect(s.silhouetteSampleSize).toBe(900);
    const e = segmentCustomers(table, { features: FEATURES, money: ['aum', 'loans'], k: { min: 2, max: 7 }, select: 'elbow', seed: 1 });
    expect(e.k).toBe(4);
    expect(e.candidates.map((c) => c.inertia)).toEqual(s.candidates.map((c) => c.inertia));
  });

  it('profiles: shares add to 1; centroid = mean of members’ original values; index vs base', () => {
    const { table } = makeBankLike([300, 100, 200, 100], 4);
    const r = segmentCustomers(table, { features: FEATURES, money: ['aum', 'loans'], k: 4, value: 'aum', id: 'id', seed: 2 });
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(r.profiles.map((p) => p.share))).toBeCloseTo(1, 12);
    expect(sum(r.profiles.map((p) => p.valueShare!))).toBeCloseTo(1, 12);
    expect(r.ids).toEqual(table.id);
    const n = table.aum.length;
    for (const p of r.profiles) {
      const members = Array.from({ length: n }, (_, i) => i).filter((i) => r.segment[i] === p.segment);
      expect(p.size).toBe(members.length);
      expect(p.valueTotal).toBeCloseTo(sum(members.map((i) => table.aum[i]!)), 6);
      for (const f of p.features) {
        const col = table[f.column as 'aum'];
        const mean = sum(members.map((i) => col[i]!)) / members.length;
        const base = sum(Array.from(col)) / n;
        expect(f.mean).toBeCloseTo(mean, 8);
        expect(f.index!).toBeCloseTo((100 * mean) / base, 8);
      }
    }
    // Products are constant within groups, so the 'high products' group is the affluent one.
    const affluent = r.profiles.find((p) => p.features[3]!.mean === 5)!;
    expect(affluent.label).toContain('high assets');
    expect(affluent.labelZh).toContain('高资产');
  });

  it('a base mean of 0 gives index null; constant features are dropped with a warning', () => {
    const r = segmentCustomers({ x: [-1, 1, -1.2, 1.2, -0.9, 0.9], c: [5, 5, 5, 5, 5, 5] }, { features: ['x', 'c'], k: 2, seed: 1 });
    expect(r.droppedFeatures).toEqual(['c']);
    expect(r.features).toEqual(['x']);
    expect(r.warnings.join(' ')).toContain('constant');
    expect(r.profiles.every((p) => p.features[0]!.index === null)).toBe(true);
    expect(r.model.droppedFeatures).toEqual(['c']);
  });

  it('signed log1p handles negative money', () => {
    const r = segmentCustomers({ bal: [-50000, -40000, -60000, 10, 20, 15, 80000, 90000, 70000] }, { features: ['bal'], money: ['bal'], k: 3, seed: 1 });
    expect(r.model.features[0]!.log1p).toBe(true);
    expect(r.profiles.map((p) => p.size)).toEqual([3, 3, 3]);
    expect(Array.from(r.model.centres.flat()).every(Number.isFinite)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const { table } = makeBankLike([100, 100, 100], 5, 0.6);
    const o = { features: FEATURES, money: ['aum', 'loans'], k: { min: 2, max: 4 }, seed: 11 } satisfies SegmentCustomersOptions;
    const a = segmentCustomers(table, o);
    const b = segmentCustomers(table, o);
    expect(Array.from(a.segment)).toEqual(Array.from(b.segment));
    expect(JSON.stringify(a.model)).toBe(JSON.stringify(b.model));
    expect(a.candidates).toEqual(b.candidates);
  });

  it("order: 'value' puts the highest total value first; robust scaling warns on a zero IQR", () => {
    const { table } = makeBankLike([400, 100, 150, 150], 6);
    const r = segmentCustomers(table, { features: FEATURES, money: ['aum', 'loans'], k: 4, value: 'aum', order: 'value', scale: 'robust', seed: 1 });
    const totals = r.profiles.map((p) => p.valueTotal!);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(r.profiles[0]!.label).toContain('high assets');
    // loans are 0 for most customers: IQR 0 → sd fallback, reported.
    expect(r.model.features.find((f) => f.column === 'loans')!.spreadKind).toBe('sd');
    expect(r.warnings.some((w) => w.includes('IQR of 0'))).toBe(true);
  });

  it('caps a k range at the number of distinct customers, with a warning', () => {
    const r = segmentCustomers({ x: [1, 1, 2, 2, 3, 3] }, { features: ['x'], k: { min: 2, max: 5 }, seed: 1 });
    expect(r.candidates.map((c) => c.k)).toEqual([2, 3]);
    expect(r.warnings.some((w) => w.includes('capped'))).toBe(true);
    expect(r.k).toBe(3);
  });

  it('throws the documented codes on bad input', () => {
    const t = { a: [1, 2, 3, 4], b: [4, 3, 2, 1] };
    expect(codeOf(() => segmentCustomers({ a: [] }, { features: ['a'], k: 1 }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => segmentCustomers(t, { features: ['a', 'z'], k: 2 }))).toBe('MISSING_COLUMN');
    expect(codeOf(() => segmentCustomers({ a: [1, 2], b: [1] }, { features: ['a', 'b'], k: 1 }))).toBe('LENGTH_MISMATCH');
    try {
      segmentCustomers({ a: [1, 2, NaN] }, { features: ['a'], k: 1 });
      expect.unreachable();
    } catch (error) {
      expect(isClvkitError(error, 'INVALID_VALUE')).toBe(true);
      expect((error as { details: { column: string; index: number } }).details).toMatchObject({ column: 'a', index: 2 });
    }
    expect(codeOf(() => segmentCustomers({ a: [1, Infinity] }, { features: ['a'], k: 1 }))).toBe('INVALID_VALUE');
    expect(codeOf(() => segmentCustomers({ a: [1, 1, 2] }, { features: ['a'], k: 3 }))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => segmentCustomers({ a: [1, 1, 1] }, { features: ['a'], k: 1 }))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => segmentCustomers({ a: [1, 2], id: ['x', 'x'] }, { features: ['a'], k: 1, id: 'id' }))).toBe('DUPLICATE_ID');
    expect(codeOf(() => segmentCustomers({ a: [1, 2], v: [1, -1] }, { features: ['a'], k: 1, value: 'v' }))).toBe('INVALID_VALUE');
    expect(codeOf(() => segmentCustomers({ a: [1, 2], v: [0, 0] }, { features: ['a'], k: 1, value: 'v' }))).toBe('INVALID_VALUE');
    expect(codeOf(() => segmentCustomers(t, { features: ['a'], k: { min: 4, max: 3 } }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => segmentCustomers(t, { features: ['a'], k: { min: 2, max: 3 }, select: 'elbow' }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => segmentCustomers(t, { features: ['a'], k: 2, order: 'value' }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => segmentCustomers(t, { features: ['a', 'a'], k: 2 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => segmentCustomers(t, { features: [], k: 2 }))).toBe('INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(segmentCustomers).returns.toEqualTypeOf<Displayed<SegmentResult>>();
    expectTypeOf<SegmentResult['segment']>().toEqualTypeOf<Int32Array>();
  });
});

describe('elbowK', () => {
  it('picks the corner of a convex curve; flat → smallest k', () => {
    expect(elbowK([1, 2, 3, 4, 5], [100, 40, 10, 8, 7])).toBe(3);
    expect(elbowK([2, 3, 4], [5, 5, 5])).toBe(2);
  });
});

describe('segmentCustomers: near-constant features and overflowing totals (issue 11)', () => {
  const table = { id: ['a', 'b', 'c', 'd'], aum: [1, 50, 900, 1000], revenue: [0, 0, 1e-200, 0] };
  it('a feature constant to working precision is dropped with a warning, as an all-equal one is', () => {
    const r = segmentCustomers(table, { features: ['aum', 'revenue'], money: ['aum'], k: 2, id: 'id', seed: 1 });
    expect(r.droppedFeatures).toEqual(['revenue']);
    expect(r.warnings).toContain('feature revenue is constant and was dropped');
    // Same segments as without the feature at all.
    const without = segmentCustomers({ id: table.id, aum: table.aum }, { features: ['aum'], money: ['aum'], k: 2, id: 'id', seed: 1 });
    expect(Array.from(r.segment)).toEqual(Array.from(without.segment));
    // Every feature constant to working precision: TOO_FEW_VALUES, as for all-equal features.
    const err = (() => {
      try {
        segmentCustomers({ x: [0, 0, 1e-200] }, { features: ['x'], k: 1 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(isClvkitError(err, 'TOO_FEW_VALUES')).toBe(true);
  });
  it('value or feature totals that overflow a double: NUMERIC_FAILURE, no Infinity in the profiles', () => {
    expect(codeOf(() => segmentCustomers({ x: [1, 2, 3], v: [1e308, 1e308, 1] }, { features: ['x'], value: 'v', k: 1 }))).toBe('NUMERIC_FAILURE');
    expect(codeOf(() => segmentCustomers({ x: [1, 2, 3], y: [1e308, 1e308, 0] }, { features: ['x', 'y'], money: ['y'], k: 1 }))).toBe('NUMERIC_FAILURE');
  });
});

describe('segmentCustomers: threads (issue 18)', () => {
  // 120,000 customers: above the 100,000 rows from which worker threads are used.
  const n = 120_000;
  const aum = new Float64Array(n);
  const activity = new Float64Array(n);
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const group = i % 3;
    aum[i] = [500, 20_000, 400_000][group]! * (0.5 + next());
    activity[i] = [40, 10, 2][group]! * (0.5 + next());
  }
  const options = { features: ['aum', 'activity'], money: ['aum'], k: 3, restarts: 1, seed: 3 } as const satisfies SegmentCustomersOptions;

  it('runs the Lloyd passes on two threads with the same segments as one thread', () => {
    const one = segmentCustomers({ aum, activity }, options);
    const two = segmentCustomers({ aum, activity }, { ...options, threads: 2 });
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(Array.from(two.segment)).toEqual(Array.from(one.segment));
    expect(Math.abs(two.inertia / one.inertia - 1)).toBeLessThan(1e-12);
    expect(two.profiles.map((p) => p.size)).toEqual(one.profiles.map((p) => p.size));
  });

  it('reports one thread below 100,000 customers, and rejects a bad count', () => {
    const small = segmentCustomers({ aum: aum.subarray(0, 1000), activity: activity.subarray(0, 1000) }, { ...options, threads: 2 });
    expect(small.threads).toBe(1);
    expect(() => segmentCustomers({ aum, activity }, { ...options, threads: 0 })).toThrow(/threads/);
  });
});
