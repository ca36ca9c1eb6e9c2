// Property tests of RFM scoring and segments: every customer gets scores in 1..n, exactly one cell
// and exactly one segment; scores are monotone in their measure (a better measure never scores
// lower); segment counts add up; bad values throw typed errors. Seeded and bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { rfmScores, type RfmTable } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';

const SEED = 99;

const tableArb: fc.Arbitrary<RfmTable> = fc
  .array(
    fc.record({
      r: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constantFrom(0, 30, 30, 365)),
      f: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 0, 1)),
      m: fc.oneof(fc.double({ min: -1e4, max: 1e9, noNaN: true }), fc.constantFrom(0, 100, 100)),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((rows) => ({
    customerId: rows.map((_, i) => `c${i}`),
    recencyDays: rows.map((r) => r.r),
    frequency: rows.map((r) => r.f),
    monetary: rows.map((r) => r.m),
  }));

describe('rfmScores', () => {
  it('scores in 1..n, one cell per customer, monotone in each measure, totals = weighted sums', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: 2, max: 9 }), (table, bins) => {
        const s = rfmScores(table, { bins });
        expect(s.length).toBe(table.customerId.length);
        const scores = [s.recencyScore, s.frequencyScore, s.monetaryScore] as const;
        for (const col of scores) for (const v of col) expect(v >= 1 && v <= bins).toBe(true);
        for (let i = 0; i < s.length; i++) {
          expect(s.cell[i]).toBe(`${s.recencyScore[i]}${s.frequencyScore[i]}${s.monetaryScore[i]}`);
          expect(s.totalScore[i]).toBe(s.recencyScore[i]! + s.frequencyScore[i]! + s.monetaryScore[i]!);
        }
        // Monotone: more recent (fewer days) never scores lower; more F / M never scores lower.
        const n = s.length;
        for (let i = 0; i < Math.min(n, 60); i++) {
          for (let j = 0; j < Math.min(n, 60); j++) {
            const R = table.recencyDays as number[];
            const F = table.frequency as number[];
            const M = table.monetary as number[];
            if (R[i]! < R[j]!) expect(s.recencyScore[i]!).toBeGreaterThanOrEqual(s.recencyScore[j]!);
            if (F[i]! > F[j]!) expect(s.frequencyScore[i]!).toBeGreaterThanOrEqual(s.frequencyScore[j]!);
            if (M[i]! > M[j]!) expect(s.monetaryScore[i]!).toBeGreaterThanOrEqual(s.monetaryScore[j]!);
            if (M[i] === M[j]) expect(s.monetaryScore[i]).toBe(s.monetaryScore[j]);
          }
        }
        // The empty bins reported are exactly the scores nobody got.
        for (const [measure, col] of [
          ['recency', s.recencyScore],
          ['frequency', s.frequencyScore],
          ['monetary', s.monetaryScore],
        ] as const) {
          const used = new Set(col);
          const empty = Array.from({ length: bins }, (_, k) => k + 1).filter((k) => !used.has(k));
          expect([...s.emptyBins[measure]]).toEqual(empty);
          expect(s.breakpoints[measure].length).toBe(bins - 1);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a NaN, an Infinity or a negative count anywhere is INVALID_VALUE naming the column and row', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.nat(),
        fc.constantFrom('recencyDays', 'frequency', 'monetary'),
        fc.constantFrom(Number.NaN, Infinity, -Infinity, -1),
        (table, at, column, bad) => {
          const i = at % table.customerId.length;
          if (bad === -1 && column === 'monetary') return; // refunds: negative M is allowed
          const values = [...(table[column] as number[])];
          values[i] = bad;
          try {
            rfmScores({ ...table, [column]: values });
            expect.unreachable('expected INVALID_VALUE');
          } catch (error) {
            expect(isClvkitError(error, 'INVALID_VALUE'), String(error)).toBe(true);
            expect((error as { details: { index: number } }).details.index).toBe(i);
          }
        },
      ),
      { seed: SEED + 1, numRuns: 100 },
    );
  });
});

describe('rfmSegments (default map, 5 levels)', () => {
  it('every customer is in exactly one segment; counts and shares add up; every cell is mapped', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const scores = rfmScores(table, { bins: 5 });
        const seg = rfmSegments(scores);
        expect(seg.segment.length).toBe(scores.length);
        expect(seg.table.reduce((a, r) => a + r.count, 0)).toBe(scores.length);
        expect(seg.table.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 12);
        for (let i = 0; i < scores.length; i++) {
          expect(seg.table[seg.segmentIndex[i]!]!.key).toBe(seg.segment[i]);
          expect(seg.cellSegment[scores.cell[i]!]).toBe(seg.segment[i]);
        }
        expect(Object.keys(seg.cellSegment).length).toBe(125);
        for (const row of seg.table) {
          if (row.count === 0) expect(row.meanRecencyScore).toBeNull();
          else for (const v of [row.meanRecencyScore, row.meanFrequencyScore, row.meanMonetaryScore, row.meanMonetary]) expect(Number.isFinite(v)).toBe(true);
        }
      }),
      { seed: SEED + 2, numRuns: 150 },
    );
  });
});
