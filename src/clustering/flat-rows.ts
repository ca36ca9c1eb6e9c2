import { ClvkitError } from '../errors.js';

/**
 * Rows of a flat, row-major `Float64Array`: row i, feature j at `data[i * d + j]`, n rows of d features.
 * The one shape the k-means pieces (k-means++, Lloyd, the worker kernels) pass around. Internal.
 */
export interface FlatRows {
  readonly data: Float64Array;
  /** Number of rows. */
  readonly n: number;
  /** Features per row. */
  readonly d: number;
}

/** Squared Euclidean distance between row `i` of `data` and row `c` of `centres` (d features each). */
export function rowDistance(data: Float64Array, i: number, centres: Float64Array, c: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const t = data[a + j]! - centres[b + j]!;
    s += t * t;
  }
  return s;
}

/** Largest |value| accepted: squared distances of up to 1e4 features stay far below the float maximum. */
const MAX_MAGNITUDE = 1e150;

/**
 * Check a flat data array: not empty, length a multiple of d, every value finite and ≤ 1e150 in size.
 * Returns the number of rows. Internal.
 * @throws EMPTY_INPUT, LENGTH_MISMATCH, INVALID_VALUE (row `index`, feature `column`), NUMERIC_FAILURE (|value| > 1e150).
 */
export function checkFlatData(data: ArrayLike<number>, d: number, fn: string): number {
  if (data.length === 0) throw new ClvkitError('EMPTY_INPUT', 'no rows', { fn });
  if (data.length % d !== 0) {
    throw new ClvkitError('LENGTH_MISMATCH', `data length ${data.length} is not a multiple of ${d} dimensions`, { fn });
  }
  // Fast path: one comparison per value (false for NaN, ±Infinity, non-numbers and |v| > 1e150);
  // the first value that fails it is diagnosed by the loop below.
  // (The loop never reads past the end: an out-of-bounds read of a typed array made it 5× slower.)
  let from = 0;
  for (const m = data.length; from < m; from++) {
    const v = data[from];
    if (typeof v !== 'number' || !(Math.abs(v) <= MAX_MAGNITUDE)) break;
  }
  for (let i = from; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', {
        fn,
        index: Math.floor(i / d),
        column: String(i % d),
        value: v,
      });
    }
    if (Math.abs(v) > MAX_MAGNITUDE) {
      throw new ClvkitError('NUMERIC_FAILURE', `|value| above ${MAX_MAGNITUDE}: squared distances would overflow; rescale the data`, {
        fn,
        index: Math.floor(i / d),
        column: String(i % d),
        value: v,
      });
    }
  }
  return data.length / d;
}

/**
 * Number of distinct rows, counting stops at `limit` (so the scan is cheap when there are many).
 *
 * **Distinct means "at a positive squared distance".** k-means only sees rows through the squared
 * Euclidean distance Σ (aⱼ − bⱼ)², and that sum underflows to 0 when every coordinate differs by less
 * than about 1.5e-162 (√ of the smallest subnormal): such rows can never be told apart or put in
 * different clusters, so they count as one point here (e.g. [0, 0] and [0, 1e-200]), and asking for
 * more clusters than there are such points is TOO_FEW_VALUES up front rather than deep inside a run.
 * Rows are compared with the same arithmetic the algorithm uses, so the rule is exact, not a tolerance.
 */
export function countDistinctRows(rows: FlatRows, limit: number): number {
  const { data, n, d } = rows;
  const found: number[] = [];
  for (let i = 0; i < n && found.length < limit; i++) {
    let seen = false;
    for (const r of found) {
      let s = 0;
      for (let j = 0; j < d && s === 0; j++) {
        const t = data[i * d + j]! - data[r * d + j]!;
        s += t * t;
      }
      if (s === 0) {
        seen = true;
        break;
      }
    }
    if (!seen) found.push(i);
  }
  return found.length;
}
