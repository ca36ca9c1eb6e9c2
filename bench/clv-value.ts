/**
 * Benchmark: discounted 12-month CLV of 1M simulated customers (BG/NBD transactions × Gamma-Gamma spend),
 * monthly steps, 10% a year — the workload lifetimes' `customer_lifetime_value` takes about 8.3 s for on
 * this machine. The default 'auto' evaluation factorises E[Y(t)] = P(alive)·K(t; x, T) (see customer-lifetime-value.ts);
 * the 'direct' path is timed once for reference. Prints workload, size, wall time (best of 3), throughput and peak memory.
 * Run: npx tsx bench/clv-value.ts [customers]
 */
import { bgNbdFromJSON } from '../src/clv/bg-nbd/bg-nbd-from-json.js';
import { simulateBgNbd } from '../src/clv/bg-nbd/simulate-bg-nbd.js';
import { customerLifetimeValue } from '../src/clv/customer-lifetime-value.js';
import { gammaGammaFromJSON } from '../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { simulateGammaGamma } from '../src/clv/gamma-gamma/simulate-gamma-gamma.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const bgParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // FHL 2005 CDNOW estimates, weekly
const ggParams = { p: 6.25, q: 3.74, gamma: 15.44 }; // Fader & Hardie 2013

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const t0 = performance.now();
const sim = simulateBgNbd({ params: bgParams, customers, T: 39, seed: 2026 });
const spend = simulateGammaGamma({ params: ggParams, frequency: sim.frequency, seed: 2027 });
const simulateMs = performance.now() - t0;
const envelope = { format: 'clvkit-model', version: 1, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, customers } as const;
const transactionModel = bgNbdFromJSON({ ...envelope, kind: 'bg-nbd', timeUnit: 'week', params: bgParams });
const spendModel = gammaGammaFromJSON({ ...envelope, kind: 'gamma-gamma', timeUnit: null, params: ggParams });
const input = { frequency: sim.frequency, recency: sim.recency, T: sim.T, monetaryValue: spend.monetaryValue };

let best = Infinity;
let total = 0;
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  const result = customerLifetimeValue({
    transactionModel,
    spendModel,
    customers: input,
    horizon: { value: 12, unit: 'month' },
    step: 'month',
    discountRate: { rate: 0.1, per: 'year' },
    margin: 1,
  });
  best = Math.min(best, performance.now() - start);
  total = result.clv.reduce((s, v) => s + v, 0);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
// For reference: the same valuation with one model call per step over all customers (evaluation 'direct').
const directStart = performance.now();
const direct = customerLifetimeValue({
  transactionModel,
  spendModel,
  customers: input,
  horizon: { value: 12, unit: 'month' },
  step: 'month',
  discountRate: { rate: 0.1, per: 'year' },
  evaluation: 'direct',
});
const directMs = performance.now() - directStart;
const directTotal = direct.clv.reduce((s, v) => s + v, 0);
clearInterval(sampler);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log('workload      customerLifetimeValue: BG/NBD × Gamma-Gamma, 12 monthly steps, 10%/year');
console.log(`size          ${customers.toLocaleString('en-US')} customers (simulated in ${(simulateMs / 1000).toFixed(2)} s)`);
console.log(`wall time     ${(best / 1000).toFixed(3)} s (best of 3)`);
console.log(`throughput    ${Math.round(customers / (best / 1000)).toLocaleString('en-US')} customers/s`);
console.log(
  `direct path   ${(directMs / 1000).toFixed(3)} s (one conditionalExpectedTransactions call per step; same total within ${Math.abs(directTotal / total - 1).toExponential(1)})`,
);
console.log(`peak memory   ${mb(peakRss)} RSS`);
console.log(`check         mean CLV ${(total / customers).toFixed(4)} (lifetimes reference: ~8.3 s for this workload)`);
