import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { finiteColumn, parseOptions } from '../validate.js';

const theilSenSchema = z.object({}).strict();

/** Options of {@link theilSenSlope} (none yet; the object keeps the one-options-object convention). */
export type TheilSenSlopeOptions = z.input<typeof theilSenSchema>;

/**
 * Most points {@link theilSenSlope} takes: the exact median of all n(n−1)/2 pairwise slopes needs
 * O(n²) time and memory — 5,000 points are 12.5M slopes (100 MB, about a second); 20,000 points
 * would be 200M slopes (1.6 GB, 18 s). Longer series: thin them first (e.g. monthly means).
 */
export const MAX_THEIL_SEN_POINTS = 5_000;

/**
 * The Theil–Sen slope of y on x: the median of the pairwise slopes (y_j − y_i) / (x_j − x_i) over all
 * pairs i < j with x_i ≠ x_j (Sen 1968). Robust: up to ~29% of the points can be arbitrary outliers
 * without carrying the slope away, which is why the value model uses it on monthly contribution
 * (a one-off fee or a write-off month moves a least-squares slope a lot and this one hardly at all).
 * O(n²) pairs: meant for short series (a customer's last 12–24 months); at most
 * {@link MAX_THEIL_SEN_POINTS} points (a documented cap rather than a slower silent run or an
 * out-of-memory crash).
 *
 * @throws ClvkitError LENGTH_MISMATCH (x and y of different lengths), INVALID_VALUE (not an array, a non-finite value,
 *   more than MAX_THEIL_SEN_POINTS points, an array-like with an impossible length such as −1 or 1e10),
 *   TOO_FEW_VALUES (fewer than two distinct x), INVALID_OPTIONS.
 * @example
 * theilSenSlope([1, 2, 3, 4, 5], [10, 12, 14, 100, 18], {}); // 2  (the outlier at x = 4 is ignored)
 * @see Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau. JASA 63(324), 1379–1389.
 */
export function theilSenSlope(x: ArrayLike<number>, y: ArrayLike<number>, options: TheilSenSlopeOptions = {}): number {
  const fn = 'theilSenSlope';
  parseOptions(theilSenSchema, options, fn);
  for (const [name, column] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (column === null || typeof column !== 'object' || typeof column.length !== 'number')
      throw new ClvkitError('INVALID_VALUE', 'expected an array of numbers', { fn, column: name, value: column });
  }
  for (const [name, column] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (!Number.isSafeInteger(column.length) || column.length < 0)
      throw new ClvkitError('INVALID_VALUE', 'an array-like needs a length that is a whole number ≥ 0', { fn, column: name, value: column.length });
  }
  if (x.length !== y.length) throw new ClvkitError('LENGTH_MISMATCH', `x has ${x.length} entries, y ${y.length}`, { fn, column: 'y' });
  if (x.length > MAX_THEIL_SEN_POINTS) {
    throw new ClvkitError(
      'INVALID_VALUE',
      `at most ${MAX_THEIL_SEN_POINTS} points (the exact median of all pairwise slopes is O(n²)); thin the series first, e.g. to monthly means`,
      {
        fn,
        column: 'x',
        value: x.length,
      },
    );
  }
  const xs = finiteColumn(x, 'x', fn);
  const ys = finiteColumn(y, 'y', fn);
  const slope = theilSenSlopeUnchecked(xs, ys, xs.length);
  if (slope === null) throw new ClvkitError('TOO_FEW_VALUES', 'need at least two points with different x', { fn });
  return slope;
}

/**
 * Internal: the Theil–Sen slope of the first `n` points of checked, finite columns, or null when no
 * pair has distinct x. `scratch`, when given with room for n(n−1)/2 slopes, holds the pairwise slopes
 * (no allocation per call: the value model calls this once per customer); otherwise one array is allocated.
 */
export function theilSenSlopeUnchecked(x: ArrayLike<number>, y: ArrayLike<number>, n: number, scratch?: Float64Array): number | null {
  const pairs = (n * (n - 1)) / 2;
  const buffer = scratch !== undefined && scratch.length >= pairs ? scratch : new Float64Array(pairs);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - xi;
      if (dx !== 0) buffer[k++] = (y[j]! - yi) / dx;
    }
  }
  if (k === 0) return null;
  // A typed array sorts numerically without a comparator (no NaN here: the columns are finite, dx ≠ 0).
  const slopes = buffer.subarray(0, k).sort();
  const m = k >> 1;
  // `+ 0` turns a −0 (a flat series read backwards) into 0.
  return (k % 2 === 1 ? slopes[m]! : (slopes[m - 1]! + slopes[m]!) / 2) + 0;
}
