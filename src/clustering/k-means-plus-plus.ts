import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { createRandom, type Random } from '../random.js';
import { parseOptions } from '../validate.js';
import { checkFlatData, countDistinctRows, type FlatRows } from './flat-rows.js';
import { BLOCK_ROWS } from './parallel-lloyd.js';
import { type SeedPass, seedBlockFirst, seedBlockFold, seedBlockScore } from './seed-kernels.js';

/** Settings of one k-means++ seeding. Internal. */
export interface SeedSettings {
  /** Number of centres to choose. */
  readonly k: number;
  readonly rng: Random;
  /** Candidates drawn per step (scikit-learn's n_local_trials, 2 + ⌊ln k⌋ by default). */
  readonly localTrials: number;
  /** The public function named in errors. */
  readonly fn?: string;
  /** Worker threads that can run the passes (parallel-lloyd.ts); the calling thread runs them when absent or not yet started. */
  readonly engine?: SeedEngine;
}

/** The seeding passes of seed-kernels.ts. */
export type SeedCommand = 'first' | 'score' | 'fold';

/**
 * Threads that run a seeding pass over every block of rows (parallel-lloyd.ts): its `pass` holds the
 * arrays (in shared memory), `trials` candidates per step. Internal.
 */
export interface SeedEngine {
  readonly pass: SeedPass;
  /** True once every worker runs (never blocks); until then the calling thread runs the passes itself. */
  isReady(): boolean;
  run(command: SeedCommand): void;
}

/**
 * Seeded greedy k-means++ (Arthur & Vassilvitskii 2007; greedy variant as in scikit-learn: at each
 * step `localTrials` candidates are drawn with probability ∝ D(x)², the one that lowers the
 * potential Σ D(x)² most is kept). Keeps every point's squared distance to its nearest chosen
 * centre. Each step is two passes over the data (seed-kernels.ts): one scoring every candidate's
 * potential at once (read-only), and one folding the kept candidate into the nearest distances; the
 * next step's candidates are then drawn by a cumulative scan of the blocks that hold the thresholds.
 *
 * Every sum runs over fixed blocks of {@link BLOCK_ROWS} rows, in row order within a block and in block
 * order across blocks (a row's cumulative weight is the blocks before it plus its block's running sum),
 * so the choices are the same whether the passes run on this thread or on workers, and, below
 * BLOCK_ROWS rows, those of plain row-order sums scoring one candidate per pass.
 * Internal: inputs already validated.
 * @returns the k × d centres (flat) and the chosen row indices.
 */
export function seedCentres(flat: FlatRows, settings: SeedSettings): { centres: Float64Array; rows: Uint32Array } {
  const { data, n, d } = flat;
  const { k, rng, localTrials: L, fn = 'kMeansPlusPlus', engine } = settings;
  const blocks = Math.ceil(n / BLOCK_ROWS);
  if (engine !== undefined && (engine.pass.trials !== L || engine.pass.minD.length !== n || engine.pass.d !== d)) {
    throw new Error('seedCentres: the engine was started for other rows or another number of trials');
  }
  const pass: SeedPass = engine?.pass ?? {
    data,
    d,
    minD: new Float64Array(n),
    cand: new Float64Array(L * d),
    trials: L,
    pots: new Float64Array(blocks * L),
    totals: new Float64Array(blocks),
  };
  const { minD, cand, pots, totals } = pass;
  const run = (command: SeedCommand): void => {
    if (engine?.isReady()) {
      engine.run(command);
      return;
    }
    const kernel = command === 'first' ? seedBlockFirst : command === 'score' ? seedBlockScore : seedBlockFold;
    for (let b = 0; b < blocks; b++) kernel(pass, b * BLOCK_ROWS, Math.min(n, (b + 1) * BLOCK_ROWS), b);
  };
  const centres = new Float64Array(k * d);
  const rows = new Uint32Array(k);
  const first = rng.int(n);
  rows[0] = first;
  for (let j = 0; j < d; j++) {
    centres[j] = data[first * d + j]!;
    cand[j] = centres[j]!;
  }
  run('first');
  let pot = 0;
  for (let b = 0; b < blocks; b++) pot += totals[b]!;
  const candidates = new Int32Array(L);
  const thresholds = new Float64Array(L);
  const blockPot = new Float64Array(L);
  for (let c = 1; c < k; c++) {
    drawThresholds(rng, pot, thresholds, k, fn);
    sampleByBlocks(minD, n, totals, thresholds, candidates);
    for (let t = 0; t < L; t++) {
      const base = candidates[t]! * d;
      for (let j = 0; j < d; j++) cand[t * d + j] = data[base + j]!;
    }
    run('score');
    blockPot.fill(0);
    for (let b = 0; b < blocks; b++) for (let t = 0; t < L; t++) blockPot[t]! += pots[b * L + t]!;
    // First candidate wins ties, as when scoring one candidate per pass.
    let bestPot = Infinity;
    let bestT = 0;
    for (let t = 0; t < L; t++) {
      if (blockPot[t]! < bestPot) {
        bestPot = blockPot[t]!;
        bestT = t;
      }
    }
    const bestRow = candidates[bestT]!;
    rows[c] = bestRow;
    for (let j = 0; j < d; j++) {
      centres[c * d + j] = data[bestRow * d + j]!;
      cand[j] = centres[c * d + j]!;
    }
    if (c === k - 1) break;
    // The fold's block totals are the kept candidate's block potentials (the same minima, summed the same way).
    run('fold');
    pot = bestPot;
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

/** Indices of the thresholds in increasing order (ties: lower index first). */
function sortedOrder(thresholds: Float64Array): number[] {
  return Array.from({ length: thresholds.length }, (_, t) => t).sort((x, y) => thresholds[x]! - thresholds[y]! || x - y);
}

/**
 * For each threshold u_t, the first row whose cumulative weight exceeds u_t (the last positive weight
 * if rounding runs out). A row's cumulative weight is P + c: P the sum, in block order, of the totals of
 * the blocks before its own, c the running sum of its block's weights up to it (row order). Only the
 * blocks where a threshold falls are scanned.
 */
function sampleByBlocks(weights: Float64Array, n: number, totals: Float64Array, thresholds: Float64Array, out: Int32Array): void {
  const L = thresholds.length;
  const order = sortedOrder(thresholds);
  let q = 0;
  let prefix = 0;
  for (let b = 0, start = 0; b < totals.length && q < L; b++, start += BLOCK_ROWS) {
    const after = prefix + totals[b]!;
    if (after > thresholds[order[q]!]!) {
      let cum = 0;
      for (let i = start, end = Math.min(n, start + BLOCK_ROWS); i < end && q < L; i++) {
        const w = weights[i]!;
        if (w > 0) {
          cum += w;
          while (q < L && prefix + cum > thresholds[order[q]!]!) out[order[q++]!] = i;
        }
      }
    }
    prefix = after;
  }
  if (q < L) {
    let last = n - 1;
    while (last > 0 && !(weights[last]! > 0)) last--;
    while (q < L) out[order[q++]!] = last;
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
export function kMeansPlusPlus(data: ArrayLike<number>, options: KMeansPlusPlusOptions): { centres: Float64Array; rows: Uint32Array } {
  const fn = 'kMeansPlusPlus';
  const o = parseOptions(plusPlusSchema, options, fn);
  const n = checkFlatData(data, o.dimensions, fn);
  const flat: FlatRows = { data: Float64Array.from(data), n, d: o.dimensions };
  if (countDistinctRows(flat, o.k) < o.k) {
    throw new ClvkitError('TOO_FEW_VALUES', `k = ${o.k} is larger than the number of distinct rows (rows at squared distance 0 count as one)`, { fn, k: o.k });
  }
  return seedCentres(flat, { k: o.k, rng: createRandom(o.seed), localTrials: o.localTrials ?? defaultLocalTrials(o.k), fn });
}

/** k-means++ candidates per step when not given: 2 + ⌊ln k⌋ (scikit-learn's n_local_trials). Internal. */
export function defaultLocalTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}
