import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { createRandom, type Random } from '../random.js';
import { parseOptions } from '../validate.js';
import { checkFlatData, countDistinctRows, type FlatRows } from './flat-rows.js';

/** Settings of one k-means++ seeding. Internal. */
export interface SeedSettings {
  /** Number of centres to choose. */
  readonly k: number;
  readonly rng: Random;
  /** Candidates drawn per step (scikit-learn's n_local_trials, 2 + ⌊ln k⌋ by default). */
  readonly localTrials: number;
  /** The public function named in errors. */
  readonly fn?: string;
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
export function seedCentres(flat: FlatRows, settings: SeedSettings): { centres: Float64Array; rows: Uint32Array } {
  const { data, n, d } = flat;
  const { k, rng, localTrials, fn = 'kMeansPlusPlus' } = settings;
  const centres = new Float64Array(k * d);
  const rows = new Uint32Array(k);
  const first = rng.int(n);
  rows[0] = first;
  for (let j = 0; j < d; j++) centres[j] = data[first * d + j]!;
  const minD = new Float64Array(n);
  const pot = firstDistances(flat, centres, minD);
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
    scoreCandidates(flat, minD, candCoords, pots);
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
    if (c === k - 1) break;
    drawThresholds(rng, bestPot, thresholds, k, fn);
    foldAndSample(flat, minD, keep, thresholds, candidates);
  }
  return { centres, rows };
}

/** minD[i] = ‖xᵢ − first centre‖² (the first k × d row of `centres`); returns Σ minD in row order. */
function firstDistances(flat: FlatRows, centres: Float64Array, minD: Float64Array): number {
  const { data, n, d } = flat;
  let pot = 0;
  if (d === 4) {
    const p = centres[0]!,
      q = centres[1]!,
      r = centres[2]!,
      w = centres[3]!;
    for (let i = 0, a = 0; i < n; i++, a += 4) {
      const t0 = data[a]! - p,
        t1 = data[a + 1]! - q,
        t2 = data[a + 2]! - r,
        t3 = data[a + 3]! - w;
      let s = 0;
      s += t0 * t0;
      s += t1 * t1;
      s += t2 * t2;
      s += t3 * t3;
      minD[i] = s;
      pot += s;
    }
    return pot;
  }
  for (let i = 0, a = 0; i < n; i++, a += d) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = data[a + j]! - centres[j]!;
      s += t * t;
    }
    minD[i] = s;
    pot += s;
  }
  return pot;
}

/** Draw the next step's sampling thresholds u·pot (throws when every point sits on a centre). */
function drawThresholds(rng: Random, pot: number, thresholds: Float64Array, k: number, fn: string): void {
  if (!(pot > 0)) {
    throw new ClvkitError('TOO_FEW_VALUES', `fewer than ${k} points at a positive squared distance from each other`, { fn, k });
  }
  for (let t = 0; t < thresholds.length; t++) thresholds[t] = rng.next() * pot;
}

/**
 * pots[t] = Σᵢ min(minD[i], ‖xᵢ − candidate t‖²) for the `pots.length` candidates in `cand` (flat, d
 * per candidate), each summed in row order; one read-only pass.
 */
function scoreCandidates(flat: FlatRows, minD: Float64Array, cand: Float64Array, pots: Float64Array): void {
  const { data, n, d } = flat;
  const L = pots.length;
  pots.fill(0);
  if (d === 4) {
    for (let t0 = 0; t0 < L; t0 += 3) {
      // Up to three candidates per pass, coordinates in locals.
      const m = Math.min(3, L - t0);
      const b0 = t0 * 4;
      const b1 = (t0 + (m > 1 ? 1 : 0)) * 4;
      const b2 = (t0 + (m > 2 ? 2 : 0)) * 4;
      const p0 = cand[b0]!,
        q0 = cand[b0 + 1]!,
        r0 = cand[b0 + 2]!,
        s0 = cand[b0 + 3]!;
      const p1 = cand[b1]!,
        q1 = cand[b1 + 1]!,
        r1 = cand[b1 + 2]!,
        s1 = cand[b1 + 3]!;
      const p2 = cand[b2]!,
        q2 = cand[b2 + 1]!,
        r2 = cand[b2 + 2]!,
        s2 = cand[b2 + 3]!;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      for (let i = 0, a = 0; i < n; i++, a += 4) {
        const x0 = data[a]!,
          x1 = data[a + 1]!,
          x2 = data[a + 2]!,
          x3 = data[a + 3]!;
        const m0 = minD[i]!;
        // min(s, m0) as a branch-free select (which is smaller is unpredictable); exact: 1·s + 0·m0 = s.
        let l = 0;
        let u = x0 - p0,
          v = x1 - q0,
          w = x2 - r0,
          z = x3 - s0;
        let s = 0;
        s += u * u;
        s += v * v;
        s += w * w;
        s += z * z;
        l = +(s < m0);
        sum0 += l * s + (1 - l) * m0;
        u = x0 - p1;
        v = x1 - q1;
        w = x2 - r1;
        z = x3 - s1;
        s = 0;
        s += u * u;
        s += v * v;
        s += w * w;
        s += z * z;
        l = +(s < m0);
        sum1 += l * s + (1 - l) * m0;
        u = x0 - p2;
        v = x1 - q2;
        w = x2 - r2;
        z = x3 - s2;
        s = 0;
        s += u * u;
        s += v * v;
        s += w * w;
        s += z * z;
        l = +(s < m0);
        sum2 += l * s + (1 - l) * m0;
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
function foldAndSample(flat: FlatRows, minD: Float64Array, keep: Float64Array, thresholds: Float64Array, out: Int32Array): void {
  const { data, n, d } = flat;
  const L = thresholds.length;
  const order = sortedOrder(thresholds);
  let q = 0;
  let next = thresholds[order[0]!]!;
  let cum = 0;
  let last = -1;
  if (d === 4) {
    const p = keep[0]!,
      r = keep[1]!,
      s = keep[2]!,
      t = keep[3]!;
    for (let i = 0, a = 0; i < n; i++, a += 4) {
      const u = data[a]! - p,
        v = data[a + 1]! - r,
        w = data[a + 2]! - s,
        z = data[a + 3]! - t;
      let e = 0;
      e += u * u;
      e += v * v;
      e += w * w;
      e += z * z;
      const m0 = minD[i]!;
      const l = +(e < m0);
      const m = l * e + (1 - l) * m0;
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
