import { type AssignPass, type BoundedPass, type FinalPass, lloydBlockAll, lloydBlockBounded, lloydBlockFinal } from './lloyd-kernels.js';
import { type SeedPass, seedBlockFirst, seedBlockFold, seedBlockScore } from './seed-kernels.js';

/**
 * The code a Lloyd worker thread runs (parallel-lloyd.ts starts the workers): its main loop
 * {@link lloydWorkerMain} and {@link lloydWorkerSource}, which builds the worker's source text from the
 * `toString()` of the main loop and the six block kernels (Lloyd's three, lloyd-kernels.ts, and the k-means++
 * seeding's three, seed-kernels.ts), with the control-slot layout
 * {@link CONTROL} and the command numbers {@link COMMAND} passed in as arguments (never as raw numbers in
 * the worker code, and never as free names that a bundler could rename). Internal.
 */

/**
 * Slots of the control array (an Int32Array over a SharedArrayBuffer) shared by the main thread and
 * its workers.
 */
export const CONTROL = {
  /** The command to run ({@link COMMAND}). */
  command: 0,
  /** Bumped by the main thread to start a command; workers wait on it. */
  generation: 1,
  /** The next block to claim. */
  nextBlock: 2,
  /** Workers finished with the current command. */
  done: 3,
  /** Workers ready (warmed up). */
  ready: 4,
  /** Set to 1 by a worker that failed. */
  failed: 5,
  /** Workers whose code started running (before the warm-up). */
  alive: 6,
  /** Number of slots. */
  size: 7,
} as const;

/** The commands of {@link CONTROL}.command. */
export const COMMAND = { exit: 0, assignAll: 1, assignBounded: 2, assignFinal: 3, seedFirst: 4, seedScore: 5, seedFold: 6 } as const;

/** The control-slot layout, as the worker code receives it. */
export type ControlSlots = typeof CONTROL;
/** The command numbers, as the worker code receives them. */
export type Commands = typeof COMMAND;

/** The block kernels (Lloyd's three and the k-means++ seeding's three), as the worker code receives them. */
export interface LloydKernels {
  readonly all: (pass: AssignPass, start: number, end: number) => void;
  readonly bounded: (pass: BoundedPass, start: number, end: number) => void;
  readonly final: (pass: FinalPass, start: number, end: number) => number;
  readonly seedFirst: (pass: SeedPass, start: number, end: number, blk: number) => void;
  readonly seedScore: (pass: SeedPass, start: number, end: number, blk: number) => void;
  readonly seedFold: (pass: SeedPass, start: number, end: number, blk: number) => void;
}

/** Shared buffers handed to every worker (workerData). */
export interface LloydWorkerData {
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
  /** k-means++ seeding (seed-kernels.ts): nearest distances, candidates, per-block potentials and totals. */
  minD: SharedArrayBuffer;
  seedCand: SharedArrayBuffer;
  seedPots: SharedArrayBuffer;
  seedTotals: SharedArrayBuffer;
  /** k-means++ candidates per step. */
  trials: number;
  n: number;
  d: number;
  k: number;
  blockRows: number;
  /** Worker threads started (the calling thread works beside them and is not counted). */
  workers: number;
}

/** What one thread (a worker or the calling thread) needs to run its share of a command. */
export interface LloydStepState {
  readonly control: Int32Array;
  readonly slots: ControlSlots;
  readonly commands: Commands;
  readonly kernels: LloydKernels;
  readonly n: number;
  readonly k: number;
  readonly d: number;
  readonly blockRows: number;
  /** This thread's own k × d sums and k counts of the block in hand. */
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  readonly bounded: BoundedPass;
  readonly final: FinalPass;
  readonly seed: SeedPass;
  readonly sumsOut: Float64Array;
  readonly countsOut: Float64Array;
  readonly inertiaOut: Float64Array;
}

/**
 * A thread's {@link LloydStepState} over the shared buffers. Worker code: self-contained (its text is
 * evaluated in the workers); the calling thread uses the imported function.
 */
export function lloydStepState(w: LloydWorkerData, slots: ControlSlots, commands: Commands, kernels: LloydKernels): LloydStepState {
  const d = w.d;
  const k = w.k;
  // A block accumulates in this thread's own memory and is copied to its shared slot at the end
  // (writing to the shared slots row by row would bounce cache lines between cores).
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const data = new Float64Array(w.data);
  const centres = new Float64Array(w.centres);
  const labels = new Int32Array(w.labels);
  const upper = new Float64Array(w.upper);
  const lower = new Float64Array(w.lower);
  const half = new Float64Array(w.half);
  const moved = new Float64Array(w.moved);
  const drop = new Float64Array(w.drop);
  return {
    control: new Int32Array(w.control),
    slots,
    commands,
    kernels,
    n: w.n,
    k,
    d,
    blockRows: w.blockRows,
    sums,
    counts,
    bounded: { data, d, k, centres, labels, upper, lower, half, moved, drop, sums, counts },
    final: { data, d, k, centres, labels, lower, half, drop, finalLabels: new Int32Array(w.finalLabels), sqDist: new Float64Array(w.sqDist), counts },
    seed: {
      data,
      d,
      minD: new Float64Array(w.minD),
      cand: new Float64Array(w.seedCand),
      trials: w.trials,
      pots: new Float64Array(w.seedPots),
      totals: new Float64Array(w.seedTotals),
    },
    sumsOut: new Float64Array(w.sums),
    countsOut: new Float64Array(w.counts),
    inertiaOut: new Float64Array(w.inertia),
  };
}

/**
 * One thread's share of a command: claim blocks until none are left, run the command's block kernel on
 * each and publish the block's partial sums, counts and inertia into that block's own slots. Worker
 * code: self-contained (its text is evaluated in the workers); the calling thread runs the imported one.
 */
export function lloydStep(state: LloydStepState, cmd: number): void {
  const { control, slots, commands, kernels, n, k, d, blockRows, sums, counts, sumsOut, countsOut, inertiaOut } = state;
  const blocks = Math.ceil(n / blockRows);
  for (let blk = Atomics.add(control, slots.nextBlock, 1); blk < blocks; blk = Atomics.add(control, slots.nextBlock, 1)) {
    const start = blk * blockRows;
    const end = Math.min(n, start + blockRows);
    // The seeding kernels write their own per-block slots.
    if (cmd === commands.seedFirst) {
      kernels.seedFirst(state.seed, start, end, blk);
      continue;
    }
    if (cmd === commands.seedScore) {
      kernels.seedScore(state.seed, start, end, blk);
      continue;
    }
    if (cmd === commands.seedFold) {
      kernels.seedFold(state.seed, start, end, blk);
      continue;
    }
    sums.fill(0);
    counts.fill(0);
    let inertia = 0;
    if (cmd === commands.assignAll) kernels.all(state.bounded, start, end);
    else if (cmd === commands.assignBounded) kernels.bounded(state.bounded, start, end);
    else if (cmd === commands.assignFinal) inertia = kernels.final(state.final, start, end);
    else throw new Error(`unknown command ${cmd}`);
    inertiaOut[blk] = inertia;
    for (let t = 0; t < k * d; t++) sumsOut[blk * k * d + t] = sums[t]!;
    for (let t = 0; t < k; t++) countsOut[blk * k + t] = counts[t]!;
  }
}

/**
 * The worker's main loop: wait for a command, run its share ({@link lloydStep}), count itself done.
 * Before reporting ready it runs each kernel on a small synthetic problem of the same shape so that the
 * JIT has compiled them before the real passes (a fresh worker's JIT is cold: without it the first passes
 * ran several times slower). Returns on the exit command.
 * Worker code: self-contained (no imports, no closures, no inner functions: its text is evaluated);
 * everything it uses comes in as an argument: `slots` and `commands` are {@link CONTROL} and
 * {@link COMMAND}, `kernels` the three block kernels of lloyd-kernels.ts, `makeState` and `step`
 * {@link lloydStepState} and {@link lloydStep}.
 */
export function lloydWorkerMain(
  w: LloydWorkerData,
  slots: ControlSlots,
  commands: Commands,
  kernels: LloydKernels,
  makeState: (w: LloydWorkerData, slots: ControlSlots, commands: Commands, kernels: LloydKernels) => LloydStepState,
  step: (state: LloydStepState, cmd: number) => void,
): void {
  const runAll = kernels.all;
  const runBounded = kernels.bounded;
  const runFinal = kernels.final;
  const control = new Int32Array(w.control);
  const d = w.d;
  const k = w.k;
  const state = makeState(w, slots, commands, kernels);
  const sums = state.sums;
  const counts = state.counts;
  // Warm-up on synthetic shared arrays (same element kinds as the real ones); results discarded.
  const wn = 2048;
  const wData = new Float64Array(new SharedArrayBuffer(wn * d * 8));
  for (let t = 0; t < wn * d; t++) wData[t] = ((t * 7919) % 1009) / 101;
  const wCentres = new Float64Array(new SharedArrayBuffer(k * d * 8));
  for (let t = 0; t < k * d; t++) wCentres[t] = wData[t]!;
  const wLabels = new Int32Array(new SharedArrayBuffer(wn * 4));
  const wLower = new Float64Array(new SharedArrayBuffer(wn * 8));
  const wHalf = new Float64Array(new SharedArrayBuffer(k * 8));
  const wMoved = new Float64Array(new SharedArrayBuffer(k * 8));
  const wDrop = new Float64Array(new SharedArrayBuffer(k * 8));
  const warm = {
    data: wData,
    d,
    k,
    centres: wCentres,
    labels: wLabels,
    upper: new Float64Array(new SharedArrayBuffer(wn * 8)),
    lower: wLower,
    half: wHalf,
    moved: wMoved,
    drop: wDrop,
    sums,
    counts,
  };
  const warmFinal = {
    data: wData,
    d,
    k,
    centres: wCentres,
    labels: wLabels,
    lower: wLower,
    half: wHalf,
    drop: wDrop,
    finalLabels: new Int32Array(new SharedArrayBuffer(wn * 4)),
    sqDist: new Float64Array(new SharedArrayBuffer(wn * 8)),
    counts,
  };
  const trials = w.trials;
  const warmSeed = {
    data: wData,
    d,
    minD: new Float64Array(new SharedArrayBuffer(wn * 8)),
    cand: new Float64Array(new SharedArrayBuffer(trials * d * 8)),
    trials,
    pots: new Float64Array(new SharedArrayBuffer(trials * 8)),
    totals: new Float64Array(new SharedArrayBuffer(8)),
  };
  for (let t = 0; t < trials * d; t++) warmSeed.cand[t] = wData[(t * 13) % (wn * d)]!;
  for (let rep = 0; rep < 12; rep++) {
    kernels.seedFirst(warmSeed, 0, wn, 0);
    kernels.seedScore(warmSeed, 0, wn, 0);
    kernels.seedFold(warmSeed, 0, wn, 0);
    sums.fill(0);
    counts.fill(0);
    runAll(warm, 0, wn);
    // Alternate tight and loose bounds so that both the skip and the measure branches run.
    wMoved.fill(rep % 2 === 0 ? 0 : 1e3);
    runBounded(warm, 0, wn);
    runFinal(warmFinal, 0, wn);
  }
  Atomics.add(control, slots.ready, 1);
  Atomics.notify(control, slots.ready);
  let seen = 0;
  for (;;) {
    Atomics.wait(control, slots.generation, seen);
    seen = Atomics.load(control, slots.generation);
    const cmd = Atomics.load(control, slots.command);
    if (cmd === commands.exit) return;
    try {
      step(state, cmd);
    } catch {
      Atomics.store(control, slots.failed, 1);
    }
    if (Atomics.add(control, slots.done, 1) + 1 === w.workers) Atomics.notify(control, slots.done);
  }
}

/**
 * The worker's source text: the three kernels and {@link lloydWorkerMain} as function expressions (their
 * `toString()`, so a bundler's renaming cannot break a reference between them), then a
 * bootstrap that reads `workerData` through a dynamic `import('node:worker_threads')` — valid both as a
 * CommonJS script and as an ES module, so workers start whatever module mode the process runs in
 * (`node --input-type=module -e …` makes eval'd workers ES modules, where `require` does not exist).
 * The bootstrap counts the worker as alive first thing, and any error it can catch raises the failed slot
 * and wakes the main thread.
 */
export function lloydWorkerSource(): string {
  const slots = JSON.stringify(CONTROL);
  return [
    `'use strict';`,
    `const kernels = {`,
    `  all: (${lloydBlockAll.toString()}),`,
    `  bounded: (${lloydBlockBounded.toString()}),`,
    `  final: (${lloydBlockFinal.toString()}),`,
    `  seedFirst: (${seedBlockFirst.toString()}),`,
    `  seedScore: (${seedBlockScore.toString()}),`,
    `  seedFold: (${seedBlockFold.toString()}),`,
    `};`,
    `const makeState = (${lloydStepState.toString()});`,
    `const step = (${lloydStep.toString()});`,
    `const main = (${lloydWorkerMain.toString()});`,
    `const slots = ${slots};`,
    `const commands = ${JSON.stringify(COMMAND)};`,
    `import('node:worker_threads').then(({ workerData }) => {`,
    `  const control = new Int32Array(workerData.control);`,
    `  Atomics.add(control, slots.alive, 1);`,
    `  Atomics.notify(control, slots.alive);`,
    `  try {`,
    `    main(workerData, slots, commands, kernels, makeState, step);`,
    `  } catch (error) {`,
    `    Atomics.store(control, slots.failed, 1);`,
    `    Atomics.notify(control, slots.alive);`,
    `    Atomics.notify(control, slots.ready);`,
    `    Atomics.notify(control, slots.done);`,
    `    throw error;`,
    `  }`,
    `});`,
  ].join('\n');
}
