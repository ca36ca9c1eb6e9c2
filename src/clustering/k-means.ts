import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { createRandom, type Random } from '../random.js';
import { checkFiniteResult, parseOptions } from '../validate.js';

/**
 * k-means on a flat, row-major `Float64Array` (row i, feature j at `data[i * dimensions + j]`):
 * a seeded greedy k-means++ initialisation and Lloyd iterations, written for speed on a million rows.
 *
 * Why our own Lloyd loop and not ml-kmeans': ml-kmeans works on `number[][]`, calls a distance
 * function for every (point, centre) pair in every iteration and needs the data converted to arrays
 * of arrays. This loop works on the flat array and skips rows with Hamerly's (2010) bounds, yet
 * performs the same arithmetic in the same order wherever it measures — squared Euclidean distance
 * summed over features in order, the first centre wins ties, new centres as the sum in row order
 * divided by the count, convergence when every centre moved by a squared distance ≤ `tolerance` — so
 * from the same initial centres it returns bit-for-bit the same labels, centres and iteration count
 * as ml-kmeans v7 (cross-checked in test/clustering/k-means.test.ts; bench/kmeans.ts checks it on 1M
 * rows). The one deliberate difference: a cluster that becomes empty is re-seeded (ml-kmeans keeps its
 * stale centre) with the point farthest from every current centre (ties: lowest row index), and the
 * run reports how many times that happened.
 */

/** Squared Euclidean distance between row `i` of `data` and row `c` of `centres`. */
function rowDistance(data: Float64Array, i: number, centres: Float64Array, c: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const t = data[a + j]! - centres[b + j]!;
    s += t * t;
  }
  return s;
}

/**
 * Seeded greedy k-means++ (Arthur & Vassilvitskii 2007; greedy variant as in scikit-learn: at each
 * step `localTrials` candidates are drawn with probability ∝ D(x)², the one that lowers the
 * potential Σ D(x)² most is kept). Keeps every point's squared distance to its nearest chosen
 * centre, so each step is `localTrials` passes over the data. Internal: inputs already validated.
 * @returns the k × d centres (flat) and the chosen row indices.
 */
export function seedCentres(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Random,
  localTrials: number,
  fn = 'kMeansPlusPlus',
): { centres: Float64Array; rows: Uint32Array } {
  const centres = new Float64Array(k * d);
  const rows = new Uint32Array(k);
  const first = rng.int(n);
  rows[0] = first;
  for (let j = 0; j < d; j++) centres[j] = data[first * d + j]!;
  let minD = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const v = rowDistance(data, i, centres, 0, d);
    minD[i] = v;
    pot += v;
  }
  let trial = new Float64Array(n);
  let best = new Float64Array(n);
  const candidates = new Int32Array(localTrials);
  const thresholds = new Float64Array(localTrials);
  for (let c = 1; c < k; c++) {
    if (!(pot > 0)) {
      throw new ClvkitError('TOO_FEW_VALUES', `fewer than ${k} points at a positive squared distance from each other`, { fn, k });
    }
    for (let t = 0; t < localTrials; t++) thresholds[t] = rng.next() * pot;
    sampleByWeights(minD, n, thresholds, candidates);
    // One pass per candidate (measured faster here than one pass writing every candidate's array).
    let bestPot = Infinity;
    let bestRow = -1;
    for (let t = 0; t < localTrials; t++) {
      const cand = candidates[t]!;
      const base = cand * d;
      let p = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const a = i * d;
        for (let j = 0; j < d; j++) {
          const u = data[a + j]! - data[base + j]!;
          s += u * u;
        }
        const m0 = minD[i]!;
        const m = s < m0 ? s : m0;
        trial[i] = m;
        p += m;
      }
      if (p < bestPot) {
        bestPot = p;
        bestRow = cand;
        const swap = best;
        best = trial;
        trial = swap;
      }
    }
    rows[c] = bestRow;
    for (let j = 0; j < d; j++) centres[c * d + j] = data[bestRow * d + j]!;
    const swap = minD;
    minD = best;
    best = swap;
    pot = bestPot;
  }
  return { centres, rows };
}

/**
 * For each threshold u_t, the first index whose cumulative weight exceeds u_t (the last positive
 * weight if rounding runs out), all in one scan.
 */
function sampleByWeights(weights: Float64Array, n: number, thresholds: Float64Array, out: Int32Array): void {
  const L = thresholds.length;
  const order = Array.from({ length: L }, (_, t) => t).sort((x, y) => thresholds[x]! - thresholds[y]! || x - y);
  let q = 0;
  let cum = 0;
  let last = -1;
  for (let i = 0; i < n && q < L; i++) {
    const w = weights[i]!;
    if (w > 0) {
      cum += w;
      last = i;
      while (q < L && cum > thresholds[order[q]!]!) out[order[q++]!] = i;
    }
  }
  while (q < L) out[order[q++]!] = last;
}

/** One Lloyd run. Internal: inputs already validated. */
export interface LloydRun {
  /** Labels of the last assignment step (against the centres before the last update, as ml-kmeans). */
  readonly labels: Int32Array;
  /** Centres after the last update, k × d flat. */
  readonly centres: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  /** How many times an empty cluster was re-seeded with the farthest point. */
  readonly reseeded: number;
}

/**
 * Lloyd iterations from the given centres (not modified), accelerated with Hamerly's (2010) bounds:
 * per row an upper bound on the distance to its centre and a lower bound on the distance to every
 * other centre, moved by the centres' displacements each iteration; a row whose bounds prove its
 * centre is still the nearest is not measured again. The bounds carry a relative slack of 1e-9, so a
 * row is skipped only when its nearest centre is certain; every other row is measured with the exact
 * squared distance and the first-wins comparison of plain Lloyd. Labels, centres (recomputed as sums in
 * row order each iteration) and iteration count are therefore those of plain Lloyd / ml-kmeans.
 * Internal: inputs already validated.
 */
export function lloydIterations(
  data: Float64Array,
  n: number,
  d: number,
  initial: Float64Array,
  maxIterations: number,
  tolerance: number,
  fn = 'kMeans',
): LloydRun {
  const k = initial.length / d;
  let centres = Float64Array.from(initial);
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const counts = new Float64Array(k);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  let reseeded = 0;
  let maxMove = 0;
  let secondMove = 0;
  let maxMoveC = -1;
  while (!converged && iterations < maxIterations) {
    iterations++;
    next.fill(0);
    counts.fill(0);
    if (iterations === 1) assignAll(data, n, d, centres, k, labels, upper, lower, next, counts);
    else {
      halfGaps(centres, k, d, half);
      assignBounded(data, n, d, centres, k, labels, upper, lower, half, moved, maxMoveC, maxMove, secondMove, next, counts);
    }
    let empty = false;
    for (let c = 0; c < k; c++) {
      const m = counts[c]!;
      if (m === 0) {
        empty = true;
        continue;
      }
      const b = c * d;
      for (let j = 0; j < d; j++) next[b + j]! /= m;
    }
    if (empty) reseeded += reseedEmpty(data, n, d, next, counts, fn);
    converged = true;
    maxMove = 0;
    secondMove = 0;
    maxMoveC = -1;
    for (let c = 0; c < k; c++) {
      const s = rowDistance(next, c, centres, c, d);
      if (s > tolerance) converged = false;
      const p = Math.sqrt(s);
      moved[c] = p;
      if (p > maxMove) {
        secondMove = maxMove;
        maxMove = p;
        maxMoveC = c;
      } else if (p > secondMove) {
        secondMove = p;
      }
    }
    const swap = centres;
    centres = next;
    next = swap;
  }
  return { labels, centres, iterations, converged, reseeded };
}

/** Relative slack on Hamerly's bounds: a row is skipped only when its nearest centre is certain. */
const SLACK_UP = 1 + 1e-9;
const SLACK_DOWN = 1 - 1e-9;

/** Half the distance from each centre to its nearest other centre. */
function halfGaps(centres: Float64Array, k: number, d: number, half: Float64Array): void {
  for (let c = 0; c < k; c++) {
    let m = Infinity;
    for (let e = 0; e < k; e++) {
      if (e === c) continue;
      const s = rowDistance(centres, c, centres, e, d);
      if (s < m) m = s;
    }
    half[c] = 0.5 * Math.sqrt(m);
  }
}

/** Squared distance of row i to every centre; nearest (first wins ties) and second nearest. */
function measureRow(
  data: Float64Array,
  i: number,
  d: number,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const a = i * d;
  let bestC = 0;
  let bestD = Number.MAX_VALUE;
  let secondD = Number.MAX_VALUE;
  for (let c = 0; c < k; c++) {
    const s = squaredGap(data, a, centres, c * d, d);
    if (s < bestD) {
      secondD = bestD;
      bestD = s;
      bestC = c;
    } else if (s < secondD) {
      secondD = s;
    }
  }
  labels[i] = bestC;
  upper[i] = Math.sqrt(bestD);
  lower[i] = k > 1 ? Math.sqrt(secondD) : Infinity;
}

/** Σ_j (x[a+j] − y[b+j])², summed in feature order (unrolled by 4; same order of additions). */
function squaredGap(x: Float64Array, a: number, y: Float64Array, b: number, d: number): number {
  let s = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const t0 = x[a + j]! - y[b + j]!;
    const t1 = x[a + j + 1]! - y[b + j + 1]!;
    const t2 = x[a + j + 2]! - y[b + j + 2]!;
    const t3 = x[a + j + 3]! - y[b + j + 3]!;
    s += t0 * t0;
    s += t1 * t1;
    s += t2 * t2;
    s += t3 * t3;
  }
  for (; j < d; j++) {
    const t = x[a + j]! - y[b + j]!;
    s += t * t;
  }
  return s;
}

/** Add row i to the sums of cluster c (features in order, as ml-kmeans adds them). */
function addRow(data: Float64Array, a: number, d: number, sums: Float64Array, b: number): void {
  let j = 0;
  for (; j + 3 < d; j += 4) {
    sums[b + j]! += data[a + j]!;
    sums[b + j + 1]! += data[a + j + 1]!;
    sums[b + j + 2]! += data[a + j + 2]!;
    sums[b + j + 3]! += data[a + j + 3]!;
  }
  for (; j < d; j++) sums[b + j]! += data[a + j]!;
}

/** First iteration: measure every row against every centre; accumulate the new sums in row order. */
function assignAll(
  data: Float64Array,
  n: number,
  d: number,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    measureRow(data, i, d, centres, k, labels, upper, lower);
    const c = labels[i]!;
    counts[c]!++;
    addRow(data, i * d, d, sums, c * d);
  }
}

/**
 * Later iterations, one pass: move the row's bounds by the centres' last displacements (upper grows
 * by its own centre's move, lower shrinks by the largest move of another centre), skip the row when
 * the bounds prove its centre is still the nearest, else measure; accumulate the new sums in row order.
 */
function assignBounded(
  data: Float64Array,
  n: number,
  d: number,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
  moved: Float64Array,
  maxMoveC: number,
  maxMove: number,
  secondMove: number,
  sums: Float64Array,
  counts: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    const a = i * d;
    let u = upper[i]! + moved[own]!;
    const l = lower[i]! - (own === maxMoveC ? secondMove : maxMove);
    lower[i] = l;
    const h = half[own]!;
    const bound = (h > l ? h : l) * SLACK_DOWN;
    if (u * SLACK_UP >= bound) {
      u = Math.sqrt(squaredGap(data, a, centres, own * d, d));
      if (u * SLACK_UP >= bound) {
        measureRow(data, i, d, centres, k, labels, upper, lower);
        const c = labels[i]!;
        counts[c]!++;
        addRow(data, a, d, sums, c * d);
        continue;
      }
    }
    upper[i] = u;
    counts[own]!++;
    addRow(data, a, d, sums, own * d);
  }
}

/**
 * Give each empty cluster (count 0), in index order, the point farthest from every current
 * centre (non-empty centres and those already re-seeded). Returns the number re-seeded.
 */
function reseedEmpty(data: Float64Array, n: number, d: number, centres: Float64Array, counts: Float64Array, fn: string): number {
  const k = counts.length;
  const live: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c]! > 0) live.push(c);
  let done = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      let m = Infinity;
      for (const l of live) {
        const s = rowDistance(data, i, centres, l, d);
        if (s < m) m = s;
      }
      if (m > farD) {
        farD = m;
        far = i;
      }
    }
    if (!(farD > 0)) {
      throw new ClvkitError('TOO_FEW_VALUES', `fewer than ${k} points at a positive squared distance from each other`, { fn, k });
    }
    for (let j = 0; j < d; j++) centres[c * d + j] = data[far * d + j]!;
    live.push(c);
    done++;
  }
  return done;
}

/**
 * Assign every row to its nearest centre (first wins ties) and fill `sqDist` with the squared
 * distances. Returns the counts per centre and the inertia Σ sqDist.
 */
export function assignNearest(
  data: Float64Array,
  n: number,
  d: number,
  centres: Float64Array,
  labels: Int32Array,
  sqDist: Float64Array,
): { counts: Float64Array; inertia: number } {
  const k = centres.length / d;
  const counts = new Float64Array(k);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const a = i * d;
    let bestC = 0;
    let bestD = Number.MAX_VALUE;
    for (let c = 0; c < k; c++) {
      const b = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[a + j]! - centres[b + j]!;
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        bestC = c;
      }
    }
    labels[i] = bestC;
    sqDist[i] = bestD;
    counts[bestC]!++;
    inertia += bestD;
  }
  return { counts, inertia };
}

/** A finished run whose labels match its centres. Internal. */
export interface FinishedRun {
  readonly labels: Int32Array;
  readonly sqDist: Float64Array;
  readonly centres: Float64Array;
  readonly counts: Float64Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly reseeded: number;
}

/**
 * Lloyd from `initial`, then a final assignment so that labels are the nearest centres (as
 * scikit-learn does); if that leaves a cluster empty (only possible when the run was capped), the
 * empty cluster is re-seeded with the farthest point and the points re-assigned, at most k times.
 */
export function finishRun(
  data: Float64Array,
  n: number,
  d: number,
  initial: Float64Array,
  maxIterations: number,
  tolerance: number,
  fn: string,
): FinishedRun {
  const run = lloydIterations(data, n, d, initial, maxIterations, tolerance, fn);
  const k = initial.length / d;
  const labels = new Int32Array(n);
  const sqDist = new Float64Array(n);
  let centres = run.centres;
  let reseeded = run.reseeded;
  let { counts, inertia } = assignNearest(data, n, d, centres, labels, sqDist);
  for (let attempt = 0; attempt < k && counts.some((c) => c === 0); attempt++) {
    centres = Float64Array.from(centres);
    reseeded += reseedEmpty(data, n, d, centres, counts, fn);
    ({ counts, inertia } = assignNearest(data, n, d, centres, labels, sqDist));
  }
  if (counts.some((c) => c === 0)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'could not fill every cluster', { fn, k });
  }
  // Each squared distance is below ~4e300·d (|value| ≤ 1e150), but tens of millions of them can overflow.
  checkFiniteResult(inertia, 'the inertia (sum of squared distances)', fn);
  return { labels, sqDist, centres, counts, inertia, iterations: run.iterations, converged: run.converged, reseeded };
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
export function countDistinctRows(data: Float64Array, n: number, d: number, limit: number): number {
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

const kMeansSchema = z.strictObject({
  /** Number of features per row (data.length must be a multiple). */
  dimensions: z.number().int().min(1),
  /** Number of clusters, 1 ≤ k ≤ number of distinct rows. */
  k: z.number().int().min(1),
  seed: z.number().int().default(42),
  /** Independent k-means++ + Lloyd runs; the lowest inertia is kept. */
  restarts: z.number().int().min(1).max(1000).default(4),
  /** Cap on Lloyd iterations per run. */
  maxIterations: z.number().int().min(1).max(100_000).default(300),
  /** Converged when every centre moves by a squared distance ≤ tolerance (in the data's units). */
  tolerance: z.number().min(0).default(1e-6),
  /** k-means++ candidates per step; default 2 + ⌊ln k⌋ (scikit-learn's n_local_trials). */
  localTrials: z.number().int().min(1).max(100).optional(),
});

/** Options of {@link kMeans}. */
export type KMeansOptions = z.input<typeof kMeansSchema>;

/** One k-means++ + Lloyd run. */
export interface KMeansRun {
  readonly restart: number;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Empty clusters re-seeded with the farthest point during the run. */
  readonly reseeded: number;
}

/** Result of {@link kMeans}. */
export interface KMeansResult {
  readonly k: number;
  /** Per row: cluster 0..k-1, the nearest of `centres`. */
  readonly labels: Int32Array;
  /** k × dimensions, row-major. */
  readonly centres: Float64Array;
  /** Rows per cluster (all ≥ 1). */
  readonly sizes: Uint32Array;
  /** Σ squared distance of each row to its centre. */
  readonly inertia: number;
  /** Index into `runs` of the kept run (lowest inertia, first on ties). */
  readonly best: number;
  readonly runs: readonly KMeansRun[];
}

/** Largest |value| accepted: squared distances of up to 1e4 features stay far below the float maximum. */
const MAX_MAGNITUDE = 1e150;

/** Check a flat data array: length a multiple of d, every value finite and ≤ 1e150 in size. Internal. */
export function checkFlatData(data: ArrayLike<number>, d: number, fn: string): number {
  if (data.length === 0) throw new ClvkitError('EMPTY_INPUT', 'no rows', { fn });
  if (data.length % d !== 0) {
    throw new ClvkitError('LENGTH_MISMATCH', `data length ${data.length} is not a multiple of ${d} dimensions`, { fn });
  }
  for (let i = 0; i < data.length; i++) {
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

/** Run `restarts` seeded k-means++ + Lloyd runs and keep the lowest inertia. Internal. */
export function bestOfRuns(
  data: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Random,
  restarts: number,
  maxIterations: number,
  tolerance: number,
  localTrials: number,
  fn: string,
): { run: FinishedRun; best: number; runs: KMeansRun[] } {
  let bestRun: FinishedRun | undefined;
  let best = 0;
  const runs: KMeansRun[] = [];
  for (let r = 0; r < restarts; r++) {
    const { centres } = seedCentres(data, n, d, k, rng.fork(r), localTrials, fn);
    const run = finishRun(data, n, d, centres, maxIterations, tolerance, fn);
    runs.push({ restart: r, inertia: run.inertia, iterations: run.iterations, converged: run.converged, reseeded: run.reseeded });
    if (bestRun === undefined || run.inertia < bestRun.inertia) {
      bestRun = run;
      best = r;
    }
  }
  return { run: bestRun!, best, runs };
}

/**
 * k-means clustering of the rows of a flat, row-major array: minimises the inertia
 * Σᵢ ‖xᵢ − c_{label(i)}‖² by Lloyd's algorithm (Lloyd 1982) from seeded greedy k-means++ starts
 * (Arthur & Vassilvitskii 2007), `restarts` times, keeping the lowest inertia.
 *
 * Run r draws from `createRandom(seed).fork(r)`, so results are identical for a seed on every run
 * and platform. Iterations are capped (`maxIterations`); each run reports `converged`. Empty clusters
 * are re-seeded with the point farthest from every centre, so every cluster has ≥ 1 row and no centre
 * is NaN. Final labels are the nearest centre of each row.
 *
 * @throws EMPTY_INPUT no rows; LENGTH_MISMATCH length not a multiple of `dimensions`;
 *   INVALID_VALUE a NaN or infinite value (row and feature index); TOO_FEW_VALUES k larger than the
 *   number of distinct rows (rows whose squared distance underflows to 0, i.e. differing by less than
 *   ~1.5e-162, count as one: see {@link countDistinctRows}); NUMERIC_FAILURE a |value| above 1e150
 *   (distances would overflow) or an inertia that overflows; INVALID_OPTIONS bad options. Errors name
 *   `kMeans`, never an internal step.
 * @example
 * const r = kMeans([0, 0, 0, 1, 10, 10, 10, 11], { dimensions: 2, k: 2, seed: 1 });
 * Array.from(r.labels); // [0, 0, 1, 1]
 * Array.from(r.centres); // [0, 0.5, 10, 10.5]
 * r.inertia; // 1
 */
export function kMeans(data: ArrayLike<number>, options: KMeansOptions): KMeansResult {
  const fn = 'kMeans';
  const o = parseOptions(kMeansSchema, options, fn);
  const d = o.dimensions;
  const n = checkFlatData(data, d, fn);
  const flat = Float64Array.from(data);
  if (countDistinctRows(flat, n, d, o.k) < o.k) {
    throw new ClvkitError('TOO_FEW_VALUES', `k = ${o.k} is larger than the number of distinct rows (rows at squared distance 0 count as one)`, { fn, k: o.k });
  }
  const localTrials = o.localTrials ?? 2 + Math.floor(Math.log(o.k));
  const { run, best, runs } = bestOfRuns(flat, n, d, o.k, createRandom(o.seed), o.restarts, o.maxIterations, o.tolerance, localTrials, fn);
  return {
    k: o.k,
    labels: run.labels,
    centres: run.centres,
    sizes: Uint32Array.from(run.counts),
    inertia: run.inertia,
    best,
    runs,
  };
}

const plusPlusSchema = z.strictObject({
  dimensions: z.number().int().min(1),
  k: z.number().int().min(1),
  seed: z.number().int().default(42),
  localTrials: z.number().int().min(1).max(100).optional(),
});

/** Options of {@link kMeansPlusPlus}. */
export type KMeansPlusPlusOptions = z.input<typeof plusPlusSchema>;

/**
 * Seeded greedy k-means++ initial centres (Arthur & Vassilvitskii 2007; greedy variant with
 * `localTrials` = 2 + ⌊ln k⌋ candidates per step, as scikit-learn's `n_local_trials`). One pass over
 * the data per candidate; every point's squared distance to its nearest chosen centre is kept.
 * Hand the result to ml-kmeans as `initialization` or to {@link kMeans}-style Lloyd iterations.
 *
 * @throws EMPTY_INPUT, LENGTH_MISMATCH, INVALID_VALUE, NUMERIC_FAILURE as {@link kMeans}; TOO_FEW_VALUES fewer distinct
 *   rows than k; INVALID_OPTIONS bad options.
 * @example
 * const c = kMeansPlusPlus([0, 0, 0, 1, 10, 10, 10, 11], { dimensions: 2, k: 2, seed: 1 });
 * Array.from(c.rows); // [2, 1]
 */
export function kMeansPlusPlus(
  data: ArrayLike<number>,
  options: KMeansPlusPlusOptions,
): { centres: Float64Array; rows: Uint32Array } {
  const fn = 'kMeansPlusPlus';
  const o = parseOptions(plusPlusSchema, options, fn);
  const n = checkFlatData(data, o.dimensions, fn);
  const flat = Float64Array.from(data);
  if (countDistinctRows(flat, n, o.dimensions, o.k) < o.k) {
    throw new ClvkitError('TOO_FEW_VALUES', `k = ${o.k} is larger than the number of distinct rows (rows at squared distance 0 count as one)`, { fn, k: o.k });
  }
  return seedCentres(flat, n, o.dimensions, o.k, createRandom(o.seed), o.localTrials ?? 2 + Math.floor(Math.log(o.k)), fn);
}
