/**
 * The three per-row passes of Lloyd's algorithm with Hamerly's (2010) bounds, over a block of rows
 * [start, end): the first pass (every centre measured), the later passes (bounds skip rows whose centre
 * cannot have changed) and the final assignment. lloyd.ts runs them over all rows on the calling thread;
 * parallel-lloyd.ts ships their source text to worker threads, which run them block by block.
 *
 * Each kernel is **self-contained**: no imports, no closures, no calls to other functions, only its
 * parameters and JavaScript built-ins, because its `toString()` is evaluated in a worker
 * (test/clustering/lloyd-kernels.test.ts evaluates each one's source on its own). The arithmetic is that
 * of plain Lloyd (squared distances summed over features in order, first centre wins ties, sums in row
 * order), so results are bit for bit those of ml-kmeans from the same centres. Internal.
 */

/** The arrays of the first Lloyd pass: inputs (data, centres) and per-row and per-cluster outputs. */
export interface AssignPass {
  /** n × d rows, row-major. */
  readonly data: Float64Array;
  /** Features per row. */
  readonly d: number;
  /** Number of centres. */
  readonly k: number;
  /** k × d centres. */
  readonly centres: Float64Array;
  /** Per row: the nearest centre (written; read by the later passes). */
  readonly labels: Int32Array;
  /** Per row: upper bound on the distance to its centre. */
  readonly upper: Float64Array;
  /** Per row: lower bound on the distance to every other centre. */
  readonly lower: Float64Array;
  /** k × d: the rows' coordinates summed per centre (accumulated, in row order). */
  readonly sums: Float64Array;
  /** k: rows per centre (accumulated). */
  readonly counts: Float64Array;
}

/** A later Lloyd pass: the first pass's arrays and the centres' geometry. */
export interface BoundedPass extends AssignPass {
  /** Per centre: half the distance to its nearest other centre. */
  readonly half: Float64Array;
  /** Per centre: how far it moved in the last update. */
  readonly moved: Float64Array;
  /** Per centre: how far its rows' lower bounds drop (the largest move of another centre). */
  readonly drop: Float64Array;
}

/** The final assignment: the last run's labels and bounds, and where the answer goes. */
export interface FinalPass {
  readonly data: Float64Array;
  readonly d: number;
  readonly k: number;
  /** The final k × d centres. */
  readonly centres: Float64Array;
  /** Per row: the centre of the last Lloyd step (read). */
  readonly labels: Int32Array;
  readonly lower: Float64Array;
  readonly half: Float64Array;
  readonly drop: Float64Array;
  /** Per row: the nearest final centre (written). */
  readonly finalLabels: Int32Array;
  /** Per row: its squared distance (written). */
  readonly sqDist: Float64Array;
  /** k: rows per final centre (accumulated). */
  readonly counts: Float64Array;
}

/**
 * First Lloyd pass over rows [start, end): every row measured against every centre (nearest into
 * labels, its distance into upper, the second nearest into lower); sums and counts accumulated in row
 * order. The single-thread path in lloyd.ts runs it over all rows [0, n); workers run it per block.
 * Worker code: self-contained (no imports, no closures, no inner functions): its text is evaluated.
 */
export function lloydBlockAll(pass: AssignPass, start: number, end: number): void {
  const { data, d, k, centres, labels, upper, lower, sums, counts } = pass;
  if (d === 4) {
    for (let i = start, a = start * 4; i < end; i++, a += 4) {
      const x0 = data[a]!,
        x1 = data[a + 1]!,
        x2 = data[a + 2]!,
        x3 = data[a + 3]!;
      let bestC = 0;
      let bestD = Number.MAX_VALUE;
      let secondD = Number.MAX_VALUE;
      for (let e = 0, f = 0; e < k; e++, f += 4) {
        const t0 = x0 - centres[f]!,
          t1 = x1 - centres[f + 1]!,
          t2 = x2 - centres[f + 2]!,
          t3 = x3 - centres[f + 3]!;
        let v = 0;
        v += t0 * t0;
        v += t1 * t1;
        v += t2 * t2;
        v += t3 * t3;
        // Branch-free running minimum and second minimum (first centre wins ties): the comparisons are
        // unpredictable, so selects beat branches. 1 × v + 0 × w is exactly v for finite v and w.
        const lt = +(v < bestD);
        const l2 = +(v < secondD);
        const next2 = l2 * v + (1 - l2) * secondD;
        secondD = lt * bestD + (1 - lt) * next2;
        bestD = lt * v + (1 - lt) * bestD;
        bestC += lt * (e - bestC);
      }
      labels[i] = bestC;
      upper[i] = Math.sqrt(bestD);
      lower[i] = k > 1 ? Math.sqrt(secondD) : Infinity;
      counts[bestC]!++;
      const b = bestC * 4;
      sums[b]! += x0;
      sums[b + 1]! += x1;
      sums[b + 2]! += x2;
      sums[b + 3]! += x3;
    }
    return;
  }
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
export function lloydBlockBounded(pass: BoundedPass, start: number, end: number): void {
  const { data, d, k, centres, labels, upper, lower, half, moved, drop, sums, counts } = pass;
  const up = 1 + 1e-9;
  const down = 1 - 1e-9;
  if (d === 4) {
    for (let i = start, a = start * 4; i < end; i++, a += 4) {
      let c = labels[i]!;
      let u = upper[i]! + moved[c]!;
      const l = lower[i]! - drop[c]!;
      const h = half[c]!;
      // Skip test u·(1+1e-9) < max(h, l)·(1−1e-9), as two branch-free comparisons (which of h and l is
      // larger is unpredictable row to row; max(h, l)·down = max(h·down, l·down) exactly).
      const hd = h * down;
      const ld = l * down;
      const x0 = data[a]!,
        x1 = data[a + 1]!,
        x2 = data[a + 2]!,
        x3 = data[a + 3]!;
      let measure = false;
      let sc = 0;
      let w = u * up;
      if ((+(w < hd) | +(w < ld)) === 0) {
        const b = c * 4;
        const t0 = x0 - centres[b]!,
          t1 = x1 - centres[b + 1]!,
          t2 = x2 - centres[b + 2]!,
          t3 = x3 - centres[b + 3]!;
        let s = 0;
        s += t0 * t0;
        s += t1 * t1;
        s += t2 * t2;
        s += t3 * t3;
        u = Math.sqrt(s);
        w = u * up;
        if ((+(w < hd) | +(w < ld)) === 0) {
          measure = true;
          sc = s;
        }
      }
      if (measure) {
        // Start from the row's own centre (its distance sc is measured): it usually stays the nearest,
        // so the test against the best is predictable; the second nearest is a branch-free select. The
        // first centre still wins ties (e < bestC), so labels and bounds are those of a scan in order.
        let bestC = c;
        let bestD = sc;
        let secondD = Number.MAX_VALUE;
        for (let e = 0, f = 0; e < k; e++, f += 4) {
          if (e === c) continue;
          const t0 = x0 - centres[f]!,
            t1 = x1 - centres[f + 1]!,
            t2 = x2 - centres[f + 2]!,
            t3 = x3 - centres[f + 3]!;
          let v = 0;
          v += t0 * t0;
          v += t1 * t1;
          v += t2 * t2;
          v += t3 * t3;
          if (v < bestD || (v === bestD && e < bestC)) {
            secondD = bestD;
            bestD = v;
            bestC = e;
          } else {
            const l2 = +(v < secondD);
            secondD = l2 * v + (1 - l2) * secondD;
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
    const hd = h * down;
    const ld = l * down;
    let measure = false;
    let w = u * up;
    if ((+(w < hd) | +(w < ld)) === 0) {
      const b = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[a + j]! - centres[b + j]!;
        s += t * t;
      }
      u = Math.sqrt(s);
      w = u * up;
      if ((+(w < hd) | +(w < ld)) === 0) measure = true;
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
 * assignFinal in lloyd.ts over [0, n) and by the workers per block.
 */
export function lloydBlockFinal(pass: FinalPass, start: number, end: number): number {
  const { data, d, k, centres, labels, lower, half, drop, finalLabels, sqDist, counts } = pass;
  const up = 1 + 1e-9;
  const down = 1 - 1e-9;
  let inertia = 0;
  if (d === 4) {
    for (let i = start, a = start * 4; i < end; i++, a += 4) {
      let c = labels[i]!;
      const b = c * 4;
      const x0 = data[a]!,
        x1 = data[a + 1]!,
        x2 = data[a + 2]!,
        x3 = data[a + 3]!;
      const t0 = x0 - centres[b]!,
        t1 = x1 - centres[b + 1]!,
        t2 = x2 - centres[b + 2]!,
        t3 = x3 - centres[b + 3]!;
      let s = 0;
      s += t0 * t0;
      s += t1 * t1;
      s += t2 * t2;
      s += t3 * t3;
      const l = lower[i]! - drop[c]!;
      const h = half[c]!;
      // Skip test u·(1+1e-9) < max(h, l)·(1−1e-9), as two branch-free comparisons (which of h and l is
      // larger is unpredictable row to row; max(h, l)·down = max(h·down, l·down) exactly).
      const hd = h * down;
      const ld = l * down;
      const w = Math.sqrt(s) * up;
      if ((+(w < hd) | +(w < ld)) === 0) {
        // From the row's last centre (usually still the nearest, so the test is predictable); the
        // first centre still wins ties.
        const last = c;
        for (let e = 0, f = 0; e < k; e++, f += 4) {
          if (e === last) continue;
          const u0 = x0 - centres[f]!,
            u1 = x1 - centres[f + 1]!,
            u2 = x2 - centres[f + 2]!,
            u3 = x3 - centres[f + 3]!;
          let v = 0;
          v += u0 * u0;
          v += u1 * u1;
          v += u2 * u2;
          v += u3 * u3;
          if (v < s || (v === s && e < c)) {
            s = v;
            c = e;
          }
        }
      }
      finalLabels[i] = c;
      sqDist[i] = s;
      counts[c]!++;
      inertia += s;
    }
    return inertia;
  }
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
    const hd = h * down;
    const ld = l * down;
    const w = Math.sqrt(s) * up;
    if ((+(w < hd) | +(w < ld)) === 0) {
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
