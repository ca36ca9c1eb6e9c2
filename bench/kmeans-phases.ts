/**
 * Diagnostic (not a test, not part of `npm run bench`): where k-means on 1M × 4, k = 6 spends its time,
 * phase by phase, on one and on two threads, from each seed's own k-means++ start (bench/peers' kmeans task).
 *
 *   npx tsx bench/kmeans-phases.ts [seeds=5] [threads=1,2]
 */
import { loadavg } from 'node:os';
import { checkFlatData, countDistinctRows } from '../src/clustering/flat-rows.js';
import { seedCentres } from '../src/clustering/k-means-plus-plus.js';
import { finishRun, relativeTolerance } from '../src/clustering/lloyd.js';
import { startLloydPool } from '../src/clustering/parallel-lloyd.js';
import { kMeans } from '../src/clustering/k-means.js';
import { createRandom } from '../src/random.js';
import { ensureKMeansData, readColumns } from './peers/data.js';

const seeds = Number(process.argv[2] ?? 5);
const threadList = (process.argv[3] ?? '1,2').split(',').map(Number);
const n = 1_000_000;
const d = 4;
const k = 6;
const raw = readColumns(ensureKMeansData(n), 1, n * d)[0]!;
const ms = (t: number): string => `${t.toFixed(1)} ms`;
const clock = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
};
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
for (const threads of threadList) {
  const acc = { check: 0, copy: 0, distinct: 0, tol: 0, pool: 0, seed: 0, lloyd: 0, iterations: 0, total: 0, cpu: 0 };
  for (let seed = 0; seed < seeds; seed++) {
    const [, check] = clock(() => checkFlatData(raw, d, 'bench'));
    const [copy, tCopy] = clock(() => {
      const c = threads > 1 ? new Float64Array(new SharedArrayBuffer(n * d * 8)) : new Float64Array(n * d);
      c.set(raw);
      return c;
    });
    const flat = { data: copy, n, d };
    const [, distinct] = clock(() => countDistinctRows(flat, k));
    const [tol, tTol] = clock(() => relativeTolerance(flat, 1e-4));
    const [pool, tPool] = clock(() => (threads > 1 ? startLloydPool(flat, { k, threads, fn: 'bench', wait: false, trials: 3 }) : undefined));
    const [start, tSeed] = clock(() =>
      seedCentres(flat, { k, rng: createRandom(seed).fork(0), localTrials: 3, fn: 'bench', ...(pool?.seed && { engine: pool.seed }) }),
    );
    let tLloyd = 0;
    let it = 0;
    try {
      if (pool) {
        const [, tReady] = clock(() => pool.ready());
        acc.pool += tReady;
      }
      const [run, t] = clock(() =>
        finishRun(flat, { initial: start.centres, maxIterations: 300, tolerance: tol, fn: 'bench', rule: 'total', ...(pool && { engine: pool }) }),
      );
      tLloyd = t;
      it = run.iterations;
    } finally {
      pool?.close();
    }
    const cpu0 = process.cpuUsage();
    const [, total] = clock(() => kMeans(raw, { dimensions: 4, k: 6, restarts: 1, seed, convergence: 'scikit-learn', tolerance: 1e-4, threads }));
    const cpu = process.cpuUsage(cpu0);
    acc.cpu += (cpu.user + cpu.system) / 1000;
    acc.check += check;
    acc.copy += tCopy;
    acc.distinct += distinct;
    acc.tol += tTol;
    acc.pool += tPool;
    acc.seed += tSeed;
    acc.lloyd += tLloyd;
    acc.iterations += it;
    acc.total += total;
  }
  const m = (t: number): string => ms(t / seeds);
  console.log(
    `threads ${threads}, mean of ${seeds} seeds: check ${m(acc.check)}, copy ${m(acc.copy)}, distinct ${m(acc.distinct)}, tol ${m(acc.tol)}, ` +
      `pool start+wait ${m(acc.pool)}, k-means++ ${m(acc.seed)}, Lloyd+final ${m(acc.lloyd)} (${(acc.iterations / seeds).toFixed(1)} it, ` +
      `${ms(acc.lloyd / acc.iterations)}/it), kMeans() total ${m(acc.total)} wall, ${m(acc.cpu)} CPU (all threads)`,
  );
}
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
