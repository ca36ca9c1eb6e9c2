/**
 * Independent, deliberately naive reference computations for the Pareto tests: plain arrays,
 * comparator sorts, O(n²) double sums. Nothing here shares code with src/pareto.
 */
import { createRandom } from '../../src/random.js';

/** Gini by the mean absolute difference, O(n²): Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ). */
export function giniByMeanDifference(values: readonly number[]): number {
  const n = values.length;
  let pairs = 0;
  let sum = 0;
  for (const a of values) {
    sum += a;
    for (const b of values) pairs += Math.abs(a - b);
  }
  return pairs / (2 * n * n * (sum / n));
}

/** Customer indices ranked by value descending, ties by index ascending (comparator sort). */
export function rankIndices(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((i, j) => values[j]! - values[i]! || i - j);
}

/** Value held by the top `share` of customers: walk customer by customer, take a fraction of the boundary one. */
export function topShareByWalking(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  const total = sorted.reduce((a, b) => a + b, 0);
  let remaining = share * sorted.length;
  let held = 0;
  for (const v of sorted) {
    if (remaining <= 0) break;
    const take = Math.min(1, remaining);
    held += take * v;
    remaining -= take;
  }
  return held / total;
}

/** Log-normal values (seeded), optionally rounded to create ties, with zeros and negatives mixed in. */
export function randomValues(
  seed: number,
  n: number,
  { sigma = 1.5, round = false, zeros = 0, negatives = 0 }: { sigma?: number; round?: boolean; zeros?: number; negatives?: number } = {},
): number[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => {
    const u = rng.next();
    if (u < zeros) return 0;
    if (u < zeros + negatives) return -Math.round(rng.uniform(1, 50));
    const v = Math.exp(rng.normal(3, sigma));
    return round ? Math.round(v) : v;
  });
}

/** The shared helper, re-exported for the Pareto tests that import it from here. */
export { codeOf } from '../helpers/expect-code.js';

/** Shared helper, re-exported for the Pareto tests. */
export { errorOf } from '../helpers/expect-code.js';
