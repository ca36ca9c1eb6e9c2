import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { createRandom, type Random } from '../random.js';
import { parseOptions } from '../validate.js';
import { checkFlatData } from './flat-rows.js';

/**
 * Draw `m` distinct indices from 0..n-1, sorted ascending (seeded; Floyd's algorithm for a sparse
 * sample, a partial Fisher–Yates shuffle otherwise). Internal.
 */
export function sampleIndices(n: number, m: number, rng: Random): Uint32Array {
  if (m >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = rng.int(j + 1);
    picked.add(picked.has(t) ? j : t);
  }
  return Uint32Array.from(picked).sort();
}

/**
 * Mean silhouette of the rows `rows` (all distances Euclidean, computed among those rows only, with
 * the full data's labels), as scikit-learn's `silhouette_score(sample_size=…)`. Internal.
 * s(i) = (b − a) / max(a, b), a = mean distance to the other members of i's cluster, b = the smallest
 * mean distance to the members of another cluster; s(i) = 0 when i is alone in its cluster
 * (Rousseeuw 1987). Returns undefined when the rows hold fewer than 2 clusters.
 */
export function meanSilhouette(data: Float64Array, d: number, labels: ArrayLike<number>, k: number, rows: Uint32Array): number | undefined {
  const m = rows.length;
  const lab = new Int32Array(m);
  const sizes = new Float64Array(k);
  for (let q = 0; q < m; q++) {
    const c = labels[rows[q]!]!;
    lab[q] = c;
    sizes[c]!++;
  }
  let present = 0;
  for (let c = 0; c < k; c++) if (sizes[c]! > 0) present++;
  if (present < 2) return undefined;
  const x = new Float64Array(m * d);
  for (let q = 0; q < m; q++) for (let j = 0; j < d; j++) x[q * d + j] = data[rows[q]! * d + j]!;
  // sums[q * k + c] = Σ distance from q to the members of c.
  const sums = new Float64Array(m * k);
  for (let p = 0; p < m; p++) {
    const cp = lab[p]!;
    for (let q = p + 1; q < m; q++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[p * d + j]! - x[q * d + j]!;
        s += t * t;
      }
      const dist = Math.sqrt(s);
      sums[p * k + lab[q]!]! += dist;
      sums[q * k + cp]! += dist;
    }
  }
  let total = 0;
  for (let p = 0; p < m; p++) {
    const own = lab[p]!;
    if (sizes[own]! < 2) continue;
    const a = sums[p * k + own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const v = sums[p * k + c]! / sizes[c]!;
      if (v < b) b = v;
    }
    const den = a > b ? a : b;
    total += den > 0 ? (b - a) / den : 0;
  }
  return total / m;
}

const silhouetteSchema = z.strictObject({
  /** Features per row of the flat, row-major data. */
  dimensions: z.number().int().min(1),
  /** Compute on a seeded sample of at most this many rows (all rows when there are fewer). */
  sampleSize: z.number().int().min(2).default(2000),
  seed: z.number().int().default(42),
});

/** Options of {@link silhouetteScore}. */
export type SilhouetteOptions = z.input<typeof silhouetteSchema>;

/** Result of {@link silhouetteScore}. */
export interface SilhouetteResult {
  /** Mean silhouette in [−1, 1]. */
  readonly mean: number;
  /** Rows it was computed on (min(sampleSize, n)). */
  readonly sampleSize: number;
}

/**
 * Mean silhouette width (Rousseeuw 1987) of a clustering, Euclidean distance:
 * s(i) = (b(i) − a(i)) / max(a(i), b(i)), a(i) the mean distance from i to the rest of its cluster,
 * b(i) the lowest mean distance from i to another cluster; s(i) = 0 for a singleton. With more than
 * `sampleSize` rows it is computed on a seeded sample of `sampleSize` distinct rows (distances among
 * the sampled rows only, as scikit-learn's `silhouette_score(sample_size=…)`); cost O(m² d).
 *
 * @throws EMPTY_INPUT no rows; LENGTH_MISMATCH data/labels lengths disagree; INVALID_VALUE a
 *   non-finite value or a label that is not an integer; TOO_FEW_VALUES the (sampled) rows fall in
 *   fewer than 2 clusters; NUMERIC_FAILURE a |value| above 1e150; INVALID_OPTIONS bad options.
 * @example
 * silhouetteScore([0, 1, 10, 11], [0, 0, 1, 1], { dimensions: 1 });
 * // { mean: 0.899749373433584, sampleSize: 4 }
 */
export function silhouetteScore(data: ArrayLike<number>, labels: ArrayLike<number>, options: SilhouetteOptions): SilhouetteResult {
  const fn = 'silhouetteScore';
  const o = parseOptions(silhouetteSchema, options, fn);
  const n = checkFlatData(data, o.dimensions, fn);
  if (labels.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', `labels has ${labels.length} entries, expected ${n}`, { fn, column: 'labels' });
  }
  // Any integer labels, coded densely 0..k-1 in order of first appearance.
  const codes = new Map<number, number>();
  const dense = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!Number.isInteger(c)) throw new ClvkitError('INVALID_VALUE', 'labels must be integers', { fn, column: 'labels', index: i, value: c });
    if (!codes.has(c)) codes.set(c, codes.size);
    dense[i] = codes.get(c)!;
  }
  const rows = sampleIndices(n, o.sampleSize, createRandom(o.seed));
  const mean = meanSilhouette(Float64Array.from(data), o.dimensions, dense, codes.size, rows);
  if (mean === undefined) throw new ClvkitError('TOO_FEW_VALUES', 'the (sampled) rows fall in fewer than 2 clusters', { fn });
  return { mean, sampleSize: rows.length };
}
