import { describe, expect, expectTypeOf, it } from 'vitest';
import { prepareParetoValues } from '../../src/pareto/pareto-values.js';
import { assignRankClasses } from '../../src/pareto/rank-classes.js';
import { createRandom } from '../../src/random.js';
import { rankIndices } from './brute-force.js';

/** Brute force: rank with a comparator sort, then read each customer's class off its rank. */
function classesByRanking(values: number[], ends: number[], negativeClass: number): number[] {
  const out = values.map(() => negativeClass);
  rankIndices(values)
    .filter((i) => values[i]! >= 0)
    .forEach((i, rank) => {
      let c = 0;
      while (rank >= ends[c]!) c++;
      out[i] = c;
    });
  return out;
}

describe('assignRankClasses', () => {
  it('splits a tie group that straddles two boundaries in input order', () => {
    const values = [7, 3, 3, 9, 3, 3, 3, 1];
    const p = prepareParetoValues(values);
    // Ranks: 9, 7, then the five 3s (rows 1, 2, 4, 5, 6), then 1. Classes end at ranks 3, 5, 8.
    expect(Array.from(assignRankClasses(p, [3, 5, 8], 9))).toEqual([0, 0, 1, 0, 1, 2, 2, 2]);
  });

  it('handles empty classes and negatives', () => {
    const p = prepareParetoValues([4, -1, 2, 2, 0]);
    expect(Array.from(assignRankClasses(p, [1, 1, 4], 7))).toEqual([0, 7, 2, 2, 2]);
    expect(Array.from(assignRankClasses(p, [0, 4, 4], 7))).toEqual([1, 7, 1, 1, 1]);
  });

  it('matches a comparator ranking on random data with many ties', () => {
    const rng = createRandom(99);
    for (let trial = 0; trial < 40; trial++) {
      const n = 2 + rng.int(300);
      const values = Array.from({ length: n }, () => (rng.next() < 0.1 ? -1 : rng.int(8)));
      if (values.filter((v) => v > 0).length === 0 || values.filter((v) => v >= 0).length < 2) continue;
      const m = values.filter((v) => v >= 0).length;
      const a = rng.int(m + 1);
      const b = a + rng.int(m - a + 1);
      const ends = [a, b, m];
      expect(Array.from(assignRankClasses(prepareParetoValues(values), ends, 3))).toEqual(classesByRanking(values, ends, 3));
    }
  });

  it('has the documented types', () => {
    expectTypeOf(assignRankClasses).returns.toEqualTypeOf<Uint8Array>();
  });
});
