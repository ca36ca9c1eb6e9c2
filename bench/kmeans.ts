/**
 * Benchmark (not a test): k-means on one million rows × 4 features, k = 6, one initialisation
 * (clvkit issue 6: init + Lloyd within 1.5 × scikit-learn's Lloyd k-means on the same data and machine,
 * about 0.6 s here → ≤ 0.9 s, with the same inertia to 0.1 %).
 *
 * Two runs from the same seeded greedy k-means++ centres:
 * 1. Headline — scikit-learn's stopping rule (`KMeans(tol=1e-4)`, the default): stop once the squared
 *    Frobenius norm of the centre shift Σ_c ‖c_new − c_old‖² ≤ 1e-4 × the mean per-feature variance of
 *    the data (our `kMeans({ convergence: 'scikit-learn', tolerance: 1e-4 })`). Timed: k-means++, Lloyd,
 *    and the final assignment of every row to its nearest centre (scikit-learn also ends with one).
 * 2. Reference — ml-kmeans' rule (every centre moved by a squared distance ≤ 1e-6, absolute), compared
 *    with ml-kmeans v7 from the same centres: labels, iteration count and inertia must agree (the
 *    independent check of our loop; bit-for-bit equality is tested in test/clustering/k-means.test.ts).
 * The headline inertia is compared with the reference one (the 0.1 % requirement).
 * 1b. The headline again with `threads: 2` (both cores, as scikit-learn's OpenMP loop): the assignment
 *    passes in two worker threads (src/clustering/parallel-lloyd.ts), timed from starting the workers
 *    to closing them; its inertia and labels are compared with the 1-thread headline.
 *
 * Data: a seeded mixture of 6 Gaussian blobs with unequal sizes and spreads (overlapping, so that
 * Lloyd needs a realistic number of iterations), generated in memory.
 *
 * Times are wall clock and CPU time (user + system) of this process; on a shared 2-core machine the wall
 * time includes waiting for the CPU, so both are printed, with the load average.
 *
 * Run: npx tsx bench/kmeans.ts [rows] [--no-ml] [--ml-init] (--ml-init also times ml-kmeans' own k-means++)
 */
import { loadavg } from 'node:os';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeanspp as mlKmeansPlusPlus } from '../node_modules/ml-kmeans/lib/initialization.js';
import { seedCentres } from '../src/clustering/k-means-plus-plus.js';
import { assignNearest, finishRun, lloydIterations, relativeTolerance } from '../src/clustering/lloyd.js';
import { startLloydPool } from '../src/clustering/parallel-lloyd.js';
import { createRandom } from '../src/random.js';

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const withMl = !process.argv.includes('--no-ml');
const d = 4;
const k = 6;
const maxIterations = 300;
const localTrials = 2 + Math.floor(Math.log(k));

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

/** Wall and CPU (user + system) milliseconds of f. */
function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { value, wall, cpu: (u.user + u.system) / 1000 };
}

const s = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const gen = timed(() => makeData(n));
const data = gen.value;
const flat = { data, n, d };
console.log(`workload: k-means, ${n.toLocaleString('en-US')} rows × ${d} features, k = ${k}, one initialisation`);
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}; load average at the start: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(`data generation: ${s(gen.wall)} (not counted)`);

const init = timed(() => seedCentres(flat, { k, rng: createRandom(7), localTrials }));
const initCentres = init.value.centres;
console.log(`k-means++ (greedy, ${localTrials} trials/step): ${s(init.wall)} wall, ${s(init.cpu)} CPU`);

// Headline: what kMeans({ convergence: 'scikit-learn', tolerance: 1e-4, restarts: 1 }) runs after its
// k-means++: Lloyd, then the final assignment of every row to its nearest final centre.
const sklearnTol = relativeTolerance(flat, 1e-4);
const headRun = timed(() => finishRun(flat, { initial: initCentres, maxIterations, tolerance: sklearnTol, fn: 'bench', rule: 'total' }));
const head = { ...headRun.value, wall: headRun.wall, cpu: headRun.cpu };
console.log(
  `[headline] scikit-learn rule (Σ centre shift² ≤ 1e-4 × mean variance = ${sklearnTol.toExponential(3)}): ` +
    `Lloyd + final assignment ${s(head.wall)} wall, ${s(head.cpu)} CPU, ${head.iterations} iterations, converged ${head.converged}, ` +
    `inertia ${head.inertia.toFixed(4)}`,
);
console.log(
  `init + Lloyd + final assignment: ${s(init.wall + head.wall)} wall, ${s(init.cpu + head.cpu)} CPU ` + `(target ≤ 0.9 s = 1.5 × scikit-learn's quoted 0.6 s)`,
);
// Headline with `threads: 2` (both cores, as scikit-learn's OpenMP loop): the same run with the
// assignment passes in two workers. Timed from starting the workers (which copies the data into shared
// memory) to closing them, so the figure is what kMeans({ threads: 2 }) pays on top of k-means++.
const par = timed(() => {
  const start = performance.now();
  const pool = startLloydPool(flat, { k, threads: 2, fn: 'bench' });
  const startup = performance.now() - start;
  try {
    return { run: finishRun(flat, { initial: initCentres, maxIterations, tolerance: sklearnTol, fn: 'bench', rule: 'total', engine: pool }), startup };
  } finally {
    pool.close();
  }
});
let parSame = 0;
for (let i = 0; i < n; i++) if (par.value.run.labels[i] === head.labels[i]) parSame++;
const parRel = Math.abs(par.value.run.inertia - head.inertia) / head.inertia;
console.log(
  `[headline, threads: 2] Lloyd + final assignment ${s(par.wall)} wall (${s(par.value.startup)} of it starting the workers), ` +
    `${s(par.cpu)} CPU (all threads), ${par.value.run.iterations} iterations, inertia ${par.value.run.inertia.toFixed(4)} ` +
    `(relative difference to 1 thread ${parRel.toExponential(2)}, labels equal ${parSame}/${n})`,
);
console.log(`init + Lloyd + final assignment, threads: 2: ${s(init.wall + par.wall)} wall (target ≤ 0.9 s)`);
// Reference: ml-kmeans' rule; the labels of the last Lloyd step are compared with ml-kmeans' own.
const refLloyd = timed(() => lloydIterations(flat, { initial: initCentres, maxIterations, tolerance: 1e-6, fn: 'bench', rule: 'each-centre' }));
const refInertia = assignNearest(flat, refLloyd.value.centres, new Int32Array(n), new Float64Array(n)).inertia;
const ref = { run: refLloyd.value, inertia: refInertia };
console.log(
  `[reference] ml-kmeans rule (every centre shift² ≤ 1e-6): Lloyd ${s(refLloyd.wall)} wall, ${s(refLloyd.cpu)} CPU, ` +
    `${ref.run.iterations} iterations (${(refLloyd.cpu / ref.run.iterations).toFixed(1)} ms CPU each), converged ${ref.run.converged}, ` +
    `inertia ${ref.inertia.toFixed(4)}`,
);
const relHead = Math.abs(head.inertia - ref.inertia) / ref.inertia;
console.log(`headline vs reference inertia: relative difference ${relHead.toExponential(2)} (${relHead <= 1e-3 ? 'within' : 'OUTSIDE'} 0.1%)`);

if (withMl) {
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(data.subarray(i * d, (i + 1) * d));
  const initRows = Array.from({ length: k }, (_, c) => Array.from(initCentres.subarray(c * d, (c + 1) * d)));
  if (process.argv.includes('--ml-init')) {
    const t = timed(() => mlKmeansPlusPlus(rows, k, { seed: 7 }));
    console.log(`ml-kmeans' own k-means++ on the same data: ${s(t.wall)} wall, ${s(t.cpu)} CPU`);
  }
  const ml = timed(() => mlKmeans(rows, k, { initialization: initRows, maxIterations, tolerance: 1e-6 }));
  const mlCentres = Float64Array.from(ml.value.centroids.flat());
  const mlInertia = assignNearest(flat, mlCentres, new Int32Array(n), new Float64Array(n)).inertia;
  let same = 0;
  for (let i = 0; i < n; i++) if (ml.value.clusters[i] === ref.run.labels[i]) same++;
  let centresEqual = ml.value.centroids.flat().every((v, j) => v === ref.run.centres[j]);
  centresEqual &&= mlCentres.length === ref.run.centres.length;
  const rel = Math.abs(ref.inertia - mlInertia) / mlInertia;
  console.log(
    `ml-kmeans Lloyd from the same centres (tolerance 1e-6): ${s(ml.wall)} wall, ${s(ml.cpu)} CPU, ${ml.value.iterations} iterations, ` +
      `converged ${ml.value.converged}, inertia ${mlInertia.toFixed(4)}`,
  );
  console.log(
    `reference vs ml-kmeans: relative inertia difference ${rel.toExponential(2)} (${rel <= 1e-3 ? 'within' : 'OUTSIDE'} 0.1%); ` +
      `labels equal ${same}/${n}; centres bit-for-bit equal ${centresEqual}`,
  );
}
console.log(
  `load average at the end: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)}`);
