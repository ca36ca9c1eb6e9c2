import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { createRandom, type Random } from '../random.js';
import { checkFiniteResult, parseOptions } from '../validate.js';
import { checkFlatData, countDistinctRows, type FlatRows } from './flat-rows.js';
import { defaultLocalTrials, type SeedEngine, seedCentres } from './k-means-plus-plus.js';
import { type ConvergenceRule, type FinishedRun, finishRun, type LloydEngine, relativeTolerance } from './lloyd.js';
import { MIN_PARALLEL_ROWS, startLloydPool, usableThreads } from './parallel-lloyd.js';

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
 * Speed (bench/kmeans.ts, bench/kmeans-phases.ts; 1M rows × 4 features, k = 6, 2 shared cores, Node 20):
 * the seeding scores all candidates of a step in one read-only pass and folds the kept one in with a
 * second; Lloyd accumulates the new centre sums in the assignment pass, has an unrolled path for 4
 * features, tests the bounds and picks the nearest and second-nearest centres with branch-free selects
 * (which of two distances is smaller is unpredictable row to row, and mispredicted branches cost more
 * than the arithmetic), starts a measured row from its own centre, and the final assignment reuses the
 * bounds (one distance per row unless the bounds are inconclusive).
 *
 * The pieces: flat-rows.ts (the data shape and its checks), k-means-plus-plus.ts (seeding) and
 * seed-kernels.ts (its per-row passes), lloyd.ts (iterations, final assignment, re-seeding),
 * lloyd-kernels.ts (the per-row passes), parallel-lloyd.ts and lloyd-worker.ts (the worker pool and its
 * code). This file holds the public entry and restarts.
 *
 * With `threads` > 1 (from 100,000 rows) the assignment passes run on the calling thread and `threads − 1`
 * worker threads (src/clustering/parallel-lloyd.ts), started first so that they come up while the calling
 * thread copies the rows and begins the k-means++ start; once they run, the seeding passes run on them too.
 * Rows are cut into fixed 16,384-row blocks whose partial sums are merged in block order, so results are
 * identical for every `threads` ≥ 2 and on every run, and equal to `threads: 1` up to the rounding of the
 * Lloyd sums (centres and inertia in the last bits). The start does not depend on `threads` at all: the
 * seeding sums by blocks on one thread too. Per run on 1M × 4, k = 6 (one thread, warm, a loaded shared
 * machine): k-means++ about 65 ms, Lloyd 25–30 ms per iteration on average (the first pass, every centre
 * measured, about 45 ms; late passes, nearly every row skipped, about 13 ms).
 */

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
   * Used only from {@link MIN_PARALLEL_ROWS} rows up, and capped at the cores available
   * (`os.availableParallelism()`); see {@link KMeansResult.threads}.
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
   * Threads the Lloyd passes ran on: the `threads` option capped at the cores available
   * (`os.availableParallelism()`), or 1 when that is 1 or the data has fewer than
   * {@link MIN_PARALLEL_ROWS} rows (workers would cost more than they save).
   */
  readonly threads: number;
}

/** Settings of {@link bestOfRuns}. Internal. */
export interface RestartSettings {
  readonly k: number;
  /** Run r seeds from `rng.fork(r)`. */
  readonly rng: Random;
  readonly restarts: number;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly localTrials: number;
  readonly fn: string;
  readonly rule?: ConvergenceRule;
  readonly engine?: LloydEngine;
  /** Where the k-means++ passes can run besides this thread (the same starts either way). */
  readonly seeder?: SeedEngine;
}

/** Run `restarts` seeded k-means++ + Lloyd runs and keep the lowest inertia. Internal. */
export function bestOfRuns(flat: FlatRows, settings: RestartSettings): { run: FinishedRun; best: number; runs: KMeansRun[] } {
  const { k, rng, restarts, maxIterations, tolerance, localTrials, fn, rule, engine, seeder } = settings;
  let bestRun: FinishedRun | undefined;
  let best = 0;
  const runs: KMeansRun[] = [];
  for (let r = 0; r < restarts; r++) {
    const { centres } = seedCentres(flat, { k, rng: rng.fork(r), localTrials, fn, ...(seeder !== undefined && { engine: seeder }) });
    const run = finishRun(flat, {
      initial: centres,
      maxIterations,
      tolerance,
      fn,
      ...(rule !== undefined && { rule }),
      ...(engine !== undefined && { engine }),
    });
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
 * `threads` (default 1) runs Lloyd's assignment passes on that many threads, the calling one and
 * `threads − 1` workers (at most one per core), when there are at least 100,000 rows (`result.threads`
 * says how many were used). Results then do not depend on the thread count or scheduling (fixed
 * 16,384-row blocks, partial sums merged in block order) but may
 * differ from `threads: 1` in the last bits of centres and inertia (another summation order). `kMeans`
 * stays synchronous: the calling thread waits on the workers and ends them before returning.
 *
 * @throws EMPTY_INPUT no rows; LENGTH_MISMATCH length not a multiple of `dimensions`;
 *   INVALID_VALUE a NaN or infinite value (row and feature index); TOO_FEW_VALUES k larger than the
 *   number of distinct rows (rows whose squared distance underflows to 0, i.e. differing by less than
 *   ~1.5e-162, count as one: see {@link countDistinctRows}); NUMERIC_FAILURE a |value| above 1e150
 *   (distances would overflow) or an inertia that overflows; THREAD_FAILURE (`threads` > 1) a worker
 *   thread that did not start within a second or failed; INVALID_OPTIONS bad options. Errors name
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
  const threads = o.threads > 1 && n >= MIN_PARALLEL_ROWS ? usableThreads(o.threads) : 1;
  // With workers, the copy lives in shared memory so that they read it in place. On one thread a
  // Float64Array is read in place (nothing here writes to it, and kMeans returns before the caller runs).
  let copy: Float64Array;
  if (threads === 1 && data instanceof Float64Array) copy = data;
  else copy = threads > 1 ? new Float64Array(new SharedArrayBuffer(n * d * 8)) : new Float64Array(n * d);
  const flat: FlatRows = { data: copy, n, d };
  // The workers start first (they read the rows only at their first command), so that their start-up
  // overlaps the copy, the checks below and the k-means++ seeding.
  const localTrials = o.localTrials ?? defaultLocalTrials(o.k);
  const pool = threads > 1 ? startLloydPool(flat, { k: o.k, threads, fn, wait: false, trials: localTrials }) : undefined;
  try {
    if (copy !== data) copy.set(data);
    if (countDistinctRows(flat, o.k) < o.k) {
      throw new ClvkitError('TOO_FEW_VALUES', `k = ${o.k} is larger than the number of distinct rows (rows at squared distance 0 count as one)`, {
        fn,
        k: o.k,
      });
    }
    const scikit = o.convergence === 'scikit-learn';
    const tolerance = scikit ? relativeTolerance(flat, o.tolerance) : o.tolerance;
    checkFiniteResult(tolerance, 'the tolerance scaled by the data variance', fn);
    const rule: ConvergenceRule = scikit ? 'total' : 'each-centre';
    const settings = { k: o.k, rng: createRandom(o.seed), restarts: o.restarts, maxIterations: o.maxIterations, tolerance, localTrials, fn, rule };
    const { run, best, runs } = bestOfRuns(flat, pool === undefined ? settings : { ...settings, engine: pool, ...(pool.seed && { seeder: pool.seed }) });
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
