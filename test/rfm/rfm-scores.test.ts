import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { createRandom } from '../../src/random.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import type { RfmScores, RfmScoresOptions, RfmTable } from '../../src/rfm/rfm-scores.js';
import type { Displayed } from '../../src/display/with-display.js';
import { expectCode } from '../helpers/expect-code.js';

function table(recencyDays: number[], frequency: number[], monetary: number[]): RfmTable {
  return { customerId: recencyDays.map((_, i) => `c${i}`), recencyDays, frequency, monetary };
}

/** Naive: score from the number of customers strictly below, by scanning (no breakpoints, no search). */
function naiveScore(values: ArrayLike<number>, n: number, higherIsBetter: boolean): number[] {
  const N = values.length;
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    let below = 0;
    for (let j = 0; j < N; j++) if (values[j]! < values[i]!) below++;
    const bin = Math.min(n - 1, Math.floor((n * below) / N));
    out.push(higherIsBetter ? bin + 1 : n - bin);
  }
  return out;
}

/** Naive Hyndman–Fan type 1: the smallest observed x whose share of values ≤ x is at least p. */
function naiveType1(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  for (const x of sorted) if (sorted.filter((v) => v <= x).length / sorted.length >= p - 1e-12) return x;
  return sorted[sorted.length - 1]!;
}

describe('rfmScores', () => {
  it('scores a hand-made table (worked example of the doc comment)', () => {
    const s = rfmScores(table([5, 40, 40, 200, 365], [0, 0, 0, 2, 7], [10, 50, 20, 300, 90]), { bins: 5 });
    expect(s.cell).toEqual(['511', '413', '412', '245', '154']);
    expect(Array.from(s.recencyScore)).toEqual([5, 4, 4, 2, 1]);
    expect(Array.from(s.frequencyScore)).toEqual([1, 1, 1, 4, 5]);
    expect(Array.from(s.monetaryScore)).toEqual([1, 3, 2, 5, 4]);
    expect(s.breakpoints).toEqual({ recency: [5, 40, 40, 200], frequency: [0, 0, 0, 2], monetary: [10, 20, 50, 90] });
    expect(s.emptyBins).toEqual({ recency: [3], frequency: [2, 3], monetary: [] });
    expect(Array.from(s.totalScore)).toEqual([7, 8, 7, 11, 10]);
    expect(s.binning).toEqual({ recency: 'quantile', frequency: 'quantile', monetary: 'quantile' });
  });

  it('most customers with frequency 0: all zeros score 1, bins 2..4 reported empty', () => {
    const f = [...new Array<number>(17).fill(0), 1, 3, 8];
    const s = rfmScores(
      table(
        f.map((_, i) => i),
        f,
        f.map((_, i) => i + 1),
      ),
      {},
    );
    expect(s.breakpoints.frequency).toEqual([0, 0, 0, 0]);
    expect(Array.from(s.frequencyScore)).toEqual([...new Array<number>(17).fill(1), 5, 5, 5]);
    expect(s.emptyBins.frequency).toEqual([2, 3, 4]);
    // 19 of 20 at zero and one at 1: still only the one positive customer moves up.
    const g = [...new Array<number>(19).fill(0), 1];
    const t = rfmScores(table(g, g, g), {});
    expect(Array.from(t.frequencyScore).filter((x) => x === 5)).toHaveLength(1);
    expect(Array.from(t.recencyScore).filter((x) => x === 5)).toHaveLength(19);
    expect(t.emptyBins.recency).toEqual([2, 3, 4]);
  });

  it('a value equal to a breakpoint lands in the bin below it; never two bins', () => {
    // Ten distinct values, 5 bins: type-1 breakpoints are the 2nd, 4th, 6th, 8th values.
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const s = rfmScores(table(v, v, v), {});
    expect(s.breakpoints.frequency).toEqual([2, 4, 6, 8]);
    expect(Array.from(s.frequencyScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // Recency (lower is better): 2 days (= the first breakpoint) still scores 5.
    expect(Array.from(s.recencyScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // Explicit breakpoints: value 30 with cut 30 is in the lower bin.
    const e = rfmScores(table([0, 30, 31, 90, 91], [1, 1, 1, 1, 1], [0, 1, 2, 3, 4]), {
      breakpoints: { recency: [30, 90, 180, 365] },
    });
    expect(Array.from(e.recencyScore)).toEqual([5, 5, 4, 4, 3]);
    expect(e.binning.recency).toBe('explicit');
    expect(e.emptyBins.recency).toEqual([1, 2]);
  });

  it('identical values: one customer or all equal', () => {
    const one = rfmScores(table([10], [2], [50]), {});
    expect(one.cell).toEqual(['511']);
    const same = rfmScores(table([7, 7, 7], [3, 3, 3], [9, 9, 9]), { bins: 3 });
    expect(same.cell).toEqual(['311', '311', '311']);
    expect(same.emptyBins).toEqual({ recency: [1, 2], frequency: [2, 3], monetary: [2, 3] });
  });

  it('reads a CustomerSummary with the documented default columns and the alternatives', () => {
    const summary = {
      length: 4,
      timeUnit: 'week',
      aggregateBy: 'day',
      observationEnd: '2024-12-31',
      customerId: ['a', 'b', 'c', 'd'],
      frequency: Float64Array.from([0, 1, 2, 3]),
      recency: Float64Array.from([0, 1, 2, 3]),
      T: Float64Array.from([5, 5, 5, 5]),
      monetaryValue: Float64Array.from([0, 40, 30, 20]),
      firstDay: Int32Array.from([0, 0, 0, 0]),
      lastDay: Int32Array.from([0, 0, 0, 0]),
      transactionCount: Uint32Array.from([9, 8, 7, 6]),
      totalAmount: Float64Array.from([10, 20, 30, 40]),
      daysSinceLastPurchase: Int32Array.from([1, 2, 3, 4]),
      transactionsAfterEnd: 0,
    } satisfies CustomerSummary;
    const d = rfmScores(summary, { bins: 4 });
    expect(d.source).toEqual({ frequency: 'frequency', monetary: 'totalAmount' });
    expect(d.cell).toEqual(['411', '322', '233', '144']);
    const alt = rfmScores(summary, { bins: 4, frequencyColumn: 'transactionCount', monetaryColumn: 'monetaryValue' });
    expect(Array.from(alt.frequencyScore)).toEqual([4, 3, 2, 1]);
    expect(Array.from(alt.monetaryScore)).toEqual([1, 4, 3, 2]);
    // The summary is not mutated.
    expect(Array.from(summary.frequency)).toEqual([0, 1, 2, 3]);
  });

  it('weights the total score', () => {
    const s = rfmScores(table([1, 2], [1, 2], [1, 2]), { bins: 2, weights: { recency: 2, frequency: 0, monetary: 0.5 } });
    expect(s.cell).toEqual(['211', '122']);
    expect(Array.from(s.totalScore)).toEqual([4.5, 3]);
  });

  it('cross-check: scores equal a naive count-below rank on random data with many ties', () => {
    const rng = createRandom(7);
    for (let trial = 0; trial < 40; trial++) {
      const N = 1 + rng.int(300);
      const n = 2 + rng.int(8);
      const levels = 1 + rng.int(12);
      const r = Array.from({ length: N }, () => rng.int(levels) * 30);
      const f = Array.from({ length: N }, () => (rng.next() < 0.7 ? 0 : rng.int(levels)));
      const m = Array.from({ length: N }, () => Math.round(rng.gamma(0.8, 100) * (rng.next() < 0.3 ? 0 : 1)));
      const s = rfmScores(table(r, f, m), { bins: n });
      expect(Array.from(s.recencyScore)).toEqual(naiveScore(r, n, false));
      expect(Array.from(s.frequencyScore)).toEqual(naiveScore(f, n, true));
      expect(Array.from(s.monetaryScore)).toEqual(naiveScore(m, n, true));
      for (const [measure, values] of [
        ['recency', r],
        ['frequency', f],
        ['monetary', m],
      ] as const) {
        expect(s.breakpoints[measure]).toEqual(Array.from({ length: n - 1 }, (_, k) => naiveType1(values, (k + 1) / n)));
        const scores = s[`${measure}Score`];
        const used = new Set(Array.from(scores));
        expect(s.emptyBins[measure]).toEqual(Array.from({ length: n }, (_, k) => k + 1).filter((k) => !used.has(k)));
        // Identical values share a score; every score is in 1..n.
        const byValue = new Map<number, number>();
        values.forEach((v, i) => {
          const sc = scores[i]!;
          expect(sc).toBeGreaterThanOrEqual(1);
          expect(sc).toBeLessThanOrEqual(n);
          if (byValue.has(v)) expect(byValue.get(v)).toBe(sc);
          byValue.set(v, sc);
        });
      }
      // Without ties, each bin holds between ⌊N/n⌋ and ⌈N/n⌉ customers (the equal-count property).
      const distinct = Array.from({ length: N }, (_, i) => i * 1.5);
      const d = rfmScores(table(distinct, distinct, distinct), { bins: n });
      const counts = new Array<number>(n).fill(0);
      for (const x of d.frequencyScore) counts[x - 1]!++;
      for (const c of counts) {
        expect(c).toBeGreaterThanOrEqual(Math.floor(N / n));
        expect(c).toBeLessThanOrEqual(Math.ceil(N / n));
      }
    }
  });

  it('rejects bad input with the documented codes', () => {
    expectCode(() => rfmScores(table([], [], []), {}), 'EMPTY_INPUT');
    expectCode(() => rfmScores({ customerId: ['a', 'b'], recencyDays: [1], frequency: [1, 2], monetary: [1, 2] }, {}), 'LENGTH_MISMATCH');
    expectCode(() => rfmScores({ customerId: ['a'], recencyDays: [1], monetary: [1] } as unknown as RfmTable, {}), 'MISSING_COLUMN');
    expectCode(() => rfmScores(table([1, Number.NaN], [1, 2], [1, 2]), {}), 'INVALID_VALUE');
    expectCode(() => rfmScores(table([1, -1], [1, 2], [1, 2]), {}), 'INVALID_VALUE');
    expectCode(() => rfmScores(table([1, 2], [1, -2], [1, 2]), {}), 'INVALID_VALUE');
    expectCode(() => rfmScores(table([1, 2], [1, 2], [1, Infinity]), {}), 'INVALID_VALUE');
    expectCode(() => rfmScores({ customerId: ['a', 7 as unknown as string], recencyDays: [1, 2], frequency: [1, 2], monetary: [1, 2] }, {}), 'INVALID_VALUE');
    expectCode(() => rfmScores(table([1], [1], [1]), { bins: 10 }), 'INVALID_OPTIONS');
    expectCode(() => rfmScores(table([1], [1], [1]), { weights: { recency: 0, frequency: 0, monetary: 0 } }), 'INVALID_OPTIONS');
    expectCode(() => rfmScores(table([1], [1], [1]), { bins: 3, breakpoints: { frequency: [1, 2, 3] } }), 'INVALID_CONFIG');
    expectCode(() => rfmScores(table([1], [1], [1]), { bins: 3, breakpoints: { frequency: [2, 2] } }), 'INVALID_CONFIG');
    expectCode(() => rfmScores(table([1], [1], [1]), { bogus: 1 } as unknown as RfmScoresOptions), 'INVALID_OPTIONS');
  });

  it('exposes its public types', () => {
    expectTypeOf(rfmScores).returns.toEqualTypeOf<Displayed<RfmScores>>();
    expectTypeOf<RfmScores['recencyScore']>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<RfmScoresOptions>().toMatchTypeOf<{ bins?: number } | undefined>();
  });
});
