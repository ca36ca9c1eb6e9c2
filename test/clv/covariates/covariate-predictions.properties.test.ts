import { describe, expect, it } from 'vitest';
import { makeBgNbdCovariateModel } from '../../../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import { makeParetoNbdCovariateModel } from '../../../src/clv/covariates/fit-pareto-nbd-with-covariates.js';
import { createRandom } from '../../../src/random.js';

// Internal consistency of the covariate predictions over a grid of parameters, coefficients and covariates:
// P(alive) in [0, 1], E[Y(t) | history] finite, ≥ 0 and non-decreasing in t, and the new-customer PMF of a profile
// sums to 1 with mean E[X(t)] for that profile.
const fields = (estimates: Float64Array) => ({
  timeUnit: 'week' as const,
  names: { purchase: ['z1'], dropout: ['z2'] },
  estimates,
  covariance: null,
  logLikelihood: 0,
  penalizedLogLikelihood: 0,
  converged: true,
  iterations: 0,
  customers: 1,
  penalizer: 0,
  covariatePenalty: { purchase: 0, dropout: 0 },
  patterns: 1,
});

describe('covariate predictions: internal consistency over a parameter grid', () => {
  const rng = createRandom(99);
  const cases = Array.from({ length: 40 }, () => ({
    base: [rng.uniform(-3, 2), rng.uniform(-2, 4), rng.uniform(-2, 2), rng.uniform(-1, 3)],
    gamma: [rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)],
  }));
  const rows = { frequency: [0, 1, 3, 12, 40], recency: [0, 5, 30, 50, 51], T: [52, 52, 52, 52, 52], z1: [0, 1, -1, 2, 0.5], z2: [1, 0, -1, 0.5, 2] };

  for (const [name, make] of [
    ['BG/NBD', makeBgNbdCovariateModel],
    ['Pareto/NBD', makeParetoNbdCovariateModel],
  ] as const) {
    it(`${name}: P(alive) in [0, 1]; E[Y(t)] ≥ 0 and non-decreasing in t; PMF sums to 1 with mean E[X(t)]`, () => {
      let pmfChecked = 0;
      for (const c of cases) {
        const model = make(fields(Float64Array.from([...c.base, ...c.gamma])));
        const alive = model.probabilityAlive(rows);
        for (const p of alive) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        let previous: Float64Array = new Float64Array(5);
        for (const t of [1, 10, 52, 200]) {
          const e = model.conditionalExpectedTransactions(t, rows);
          e.forEach((v, i) => {
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(previous[i]! * (1 - 1e-12));
          });
          previous = e;
        }
        const profile = { z1: 0.7, z2: -0.3 };
        const mean = model.expectedTransactions(10, profile);
        let total = 0;
        let first = 0;
        for (let k = 0; k < 400 && 1 - total > 1e-10; k++) {
          const p = model.probabilityOfTransactions(k, 10, profile);
          total += p;
          first += k * p;
        }
        if (1 - total <= 1e-10) {
          pmfChecked++;
          expect(total).toBeCloseTo(1, 8);
          expect(first).toBeCloseTo(mean, 4);
        }
      }
      // heavy-tailed cases (the PMF needs more than 400 terms) are skipped; most are checked
      expect(pmfChecked).toBeGreaterThan(cases.length / 2);
    });
  }
});
