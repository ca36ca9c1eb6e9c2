import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { createRandom, type Random } from '../random.js';
import { checkFiniteResult, parseOptions } from '../validate.js';
import { lloydBlockAll, lloydBlockBounded, lloydBlockFinal, MIN_PARALLEL_ROWS, startLloydPool } from './parallel-lloyd.js';

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
 * run reports how many times that happened. With `convergence: 'scikit-learn'` the loop stops by
 * scikit-learn's rule instead (Σ of the centres' squared moves ≤ tol × mean feature variance).
 *
 * Speed (bench/kmeans.ts, 1M rows × 4 features, k = 6, 2 shared cores, Node 20): the seeding scores
 * all candidates of a step in one read-only pass and folds the kept one in while drawing the next
 * step's candidates (two passes per step); Lloyd accumulates the new centre sums in the assignment pass,
 * has an unrolled path for 4 features, and the final assignment reuses the bounds (one distance per row
 * unless the bounds are inconclusive).
 *
 * With `threads` > 1 (from 100,000 rows) the assignment passes run in worker threads
 * (src/clustering/parallel-lloyd.ts): rows are cut into fixed 65,536-row blocks whose partial sums are
 * merged in block order, so results are identical for every `threads` ≥ 2 and on every run, and equal
 * to `threads: 1` up to the rounding of the sums (centres and inertia in the last bits). Bench, 2 cores:
 * Lloyd + final assignment 0.66 s → 0.40 s with `threads: 2` (≈ 0.08 s of it starting the workers),
 * k-means++ + Lloyd 0.86 s → 0.59 s.
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
 * centre. Each step is two passes over the data: one scoring every candidate's potential at once
 * (read-only), and one folding the kept candidate into the nearest distances while drawing the next
 * step's candidates from the updated distances (the cumulative scan of {@link sampleByWeights}, fused).
 * Every sum is taken in row order, so the choices are those of scoring one candidate per pass.
 * Internal: inputs already validated.
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
  const minD = new Float64Array(n);
  let pot = 0;
  for (let i = 0, a = 0; i < n; i++, a += d) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = data[a + j]! - centres[j]!;
      s += t * t;
    }
    minD[i] = s;
    pot += s;
  }
  const L = localTrials;
  const candidates = new Int32Array(L);
  const thresholds = new Float64Array(L);
  const candCoords = new Float64Array(L * d);
  const pots = new Float64Array(L);
  const keep = new Float64Array(d);
  if (k > 1) {
    drawThresholds(rng, pot, thresholds, k, fn);
    sampleByWeights(minD, n, thresholds, candidates);
  }
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < L; t++) {
      const base = candidates[t]! * d;
      for (let j = 0; j < d; j++) candCoords[t * d + j] = data[base + j]!;
    }
    scoreCandidates(data, n, d, minD, candCoords, L, pots);
    // First candidate wins ties, as when scoring one candidate per pass.
    let bestPot = Infinity;
    let bestT = 0;
    for (let t = 0; t < L; t++) {
      if (pots[t]! < bestPot) {
        bestPot = pots[t]!;
        bestT = t;
      }
    }
    const bestRow = candidates[bestT]!;
    rows[c] = bestRow;
    for (let j = 0; j < d; j++) {
      keep[j] = data[bestRow * d + j]!;
      centres[c * d + j] = keep[j]!;
    }
    pot = bestPot;
    if (c === k - 1) break;
    drawThresholds(rng, pot, thresholds, k, fn);
    foldAndSample(data, n, d, minD, keep, thresholds, candidates);
  }
  return { centres, rows };
}

/** Draw the next step's sampling thresholds u·pot (throws when every point sits on a centre). */
function drawThresholds(rng: Random, pot: number, thresholds: Float64Array, k: number, fn: string): void {
  if (!(pot > 0)) {
    throw new ClvkitError('TOO_FEW_VALUES', `fewer than ${k} points at a positive squared distance from each other`, { fn, k });
  }
  for (let t = 0; t < thresholds.length; t++) thresholds[t] = rng.next() * pot;
}

/** pots[t] = Σᵢ min(minD[i], ‖xᵢ − candidate t‖²), each summed in row order; one read-only pass. */
function scoreCandidates(
  data: Float64Array,
  n: number,
  d: number,
  minD: Float64Array,
  cand: Float64Array,
  L: number,
  pots: Float64Array,
): void {
  pots.fill(0);
  if (d === 4) {
    for (let t0 = 0; t0 < L; t0 += 3) {
      // Up to three candidates per pass, coordinates in locals.
      const m = Math.min(3, L - t0);
      const b0 = t0 * 4;
      const b1 = (t0 + (m > 1 ? 1 : 0)) * 4;
      const b2 = (t0 + (m > 2 ? 2 : 0)) * 4;
      const p0 = cand[b0]!, q0 = cand[b0 + 1]!, r0 = cand[b0 + 2]!, s0 = cand[b0 + 3]!;
      const p1 = cand[b1]!, q1 = cand[b1 + 1]!, r1 = cand[b1 + 2]!, s1 = cand[b1 + 3]!;
      const p2 = cand[b2]!, q2 = cand[b2 + 1]!, r2 = cand[b2 + 2]!, s2 = cand[b2 + 3]!;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      for (let i = 0, a = 0; i < n; i++, a += 4) {
        const x0 = data[a]!, x1 = data[a + 1]!, x2 = data[a + 2]!, x3 = data[a + 3]!;
        const m0 = minD[i]!;
        let u = x0 - p0, v = x1 - q0, w = x2 - r0, z = x3 - s0;
        let s = 0;
        s += u * u;
        s += v * v;
        s += w * w;
        s += z * z;
        sum0 += s < m0 ? s : m0;
        u = x0 - p1; v = x1 - q1; w = x2 - r1; z = x3 - s1;
        s = 0;
        s += u * u;
        s += v * v;
        s += w * w;
        s += z * z;
        sum1 += s < m0 ? s : m0;
        u = x0 - p2; v = x1 - q2; w = x2 - r2; z = x3 - s2;
        s = 0;
        s += u * u;
        s += v * v;
        s += w * w;
        s += z * z;
        sum2 += s < m0 ? s : m0;
      }
      pots[t0] = sum0;
      if (m > 1) pots[t0 + 1] = sum1;
      if (m > 2) pots[t0 + 2] = sum2;
    }
    return;
  }
  for (let i = 0, a = 0; i < n; i++, a += d) {
    const m0 = minD[i]!;
    for (let t = 0, b = 0; t < L; t++, b += d) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const u = data[a + j]! - cand[b + j]!;
        s += u * u;
      }
      pots[t]! += s < m0 ? s : m0;
    }
  }
}

/**
 * minD[i] ← min(minD[i], ‖xᵢ − keep‖²) and, in the same pass, the sampling of
 * {@link sampleByWeights} on the updated weights.
 */
function foldAndSample(
  data: Float64Array,
  n: number,
  d: number,
  minD: Float64Array,
  keep: Float64Array,
  thresholds: Float64Array,
  out: Int32Array,
): void {
  const L = thresholds.length;
  const order = sortedOrder(thresholds);
  let q = 0;
  let next = thresholds[order[0]!]!;
  let cum = 0;
  let last = -1;
  if (d === 4) {
    const p = keep[0]!, r = keep[1]!, s = keep[2]!, t = keep[3]!;
    for (let i = 0, a = 0; i < n; i++, a += 4) {
      const u = data[a]! - p, v = data[a + 1]! - r, w = data[a + 2]! - s, z = data[a + 3]! - t;
      let e = 0;
      e += u * u;
      e += v * v;
      e += w * w;
      e += z * z;
      const m0 = minD[i]!;
      const m = e < m0 ? e : m0;
      minD[i] = m;
      if (m > 0) {
        cum += m;
        last = i;
        while (cum > next) {
          out[order[q++]!] = i;
          next = q < L ? thresholds[order[q]!]! : Infinity;
        }
      }
    }
  } else {
    for (let i = 0, a = 0; i < n; i++, a += d) {
      let e = 0;
      for (let j = 0; j < d; j++) {
        const u = data[a + j]! - keep[j]!;
        e += u * u;
      }
      const m0 = minD[i]!;
      const m = e < m0 ? e : m0;
      minD[i] = m;
      if (m > 0) {
        cum += m;
        last = i;
        while (cum > next) {
          out[order[q++]!] = i;
          next = q < L ? thresholds[order[q]!]! : Infinity;
        }
      }
    }
  }
  while (q < L) out[order[q++]!] = last;
}

/** Indices of the thresholds in increasing order (ties: lower index first). */
function sortedOrder(thresholds: Float64Array): number[] {
  return Array.from({ length: thresholds.length }, (_, t) => t).sort((x, y) => thresholds[x]! - thresholds[y]! || x - y);
}

/**
 * For each threshold u_t, the first index whose cumulative weight exceeds u_t (the last positive
 * weight if rounding runs out), all in one scan.
 */
function sampleByWeights(weights: Float64Array, n: number, thresholds: Float64Array, out: Int32Array): void {
  const L = thresholds.length;
  const order = sortedOrder(thresholds);
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
 * When Lloyd stops: `'each-centre'` (ml-kmeans, {@link kMeans}) once every centre moved by a squared
 * distance ≤ tolerance; `'total'` (scikit-learn's `KMeans`) once the squared Frobenius norm of the
 * centre shift, Σ_c ‖c_new − c_old‖², is ≤ tolerance. scikit-learn scales its `tol` first: see
 * {@link relativeTolerance}.
 */
export type ConvergenceRule = 'each-centre' | 'total';

/**
 * scikit-learn's absolute tolerance for a relative `tol`: tol × the mean over features of the
 * per-feature (population) variance of the data (sklearn.cluster._kmeans._tolerance). Internal.
 */
export function relativeTolerance(data: Float64Array, n: number, d: number, tol: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + j]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const t = data[i * d + j]! - mean;
      ss += t * t;
    }
    total += ss / n;
  }
  return (total / d) * tol;
}

/**
 * Lloyd iterations from the given centres (not modified), accelerated with Hamerly's (2010) bounds:
 * per row an upper bound on the distance to its centre and a lower bound on the distance to every
 * other centre, moved by the centres' displacements each iteration; a row whose bounds prove its
 * centre is still the nearest is not measured again. The bounds carry a relative slack of 1e-9, so a
 * row is skipped only when its nearest centre is certain; every other row is measured with the exact
 * squared distance and the first-wins comparison of plain Lloyd. Labels, centres (recomputed as sums in
 * row order each iteration, in the same pass as the assignment) and iteration count are therefore those
 * of plain Lloyd / ml-kmeans. Internal: inputs already validated.
 */
export function lloydIterations(
  data: Float64Array,
  n: number,
  d: number,
  initial: Float64Array,
  maxIterations: number,
  tolerance: number,
  fn = 'kMeans',
  rule: ConvergenceRule = 'each-centre',
): LloydRun {
  return runLloyd(data, n, d, initial, maxIterations, tolerance, fn, rule).run;
}

/** Hamerly's bounds as a Lloyd run leaves them, valid for its final centres. Internal. */
interface LloydBounds {
  /** Per row: a lower bound on the distance to every centre but its last one, before the last move. */
  readonly lower: Float64Array;
  /** Half the gap from each final centre to its nearest other final centre. */
  readonly half: Float64Array;
  /** Per cluster: the largest last move of another centre. */
  readonly drop: Float64Array;
}

/**
 * Where a Lloyd run's assignment passes run when not on this thread (src/clustering/parallel-lloyd.ts):
 * the same per-row arithmetic as {@link assignAll}, {@link assignBounded} and {@link assignFinal},
 * writing the new centre sums and counts into `sums`/`counts`, with the per-row state in its own
 * `labels`/`upper`/`lower`. Internal.
 */
export interface LloydEngine {
  readonly labels: Int32Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  assignAll(centres: Float64Array, sums: Float64Array, counts: Float64Array): void;
  assignBounded(
    centres: Float64Array,
    half: Float64Array,
    moved: Float64Array,
    drop: Float64Array,
    sums: Float64Array,
    counts: Float64Array,
  ): void;
  /** {@link assignFinal} from the engine's labels and lower bounds; fills labels and sqDist. */
  assignFinal(
    centres: Float64Array,
    half: Float64Array,
    drop: Float64Array,
    labels: Int32Array,
    sqDist: Float64Array,
  ): { counts: Float64Array; inertia: number };
}

/** {@link lloydIterations}, also returning the bounds for the final assignment. */
function runLloyd(
  data: Float64Array,
  n: number,
  d: number,
  initial: Float64Array,
  maxIterations: number,
  tolerance: number,
  fn: string,
  rule: ConvergenceRule,
  engine?: LloydEngine,
): { run: LloydRun; bounds: LloydBounds } {
  const k = initial.length / d;
  let centres = Float64Array.from(initial);
  let next = new Float64Array(k * d);
  const labels = engine?.labels ?? new Int32Array(n);
  const upper = engine?.upper ?? new Float64Array(n);
  const lower = engine?.lower ?? new Float64Array(n);
  const counts = new Float64Array(k);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);
  const drop = new Float64Array(k);
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
    if (iterations === 1) {
      if (engine) engine.assignAll(centres, next, counts);
      else lloydBlockAll(data, d, k, centres, labels, upper, lower, 0, n, next, counts);
    } else {
      halfGaps(centres, k, d, half);
      // Per cluster: how far its rows' lower bounds drop (the largest move of another centre).
      for (let c = 0; c < k; c++) drop[c] = c === maxMoveC ? secondMove : maxMove;
      if (engine) engine.assignBounded(centres, half, moved, drop, next, counts);
      else lloydBlockBounded(data, d, k, centres, labels, upper, lower, half, moved, drop, 0, n, next, counts);
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
    maxMove = 0;
    secondMove = 0;
    maxMoveC = -1;
    let eachWithin = true;
    let total = 0;
    for (let c = 0; c < k; c++) {
      const s = rowDistance(next, c, centres, c, d);
      if (s > tolerance) eachWithin = false;
      total += s;
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
    converged = rule === 'each-centre' ? eachWithin : total <= tolerance;
    const swap = centres;
    centres = next;
    next = swap;
  }
  halfGaps(centres, k, d, half);
  for (let c = 0; c < k; c++) drop[c] = c === maxMoveC ? secondMove : maxMove;
  return { run: { labels, centres, iterations, converged, reseeded }, bounds: { lower, half, drop } };
}

/**
 * The nearest final centre of every row (first wins ties) and its squared distance, using the bounds
 * a Lloyd run left: each row's distance to its last centre is measured exactly; the other centres are
 * measured only when the bounds cannot prove that centre is still the nearest. Same results as
 * {@link assignNearest} on the final centres. Returns the counts and the inertia (summed in row order).
 */
function assignFinal(
  data: Float64Array,
  n: number,
  d: number,
  run: LloydRun,
  bounds: LloydBounds,
  labels: Int32Array,
  sqDist: Float64Array,
): { counts: Float64Array; inertia: number } {
  const k = run.centres.length / d;
  const counts = new Float64Array(k);
  const inertia = lloydBlockFinal(data, d, k, run.centres, run.labels, bounds.lower, bounds.half, bounds.drop, 0, n, labels, sqDist, counts);
  return { counts, inertia };
}

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
  rule: ConvergenceRule = 'each-centre',
  engine?: LloydEngine,
): FinishedRun {
  const { run, bounds } = runLloyd(data, n, d, initial, maxIterations, tolerance, fn, rule, engine);
  const k = initial.length / d;
  const labels = new Int32Array(n);
  const sqDist = new Float64Array(n);
  let centres = run.centres;
  let reseeded = run.reseeded;
  let { counts, inertia } = engine
    ? engine.assignFinal(run.centres, bounds.half, bounds.drop, labels, sqDist)
    : assignFinal(data, n, d, run, bounds, labels, sqDist);
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
  /**
   * Stopping rule. `'each-centre'` (default, as ml-kmeans): converged when every centre moves by a
   * squared distance ≤ `tolerance`, in the data's units. `'scikit-learn'`: converged when the squared
   * Frobenius norm of the centre shift, Σ_c ‖c_new − c_old‖², is ≤ `tolerance` × the mean over features
   * of the data's (population) variance — scikit-learn's `KMeans(tol=…)`, whose default tol is 1e-4.
   */
  convergence: z.enum(['each-centre', 'scikit-learn']).default('each-centre'),
  /** Convergence tolerance, read as `convergence` says (default 1e-6). */
  tolerance: z.number().min(0).default(1e-6),
  /** k-means++ candidates per step; default 2 + ⌊ln k⌋ (scikit-learn's n_local_trials). */
  localTrials: z.number().int().min(1).max(100).optional(),
  /**
   * Worker threads for the Lloyd assignment passes (default 1: everything on the calling thread).
   * Used only from {@link MIN_PARALLEL_ROWS} rows up; see {@link KMeansResult.threads}.
   */
  threads: z.number().int().min(1).max(256).default(1),
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
  /**
   * Threads the Lloyd passes ran on: the `threads` option, or 1 when it was 1 or the data has fewer
   * than {@link MIN_PARALLEL_ROWS} rows (workers would cost more than they save).
   */
  readonly threads: number;
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
  rule: ConvergenceRule = 'each-centre',
  engine?: LloydEngine,
): { run: FinishedRun; best: number; runs: KMeansRun[] } {
  let bestRun: FinishedRun | undefined;
  let best = 0;
  const runs: KMeansRun[] = [];
  for (let r = 0; r < restarts; r++) {
    const { centres } = seedCentres(data, n, d, k, rng.fork(r), localTrials, fn);
    const run = finishRun(data, n, d, centres, maxIterations, tolerance, fn, rule, engine);
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
 * and platform. Iterations are capped (`maxIterations`); each run reports `converged`. The stopping
 * rule is ml-kmeans' by default (every centre moved by a squared distance ≤ `tolerance`, absolute) or
 * scikit-learn's with `convergence: 'scikit-learn'` (Σ_c ‖Δc‖² ≤ `tolerance` × mean per-feature
 * variance; use `tolerance: 1e-4` for scikit-learn's default). Empty clusters
 * are re-seeded with the point farthest from every centre, so every cluster has ≥ 1 row and no centre
 * is NaN. Final labels are the nearest centre of each row.
 *
 * `threads` (default 1) runs Lloyd's assignment passes in that many worker threads when there are at
 * least 100,000 rows (`result.threads` says how many were used). Results then do not depend on the
 * thread count or scheduling (fixed 65,536-row blocks, partial sums merged in block order) but may
 * differ from `threads: 1` in the last bits of centres and inertia (another summation order). `kMeans`
 * stays synchronous: the calling thread waits on the workers and ends them before returning.
 *
 * @throws EMPTY_INPUT no rows; LENGTH_MISMATCH length not a multiple of `dimensions`;
 *   INVALID_VALUE a NaN or infinite value (row and feature index); TOO_FEW_VALUES k larger than the
 *   number of distinct rows (rows whose squared distance underflows to 0, i.e. differing by less than
 *   ~1.5e-162, count as one: see {@link countDistinctRows}); NUMERIC_FAILURE a |value| above 1e150
 *   (distances would overflow), an inertia that overflows, or (`threads` > 1) a worker thread that
 *   failed; INVALID_OPTIONS bad options. Errors name
 *   `kMeans`, never an internal step.
 * @example
 * const r = kMeans([0, 0, 0, 1, 10, 10, 10, 11], { dimensions: 2, k: 2, seed: 1 });
 * Array.from(r.labels); // [0, 0, 1, 1]
 * Array.from(r.centres); // [0, 0.5, 10, 10.5]
 * r.inertia; // 1
 * kMeans([0, 0, 0, 1, 10, 10, 10, 11], { dimensions: 2, k: 2, seed: 1, convergence: 'scikit-learn', tolerance: 1e-4 }).runs[0];
 * // { restart: 0, inertia: 1, iterations: 2, converged: true, reseeded: 0 }
 */
export function kMeans(data: ArrayLike<number>, options: KMeansOptions): KMeansResult {
  const fn = 'kMeans';
  const o = parseOptions(kMeansSchema, options, fn);
  const d = o.dimensions;
  const n = checkFlatData(data, d, fn);
  const threads = o.threads > 1 && n >= MIN_PARALLEL_ROWS ? o.threads : 1;
  // With workers, the copy lives in shared memory so that they read it in place.
  const flat = threads > 1 ? new Float64Array(new SharedArrayBuffer(n * d * 8)) : new Float64Array(n * d);
  flat.set(data);
  if (countDistinctRows(flat, n, d, o.k) < o.k) {
    throw new ClvkitError('TOO_FEW_VALUES', `k = ${o.k} is larger than the number of distinct rows (rows at squared distance 0 count as one)`, { fn, k: o.k });
  }
  const localTrials = o.localTrials ?? 2 + Math.floor(Math.log(o.k));
  const scikit = o.convergence === 'scikit-learn';
  const tolerance = scikit ? relativeTolerance(flat, n, d, o.tolerance) : o.tolerance;
  checkFiniteResult(tolerance, 'the tolerance scaled by the data variance', fn);
  const rule: ConvergenceRule = scikit ? 'total' : 'each-centre';
  const pool = threads > 1 ? startLloydPool(flat, n, d, o.k, threads, fn) : undefined;
  try {
    const { run, best, runs } = bestOfRuns(flat, n, d, o.k, createRandom(o.seed), o.restarts, o.maxIterations, tolerance, localTrials, fn, rule, pool);
    return {
      k: o.k,
      labels: run.labels,
      centres: run.centres,
      sizes: Uint32Array.from(run.counts),
      inertia: run.inertia,
      best,
      runs,
      threads,
    };
  } finally {
    pool?.close();
  }
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
