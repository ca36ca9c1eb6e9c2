/**
 * Benchmark: the Gamma-Gamma spend fit on 50,000 simulated customers (frequencies 0–30, as in a bank's
 * yearly summary). Times `fitGammaGamma` (grouped likelihood + analytic gradient) against the
 * previous path — the per-customer likelihood with central-difference gradients through the same
 * fitting core — and prints workload, wall time, throughput, likelihood evaluations, both estimates
 * (they must agree) and peak memory.
 *
 * Run: npx tsx bench/clv-gamma-gamma.ts [customers]
 */
import { fitModel } from '../src/clv/core/fit-model.js';
import { fitGammaGamma } from '../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { gammaGammaLogLikelihood } from '../src/clv/gamma-gamma/gamma-gamma-log-likelihood.js';
import { simulateGammaGamma } from '../src/clv/gamma-gamma/simulate-gamma-gamma.js';
import { createRandom } from '../src/random.js';

const customers = Number(process.argv[2] ?? 50_000);
const truth = { p: 6.25, q: 3.74, gamma: 15.44 };

let peakRss = 0;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const rng = createRandom(2027);
const frequency = new Float64Array(customers);
for (let i = 0; i < customers; i++) frequency[i] = rng.int(31);
const sim = simulateGammaGamma({ params: truth, frequency, seed: 11 });
sample();

let t0 = performance.now();
const model = fitGammaGamma(sim, {});
const fitMs = performance.now() - t0;
sample();

// The previous path: one likelihood term per customer, central differences, same core and starts.
const x: number[] = [];
const m: number[] = [];
let meanValue = 0;
for (let i = 0; i < customers; i++) {
  if (frequency[i]! > 0) {
    x.push(frequency[i]!);
    m.push(sim.monetaryValue[i]!);
    meanValue += sim.monetaryValue[i]!;
  }
}
meanValue /= x.length;
t0 = performance.now();
const old = fitModel(
  {
    fn: 'bench',
    paramNames: ['p', 'q', 'gamma'],
    starts: [
      [1, 1, 1],
      [2, 3, 2 * meanValue],
      [5, 5, 4 * meanValue],
    ],
    weightTotal: x.length,
    logLikelihood: (p) => gammaGammaLogLikelihood({ p: p[0]!, q: p[1]!, gamma: p[2]! }, x, m),
  },
  { maxIterations: 1000, maxEvaluations: 1_000_000, tolerance: 1e-10, penalizer: 0, strict: false },
);
const oldMs = performance.now() - t0;
sample();

const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
const rate = (ms: number): string => `${Math.round(customers / (ms / 1000)).toLocaleString('en-US')} customers/s`;
const est = (p: number, q: number, g: number): string => `p ${p.toFixed(5)}, q ${q.toFixed(5)}, gamma ${g.toFixed(4)}`;
process.stdout.write(
  [
    `workload: Gamma-Gamma fit, ${customers.toLocaleString('en-US')} simulated customers (${x.length.toLocaleString('en-US')} with x > 0, x in 0–30), Node ${process.version}`,
    `fitGammaGamma (grouped + gradient): ${fmt(fitMs)}  (${rate(fitMs)}; ${model.iterations} iterations, converged ${model.converged})`,
    `per-customer, central differences:  ${fmt(oldMs)}  (${rate(oldMs)}; ${old.evaluations} evaluations, converged ${old.converged})`,
    `speed-up: ${(oldMs / fitMs).toFixed(1)}×`,
    `estimates: ${est(model.params.p, model.params.q, model.params.gamma)}; previous path ${est(old.params[0]!, old.params[1]!, old.params[2]!)}; truth p 6.25, q 3.74, gamma 15.44`,
    `peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
    '',
  ].join('\n'),
);
