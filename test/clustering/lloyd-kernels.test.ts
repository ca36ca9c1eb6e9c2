import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { assignNearest } from '../../src/clustering/lloyd.js';
import { type AssignPass, type BoundedPass, type FinalPass, lloydBlockAll, lloydBlockBounded, lloydBlockFinal } from '../../src/clustering/lloyd-kernels.js';
import {
  COMMAND,
  CONTROL,
  type LloydKernels,
  type LloydWorkerData,
  lloydStep,
  lloydStepState,
  lloydWorkerMain,
  lloydWorkerSource,
} from '../../src/clustering/lloyd-worker.js';
import { createRandom } from '../../src/random.js';
import { type SeedPass, seedBlockFirst, seedBlockFold, seedBlockScore } from '../../src/clustering/seed-kernels.js';

/**
 * The worker threads run these functions from their source text. Each one is evaluated here on its own,
 * in a fresh V8 context that holds nothing but JavaScript's built-ins (no module scope, no Node globals,
 * no other kernel), and must give exactly what the imported function gives.
 */
function isolated<F>(fn: F): F {
  return runInNewContext(`(${String(fn)})`) as F;
}

const n = 300;
const d = 3;
const k = 4;

function problem(seed: number): { data: Float64Array; centres: Float64Array } {
  const rng = createRandom(seed);
  const data = new Float64Array(n * d);
  for (let t = 0; t < data.length; t++) data[t] = rng.normal() + (Math.floor(t / d) % k) * 2;
  const centres = data.slice(0, k * d);
  return { data, centres };
}

function assignPass(data: Float64Array, centres: Float64Array, dims = d): AssignPass {
  const rows = data.length / dims;
  return {
    data,
    d: dims,
    k,
    centres,
    labels: new Int32Array(rows),
    upper: new Float64Array(rows),
    lower: new Float64Array(rows),
    sums: new Float64Array(k * dims),
    counts: new Float64Array(k),
  };
}

function copyPass<P extends object>(p: P): P {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(p)) out[key] = ArrayBuffer.isView(v) ? (v as Float64Array).slice() : v;
  return out as P;
}

/** Hamerly's per-centre quantities for a move from `before` to `after`, computed plainly. */
function hamerlyGeometry(before: Float64Array, after: Float64Array, dims: number): { half: Float64Array; moved: Float64Array; drop: Float64Array } {
  const dist = (a: Float64Array, i: number, b: Float64Array, j: number) =>
    Math.sqrt(Array.from({ length: dims }, (_, t) => (a[i * dims + t]! - b[j * dims + t]!) ** 2).reduce((s, v) => s + v, 0));
  const moved = Float64Array.from({ length: k }, (_, c) => dist(before, c, after, c));
  const half = Float64Array.from(
    { length: k },
    (_, c) => 0.5 * Math.min(...Array.from({ length: k }, (_, e) => (e === c ? Infinity : dist(after, c, after, e)))),
  );
  const drop = Float64Array.from({ length: k }, (_, c) => Math.max(...Array.from({ length: k }, (_, e) => (e === c ? 0 : moved[e]!))));
  return { half, moved, drop };
}

describe('Lloyd block kernels, each run from its own source text', () => {
  for (const dims of [3, 4]) {
    it(`lloydBlockAll and lloydBlockBounded (${dims} features${dims === 4 ? ', the unrolled path' : ''})`, () => {
      const rng = createRandom(dims);
      const data = Float64Array.from({ length: n * dims }, (_, t) => rng.normal() + (Math.floor(t / dims) % k) * 2);
      const centres = data.slice(0, k * dims);
      const first = assignPass(data, centres, dims);
      const firstIsolated = copyPass(first);
      lloydBlockAll(first, 0, n);
      isolated(lloydBlockAll)(firstIsolated, 0, n);
      expect(firstIsolated).toEqual(first);
      // The first pass is the plain nearest-centre scan.
      const labels = new Int32Array(n);
      assignNearest({ data, n, d: dims }, centres, labels, new Float64Array(n));
      expect(Array.from(first.labels)).toEqual(Array.from(labels));

      // A later pass with moved centres: some rows skipped by the bounds, some measured.
      const moved = centres.map((v, t) => v + (t % 3) * 0.05);
      const geometry = hamerlyGeometry(centres, moved, dims);
      const later: BoundedPass = { ...copyPass(first), centres: moved, ...geometry, sums: new Float64Array(k * dims), counts: new Float64Array(k) };
      const laterIsolated = copyPass(later);
      lloydBlockBounded(later, 0, n);
      isolated(lloydBlockBounded)(laterIsolated, 0, n);
      expect(laterIsolated).toEqual(later);
      expect(later.counts.reduce((s, v) => s + v, 0)).toBe(n);
      // The bounds never keep a row on a centre that is not its nearest.
      assignNearest({ data, n, d: dims }, moved, labels, new Float64Array(n));
      expect(Array.from(later.labels)).toEqual(Array.from(labels));
    });
  }

  for (const dims of [3, 4]) {
    it(`exact ties go to the lowest centre index when a measured row starts from a later centre (${dims} features)`, () => {
      // Centres on a grid; every row is at the same distance from two or four of them, and each row's
      // current label is the highest-index centre, so the scan that starts from it must hand the tie back.
      const grid = [
        [0, 0],
        [2, 0],
        [0, 2],
        [2, 2],
      ];
      const rowsXY = [
        [1, 0],
        [1, 1],
        [2, 1],
        [1, 2],
        [0, 1],
        [3, 1],
      ];
      const pad = (xy: number[]): number[] => [...xy, ...new Array<number>(dims - 2).fill(0)];
      const centres = Float64Array.from(grid.flatMap(pad));
      const data = Float64Array.from(rowsXY.flatMap(pad));
      const rows = rowsXY.length;
      const zeros = (m: number) => new Float64Array(m);
      const pass: BoundedPass = {
        data,
        d: dims,
        k,
        centres,
        labels: new Int32Array(rows).fill(k - 1),
        // Bounds that prove nothing: every row is measured against every centre.
        upper: zeros(rows),
        lower: zeros(rows),
        half: zeros(k),
        moved: zeros(k),
        drop: zeros(k),
        sums: zeros(k * dims),
        counts: zeros(k),
      };
      const passIsolated = copyPass(pass);
      lloydBlockBounded(pass, 0, rows);
      isolated(lloydBlockBounded)(passIsolated, 0, rows);
      expect(passIsolated).toEqual(pass);
      const first = assignPass(data, centres, dims);
      lloydBlockAll(first, 0, rows);
      expect(Array.from(pass.labels)).toEqual([0, 0, 1, 2, 0, 1]);
      expect(Array.from(pass.labels)).toEqual(Array.from(first.labels));
      expect(Array.from(pass.upper)).toEqual(Array.from(first.upper));
      expect(Array.from(pass.lower)).toEqual(Array.from(first.lower));
      expect(Array.from(pass.sums)).toEqual(Array.from(first.sums));
      const final: FinalPass = {
        data,
        d: dims,
        k,
        centres,
        labels: new Int32Array(rows).fill(k - 1),
        lower: zeros(rows),
        half: zeros(k),
        drop: zeros(k),
        finalLabels: new Int32Array(rows),
        sqDist: zeros(rows),
        counts: zeros(k),
      };
      const finalIsolated = copyPass(final);
      const inertia = lloydBlockFinal(final, 0, rows);
      expect(isolated(lloydBlockFinal)(finalIsolated, 0, rows)).toBe(inertia);
      expect(Array.from(final.finalLabels)).toEqual([0, 0, 1, 2, 0, 1]);
      expect(Array.from(final.sqDist)).toEqual([1, 2, 1, 1, 1, 2]);
    });
  }

  it('lloydBlockFinal: the nearest final centres and the inertia, over a sub-range of rows', () => {
    const { data, centres } = problem(5);
    const first = assignPass(data, centres);
    lloydBlockAll(first, 0, n);
    const pass: FinalPass = {
      data,
      d,
      k,
      centres,
      labels: first.labels,
      lower: first.lower,
      half: new Float64Array(k),
      drop: new Float64Array(k),
      finalLabels: new Int32Array(n),
      sqDist: new Float64Array(n),
      counts: new Float64Array(k),
    };
    const passIsolated = copyPass(pass);
    const inertia = lloydBlockFinal(pass, 10, 250);
    expect(isolated(lloydBlockFinal)(passIsolated, 10, 250)).toBe(inertia);
    expect(passIsolated).toEqual(pass);
    const labels = new Int32Array(n);
    const sq = new Float64Array(n);
    assignNearest({ data, n, d }, centres, labels, sq);
    expect(Array.from(pass.finalLabels.subarray(10, 250))).toEqual(Array.from(labels.subarray(10, 250)));
    expect(pass.finalLabels[0]).toBe(0); // rows outside the range untouched
    let sum = 0;
    for (let i = 10; i < 250; i++) sum += sq[i]!;
    expect(inertia).toBe(sum);
  });
});

describe('k-means++ block kernels, each run from its own source text', () => {
  for (const dims of [3, 4]) {
    it(`seedBlockFirst, seedBlockScore and seedBlockFold over a block (${dims} features${dims === 4 ? ', the unrolled path' : ''})`, () => {
      const rng = createRandom(20 + dims);
      const data = Float64Array.from({ length: n * dims }, () => rng.normal());
      const trials = 5;
      const pass: SeedPass = {
        data,
        d: dims,
        minD: new Float64Array(n),
        cand: data.slice(7 * dims, (7 + trials) * dims),
        trials,
        pots: new Float64Array(3 * trials),
        totals: new Float64Array(3),
      };
      const copy = copyPass(pass);
      const dist = (i: number, t: number): number => {
        let s = 0;
        for (let j = 0; j < dims; j++) s += (data[i * dims + j]! - pass.cand[t * dims + j]!) ** 2;
        return s;
      };
      // Block 1 = rows [100, 250).
      seedBlockFirst(pass, 100, 250, 1);
      isolated(seedBlockFirst)(copy, 100, 250, 1);
      let total = 0;
      for (let i = 100; i < 250; i++) {
        expect(pass.minD[i]).toBe(dist(i, 0));
        total += dist(i, 0);
      }
      expect(pass.totals[1]).toBe(total);
      expect(pass.minD[99]).toBe(0); // other rows untouched
      seedBlockScore(pass, 100, 250, 1);
      isolated(seedBlockScore)(copy, 100, 250, 1);
      for (let t = 0; t < trials; t++) {
        let pot = 0;
        for (let i = 100; i < 250; i++) pot += Math.min(pass.minD[i]!, dist(i, t));
        expect(pass.pots[trials + t], `candidate ${t}`).toBe(pot);
      }
      pass.cand.set(data.subarray(3 * dims, 4 * dims));
      copy.cand.set(data.subarray(3 * dims, 4 * dims));
      const before = pass.minD.slice();
      seedBlockFold(pass, 100, 250, 1);
      isolated(seedBlockFold)(copy, 100, 250, 1);
      total = 0;
      for (let i = 100; i < 250; i++) {
        const m = Math.min(before[i]!, dist(i, 0));
        expect(pass.minD[i]).toBe(m);
        total += m;
      }
      expect(pass.totals[1]).toBe(total);
      expect(copy).toEqual(pass);
    });
  }
});

describe('the worker loop, run from its own source text', () => {
  function workerData(): LloydWorkerData {
    const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
    const { data } = problem(3);
    const shared = sab(data.length * 8);
    new Float64Array(shared).set(data);
    return {
      control: sab(CONTROL.size * 4),
      data: shared,
      labels: sab(n * 4),
      upper: sab(n * 8),
      lower: sab(n * 8),
      finalLabels: sab(n * 4),
      sqDist: sab(n * 8),
      centres: sab(k * d * 8),
      half: sab(k * 8),
      moved: sab(k * 8),
      drop: sab(k * 8),
      sums: sab(2 * k * d * 8),
      counts: sab(2 * k * 8),
      inertia: sab(2 * 8),
      minD: sab(n * 8),
      seedCand: sab(3 * d * 8),
      seedPots: sab(2 * 3 * 8),
      seedTotals: sab(2 * 8),
      trials: 3,
      n,
      d,
      k,
      blockRows: 200,
      workers: 1,
    };
  }

  it('warms up, reports ready and returns on the exit command, using only its arguments', () => {
    const w = workerData();
    const control = new Int32Array(w.control);
    // The exit command is already posted, so the loop's first wait returns at once.
    control[CONTROL.command] = COMMAND.exit;
    control[CONTROL.generation] = 1;
    const kernels: LloydKernels = {
      all: isolated(lloydBlockAll),
      bounded: isolated(lloydBlockBounded),
      final: isolated(lloydBlockFinal),
      seedFirst: isolated(seedBlockFirst),
      seedScore: isolated(seedBlockScore),
      seedFold: isolated(seedBlockFold),
    };
    isolated(lloydWorkerMain)(w, CONTROL, COMMAND, kernels, isolated(lloydStepState), isolated(lloydStep));
    expect(control[CONTROL.ready]).toBe(1);
    expect(control[CONTROL.failed]).toBe(0);
  });

  it('the control slots and commands reach the worker code as data, not as numbers written into it', () => {
    const source = lloydWorkerSource();
    expect(source).toContain(`const slots = ${JSON.stringify(CONTROL)};`);
    expect(source).toContain(`const commands = ${JSON.stringify(COMMAND)};`);
    // The loop's own text addresses slots by name only.
    expect(String(lloydWorkerMain)).not.toMatch(/Atomics\.\w+\(control, \d/);
    expect(new Set(Object.values(CONTROL)).size).toBe(Object.keys(CONTROL).length);
    // No module mode assumed: no require, no static import.
    expect(source).not.toMatch(/\brequire\(|^import /m);
  });
});
