import { describe, expect, it } from 'vitest';
import { bgPatternsOf } from '../../../src/clv/bg-nbd/bg-patterns.js';
import { compressRows } from '../../../src/clv/core/compress-rows.js';
import { createRandom } from '../../../src/random.js';

type Columns = { frequency: Float64Array; recency: Float64Array; T: Float64Array };

/** Independent: string keys in a Map, insertion order = first appearance. */
function brute(c: Columns, weights?: ArrayLike<number>): { rows: [number, number, number, number][] } {
  const seen = new Map<string, [number, number, number, number]>();
  for (let i = 0; i < c.frequency.length; i++) {
    const x = c.frequency[i]! + 0;
    const tx = c.recency[i]! + 0;
    const T = c.T[i]! + 0;
    const key = `${x}|${tx}|${T}`;
    const row = seen.get(key) ?? [x, tx, T, 0];
    row[3] += weights === undefined ? 1 : weights[i]!;
    seen.set(key, row);
  }
  return { rows: [...seen.values()] };
}

function expand(p: ReturnType<typeof bgPatternsOf>): [number, number, number, number][] {
  return Array.from({ length: p.length }, (_, i) => [p.xValues[p.xIndex[i]!]!, p.txValues[p.txIndex[i]!]!, p.tValues[p.tIndex[i]!]!, p.weight[i]!]);
}

function firstAppearance(values: Float64Array): number[] {
  return [...new Set(Array.from(values, (v) => v + 0))];
}

describe('bgPatternsOf', () => {
  it('the worked example of its doc comment', () => {
    const p = bgPatternsOf({ frequency: Float64Array.of(2, 0, 2), recency: Float64Array.of(30, 0, 30), T: Float64Array.of(39, 39, 39) }, undefined);
    expect(p.length).toBe(2);
    expect([...p.weight]).toEqual([2, 1]);
    expect([...p.xIndex]).toEqual([0, 1]);
    expect([...p.xValues]).toEqual([2, 0]);
    expect([...p.tIndex]).toEqual([0, 0]);
    expect([...p.tValues]).toEqual([39]);
    expect([...p.txIndex]).toEqual([0, 1]);
    expect([...p.txValues]).toEqual([30, 0]);
    expect(p.total).toBe(3);
  });

  it('agrees with string-keyed grouping on gridded data with weights, −0 merged with 0, in order of first appearance', () => {
    const rng = createRandom(5);
    const n = 20_000;
    const c: Columns = { frequency: new Float64Array(n), recency: new Float64Array(n), T: new Float64Array(n) };
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const T = (7 + rng.int(200)) / 7;
      const x = rng.int(6);
      c.frequency[i] = x === 0 && rng.next() < 0.5 ? -0 : x;
      c.T[i] = T;
      c.recency[i] = x === 0 ? 0 : Math.floor(rng.next() * T * 7) / 7;
      w[i] = rng.next() < 0.1 ? 0 : rng.uniform(0.5, 3);
    }
    const p = bgPatternsOf(c, w);
    const expected = brute(c, w).rows;
    const got = expand(p);
    expect(got.length).toBe(expected.length);
    got.forEach((row, i) => {
      expect(row.slice(0, 3)).toEqual(expected[i]!.slice(0, 3));
      expect(row[3]).toBeCloseTo(expected[i]![3], 10);
    });
    // Value tables in first-appearance order; no −0 anywhere.
    expect([...p.xValues]).toEqual(firstAppearance(c.frequency));
    expect([...p.tValues]).toEqual(firstAppearance(c.T));
    expect([...p.txValues]).toEqual(firstAppearance(c.recency));
    expect([...p.xValues].some((v) => Object.is(v, -0))).toBe(false);
    expect(p.total).toBeCloseTo(
      w.reduce((s, v) => s + v, 0),
      8,
    );
  });

  it('gives the same patterns as compressRows when the integer key would pass 2⁵² (the fallback)', () => {
    // 180,000 distinct values in each column: 180,000³ ≈ 5.8e15 > 2⁵² combinations.
    const n = 180_000;
    const c: Columns = { frequency: new Float64Array(n), recency: new Float64Array(n), T: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      c.frequency[i] = i + 1;
      c.recency[i] = i / 2;
      c.T[i] = i + 1e6;
    }
    // Repeat the first rows so that some patterns merge.
    c.frequency.set(c.frequency.subarray(0, 100), n - 100);
    c.recency.set(c.recency.subarray(0, 100), n - 100);
    c.T.set(c.T.subarray(0, 100), n - 100);
    const p = bgPatternsOf(c, undefined);
    const r = compressRows([c.frequency, c.recency, c.T]);
    expect(p.length).toBe(n - 100);
    expect(p.length).toBe(r.length);
    const got = expand(p);
    for (let i = 0; i < r.length; i += 997) expect(got[i]).toEqual([r.columns[0]![i], r.columns[1]![i], r.columns[2]![i], r.weight[i]]);
    expect(got[0]![3]).toBe(2);
  });
});
