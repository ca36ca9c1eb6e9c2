import { Worker } from 'node:worker_threads';
import { ClvkitError } from '../errors.js';
import type { LloydEngine } from './k-means.js';

/**
 * Multi-core Lloyd steps for {@link kMeans} (`threads` > 1): the assignment of rows to centres and the
 * partial sums of the new centres run in `node:worker_threads` workers over SharedArrayBuffers, while
 * the main thread waits synchronously (Atomics.wait) and merges, so `kMeans` stays synchronous.
 *
 * Determinism: rows are cut into fixed blocks of {@link BLOCK_ROWS} rows, independent of the thread
 * count; a worker claims blocks one at a time and writes each block's sums, counts and inertia into
 * that block's own slot; the main thread adds the block partials in block order. The arithmetic per
 * row is that of the single-threaded loop (Hamerly bounds with the same slack, first centre wins ties),
 * so results do not depend on scheduling or on `threads` (2, 3, 4 … give bit-identical output). They
 * can differ in the last bits from `threads: 1`, whose sums run in one row-order chain.
 *
 * Workers are started from source text (`new Worker(code, { eval: true })`, code built from the
 * `toString()` of {@link lloydKernel} and the three block functions, each self-contained), so they need
 * no file on disk and work the same from the TypeScript sources (tsx, vitest) and from the bundled ESM
 * and CJS builds. Each worker warms its block functions up on a small synthetic problem before it
 * reports ready (a fresh worker's JIT is cold: without it the first passes ran several times slower).
 * A worker that throws sets a flag the waiting main thread checks (NUMERIC_FAILURE); the main thread
 * also gives up on a pass after {@link WAIT_LIMIT_MS}. Internal.
 */

/** Rows per block: the unit of work and of summation order. */
export const BLOCK_ROWS = 65_536;

/** Below this many rows `kMeans` ignores `threads` (starting workers costs more than it saves). */
export const MIN_PARALLEL_ROWS = 100_000;

/** Control slots (Int32Array over a SharedArrayBuffer). */
const CMD = 0; // 0 exit, 1 assign all, 2 assign bounded, 3 final assignment
const GEN = 1; // bumped by the main thread to start a command
const NEXT = 2; // next block to claim
const DONE = 3; // workers finished with the current command
const READY = 4; // workers started
const FAILED = 5; // set to 1 by a worker whose command threw
const CONTROL_SLOTS = 6;

/** Shared buffers handed to every worker (workerData). */
interface KernelShared {
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  upper: SharedArrayBuffer;
  lower: SharedArrayBuffer;
  finalLabels: SharedArrayBuffer;
  sqDist: SharedArrayBuffer;
  centres: SharedArrayBuffer;
  half: SharedArrayBuffer;
  moved: SharedArrayBuffer;
  drop: SharedArrayBuffer;
  sums: SharedArrayBuffer;
  counts: SharedArrayBuffer;
  inertia: SharedArrayBuffer;
  n: number;
  d: number;
  k: number;
  blockRows: number;
  threads: number;
}

/**
 * First Lloyd pass over rows [start, end): every row measured against every centre (nearest into
 * labels, its distance into upper, the second nearest into lower); sums and counts accumulated in row
 * order. The single-thread path in k-means.ts runs it over all rows [0, n); workers run it per block.
 * Worker code: self-contained (no imports, no closures, no inner functions): its text is evaluated.
 */
export function lloydBlockAll(
  data: Float64Array,
  d: number,
  k: number,
  centres: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  start: number,
  end: number,
  sums: Float64Array,
  counts: Float64Array,
): void {
  for (let i = start, a = start * d; i < end; i++, a += d) {
    let bestC = 0;
    let bestD = Number.MAX_VALUE;
    let secondD = Number.MAX_VALUE;
    for (let e = 0, f = 0; e < k; e++, f += d) {
      let v = 0;
      for (let j = 0; j < d; j++) {
        const t = data[a + j]! - centres[f + j]!;
        v += t * t;
      }
      if (v < bestD) {
        secondD = bestD;
        bestD = v;
        bestC = e;
      } else if (v < secondD) {
        secondD = v;
      }
    }
    labels[i] = bestC;
    upper[i] = Math.sqrt(bestD);
    lower[i] = k > 1 ? Math.sqrt(secondD) : Infinity;
    counts[bestC]!++;
    const b = bestC * d;
    for (let j = 0; j < d; j++) sums[b + j]! += data[a + j]!;
  }
}

/**
 * Later Lloyd pass over rows [start, end) with Hamerly's bounds (relative slack 1e-9; unrolled for 4
 * features); sums and counts accumulated in row order. Used by the single-thread path over [0, n) and by
 * the workers per block.
 */
export function lloydBlockBounded(
  data: Float64Array,
  d: number,
  k: number,
  centres: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
  moved: Float64Array,
  drop: Float64Array,
  start: number,
  end: number,
  sums: Float64Array,
  counts: Float64Array,
): void {
  const up = 1 + 1e-9;
  const down = 1 - 1e-9;
  if (d === 4) {
    for (let i = start, a = start * 4; i < end; i++, a += 4) {
      let c = labels[i]!;
      let u = upper[i]! + moved[c]!;
      const l = lower[i]! - drop[c]!;
      const h = half[c]!;
      const bound = (h > l ? h : l) * down;
      const x0 = data[a]!, x1 = data[a + 1]!, x2 = data[a + 2]!, x3 = data[a + 3]!;
      let measure = false;
      if (u * up >= bound) {
        const b = c * 4;
        const t0 = x0 - centres[b]!, t1 = x1 - centres[b + 1]!, t2 = x2 - centres[b + 2]!, t3 = x3 - centres[b + 3]!;
        let s = 0;
        s += t0 * t0;
        s += t1 * t1;
        s += t2 * t2;
        s += t3 * t3;
        u = Math.sqrt(s);
        if (u * up >= bound) measure = true;
      }
      if (measure) {
        let bestC = 0;
        let bestD = Number.MAX_VALUE;
        let secondD = Number.MAX_VALUE;
        for (let e = 0, f = 0; e < k; e++, f += 4) {
          const t0 = x0 - centres[f]!, t1 = x1 - centres[f + 1]!, t2 = x2 - centres[f + 2]!, t3 = x3 - centres[f + 3]!;
          let v = 0;
          v += t0 * t0;
          v += t1 * t1;
          v += t2 * t2;
          v += t3 * t3;
          if (v < bestD) {
            secondD = bestD;
            bestD = v;
            bestC = e;
          } else if (v < secondD) {
            secondD = v;
          }
        }
        labels[i] = bestC;
        upper[i] = Math.sqrt(bestD);
        lower[i] = k > 1 ? Math.sqrt(secondD) : Infinity;
        c = bestC;
      } else {
        upper[i] = u;
        lower[i] = l;
      }
      counts[c]!++;
      const b = c * 4;
      sums[b]! += x0;
      sums[b + 1]! += x1;
      sums[b + 2]! += x2;
      sums[b + 3]! += x3;
    }
    return;
  }
  for (let i = start, a = start * d; i < end; i++, a += d) {
    let c = labels[i]!;
    let u = upper[i]! + moved[c]!;
    const l = lower[i]! - drop[c]!;
    const h = half[c]!;
    const bound = (h > l ? h : l) * down;
    let measure = false;
    if (u * up >= bound) {
      const b = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[a + j]! - centres[b + j]!;
        s += t * t;
      }
      u = Math.sqrt(s);
      if (u * up >= bound) measure = true;
    }
    if (measure) {
      let bestC = 0;
      let bestD = Number.MAX_VALUE;
      let secondD = Number.MAX_VALUE;
      for (let e = 0, f = 0; e < k; e++, f += d) {
        let v = 0;
        for (let j = 0; j < d; j++) {
          const t = data[a + j]! - centres[f + j]!;
          v += t * t;
        }
        if (v < bestD) {
          secondD = bestD;
          bestD = v;
          bestC = e;
        } else if (v < secondD) {
          secondD = v;
        }
      }
      labels[i] = bestC;
      upper[i] = Math.sqrt(bestD);
      lower[i] = k > 1 ? Math.sqrt(secondD) : Infinity;
      c = bestC;
    } else {
      upper[i] = u;
      lower[i] = l;
    }
    counts[c]!++;
    const b = c * d;
    for (let j = 0; j < d; j++) sums[b + j]! += data[a + j]!;
  }
}

/**
 * Final assignment of rows [start, end): the distance to the last centre exactly, the other centres
 * only when the bounds cannot rule them out. Returns the block's inertia, summed in row order. Used by
 * assignFinal in k-means.ts over [0, n) and by the workers per block.
 */
export function lloydBlockFinal(
  data: Float64Array,
  d: number,
  k: number,
  centres: Float64Array,
  labels: Int32Array,
  lower: Float64Array,
  half: Float64Array,
  drop: Float64Array,
  start: number,
  end: number,
  finalLabels: Int32Array,
  sqDist: Float64Array,
  counts: Float64Array,
): number {
  const up = 1 + 1e-9;
  const down = 1 - 1e-9;
  let inertia = 0;
  for (let i = start, a = start * d; i < end; i++, a += d) {
    let c = labels[i]!;
    const b = c * d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = data[a + j]! - centres[b + j]!;
      s += t * t;
    }
    const l = lower[i]! - drop[c]!;
    const h = half[c]!;
    const bound = (h > l ? h : l) * down;
    if (!(Math.sqrt(s) * up < bound)) {
      let bestD = Number.MAX_VALUE;
      for (let e = 0, f = 0; e < k; e++, f += d) {
        let v = 0;
        for (let j = 0; j < d; j++) {
          const t = data[a + j]! - centres[f + j]!;
          v += t * t;
        }
        if (v < bestD) {
          bestD = v;
          c = e;
        }
      }
      s = bestD;
    }
    finalLabels[i] = c;
    sqDist[i] = s;
    counts[c]!++;
    inertia += s;
  }
  return inertia;
}

/**
 * The worker's main loop: wait for a command, claim blocks, run the block function, publish the
 * block's partials into its own slots. Before reporting ready it runs each block function on a small
 * synthetic problem of the same shape so that the JIT has compiled them before the real passes.
 * Worker code: self-contained apart from the three block functions, which are shipped with it.
 */
function lloydKernel(w: KernelShared): void {
  const control = new Int32Array(w.control);
  const data = new Float64Array(w.data);
  const labels = new Int32Array(w.labels);
  const upper = new Float64Array(w.upper);
  const lower = new Float64Array(w.lower);
  const finalLabels = new Int32Array(w.finalLabels);
  const sqDist = new Float64Array(w.sqDist);
  const centres = new Float64Array(w.centres);
  const half = new Float64Array(w.half);
  const moved = new Float64Array(w.moved);
  const drop = new Float64Array(w.drop);
  const sumsOut = new Float64Array(w.sums);
  const countsOut = new Float64Array(w.counts);
  const inertiaOut = new Float64Array(w.inertia);
  const n = w.n;
  const d = w.d;
  const k = w.k;
  const blockRows = w.blockRows;
  const blocks = Math.ceil(n / blockRows);
  // A block accumulates in this thread's own memory and is copied to its shared slot at the end
  // (writing to the shared slots row by row would bounce cache lines between cores).
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  // Warm-up on synthetic shared arrays (same element kinds as the real ones); results discarded.
  const wn = 2048;
  const wData = new Float64Array(new SharedArrayBuffer(wn * d * 8));
  for (let t = 0; t < wn * d; t++) wData[t] = ((t * 7919) % 1009) / 101;
  const wCentres = new Float64Array(new SharedArrayBuffer(k * d * 8));
  for (let t = 0; t < k * d; t++) wCentres[t] = wData[t]!;
  const wLabels = new Int32Array(new SharedArrayBuffer(wn * 4));
  const wFinal = new Int32Array(new SharedArrayBuffer(wn * 4));
  const wUpper = new Float64Array(new SharedArrayBuffer(wn * 8));
  const wLower = new Float64Array(new SharedArrayBuffer(wn * 8));
  const wSq = new Float64Array(new SharedArrayBuffer(wn * 8));
  const wHalf = new Float64Array(new SharedArrayBuffer(k * 8));
  const wMoved = new Float64Array(new SharedArrayBuffer(k * 8));
  const wDrop = new Float64Array(new SharedArrayBuffer(k * 8));
  for (let rep = 0; rep < 12; rep++) {
    sums.fill(0);
    counts.fill(0);
    lloydBlockAll(wData, d, k, wCentres, wLabels, wUpper, wLower, 0, wn, sums, counts);
    // Alternate tight and loose bounds so that both the skip and the measure branches run.
    wMoved.fill(rep % 2 === 0 ? 0 : 1e3);
    lloydBlockBounded(wData, d, k, wCentres, wLabels, wUpper, wLower, wHalf, wMoved, wDrop, 0, wn, sums, counts);
    lloydBlockFinal(wData, d, k, wCentres, wLabels, wLower, wHalf, wDrop, 0, wn, wFinal, wSq, counts);
  }
  Atomics.add(control, 4, 1);
  Atomics.notify(control, 4);
  let seen = 0;
  for (;;) {
    Atomics.wait(control, 1, seen);
    seen = Atomics.load(control, 1);
    const cmd = Atomics.load(control, 0);
    if (cmd === 0) return;
    try {
      for (let blk = Atomics.add(control, 2, 1); blk < blocks; blk = Atomics.add(control, 2, 1)) {
        const start = blk * blockRows;
        const end = Math.min(n, start + blockRows);
        sums.fill(0);
        counts.fill(0);
        let inertia = 0;
        if (cmd === 1) lloydBlockAll(data, d, k, centres, labels, upper, lower, start, end, sums, counts);
        else if (cmd === 2) lloydBlockBounded(data, d, k, centres, labels, upper, lower, half, moved, drop, start, end, sums, counts);
        else inertia = lloydBlockFinal(data, d, k, centres, labels, lower, half, drop, start, end, finalLabels, sqDist, counts);
        inertiaOut[blk] = inertia;
        for (let t = 0; t < k * d; t++) sumsOut[blk * k * d + t] = sums[t]!;
        for (let t = 0; t < k; t++) countsOut[blk * k + t] = counts[t]!;
      }
    } catch {
      Atomics.store(control, 5, 1);
    }
    if (Atomics.add(control, 3, 1) + 1 === w.threads) Atomics.notify(control, 3);
  }
}

/** How long the main thread waits for workers to start or to finish one command before giving up. */
const WAIT_LIMIT_MS = 120_000;

/** A pool of Lloyd workers over one data set; call {@link LloydPool.close} in a `finally`. Internal. */
export interface LloydPool extends LloydEngine {
  close(): void;
}

/**
 * Start `threads` workers over `data` (n × d, row-major; copied into shared memory unless it already
 * lives there) for runs with k centres. Blocks until every worker is running.
 */
export function startLloydPool(data: Float64Array, n: number, d: number, k: number, threads: number, fn: string): LloydPool {
  const blocks = Math.ceil(n / BLOCK_ROWS);
  const sab = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(8, bytes));
  let dataBuffer: SharedArrayBuffer;
  if (data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0 && data.length === n * d) dataBuffer = data.buffer;
  else {
    dataBuffer = sab(n * d * 8);
    new Float64Array(dataBuffer).set(data.subarray(0, n * d));
  }
  const shared: KernelShared = {
    control: sab(CONTROL_SLOTS * 4),
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
    n,
    d,
    k,
    blockRows: BLOCK_ROWS,
    threads,
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
  // A kernel that throws outside a command (it should not) raises FAILED and wakes the main thread.
  const code = [
    `'use strict';`,
    lloydBlockAll.toString(),
    lloydBlockBounded.toString(),
    lloydBlockFinal.toString(),
    `const kernel = ${lloydKernel.toString()};`,
    `const w = require('node:worker_threads').workerData;`,
    `try { kernel(w); } catch (error) {`,
    `  const control = new Int32Array(w.control);`,
    `  Atomics.store(control, ${FAILED}, 1);`,
    `  Atomics.notify(control, ${READY});`,
    `  Atomics.notify(control, ${DONE});`,
    `  throw error;`,
    `}`,
  ].join('\n');
  const workers: Worker[] = [];
  let closed = false;

  const fail = (reason: string): never => {
    throw new ClvkitError('NUMERIC_FAILURE', `parallel Lloyd: ${reason}`, { fn, threads });
  };
  const waitFor = (slot: number, target: number, what: string): void => {
    const t0 = Date.now();
    for (let v = Atomics.load(control, slot); v < target; v = Atomics.load(control, slot)) {
      if (Atomics.load(control, FAILED) !== 0) fail(`${what} failed`);
      if (Date.now() - t0 > WAIT_LIMIT_MS) fail(`${what} timed out`);
      Atomics.wait(control, slot, v, 1000);
    }
  };
  const command = (cmd: number): void => {
    Atomics.store(control, NEXT, 0);
    Atomics.store(control, DONE, 0);
    Atomics.store(control, CMD, cmd);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
    waitFor(DONE, threads, 'a worker');
    if (Atomics.load(control, FAILED) !== 0) fail('a worker failed');
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    Atomics.store(control, CMD, 0);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
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

  try {
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(code, { eval: true, workerData: shared });
      // Errors surface through the FAILED flag or the wait limit; never as an unhandled event.
      worker.on('error', () => Atomics.store(control, FAILED, 1));
      workers.push(worker);
    }
    waitFor(READY, threads, 'starting the workers');
  } catch (error) {
    close();
    throw error;
  }

  return {
    labels,
    upper,
    lower,
    assignAll(centres, sums, counts) {
      centresShared.set(centres);
      command(1);
      merge(sums, counts);
    },
    assignBounded(centres, half, moved, drop, sums, counts) {
      centresShared.set(centres);
      halfShared.set(half);
      movedShared.set(moved);
      dropShared.set(drop);
      command(2);
      merge(sums, counts);
    },
    assignFinal(centres, half, drop, labelsOut, sqDist) {
      centresShared.set(centres);
      halfShared.set(half);
      dropShared.set(drop);
      command(3);
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
