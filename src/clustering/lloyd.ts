import { ClvkitError } from '../errors.js';
import { checkFiniteResult } from '../validate.js';
import { type FlatRows, rowDistance } from './flat-rows.js';
import { lloydBlockAll, lloydBlockBounded, lloydBlockFinal } from './lloyd-kernels.js';

/**
 * Lloyd iterations on flat rows (see {@link FlatRows}) with Hamerly's (2010) bounds, the final
 * assignment, and the re-seeding of empty clusters: the iteration part of {@link kMeans}. The per-row
 * passes are the block kernels of lloyd-kernels.ts, run here over all rows [0, n) or, through a
 * {@link LloydEngine}, by worker threads block by block (parallel-lloyd.ts). Internal.
 */

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
export function relativeTolerance(flat: FlatRows, tol: number): number {
  const { data, n, d } = flat;
  // Two passes over the rows in order, one accumulator per feature: each feature's sums are taken in row
  // order, the same arithmetic as one feature at a time, without striding through the data 2d times.
  if (d === 4) return relativeTolerance4(data, n, tol);
  const means = new Float64Array(d);
  for (let i = 0, a = 0; i < n; i++, a += d) for (let j = 0; j < d; j++) means[j]! += data[a + j]!;
  for (let j = 0; j < d; j++) means[j]! /= n;
  const ss = new Float64Array(d);
  for (let i = 0, a = 0; i < n; i++, a += d) {
    for (let j = 0; j < d; j++) {
      const t = data[a + j]! - means[j]!;
      ss[j]! += t * t;
    }
  }
  let total = 0;
  for (let j = 0; j < d; j++) total += ss[j]! / n;
  return (total / d) * tol;
}

/** {@link relativeTolerance} for 4 features: the same sums in the same order, in locals (3× faster). */
function relativeTolerance4(data: Float64Array, n: number, tol: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let a = 0, m = n * 4; a < m; a += 4) {
    s0 += data[a]!;
    s1 += data[a + 1]!;
    s2 += data[a + 2]!;
    s3 += data[a + 3]!;
  }
  const m0 = s0 / n,
    m1 = s1 / n,
    m2 = s2 / n,
    m3 = s3 / n;
  let q0 = 0,
    q1 = 0,
    q2 = 0,
    q3 = 0;
  for (let a = 0, m = n * 4; a < m; a += 4) {
    const t0 = data[a]! - m0,
      t1 = data[a + 1]! - m1,
      t2 = data[a + 2]! - m2,
      t3 = data[a + 3]! - m3;
    q0 += t0 * t0;
    q1 += t1 * t1;
    q2 += t2 * t2;
    q3 += t3 * t3;
  }
  let total = 0;
  total += q0 / n;
  total += q1 / n;
  total += q2 / n;
  total += q3 / n;
  return (total / 4) * tol;
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
export function lloydIterations(flat: FlatRows, settings: LloydSettings): LloydRun {
  return runLloyd(flat, settings).run;
}

/** How a Lloyd run starts and stops. Internal. */
export interface LloydSettings {
  /** Initial centres, k × d flat (not modified). */
  readonly initial: Float64Array;
  /** Cap on iterations. */
  readonly maxIterations: number;
  /** Convergence tolerance, read as `rule` says. */
  readonly tolerance: number;
  /** The public function named in errors (default `kMeans`). */
  readonly fn?: string;
  /** Stopping rule (default `'each-centre'`). */
  readonly rule?: ConvergenceRule;
  /** Where the assignment passes run; on this thread when absent. */
  readonly engine?: LloydEngine;
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
  assignBounded(centres: Float64Array, half: Float64Array, moved: Float64Array, drop: Float64Array, sums: Float64Array, counts: Float64Array): void;
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
function runLloyd(flat: FlatRows, settings: LloydSettings): { run: LloydRun; bounds: LloydBounds } {
  const { data, n, d } = flat;
  const { initial, maxIterations, tolerance, fn = 'kMeans', rule = 'each-centre', engine } = settings;
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
      else lloydBlockAll({ data, d, k, centres, labels, upper, lower, sums: next, counts }, 0, n);
    } else {
      halfGaps(centres, k, d, half);
      // Per cluster: how far its rows' lower bounds drop (the largest move of another centre).
      for (let c = 0; c < k; c++) drop[c] = c === maxMoveC ? secondMove : maxMove;
      if (engine) engine.assignBounded(centres, half, moved, drop, next, counts);
      else lloydBlockBounded({ data, d, k, centres, labels, upper, lower, half, moved, drop, sums: next, counts }, 0, n);
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
    if (empty) reseeded += reseedEmpty(flat, next, counts, fn);
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
function assignFinal(flat: FlatRows, run: LloydRun, bounds: LloydBounds, labels: Int32Array, sqDist: Float64Array): { counts: Float64Array; inertia: number } {
  const { data, n, d } = flat;
  const k = run.centres.length / d;
  const counts = new Float64Array(k);
  const { lower, half, drop } = bounds;
  const inertia = lloydBlockFinal({ data, d, k, centres: run.centres, labels: run.labels, lower, half, drop, finalLabels: labels, sqDist, counts }, 0, n);
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
function reseedEmpty(flat: FlatRows, centres: Float64Array, counts: Float64Array, fn: string): number {
  const { data, n, d } = flat;
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
export function assignNearest(flat: FlatRows, centres: Float64Array, labels: Int32Array, sqDist: Float64Array): { counts: Float64Array; inertia: number } {
  const { data, n, d } = flat;
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
export function finishRun(flat: FlatRows, settings: LloydSettings): FinishedRun {
  const { n, d } = flat;
  const { initial, fn = 'kMeans', engine } = settings;
  const { run, bounds } = runLloyd(flat, settings);
  const k = initial.length / d;
  const labels = new Int32Array(n);
  const sqDist = new Float64Array(n);
  let centres = run.centres;
  let reseeded = run.reseeded;
  let { counts, inertia } = engine ? engine.assignFinal(run.centres, bounds.half, bounds.drop, labels, sqDist) : assignFinal(flat, run, bounds, labels, sqDist);
  for (let attempt = 0; attempt < k && counts.some((c) => c === 0); attempt++) {
    centres = Float64Array.from(centres);
    reseeded += reseedEmpty(flat, centres, counts, fn);
    ({ counts, inertia } = assignNearest(flat, centres, labels, sqDist));
  }
  if (counts.some((c) => c === 0)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'could not fill every cluster', { fn, k });
  }
  // Each squared distance is below ~4e300·d (|value| ≤ 1e150), but tens of millions of them can overflow.
  checkFiniteResult(inertia, 'the inertia (sum of squared distances)', fn);
  return { labels, sqDist, centres, counts, inertia, iterations: run.iterations, converged: run.converged, reseeded };
}
