import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { finiteColumn, parseOptions } from '../validate.js';

const theilSenSchema = z.object({}).strict();

/** Options of {@link theilSenSlope} (none yet; the object keeps the one-options-object convention). */
export type TheilSenSlopeOptions = z.input<typeof theilSenSchema>;

/**
 * The Theil–Sen slope of y on x: the median of the pairwise slopes (y_j − y_i) / (x_j − x_i) over all
 * pairs i < j with x_i ≠ x_j (Sen 1968). Robust: up to ~29% of the points can be arbitrary outliers
 * without carrying the slope away, which is why the value model uses it on monthly contribution
 * (a one-off fee or a write-off month moves a least-squares slope a lot and this one hardly at all).
 * O(n²) pairs: meant for short series (a customer's last 12–24 months).
 *
 * @throws ClvkitError LENGTH_MISMATCH (x and y of different lengths), INVALID_VALUE (a non-finite value),
 *   TOO_FEW_VALUES (fewer than two distinct x), INVALID_OPTIONS.
 * @example
 * theilSenSlope([1, 2, 3, 4, 5], [10, 12, 14, 100, 18], {}); // 2  (the outlier at x = 4 is ignored)
 * @see Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau. JASA 63(324), 1379–1389.
 */
export function theilSenSlope(x: ArrayLike<number>, y: ArrayLike<number>, options: TheilSenSlopeOptions = {}): number {
  const fn = 'theilSenSlope';
  parseOptions(theilSenSchema, options, fn);
  if (x.length !== y.length) throw new ClvkitError('LENGTH_MISMATCH', `x has ${x.length} entries, y ${y.length}`, { fn, column: 'y' });
  const xs = finiteColumn(x, 'x', fn);
  const ys = finiteColumn(y, 'y', fn);
  const slope = theilSenSlopeUnchecked(xs, ys, xs.length);
  if (slope === null) throw new ClvkitError('TOO_FEW_VALUES', 'need at least two points with different x', { fn });
  return slope;
}

/**
 * Internal: the Theil–Sen slope of the first `n` points of checked, finite columns, or null when no
 * pair has distinct x. Reuses no state; allocates one array of at most n(n−1)/2 slopes.
 */
export function theilSenSlopeUnchecked(x: ArrayLike<number>, y: ArrayLike<number>, n: number): number | null {
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - x[i]!;
      if (dx !== 0) slopes.push((y[j]! - y[i]!) / dx);
    }
  }
  if (slopes.length === 0) return null;
  slopes.sort((a, b) => a - b);
  const m = slopes.length >> 1;
  // `+ 0` turns a −0 (a flat series read backwards) into 0.
  return (slopes.length % 2 === 1 ? slopes[m]! : (slopes[m - 1]! + slopes[m]!) / 2) + 0;
}
