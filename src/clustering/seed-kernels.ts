/**
 * The three per-row passes of greedy k-means++ seeding (k-means-plus-plus.ts), over one block of rows
 * [start, end) with block index `blk`: the distances to the first centre, the scoring of a step's
 * candidates, and the folding of the kept candidate into the nearest distances. Each writes only its own
 * rows of `minD` and its own block's slots of `totals` / `pots`, so blocks can run on any thread in any
 * order: k-means-plus-plus.ts runs them block by block on the calling thread, parallel-lloyd.ts on its
 * worker threads, and the results are the same bit for bit (every sum is taken in row order within a
 * block; the caller adds the block sums in block order).
 *
 * Like lloyd-kernels.ts, each kernel is **self-contained** (no imports, no closures, no calls to other
 * functions), because its `toString()` is evaluated in the workers. Internal.
 */

/** The arrays of a seeding pass over fixed blocks of rows. */
export interface SeedPass {
  /** n × d rows, row-major. */
  readonly data: Float64Array;
  /** Features per row. */
  readonly d: number;
  /** Per row: squared distance to the nearest centre chosen so far (written by first and fold). */
  readonly minD: Float64Array;
  /** `trials` × d candidate coordinates (score), or the centre to measure in its first d (first, fold). */
  readonly cand: Float64Array;
  /** Candidates per step (the length of `pots` per block). */
  readonly trials: number;
  /** Per block × trials: Σ over the block's rows of min(minD, ‖x − candidate‖²), in row order (score). */
  readonly pots: Float64Array;
  /** Per block: Σ over the block's rows of minD, in row order (first, fold). */
  readonly totals: Float64Array;
}

/**
 * minD[i] = ‖xᵢ − cand[0..d)‖² for rows [start, end), and their sum (row order) into totals[blk].
 * Worker code: self-contained.
 */
export function seedBlockFirst(pass: SeedPass, start: number, end: number, blk: number): void {
  const { data, d, minD, cand } = pass;
  let total = 0;
  if (d === 4) {
    const p = cand[0]!,
      q = cand[1]!,
      r = cand[2]!,
      w = cand[3]!;
    for (let i = start, a = start * 4; i < end; i++, a += 4) {
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
      total += s;
    }
  } else {
    for (let i = start, a = start * d; i < end; i++, a += d) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[a + j]! - cand[j]!;
        s += t * t;
      }
      minD[i] = s;
      total += s;
    }
  }
  pass.totals[blk] = total;
}

/**
 * pots[blk × trials + t] = Σ over rows [start, end) of min(minD[i], ‖xᵢ − candidate t‖²), each in row
 * order; read-only on minD (unrolled for 4 features, three candidates per sweep of the block; the
 * minimum is a branch-free select, exact: 1·s + 0·m = s). Worker code: self-contained.
 */
export function seedBlockScore(pass: SeedPass, start: number, end: number, blk: number): void {
  const { data, d, minD, cand, trials, pots } = pass;
  const base = blk * trials;
  if (d === 4) {
    for (let t0 = 0; t0 < trials; t0 += 3) {
      const m = Math.min(3, trials - t0);
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
      for (let i = start, a = start * 4; i < end; i++, a += 4) {
        const x0 = data[a]!,
          x1 = data[a + 1]!,
          x2 = data[a + 2]!,
          x3 = data[a + 3]!;
        const m0 = minD[i]!;
        let u = x0 - p0,
          v = x1 - q0,
          w = x2 - r0,
          z = x3 - s0;
        let s = 0;
        s += u * u;
        s += v * v;
        s += w * w;
        s += z * z;
        let l = +(s < m0);
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
      pots[base + t0] = sum0;
      if (m > 1) pots[base + t0 + 1] = sum1;
      if (m > 2) pots[base + t0 + 2] = sum2;
    }
    return;
  }
  for (let t = 0; t < trials; t++) pots[base + t] = 0;
  for (let i = start, a = start * d; i < end; i++, a += d) {
    const m0 = minD[i]!;
    for (let t = 0, b = 0; t < trials; t++, b += d) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const u = data[a + j]! - cand[b + j]!;
        s += u * u;
      }
      pots[base + t]! += s < m0 ? s : m0;
    }
  }
}

/**
 * minD[i] ← min(minD[i], ‖xᵢ − cand[0..d)‖²) for rows [start, end), and the new sum (row order) into
 * totals[blk]. Worker code: self-contained.
 */
export function seedBlockFold(pass: SeedPass, start: number, end: number, blk: number): void {
  const { data, d, minD, cand } = pass;
  let total = 0;
  if (d === 4) {
    const p = cand[0]!,
      r = cand[1]!,
      s = cand[2]!,
      t = cand[3]!;
    for (let i = start, a = start * 4; i < end; i++, a += 4) {
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
      total += m;
    }
  } else {
    for (let i = start, a = start * d; i < end; i++, a += d) {
      let e = 0;
      for (let j = 0; j < d; j++) {
        const u = data[a + j]! - cand[j]!;
        e += u * u;
      }
      const m0 = minD[i]!;
      const m = e < m0 ? e : m0;
      minD[i] = m;
      total += m;
    }
  }
  pass.totals[blk] = total;
}
