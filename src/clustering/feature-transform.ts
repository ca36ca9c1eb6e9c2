import { ClvkitError } from '../errors.js';
import { quantileSorted } from '../quantile-sorted.js';

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
 * A feature is **constant** when it cannot separate customers, and is reported as such (the caller
 * drops it, with a warning). That is when its transformed values are all equal, and also when they are
 * equal to working precision: the population sd (computed as Σ (t − mean)² / n, as the scaling uses it)
 * is not a positive *normal* double (below 2⁻¹⁰²² ≈ 2.2e-308, which covers squares that underflow to
 * 0 when values differ by less than ~1e-154, e.g. [0, 0, 1e-200]), or it is negligible against the
 * values' magnitude: sd ≤ 64 ε · max |t| (ε = 2⁻⁵², so a relative spread below ~1.4e-14, where the
 * centred values would be mostly rounding noise). The robust IQR obeys the same rule before it is used;
 * otherwise the sd is (the `spreadKind: 'sd'` fallback).
 */

/** Smallest positive normal double, 2⁻¹⁰²². */
const MIN_NORMAL = 2 ** -1022;

/** A relative spread at most this is rounding noise: 64 ε. */
const NEGLIGIBLE_RELATIVE_SPREAD = 64 * Number.EPSILON;

/**
 * True when `spread` can scale a feature whose largest |value| is `magnitude`: a positive normal,
 * finite double above 64 ε · magnitude (see the module comment). Internal.
 */
export function isUsableSpread(spread: number, magnitude: number): boolean {
  return Number.isFinite(spread) && spread >= MIN_NORMAL && spread > NEGLIGIBLE_RELATIVE_SPREAD * magnitude;
}

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

/**
 * Fit the transform of one feature on its (finite, validated) values. Returns `undefined` when the
 * transformed feature is constant (all equal, or equal to working precision: see the module comment).
 * Internal.
 */
export function fitFeatureTransform(column: string, values: Float64Array, log1p: boolean, scale: 'zscore' | 'robust'): FeatureTransform | undefined {
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
  if (!Number.isFinite(sd)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'feature spread overflows a double', { fn: 'segmentCustomers', column });
  }
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (!isUsableSpread(sd, magnitude)) return undefined; // constant to working precision
  if (scale === 'zscore') return { column, log1p, scale, center: mean, spread: sd, spreadKind: 'sd' };
  const sorted = Float64Array.from(t).sort();
  const median = quantileSorted(sorted, 0.5);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  if (isUsableSpread(iqr, magnitude)) return { column, log1p, scale, center: median, spread: iqr, spreadKind: 'iqr' };
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
