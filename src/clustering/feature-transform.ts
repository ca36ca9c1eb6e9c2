import { ClvkitError } from '../errors.js';

/**
 * Per-feature transforms for clustering: an optional signed log1p, then centring and scaling.
 *
 * - signed log1p: g(x) = sign(x) · ln(1 + |x|). For x ≥ 0 it is ln(1 + x), the usual transform of
 *   skewed money amounts; for negative amounts (overdrawn balances, net losses) it is the mirror image,
 *   so it stays defined, continuous, strictly increasing and invertible: g⁻¹(y) = sign(y) · (e^|y| − 1).
 * - `zscore`: (g(x) − mean) / sd, sd the population standard deviation (divisor n).
 * - `robust`: (g(x) − median) / IQR, quantiles by linear interpolation (R type 7). When the IQR is 0
 *   but the feature is not constant (e.g. mostly zeros), the population sd is used instead and the
 *   fallback is reported (`spreadKind: 'sd'`).
 *
 * A feature whose transformed values are all equal is constant: it cannot separate customers and is
 * reported as such (the caller drops it).
 */

/** How one feature is transformed; everything needed to transform new data the same way. */
export interface FeatureTransform {
  readonly column: string;
  /** Signed log1p applied before scaling. */
  readonly log1p: boolean;
  readonly scale: 'zscore' | 'robust';
  /** Subtracted after the log: the mean (zscore) or the median (robust). */
  readonly center: number;
  /** Divided by after centring: sd (zscore), IQR (robust) or sd when the IQR is 0 (robust fallback). */
  readonly spread: number;
  /** What `spread` is. */
  readonly spreadKind: 'sd' | 'iqr';
}

/** sign(x) · ln(1 + |x|). */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/** Inverse of {@link signedLog1p}: sign(y) · (e^|y| − 1). */
export function signedExpm1(y: number): number {
  return y < 0 ? -Math.expm1(-y) : Math.expm1(y);
}

/** Quantile of sorted values by linear interpolation between order statistics (R type 7). */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Fit the transform of one feature on its (finite, validated) values. Returns `undefined` when the
 * transformed feature is constant. Internal.
 */
export function fitFeatureTransform(
  column: string,
  values: Float64Array,
  log1p: boolean,
  scale: 'zscore' | 'robust',
): FeatureTransform | undefined {
  const n = values.length;
  const t = log1p ? values.map(signedLog1p) : values;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = t[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  if (min === max) return undefined;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const e = t[i]! - mean;
    ss += e * e;
  }
  const sd = Math.sqrt(ss / n);
  if (!(sd > 0) || !Number.isFinite(sd)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'feature spread is not a positive finite number', { fn: 'segmentCustomers', column });
  }
  if (scale === 'zscore') return { column, log1p, scale, center: mean, spread: sd, spreadKind: 'sd' };
  const sorted = Float64Array.from(t).sort();
  const median = quantileSorted(sorted, 0.5);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  if (iqr > 0) return { column, log1p, scale, center: median, spread: iqr, spreadKind: 'iqr' };
  return { column, log1p, scale, center: median, spread: sd, spreadKind: 'sd' };
}

/** Transform one value: ((log1p? g(x) : x) − center) / spread. */
export function applyFeatureTransform(t: FeatureTransform, x: number): number {
  return ((t.log1p ? signedLog1p(x) : x) - t.center) / t.spread;
}

/** Undo {@link applyFeatureTransform}: back to the original units. */
export function invertFeatureTransform(t: FeatureTransform, z: number): number {
  const y = z * t.spread + t.center;
  return t.log1p ? signedExpm1(y) : y;
}
