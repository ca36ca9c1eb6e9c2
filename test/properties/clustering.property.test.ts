// Property tests of clustering over random data (duplicates, ties, magnitudes from 1e-6 to 1e12,
// a few extreme rows): labels in 0..k−1, no empty cluster, sizes and inertia recomputed by brute
// force, every row at its nearest centre, no NaN, deterministic for a seed; segmentCustomers keeps
// the same guarantees and its saved model re-assigns the training rows identically.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { kMeans } from '../../src/clustering/k-means.js';
import { assignSegments } from '../../src/clustering/segment-model.js';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';

const SEED = 1234;

/** Differences below ~1e-154 vanish when squared (see the it.fails cases below): kept out of the generators. */
const noUnderflow = (v: number) => (Math.abs(v) < 1e-100 ? 0 : v);

const valueArb = fc
  .oneof(
    { weight: 5, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, -1) },
    { weight: 1, arbitrary: fc.double({ min: -1e12, max: 1e12, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: -1e-6, max: 1e-6, noNaN: true }) },
  )
  .map(noUnderflow);

const dataArb = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc.tuple(
    fc.constant(d),
    // Rows drawn from a small pool of rows: duplicates and ties are common.
    fc
      .array(fc.array(valueArb, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 12 })
      .chain((pool) => fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 80 })),
    fc.integer({ min: 1, max: 8 }),
  ),
);

function sq(a: Float64Array | number[], i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) s += (a[i * d + f]! - b[j * d + f]!) ** 2;
  return s;
}

describe('kMeans', () => {
  it('labels in range, no empty cluster, nearest-centre labels, inertia and sizes as recomputed; or TOO_FEW_VALUES', () => {
    let fitted = 0;
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 0, max: 1000 }), ([d, rows, k], seed) => {
        const flat = rows.flat();
        const distinct = new Set(rows.map((r) => JSON.stringify(r))).size;
        let r: ReturnType<typeof kMeans>;
        try {
          r = kMeans(flat, { dimensions: d, k, seed, restarts: 2 });
        } catch (error) {
          expect(isClvkitError(error, 'TOO_FEW_VALUES'), String(error)).toBe(true);
          expect(k).toBeGreaterThan(distinct);
          return;
        }
        expect(k).toBeLessThanOrEqual(distinct);
        fitted++;
        const n = rows.length;
        const sizes = new Array<number>(k).fill(0);
        let inertia = 0;
        for (let i = 0; i < n; i++) {
          const label = r.labels[i]!;
          expect(label >= 0 && label < k).toBe(true);
          sizes[label]!++;
          const own = sq(flat, i, r.centres, label, d);
          inertia += own;
          for (let c = 0; c < k; c++) expect(own).toBeLessThanOrEqual(sq(flat, i, r.centres, c, d) * (1 + 1e-12) + 1e-300);
        }
        expect(Array.from(r.sizes)).toEqual(sizes);
        for (const s of sizes) expect(s).toBeGreaterThanOrEqual(1);
        for (const c of r.centres) expect(Number.isFinite(c)).toBe(true);
        expect(r.inertia).toBeCloseTo(inertia, 6);
        expect(Math.abs(r.inertia - inertia)).toBeLessThanOrEqual(1e-9 * (1 + inertia));
        // Deterministic for a seed.
        expect(kMeans(flat, { dimensions: d, k, seed, restarts: 2 }).labels).toEqual(r.labels);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(fitted).toBeGreaterThan(60);
  });

  it('values up to 1e150 in size cluster without NaN; beyond is NUMERIC_FAILURE, NaN is INVALID_VALUE', () => {
    const r = kMeans([1e150, -1e150, 1e150, 1e150, 0, 0], { dimensions: 2, k: 2, seed: 1 });
    for (const c of r.centres) expect(Number.isFinite(c)).toBe(true);
    expect(() => kMeans([1e151, 0], { dimensions: 1, k: 1 })).toThrow(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
    expect(() => kMeans([1, Number.NaN], { dimensions: 1, k: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
  });

  // Fixed (issue 11): two rows whose squared distance underflows to 0 passed kMeans' distinct-row
  // check, and k-means++ then threw TOO_FEW_VALUES naming the internal 'kMeansPlusPlus'. Such rows now
  // count as one point (k-means cannot tell them apart), and errors name the public entry.
  it('an error from kMeans names kMeans; rows at squared distance 0 count as one point', () => {
    let caught: unknown;
    try {
      kMeans([0, 0, 0, 1e-200], { dimensions: 2, k: 2 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'TOO_FEW_VALUES', details: { fn: 'kMeans' } });
    // Rows whose squared distance is a (subnormal) positive number are distinct and do split.
    const r = kMeans([0, 0, 0, 1e-160], { dimensions: 2, k: 2, seed: 1 });
    expect(Array.from(r.sizes)).toEqual([1, 1]);
  });
});

describe('segmentCustomers', () => {
  const tableArb = fc
    .array(
      fc.record({
        aum: fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constantFrom(0, 1000)),
        activity: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(0, 5)),
        revenue: fc.double({ min: -1e5, max: 1e6, noNaN: true }).map(noUnderflow),
      }),
      { minLength: 3, maxLength: 120 },
    )
    .map((rows) => ({
      id: rows.map((_, i) => `c${i}`),
      aum: rows.map((r) => r.aum),
      activity: rows.map((r) => r.activity),
      revenue: rows.map((r) => r.revenue),
    }));

  it('segments in 0..k−1, none empty, profiles add up, the model re-assigns the training rows identically', () => {
    let fitted = 0;
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 1, max: 5 }), (table, k) => {
        let r: ReturnType<typeof segmentCustomers>;
        try {
          r = segmentCustomers(table, { features: ['aum', 'activity', 'revenue'], money: ['aum', 'revenue'], k, id: 'id', seed: 3, restarts: 2 });
        } catch (error) {
          expect(isClvkitError(error), String(error)).toBe(true);
          expect(['TOO_FEW_VALUES']).toContain((error as { code: string }).code);
          // Only when k exceeds the distinct customers (every feature constant is impossible here: ids differ, values random).
          return;
        }
        fitted++;
        expect(r.k).toBe(k);
        const counts = new Array<number>(k).fill(0);
        for (const s of r.segment) {
          expect(s >= 0 && s < k).toBe(true);
          counts[s]!++;
        }
        for (const c of counts) expect(c).toBeGreaterThanOrEqual(1);
        expect(r.profiles.map((p) => (p as unknown as { size: number }).size)).toEqual(counts);
        expect(r.profiles.reduce((a, p) => a + (p as unknown as { share: number }).share, 0)).toBeCloseTo(1, 12);
        expect(Number.isFinite(r.inertia)).toBe(true);
        const again = assignSegments(r.model, table);
        expect(Array.from(again.segment)).toEqual(Array.from(r.segment));
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
    expect(fitted).toBeGreaterThan(40);
  });

  // Fixed (issue 11): a feature whose spread underflows (values differing by < ~1e-154, e.g. revenue
  // [0, 0, 1e-200]) made the whole call throw NUMERIC_FAILURE; it is now constant to working precision.
  it('a feature whose spread underflows is dropped like a constant one', () => {
    const r = segmentCustomers(
      { id: ['a', 'b', 'c'], aum: [1, 50, 900], revenue: [0, 0, 1e-200] },
      { features: ['aum', 'revenue'], money: ['aum'], k: 2, id: 'id' },
    );
    expect(r.droppedFeatures).toContain('revenue');
    expect(r.warnings).toContain('feature revenue is constant and was dropped');
  });
});
