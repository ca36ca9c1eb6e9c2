/**
 * Benchmark (not a test): k-means on one million rows × 4 features, k = 6, one initialisation.
 * Prints the wall time of the seeded greedy k-means++ initialisation and of the Lloyd iterations,
 * the inertia, and — from the same initial centres — ml-kmeans v7's time and inertia (the
 * independent reference for the inertia check, required to agree to 0.1 %).
 *
 * Data: a seeded mixture of 6 Gaussian blobs with unequal sizes and spreads (overlapping, so that
 * Lloyd needs a realistic number of iterations), generated in memory.
 *
 * Times are wall clock and CPU (user) time of this process; on a shared 2-core machine the wall time
 * includes waiting for the CPU, so both are printed.
 *
 * Run: npx tsx bench/kmeans.ts [rows] [--no-ml] [--ml-init] [--tol=1e-4] (--ml-init also times ml-kmeans' own k-means++)
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeanspp as mlKmeansPlusPlus } from '../node_modules/ml-kmeans/lib/initialization.js';
import { assignNearest, lloydIterations, seedCentres } from '../src/clustering/k-means.js';
import { createRandom } from '../src/random.js';

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const withMl = !process.argv.includes('--no-ml');
const d = 4;
const k = 6;
const maxIterations = 300;
// --tol=<x>: our convergence tolerance (squared centre move); ml-kmeans always runs with its default 1e-6.
const tolArg = process.argv.find((a) => a.startsWith('--tol='));
const tolerance = tolArg !== undefined ? Number(tolArg.slice(6)) : 1e-6;
const mlTolerance = 1e-6;

function makeData(rows: number): Float64Array {
  const rng = createRandom(2026);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.uniform(-3, 3)));
  const weights = [0.3, 0.25, 0.15, 0.12, 0.1, 0.08];
  const spreads = [1, 0.8, 0.6, 1.2, 0.5, 0.9];
  const data = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    let u = rng.next();
    let c = 0;
    while (c < k - 1 && u >= weights[c]!) u -= weights[c++]!;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[c]![j]! + spreads[c]! * rng.normal();
  }
  return data;
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

const t0 = performance.now();
const data = makeData(n);
const tData = performance.now() - t0;

const c1 = process.cpuUsage();
const t1 = performance.now();
const { centres: init } = seedCentres(data, n, d, k, createRandom(7), 2 + Math.floor(Math.log(k)));
const tInit = performance.now() - t1;
const cInit = process.cpuUsage(c1).user / 1000;
const c2 = process.cpuUsage();

const t2 = performance.now();
const run = lloydIterations(data, n, d, init, maxIterations, tolerance);
const tLloyd = performance.now() - t2;
const cLloyd = process.cpuUsage(c2).user / 1000;
const labels = new Int32Array(n);
const sq = new Float64Array(n);
const { inertia } = assignNearest(data, n, d, run.centres, labels, sq);

console.log(`workload: k-means, ${n.toLocaleString('en-US')} rows × ${d} features, k = ${k}, one initialisation`);
console.log(`tolerance ${tolerance} (ml-kmeans: ${mlTolerance})`);
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`data generation: ${(tData / 1000).toFixed(2)} s (not counted)`);
console.log(`k-means++ (greedy, ${2 + Math.floor(Math.log(k))} trials/step): ${(tInit / 1000).toFixed(3)} s wall, ${(cInit / 1000).toFixed(3)} s CPU`);
console.log(
  `Lloyd: ${(tLloyd / 1000).toFixed(3)} s wall, ${(cLloyd / 1000).toFixed(3)} s CPU, ${run.iterations} iterations (${(tLloyd / run.iterations).toFixed(1)} ms each), ` +
    `converged ${run.converged}, ${((n * run.iterations) / (tLloyd / 1000) / 1e6).toFixed(1)} M row-iterations/s`,
);
console.log(`init + Lloyd: ${((tInit + tLloyd) / 1000).toFixed(3)} s wall, ${((cInit + cLloyd) / 1000).toFixed(3)} s CPU (target ≤ 0.9 s = 1.5 × scikit-learn's quoted 0.6 s)`);
console.log(`inertia: ${inertia.toFixed(4)}`);

if (withMl) {
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(data.subarray(i * d, (i + 1) * d));
  const initRows = Array.from({ length: k }, (_, c) => Array.from(init.subarray(c * d, (c + 1) * d)));
  if (process.argv.includes('--ml-init')) {
    const t = performance.now();
    mlKmeansPlusPlus(rows, k, { seed: 7 });
    console.log(`ml-kmeans' own k-means++ on the same data: ${((performance.now() - t) / 1000).toFixed(3)} s wall`);
  }
  const c3 = process.cpuUsage();
  const t3 = performance.now();
  const ml = mlKmeans(rows, k, { initialization: initRows, maxIterations, tolerance: mlTolerance });
  const tMl = performance.now() - t3;
  const cMl = process.cpuUsage(c3).user / 1000;
  const mlCentres = Float64Array.from(ml.centroids.flat());
  const mlInertia = assignNearest(data, n, d, mlCentres, new Int32Array(n), new Float64Array(n)).inertia;
  let same = 0;
  for (let i = 0; i < n; i++) if (ml.clusters[i] === run.labels[i]) same++;
  const rel = Math.abs(inertia - mlInertia) / mlInertia;
  console.log(
    `ml-kmeans Lloyd from the same centres: ${(tMl / 1000).toFixed(3)} s wall, ${(cMl / 1000).toFixed(3)} s CPU, ${ml.iterations} iterations, converged ${ml.converged}, ` +
      `inertia ${mlInertia.toFixed(4)}`,
  );
  console.log(`relative inertia difference: ${rel.toExponential(2)} (${rel <= 1e-3 ? 'within' : 'OUTSIDE'} 0.1%); labels equal: ${same}/${n}`);
}
console.log(`load average at the end: ${(await import('node:os')).loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}`);
