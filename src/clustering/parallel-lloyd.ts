import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ClvkitError } from '../errors.js';
import type { FlatRows } from './flat-rows.js';
import type { SeedEngine } from './k-means-plus-plus.js';
import type { LloydEngine } from './lloyd.js';
import { lloydBlockAll, lloydBlockBounded, lloydBlockFinal } from './lloyd-kernels.js';
import { seedBlockFirst, seedBlockFold, seedBlockScore } from './seed-kernels.js';
import { COMMAND, CONTROL, type LloydWorkerData, lloydStep, lloydStepState, lloydWorkerSource } from './lloyd-worker.js';

/**
 * Multi-core Lloyd steps for {@link kMeans} (`threads` > 1): the assignment of rows to centres and the
 * partial sums of the new centres run on the calling thread and `threads − 1` `node:worker_threads` workers
 * over SharedArrayBuffers (one worker fewer to start than threads, and no thread idle while it waits); the
 * calling thread then waits synchronously (Atomics.wait) for the workers' last blocks and merges, so
 * `kMeans` stays synchronous. Started with `trials`, the pool also runs the k-means++ seeding passes
 * (seed-kernels.ts, {@link LloydPool.seed}) once its workers are up.
 *
 * Determinism: rows are cut into fixed blocks of {@link BLOCK_ROWS} rows, independent of the thread
 * count; each thread claims blocks one at a time and writes each block's sums, counts and inertia into
 * that block's own slot; the main thread adds the block partials in block order. The arithmetic per
 * row is that of the single-threaded loop (the same kernels, lloyd-kernels.ts), so results do not
 * depend on scheduling or on `threads` (2, 3, 4 … give bit-identical output). They can differ in the
 * last bits from `threads: 1`, whose sums run in one row-order chain.
 *
 * Workers are started from source text (lloyd-worker.ts), so they need no file on disk and work the
 * same from the TypeScript sources (tsx, vitest), from the bundled ESM and CJS builds, and in a process
 * whose eval'd code is ES modules (`node --input-type=module`). The main thread is blocked while it
 * waits, so a worker's `error` event cannot reach it: a worker that cannot start (its code never runs)
 * is noticed by the deadline {@link STARTUP_LIMIT_MS} on the alive count; a worker that throws raises
 * the failed slot, which the waiting main thread checks; and no pass waits longer than
 * {@link WAIT_LIMIT_MS}. Each failure is THREAD_FAILURE. Internal.
 */

/**
 * Rows per block: the unit of work and of summation order. Small enough that the calling thread and the
 * workers share the blocks evenly when one of them is slowed down by other work on the machine.
 */
export const BLOCK_ROWS = 16_384;

/** Below this many rows `kMeans` ignores `threads` (starting workers costs more than it saves). */
export const MIN_PARALLEL_ROWS = 100_000;

/**
 * How long every started worker has to begin running its code. A Node worker starts in 50–200 ms here,
 * even on a loaded machine; one that has not run by then is not going to (its code failed to load).
 */
export const STARTUP_LIMIT_MS = 1000;

/**
 * The threads worth starting: the request, capped at the cores this process may use
 * (`os.availableParallelism()`): more workers than cores only add start-up time and contention (256
 * threads on 100,000 rows took 33 s). Internal.
 */
export function usableThreads(requested: number): number {
  return Math.max(1, Math.min(requested, availableParallelism()));
}

/** Settings of a Lloyd worker pool. Internal. */
export interface LloydPoolSettings {
  /** Number of centres of the runs. */
  readonly k: number;
  /** Threads to run on (≥ 2): the calling thread and `threads − 1` workers. */
  readonly threads: number;
  /** k-means++ candidates per step, when the pool is to run the seeding passes too ({@link LloydPool.seed}). */
  readonly trials?: number;
  /** The public function named in errors. */
  readonly fn: string;
  /** The workers' source text; tests replace it to make a worker fail. Default {@link lloydWorkerSource}. */
  readonly source?: string;
  /** Deadline for the workers to start running, from when they are started; default {@link STARTUP_LIMIT_MS}. */
  readonly startupLimitMs?: number;
  /**
   * Wait for the workers to be running and warmed up before returning (default true). With false the pool
   * returns at once and waits (or throws THREAD_FAILURE) at its first command or {@link LloydPool.ready}, so
   * the caller can do other work, such as the k-means++ seeding, while the workers start.
   */
  readonly wait?: boolean;
}

/** How long the main thread waits for workers to start or to finish one command before giving up. */
const WAIT_LIMIT_MS = 120_000;

/** A pool of Lloyd workers over one data set; call {@link LloydPool.close} in a `finally`. Internal. */
export interface LloydPool extends LloydEngine {
  /** Block until every worker is running and warmed up (THREAD_FAILURE if one cannot start or fails). */
  ready(): void;
  /**
   * The k-means++ seeding passes on the pool (when started with `trials`): used by seedCentres once the
   * workers run, with the same block sums as on one thread, so the start does not depend on `threads`.
   */
  readonly seed?: SeedEngine;
  close(): void;
}

/**
 * Start `threads − 1` workers over the rows (copied into shared memory unless they already live there) for
 * runs with k centres; the calling thread is the last of the `threads`. Blocks until every worker is running
 * and warmed up, unless `wait` is false (then the first command waits).
 * @throws THREAD_FAILURE a worker could not start within {@link STARTUP_LIMIT_MS}, or failed while warming up.
 */
export function startLloydPool(flat: FlatRows, settings: LloydPoolSettings): LloydPool {
  const { data, n, d } = flat;
  const { k, threads, fn, source = lloydWorkerSource(), startupLimitMs = STARTUP_LIMIT_MS, wait = true, trials = 1 } = settings;
  // The calling thread takes blocks too, so `threads` threads need threads − 1 workers.
  const workerCount = Math.max(1, threads - 1);
  const blocks = Math.ceil(n / BLOCK_ROWS);
  const sab = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(8, bytes));
  let dataBuffer: SharedArrayBuffer;
  if (data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0 && data.length === n * d) dataBuffer = data.buffer;
  else {
    dataBuffer = sab(n * d * 8);
    new Float64Array(dataBuffer).set(data.subarray(0, n * d));
  }
  const shared: LloydWorkerData = {
    control: sab(CONTROL.size * 4),
    data: dataBuffer,
    labels: sab(n * 4),
    upper: sab(n * 8),
    lower: sab(n * 8),
    finalLabels: sab(n * 4),
    sqDist: sab(n * 8),
    centres: sab(k * d * 8),
    half: sab(k * 8),
    moved: sab(k * 8),
    drop: sab(k * 8),
    sums: sab(blocks * k * d * 8),
    counts: sab(blocks * k * 8),
    inertia: sab(blocks * 8),
    minD: sab(settings.trials === undefined ? 8 : n * 8),
    seedCand: sab(trials * d * 8),
    seedPots: sab(blocks * trials * 8),
    seedTotals: sab(blocks * 8),
    trials,
    n,
    d,
    k,
    blockRows: BLOCK_ROWS,
    workers: workerCount,
  };
  const control = new Int32Array(shared.control);
  const labels = new Int32Array(shared.labels);
  const upper = new Float64Array(shared.upper);
  const lower = new Float64Array(shared.lower);
  const finalLabels = new Int32Array(shared.finalLabels);
  const sqDistShared = new Float64Array(shared.sqDist);
  const centresShared = new Float64Array(shared.centres);
  const halfShared = new Float64Array(shared.half);
  const movedShared = new Float64Array(shared.moved);
  const dropShared = new Float64Array(shared.drop);
  const sumsShared = new Float64Array(shared.sums);
  const countsShared = new Float64Array(shared.counts);
  const inertiaShared = new Float64Array(shared.inertia);
  const mainState = lloydStepState(shared, CONTROL, COMMAND, {
    all: lloydBlockAll,
    bounded: lloydBlockBounded,
    final: lloydBlockFinal,
    seedFirst: seedBlockFirst,
    seedScore: seedBlockScore,
    seedFold: seedBlockFold,
  });
  const workers: Worker[] = [];
  let closed = false;

  const fail = (reason: string): never => {
    throw new ClvkitError('THREAD_FAILURE', `parallel Lloyd: ${reason}`, { fn, threads });
  };
  const waitFor = (slot: number, target: number, what: string, limitMs: number, t0 = Date.now()): void => {
    for (let v = Atomics.load(control, slot); v < target; v = Atomics.load(control, slot)) {
      if (Atomics.load(control, CONTROL.failed) !== 0) fail(`${what} failed`);
      const left = limitMs - (Date.now() - t0);
      if (left <= 0) fail(`${what} timed out after ${limitMs} ms`);
      Atomics.wait(control, slot, v, Math.min(left, 100));
    }
  };
  let started = 0;
  let isReady = false;
  const ready = (): void => {
    if (isReady) return;
    try {
      waitFor(CONTROL.alive, workerCount, 'starting the workers', startupLimitMs, started);
      waitFor(CONTROL.ready, workerCount, 'warming up the workers', WAIT_LIMIT_MS);
    } catch (error) {
      close();
      throw error;
    }
    isReady = true;
  };
  /** Whether every worker runs, without waiting (a failed or late worker: false, and the next command reports it). */
  const readyNow = (): boolean => {
    if (!isReady && Atomics.load(control, CONTROL.failed) === 0 && Atomics.load(control, CONTROL.ready) >= workerCount) isReady = true;
    return isReady;
  };
  const command = (cmd: number): void => {
    ready();
    Atomics.store(control, CONTROL.nextBlock, 0);
    Atomics.store(control, CONTROL.done, 0);
    Atomics.store(control, CONTROL.command, cmd);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    // The calling thread claims blocks beside the workers, then waits for them to finish theirs.
    lloydStep(mainState, cmd);
    waitFor(CONTROL.done, workerCount, 'a worker', WAIT_LIMIT_MS);
    if (Atomics.load(control, CONTROL.failed) !== 0) fail('a worker failed');
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    Atomics.store(control, CONTROL.command, COMMAND.exit);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    for (const worker of workers) {
      worker.unref();
      void worker.terminate();
    }
  };
  /** Merge the block partials in block order into sums (k × d) and counts (k). */
  const merge = (sums: Float64Array, counts: Float64Array): void => {
    sums.fill(0);
    counts.fill(0);
    for (let b = 0; b < blocks; b++) {
      const sb = b * k * d;
      for (let t = 0; t < k * d; t++) sums[t]! += sumsShared[sb + t]!;
      for (let c = 0; c < k; c++) counts[c]! += countsShared[b * k + c]!;
    }
  };

  started = Date.now();
  try {
    for (let t = 0; t < workerCount; t++) {
      const worker = new Worker(source, { eval: true, workerData: shared });
      // Errors surface through the failed slot or the deadlines; never as an unhandled event.
      worker.on('error', () => Atomics.store(control, CONTROL.failed, 1));
      workers.push(worker);
    }
  } catch (error) {
    close();
    throw error;
  }
  if (wait) ready();

  const seedCommands = { first: COMMAND.seedFirst, score: COMMAND.seedScore, fold: COMMAND.seedFold } as const;
  const seed: SeedEngine | undefined =
    settings.trials === undefined
      ? undefined
      : {
          pass: mainState.seed,
          isReady: readyNow,
          run: (which) => command(seedCommands[which]),
        };
  return {
    labels,
    upper,
    lower,
    ready,
    ...(seed !== undefined && { seed }),
    assignAll(centres, sums, counts) {
      centresShared.set(centres);
      command(COMMAND.assignAll);
      merge(sums, counts);
    },
    assignBounded(centres, half, moved, drop, sums, counts) {
      centresShared.set(centres);
      halfShared.set(half);
      movedShared.set(moved);
      dropShared.set(drop);
      command(COMMAND.assignBounded);
      merge(sums, counts);
    },
    assignFinal(centres, half, drop, labelsOut, sqDist) {
      centresShared.set(centres);
      halfShared.set(half);
      dropShared.set(drop);
      command(COMMAND.assignFinal);
      const counts = new Float64Array(k);
      let inertia = 0;
      for (let b = 0; b < blocks; b++) {
        for (let c = 0; c < k; c++) counts[c]! += countsShared[b * k + c]!;
        inertia += inertiaShared[b]!;
      }
      labelsOut.set(finalLabels);
      sqDist.set(sqDistShared);
      return { counts, inertia };
    },
    close,
  };
}
