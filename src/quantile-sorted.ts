/**
 * The p-quantile of values already sorted ascending, by linear interpolation between order statistics
 * (Hyndman & Fan 1996, definition 7; R's `quantile(type = 7)`, NumPy's default):
 * h = (n − 1)·p, Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) (0-based order statistics).
 * A variant with a precondition, so it has its own name: the caller sorts (and checks the values).
 *
 * @param sorted ascending, finite, at least one value (not checked: internal helper).
 * @param p in [0, 1].
 * @see Hyndman & Fan (1996), "Sample Quantiles in Statistical Packages", The American Statistician 50(4).
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 * quantileSorted(Float64Array.of(0, 10), 0.25) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
