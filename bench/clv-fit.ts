/**
 * Benchmark: BG/NBD on one million simulated customers (weekly time unit, customer ages T spread
 * over 1–78 weeks on a grid of days, recency rounded to whole days as a summary built from daily
 * transactions would be). Times `fitBgNbd` end to end (validation + compression + fit + standard
 * errors) and `conditionalExpectedTransactions` for all customers, then `fitGammaGamma` on 50,000 of them, and prints workload, size, wall
 * time, throughput and peak memory. Reference: lifetimes' BetaGeoFitter takes about 8.6 s for the
 * same fit on this machine.
 *
 * Run: npx tsx bench/clv-fit.ts [customers]
 */
import { fitBgNbd } from '../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../src/clv/bg-nbd/simulate-bg-nbd.js';
import { fitGammaGamma } from '../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { simulateGammaGamma } from '../src/clv/gamma-gamma/simulate-gamma-gamma.js';
import { createRandom } from '../src/random.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

// Workload: T = whole days / 7 for ages of 7..546 days; recency floored to whole days.
const rng = createRandom(2026);
const T = new Float64Array(customers);
for (let i = 0; i < customers; i++) T[i] = (7 + rng.int(540)) / 7;
let t0 = performance.now();
const sim = simulateBgNbd({ params: truth, T, seed: 7 });
for (let i = 0; i < customers; i++) sim.recency[i] = Math.floor(sim.recency[i]! * 7) / 7;
const simulateMs = performance.now() - t0;
sample();

t0 = performance.now();
const model = fitBgNbd(sim, { timeUnit: 'week' });
const fitMs = performance.now() - t0;
sample();

t0 = performance.now();
const expected = model.conditionalExpectedTransactions(39, sim);
const predictMs = performance.now() - t0;
sample();
t0 = performance.now();
const alive = model.probabilityAlive(sim);
const aliveMs = performance.now() - t0;
sample();

// Gamma-Gamma on 50,000 customers with the simulated frequencies (bench/clv-gamma-gamma.ts compares it with the per-customer path).
const spendCustomers = Math.min(customers, 50_000);
const spend = simulateGammaGamma({ params: { p: 6.25, q: 3.74, gamma: 15.44 }, frequency: sim.frequency.subarray(0, spendCustomers), seed: 11 });
t0 = performance.now();
const spendModel = fitGammaGamma(spend, {});
const spendMs = performance.now() - t0;
sample();
clearInterval(sampler);

let total = 0;
for (const v of expected) total += v;
let aliveSum = 0;
for (const v of alive) aliveSum += v;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
const rate = (ms: number): string => `${Math.round(customers / (ms / 1000)).toLocaleString('en-US')} customers/s`;
process.stdout.write(
  [
    `workload: BG/NBD, ${customers.toLocaleString('en-US')} simulated customers (weekly, T over 1–78 weeks on a day grid), Node ${process.version}`,
    `distinct (x, t_x, T) patterns: ${model.patterns.toLocaleString('en-US')}`,
    `simulate:                         ${fmt(simulateMs)}`,
    `fitBgNbd (check+compress+fit+SE): ${fmt(fitMs)}  (${rate(fitMs)}; ${model.iterations} iterations, converged ${model.converged})`,
    `conditionalExpectedTransactions:  ${fmt(predictMs)}  (${rate(predictMs)})`,
    `probabilityAlive:                 ${fmt(aliveMs)}  (${rate(aliveMs)})`,
    `fitGammaGamma (${spendCustomers.toLocaleString('en-US')} customers): ${fmt(spendMs)}  (${spendModel.iterations} iterations, converged ${spendModel.converged}; p ${spendModel.params.p.toFixed(3)}, q ${spendModel.params.q.toFixed(3)}, gamma ${spendModel.params.gamma.toFixed(3)})`,
    `estimates: r ${model.params.r.toFixed(4)} (SE ${model.standardErrors?.r.toFixed(4)}), alpha ${model.params.alpha.toFixed(3)}, a ${model.params.a.toFixed(4)}, b ${model.params.b.toFixed(3)}; truth r 0.243, alpha 4.414, a 0.793, b 2.426`,
    `sum of E[Y(39)]: ${total.toFixed(1)}, mean P(alive): ${(aliveSum / customers).toFixed(4)}`,
    `peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
    '',
  ].join('\n'),
);
