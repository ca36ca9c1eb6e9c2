/**
 * Speed of the covariate fits on 100,000 simulated customers (BG/NBD and Pareto/NBD, one year of weekly
 * data): categorical covariates (few distinct z, so (x, t_x, T, z) patterns compress like the plain fit)
 * and a continuous covariate (every customer a pattern of its own).
 * Run: npx tsx bench/covariates.ts
 */
import { fitBgNbd } from '../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitBgNbdWithCovariates } from '../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import { fitParetoNbdWithCovariates } from '../src/clv/covariates/fit-pareto-nbd-with-covariates.js';
import { simulateBgNbdWithCovariates } from '../src/clv/covariates/simulate-bg-nbd-with-covariates.js';
import { createRandom } from '../src/random.js';

const n = 100_000;
const rng = createRandom(1);
const segment = Float64Array.from({ length: n }, () => rng.bernoulli(0.3));
const region = Float64Array.from({ length: n }, () => rng.bernoulli(0.5));
const income = Float64Array.from({ length: n }, () => rng.normal());
const sim = simulateBgNbdWithCovariates({
  params: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
  covariates: { segment, region, income },
  coefficients: { purchase: { segment: 0.5, income: 0.3 }, dropout: { region: 0.4 } },
  T: 52,
  seed: 2,
});
// Weekly grid, as a summary built from daily dates would be (t_x in whole days).
const day = (v: Float64Array) => Float64Array.from(v, (t) => Math.round(t * 7) / 7);
const data = { frequency: sim.frequency, recency: day(sim.recency), T: sim.T, segment, region, income };

function time<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
}
const plain = time('fitBgNbd (no covariates)', () => fitBgNbd(data, { timeUnit: 'week' }));
console.log(`  patterns ${plain.patterns}`);
const cat = time('fitBgNbdWithCovariates, 2 binary covariates', () =>
  fitBgNbdWithCovariates(data, { timeUnit: 'week', covariates: { purchase: ['segment'], dropout: ['region'] } }),
);
console.log(`  patterns ${cat.patterns}, converged ${cat.converged}, iterations ${cat.iterations}`, cat.coefficients);
const cont = time('fitBgNbdWithCovariates, binary + continuous covariates', () =>
  fitBgNbdWithCovariates(data, { timeUnit: 'week', covariates: { purchase: ['segment', 'income'], dropout: ['region'] } }),
);
console.log(`  patterns ${cont.patterns}, converged ${cont.converged}, iterations ${cont.iterations}`, cont.coefficients);
time('  predictions (P(alive) + E[Y(52)]) for 100k', () => {
  cont.probabilityAlive(data);
  cont.conditionalExpectedTransactions(52, data);
});
const pn = time('fitParetoNbdWithCovariates, 2 binary covariates', () =>
  fitParetoNbdWithCovariates(data, { timeUnit: 'week', covariates: { purchase: ['segment'], dropout: ['region'] } }),
);
console.log(`  patterns ${pn.patterns}, converged ${pn.converged}`);
