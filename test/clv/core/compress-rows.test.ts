import { describe, expect, it } from 'vitest';
import { compressRows, distinctRows } from '../../../src/clv/core/compress-rows.js';
import { createRandom } from '../../../src/random.js';

describe('compressRows', () => {
  it('merges identical rows in order of first appearance', () => {
    const out = compressRows([Float64Array.of(1, 2, 1, 0, -0), Float64Array.of(5, 6, 5, 3, 3)]);
    expect(out.length).toBe(3);
    expect([...out.columns[0]!]).toEqual([1, 2, 0]);
    expect([...out.columns[1]!]).toEqual([5, 6, 3]);
    expect([...out.weight]).toEqual([2, 1, 2]);
    expect(Object.is(out.columns[0]![2], -0)).toBe(false);
  });

  it('sums given weights, keeping zero-weight rows', () => {
    const out = compressRows([Float64Array.of(1, 1, 2)], [0.5, 2, 0]);
    expect([...out.weight]).toEqual([2.5, 0]);
  });

  it('handles empty input and does not mutate its input', () => {
    expect(compressRows([new Float64Array(0)]).length).toBe(0);
    const col = Float64Array.of(3, 3);
    compressRows([col]);
    expect([...col]).toEqual([3, 3]);
  });

  it('agrees with a string-keyed brute force on random data', () => {
    const rng = createRandom(3);
    const n = 5000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng.int(5);
      b[i] = rng.int(7) / 3;
      w[i] = rng.next();
    }
    const out = compressRows([a, b], w);
    const brute = new Map<string, number>();
    for (let i = 0; i < n; i++) brute.set(`${a[i]}|${b[i]}`, (brute.get(`${a[i]}|${b[i]}`) ?? 0) + w[i]!);
    expect(out.length).toBe(brute.size);
    for (let i = 0; i < out.length; i++) {
      expect(out.weight[i]).toBeCloseTo(brute.get(`${out.columns[0]![i]}|${out.columns[1]![i]}`)!, 10);
    }
    expect([...brute.keys()][0]).toBe(`${out.columns[0]![0]}|${out.columns[1]![0]}`);
  });

  it('keeps exact counts when the table grows past many distinct rows', () => {
    const n = 200_000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = i % 7919;
      b[i] = (i % 13) / 7;
    }
    const out = compressRows([a, b]);
    const brute = new Set<string>();
    for (let i = 0; i < n; i++) brute.add(`${a[i]}|${b[i]}`);
    expect(out.length).toBe(brute.size);
    expect(out.weight.reduce((s, v) => s + v, 0)).toBe(n);
  });

  it('numbers distinct rows in order of first appearance', () => {
    const d = distinctRows([Float64Array.of(3, 1, 3)]);
    expect(d.length).toBe(2);
    expect([...d.index]).toEqual([0, 1, 0]);
    expect([...d.firstRow]).toEqual([0, 1]);
  });
});
