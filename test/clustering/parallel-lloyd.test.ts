import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError, isClvkitError } from '../../src/errors.js';
import { kMeans, type KMeansResult } from '../../src/clustering/k-means.js';
import { assignNearest, finishRun } from '../../src/clustering/lloyd.js';
import { seedCentres } from '../../src/clustering/k-means-plus-plus.js';
import { BLOCK_ROWS, MIN_PARALLEL_ROWS, STARTUP_LIMIT_MS, startLloydPool } from '../../src/clustering/parallel-lloyd.js';
import { createRandom } from '../../src/random.js';

/** n rows of d features around k centres spaced `gap` apart (seeded). */
function blobs(n: number, d: number, k: number, gap: number, seed: number): Float64Array {
  const rng = createRandom(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    for (let j = 0; j < d; j++) data[i * d + j] = gap * ((c + j) % k) + (j === 0 ? gap * c : 0) + rng.normal();
  }
  return data;
}

const rows = MIN_PARALLEL_ROWS + 2 * BLOCK_ROWS + 123; // several blocks, the last one partial

describe('kMeans threads (parallel Lloyd)', () => {
  it('gives bit-identical results for 2, 3 and 4 threads; matches 1 thread to rounding on separated data', () => {
    const data = blobs(rows, 3, 4, 12, 5);
    const one = kMeans(data, { dimensions: 3, k: 4, seed: 3, restarts: 1 });
    const many = [2, 3, 4].map((threads) => kMeans(data, { dimensions: 3, k: 4, seed: 3, restarts: 1, threads }));
    for (const r of many) {
      expect(Array.from(r.centres)).toEqual(Array.from(many[0]!.centres));
      expect(Array.from(r.labels)).toEqual(Array.from(many[0]!.labels));
      expect(r.inertia).toBe(many[0]!.inertia);
      expect(r.runs).toEqual(many[0]!.runs);
    }
    // Capped at the cores available (2 on CI): see 'caps threads at the cores' below.
    expect(many.map((r) => r.threads)).toEqual([2, 3, 4].map((t) => Math.min(t, availableParallelism())));
    expect(one.threads).toBe(1);
    const p = many[0]!;
    expect(Array.from(p.labels)).toEqual(Array.from(one.labels));
    expect(Math.abs(p.inertia - one.inertia) / one.inertia).toBeLessThan(1e-9);
    for (let t = 0; t < one.centres.length; t++) expect(p.centres[t]).toBeCloseTo(one.centres[t]!, 9);
  });

  it('is deterministic across runs and exact against a brute-force check (4 features, overlapping clusters)', () => {
    // Overlapping blobs: many Lloyd iterations, so the bounded (Hamerly) pass and its 4-feature path run.
    const data = blobs(rows, 4, 6, 1.5, 11);
    const a = kMeans(data, { dimensions: 4, k: 6, seed: 9, restarts: 2, threads: 2, convergence: 'scikit-learn', tolerance: 1e-4 });
    const b = kMeans(data, { dimensions: 4, k: 6, seed: 9, restarts: 2, threads: 2, convergence: 'scikit-learn', tolerance: 1e-4 });
    expect(Array.from(a.centres)).toEqual(Array.from(b.centres));
    expect(a.inertia).toBe(b.inertia);
    expect(a.runs.every((r) => r.iterations > 3)).toBe(true);
    // Independent check: labels are the nearest centres (plain scan) and the inertia is their sum.
    const labels = new Int32Array(rows);
    const sq = new Float64Array(rows);
    const full = assignNearest({ data, n: rows, d: 4 }, a.centres, labels, sq);
    expect(Array.from(a.labels)).toEqual(Array.from(labels));
    expect(Math.abs(full.inertia - a.inertia) / full.inertia).toBeLessThan(1e-12);
    expect(Array.from(a.sizes)).toEqual(Array.from(full.counts));
    const one = kMeans(data, { dimensions: 4, k: 6, seed: 9, restarts: 2, convergence: 'scikit-learn', tolerance: 1e-4 });
    expect(Math.abs(one.inertia - a.inertia) / one.inertia).toBeLessThan(1e-9);
  });

  it('runs on one thread below MIN_PARALLEL_ROWS rows and says so', () => {
    const data = blobs(1000, 2, 3, 10, 2);
    const r = kMeans(data, { dimensions: 2, k: 3, seed: 1, threads: 4 });
    const plain = kMeans(data, { dimensions: 2, k: 3, seed: 1 });
    expect(r.threads).toBe(1);
    expect(Array.from(r.centres)).toEqual(Array.from(plain.centres));
    expect(r.inertia).toBe(plain.inertia);
  });

  it('rejects a bad threads option', () => {
    for (const threads of [0, 1.5, -2]) {
      expect(() => kMeans([0, 1, 2, 3], { dimensions: 1, k: 2, threads })).toThrow(ClvkitError);
      try {
        kMeans([0, 1, 2, 3], { dimensions: 1, k: 2, threads });
      } catch (error) {
        expect((error as ClvkitError).code).toBe('INVALID_OPTIONS');
      }
    }
  });

  it('leaves no worker running: a process that calls kMeans with threads exits by itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-plloyd-'));
    try {
      const script = join(dir, 'run.ts');
      const src = join(process.cwd(), 'src/clustering/k-means.ts');
      writeFileSync(
        script,
        `import { kMeans } from ${JSON.stringify(src)};\n` +
          `const n = ${rows}; const data = new Float64Array(n * 2);\n` +
          `for (let i = 0; i < n; i++) { data[2 * i] = (i % 3) * 10 + (i % 7) / 7; data[2 * i + 1] = (i % 5) / 5; }\n` +
          `const r = kMeans(data, { dimensions: 2, k: 3, restarts: 1, threads: 2 });\n` +
          `console.log(JSON.stringify({ threads: r.threads, sizes: Array.from(r.sizes) }));\n`,
      );
      // No process.exit in the script: it ends only if no worker or handle is left alive.
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
      const parsed = JSON.parse(out.trim()) as { threads: number; sizes: number[] };
      expect(parsed.threads).toBe(2);
      expect(parsed.sizes.reduce((s, v) => s + v, 0)).toBe(rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pool of 2, 3 or 4 workers gives bit-identical runs (more workers than cores, below the kMeans cap)', () => {
    const n = BLOCK_ROWS + 777; // two blocks, the second one partial
    const data = blobs(n, 3, 4, 2, 7);
    const flat = { data, n, d: 3 };
    const { centres } = seedCentres(flat, { k: 4, rng: createRandom(2), localTrials: 3 });
    const results = [2, 3, 4].map((threads) => {
      const pool = startLloydPool(flat, { k: 4, threads, fn: 'test' });
      try {
        return finishRun(flat, { initial: centres, maxIterations: 8, tolerance: 1e-6, fn: 'test', engine: pool });
      } finally {
        pool.close();
      }
    });
    for (const r of results) {
      expect(Array.from(r.centres)).toEqual(Array.from(results[0]!.centres));
      expect(Array.from(r.labels)).toEqual(Array.from(results[0]!.labels));
      expect(r.inertia).toBe(results[0]!.inertia);
      expect(r.iterations).toBe(results[0]!.iterations);
    }
    expect(results[0]!.iterations).toBeGreaterThan(2);
  });

  it('k-means++ on the pool picks the same rows and centres as on the calling thread (several blocks, 3 and 4 features, 1 to 5 trials)', () => {
    const n = 2 * BLOCK_ROWS + 4321; // three blocks, the last one partial
    for (const [d, trials] of [
      [4, 3],
      [4, 5],
      [3, 1],
      [3, 4],
    ] as const) {
      const data = new Float64Array(new SharedArrayBuffer(n * d * 8));
      data.set(blobs(n, d, 5, 3, 40 + trials));
      const flat = { data, n, d };
      const pool = startLloydPool(flat, { k: 5, threads: 2, fn: 'test', trials });
      try {
        const seed = pool.seed!;
        const commands: string[] = [];
        const counted = { pass: seed.pass, isReady: () => seed.isReady(), run: (c: 'first' | 'score' | 'fold') => (commands.push(c), seed.run(c)) };
        const onPool = seedCentres(flat, { k: 5, rng: createRandom(trials), localTrials: trials, engine: counted });
        const here = seedCentres(flat, { k: 5, rng: createRandom(trials), localTrials: trials });
        expect(Array.from(onPool.rows), `d = ${d}, trials = ${trials}`).toEqual(Array.from(here.rows));
        expect(Array.from(onPool.centres)).toEqual(Array.from(here.centres));
        // The pool was ready (started with wait), so every pass ran there: first, then score (+ fold) per step.
        expect(commands).toEqual(['first', 'score', 'fold', 'score', 'fold', 'score', 'fold', 'score']);
      } finally {
        pool.close();
      }
    }
  });

  it('caps threads at the cores available (threads: 256 took 33 s before)', () => {
    const data = blobs(MIN_PARALLEL_ROWS, 2, 3, 10, 4);
    const t0 = performance.now();
    const r = kMeans(data, { dimensions: 2, k: 3, seed: 1, restarts: 1, threads: 256 });
    const elapsed = performance.now() - t0;
    expect(r.threads).toBe(Math.min(256, availableParallelism()));
    expect(r.threads).toBeLessThanOrEqual(availableParallelism());
    expect(elapsed).toBeLessThan(10_000);
  });

  it('a worker that cannot start fails with THREAD_FAILURE within about a second, and leaves nothing running', () => {
    const data = blobs(MIN_PARALLEL_ROWS, 2, 3, 10, 4);
    const flat = { data, n: MIN_PARALLEL_ROWS, d: 2 };
    for (const source of ['this is not JavaScript (']) {
      const t0 = performance.now();
      let error: unknown;
      try {
        startLloydPool(flat, { k: 3, threads: 2, fn: 'kMeans', source }).close();
      } catch (e) {
        error = e;
      }
      const elapsed = performance.now() - t0;
      expect(isClvkitError(error, 'THREAD_FAILURE'), String(error)).toBe(true);
      expect((error as ClvkitError).message).toMatch(/^kMeans: parallel Lloyd: starting the workers timed out/);
      expect(elapsed).toBeGreaterThanOrEqual(STARTUP_LIMIT_MS - 50);
      expect(elapsed).toBeLessThan(STARTUP_LIMIT_MS + 1500);
    }
  });

  it('with wait: false the pool returns at once, and a worker that cannot start fails at the first command, timed from the start', () => {
    const data = blobs(MIN_PARALLEL_ROWS, 2, 3, 10, 4);
    const flat = { data, n: MIN_PARALLEL_ROWS, d: 2 };
    const t0 = performance.now();
    const pool = startLloydPool(flat, { k: 3, threads: 2, fn: 'kMeans', source: 'this is not JavaScript (', wait: false });
    expect(performance.now() - t0).toBeLessThan(STARTUP_LIMIT_MS / 2);
    // Work on the calling thread meanwhile (as the k-means++ seeding does) counts toward the deadline.
    while (performance.now() - t0 < 300);
    let error: unknown;
    try {
      pool.assignAll(data.slice(0, 6), new Float64Array(6), new Float64Array(3));
    } catch (e) {
      error = e;
    } finally {
      pool.close();
    }
    const elapsed = performance.now() - t0;
    expect(isClvkitError(error, 'THREAD_FAILURE'), String(error)).toBe(true);
    expect((error as ClvkitError).message).toMatch(/starting the workers timed out/);
    expect(elapsed).toBeGreaterThanOrEqual(STARTUP_LIMIT_MS - 50);
    expect(elapsed).toBeLessThan(STARTUP_LIMIT_MS + 1500);
  });

  it('with wait: false a good pool starts while the caller works, and runs as a waited-for one', () => {
    const n = MIN_PARALLEL_ROWS;
    const data = blobs(n, 3, 4, 2, 7);
    const flat = { data, n, d: 3 };
    const { centres } = seedCentres(flat, { k: 4, rng: createRandom(5), localTrials: 3 });
    const run = (wait: boolean) => {
      const pool = startLloydPool(flat, { k: 4, threads: 2, fn: 'test', wait });
      try {
        return finishRun(flat, { initial: centres, maxIterations: 20, tolerance: 1e-6, fn: 'test', engine: pool });
      } finally {
        pool.close();
      }
    };
    const lazy = run(false);
    const eager = run(true);
    expect(Array.from(lazy.centres)).toEqual(Array.from(eager.centres));
    expect(Array.from(lazy.labels)).toEqual(Array.from(eager.labels));
    expect(lazy.iterations).toBe(eager.iterations);
  });

  it('starts its workers when the process runs ES modules from -e (node --input-type=module), in seconds', () => {
    const src = join(process.cwd(), 'src/clustering/k-means.ts');
    const code =
      `import { kMeans } from ${JSON.stringify(src)};\n` +
      `const n = ${rows}; const data = new Float64Array(n * 2);\n` +
      `for (let i = 0; i < n; i++) { data[2 * i] = (i % 3) * 10 + (i % 7) / 7; data[2 * i + 1] = (i % 5) / 5; }\n` +
      `const r = kMeans(data, { dimensions: 2, k: 3, restarts: 1, threads: 2 });\n` +
      `console.log(JSON.stringify({ threads: r.threads, sizes: Array.from(r.sizes) }));\n`;
    const t0 = performance.now();
    // Before: the eval'd workers became ES modules, their `require` threw, and kMeans hung for 120 s.
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    const elapsed = performance.now() - t0;
    const parsed = JSON.parse(out.trim()) as { threads: number; sizes: number[] };
    expect(parsed.threads).toBe(Math.min(2, availableParallelism()));
    expect(parsed.sizes.reduce((s, v) => s + v, 0)).toBe(rows);
    expect(elapsed).toBeLessThan(30_000);
  });

  it('types', () => {
    expectTypeOf<KMeansResult['threads']>().toEqualTypeOf<number>();
  });
});
