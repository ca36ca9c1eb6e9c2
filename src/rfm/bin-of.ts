/**
 * The 0-based bin of `v` among ascending breakpoints: the number of breakpoints strictly below `v`
 * (bins are right-closed: a value equal to a breakpoint falls in the lower bin). Binary search,
 * O(log b). NaN compares below nothing, so it lands in bin 0; callers check values first.
 *
 * @example
 * binOf(5, [2, 5, 8]) // 1   (only 2 is below 5)
 * binOf(9, [2, 5, 8]) // 3
 */
export function binOf(v: number, breakpoints: readonly number[]): number {
  let lo = 0;
  let hi = breakpoints.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (breakpoints[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
