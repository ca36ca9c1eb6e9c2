// Writes fixtures/clv/summary-covariates.csv: 1,000 simulated BG/NBD customers (weeks, T = 52) with two static
// covariates, age_z (standardised age) and vip (0/1), and a spend column, for the CLI's covariate examples and tests.
// Truth: r = 0.6, α = 5, a = 0.8, b = 2.5; purchase γ(age_z) = 0.5; dropout γ(vip) = 0.7; spend 20 + 10·vip + noise.
import { writeFileSync } from 'node:fs';
import { simulateBgNbdWithCovariates } from '../src/clv/covariates/simulate-bg-nbd-with-covariates.js';
import { createRandom } from '../src/random.js';

const n = 1000;
const rng = createRandom(2026);
const age = Float64Array.from({ length: n }, () => Math.round(rng.normal() * 100) / 100);
const vip = Float64Array.from({ length: n }, () => rng.bernoulli(0.3));
const sim = simulateBgNbdWithCovariates({
  params: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
  covariates: { age_z: age, vip },
  coefficients: { purchase: { age_z: 0.5 }, dropout: { vip: 0.7 } },
  T: 52,
  seed: 17,
});
const lines = ['customer_id,frequency,recency,T,monetary_value,age_z,vip'];
for (let i = 0; i < n; i++) {
  const x = sim.frequency[i]!;
  const spend = x > 0 ? Math.max(1, Math.round((20 + 10 * vip[i]! + 5 * rng.normal()) * 100) / 100) : 0;
  lines.push(`c${i + 1},${x},${Math.round(sim.recency[i]! * 1e4) / 1e4},${Math.round(sim.T[i]! * 1e4) / 1e4},${spend},${age[i]},${vip[i]}`);
}
writeFileSync('fixtures/clv/summary-covariates.csv', `${lines.join('\n')}\n`);
