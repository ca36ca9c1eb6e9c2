/**
 * Distinct (x, t_x, T) patterns of a customer summary, with the weight each carries: what the BG-family
 * likelihood (bg-likelihood.ts) is evaluated on. Internal module.
 */
import { compressRows, distinctRows } from '../core/compress-rows.js';

/** Distinct (x, t_x, T) patterns with weights, and index tables for per-evaluation logs. */
export interface BgPatterns {
  readonly length: number;
  readonly weight: Float64Array;
  /** Index into `xValues`. */
  readonly xIndex: Int32Array;
  readonly xValues: Float64Array;
  readonly tIndex: Int32Array;
  readonly tValues: Float64Array;
  readonly txIndex: Int32Array;
  readonly txValues: Float64Array;
  /** Sum of weights. */
  readonly total: number;
}

/** Largest key (x number · t_x count + t_x number) · T count + T number that is still an exact integer. */
const MAX_EXACT_KEY = 2 ** 52;

/**
 * Compress checked (x, t_x, T) columns and weights (default 1 per row) into patterns: identical rows merged
 * (−0 equals 0), weights summed, patterns numbered in order of first appearance, and the distinct values of
 * each column numbered in order of first appearance too (so `xValues[xIndex[i]]` is pattern i's x).
 *
 * How: each column's distinct values are numbered first (three one-column hashes whose tables stay small
 * and in cache, since summaries sit on a grid of days or weeks), then the rows are grouped by the one integer
 * key (x number · (t_x count) + t_x number) · (T count) + T number in an open-addressing integer hash. When
 * that key would not be an exact integer (more than 2⁵² combinations) the rows are grouped by
 * `compressRows` instead; both give the same patterns in the same order.
 *
 * The caller validates the columns (checkRfmColumns) and the weights (finite, ≥ 0, same length).
 *
 * @example
 * bgPatternsOf({ frequency: Float64Array.of(2, 0, 2), recency: Float64Array.of(30, 0, 30), T: Float64Array.of(39, 39, 39) }, undefined)
 * // { length: 2, weight: Float64Array [2, 1], xIndex: Int32Array [0, 1], xValues: Float64Array [2, 0],
 * //   tIndex: Int32Array [0, 0], tValues: Float64Array [39], txIndex: Int32Array [0, 1], txValues: Float64Array [30, 0], total: 3 }
 */
export function bgPatternsOf(columns: { frequency: Float64Array; recency: Float64Array; T: Float64Array }, weights: ArrayLike<number> | undefined): BgPatterns {
  const x = distinctValues(columns.frequency);
  const tx = distinctValues(columns.recency);
  const t = distinctValues(columns.T);
  const nTx = tx.values.length;
  const nT = t.values.length;
  if (x.values.length * nTx * nT > MAX_EXACT_KEY) return bgPatternsByRows(columns, weights);
  const n = columns.frequency.length;

  // Open addressing on the integer key; the table grows with the number of patterns (load factor ≤ ½).
  let capacity = 1024;
  let mask = capacity - 1;
  let table = new Int32Array(capacity).fill(-1); // slot → pattern number
  let keys = new Float64Array(Math.min(n, 1024));
  let firstRow = new Int32Array(keys.length);
  const patternOf = new Int32Array(n);
  let length = 0;
  for (let row = 0; row < n; row++) {
    const key = (x.index[row]! * nTx + tx.index[row]!) * nT + t.index[row]!;
    let slot = hashKey(key) & mask;
    for (;;) {
      const found = table[slot]!;
      if (found < 0) {
        if (length === keys.length) {
          const size = Math.min(n, keys.length * 2);
          const grownKeys = new Float64Array(size);
          grownKeys.set(keys);
          keys = grownKeys;
          const grownFirst = new Int32Array(size);
          grownFirst.set(firstRow);
          firstRow = grownFirst;
        }
        table[slot] = length;
        keys[length] = key;
        firstRow[length] = row;
        patternOf[row] = length;
        length++;
        if (length * 2 > capacity) {
          capacity *= 2;
          mask = capacity - 1;
          table = new Int32Array(capacity).fill(-1);
          for (let d = 0; d < length; d++) {
            let s = hashKey(keys[d]!) & mask;
            while (table[s]! >= 0) s = (s + 1) & mask;
            table[s] = d;
          }
        }
        break;
      }
      if (keys[found] === key) {
        patternOf[row] = found;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }

  const weight = new Float64Array(length);
  if (weights === undefined) {
    for (let row = 0; row < n; row++) weight[patternOf[row]!]! += 1;
  } else {
    for (let row = 0; row < n; row++) weight[patternOf[row]!]! += weights[row]!;
  }
  const xIndex = new Int32Array(length);
  const txIndex = new Int32Array(length);
  const tIndex = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const row = firstRow[i]!;
    xIndex[i] = x.index[row]!;
    txIndex[i] = tx.index[row]!;
    tIndex[i] = t.index[row]!;
  }
  return { length, weight, xIndex, xValues: x.values, tIndex, tValues: t.values, txIndex, txValues: tx.values, total: sum(weight) };
}

/** The same patterns by the generic row hash (compressRows), for keys beyond 2⁵². */
function bgPatternsByRows(columns: { frequency: Float64Array; recency: Float64Array; T: Float64Array }, weights: ArrayLike<number> | undefined): BgPatterns {
  const c = compressRows([columns.frequency, columns.recency, columns.T], weights);
  const x = distinctValues(c.columns[0]!);
  const tx = distinctValues(c.columns[1]!);
  const t = distinctValues(c.columns[2]!);
  return {
    length: c.length,
    weight: c.weight,
    xIndex: x.index,
    xValues: x.values,
    tIndex: t.index,
    tValues: t.values,
    txIndex: tx.index,
    txValues: tx.values,
    total: sum(c.weight),
  };
}

/** Each entry's number among the distinct values (first appearance order; −0 equals 0), and those values. */
function distinctValues(values: Float64Array): { index: Int32Array; values: Float64Array } {
  const d = distinctRows([values]);
  const distinct = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = values[d.firstRow[i]!]!;
    distinct[i] = v === 0 ? 0 : v;
  }
  return { index: d.index, values: distinct };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

/** A 32-bit hash of a non-negative integer key < 2⁵³ (MurmurHash3's finaliser over its two 32-bit halves). */
function hashKey(key: number): number {
  let h = (key | 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
