import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { paretoNbdCovariateProblem } from '../../../src/clv/covariates/pareto-nbd-covariate-likelihood.js';
import { covariatePatternsOf } from '../../../src/clv/covariates/bg-nbd-covariate-likelihood.js';
import { fitParetoNbdWithCovariates } from '../../../src/clv/covariates/fit-pareto-nbd-with-covariates.js';
import { simulateParetoNbdWithCovariates } from '../../../src/clv/covariates/simulate-pareto-nbd-with-covariates.js';
import { fitParetoNbd } from '../../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { paretoNbdFromJSON } from '../../../src/clv/pareto-nbd/pareto-nbd-from-json.js';
import { paretoNbdLogLikelihood } from '../../../src/clv/pareto-nbd/pareto-nbd-log-likelihood.js';
import { createRandom } from '../../../src/random.js';
import { expectCode } from '../../helpers/expect-code.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

describeWithSharedData('fitParetoNbdWithCovariates: an all-zero covariate reproduces the plain CDNOW fit', () => {
  const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
  const cdnow = { frequency: rows.map((r) => Number(r.frequency)), recency: rows.map((r) => Number(r.recency)), T: rows.map((r) => Number(r.T)) };
  it('LL −9594.97 and the same r, α, s, β', () => {
    const plain = fitParetoNbd(cdnow, { timeUnit: 'week' });
    const zero = new Float64Array(cdnow.frequency.length);
    const model = fitParetoNbdWithCovariates({ ...cdnow, zero }, { timeUnit: 'week', covariates: { purchase: ['zero'], dropout: ['zero'] } });
    expect(model.logLikelihood).toBeCloseTo(-9594.97, 1);
    expect(Math.abs(model.logLikelihood - plain.logLikelihood)).toBeLessThan(1e-6);
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(model.params[k] / plain.params[k]).toBeCloseTo(1, 4);
    expect(model.coefficients).toEqual({ purchase: { zero: 0 }, dropout: { zero: 0 } });
  });
});

describe('paretoNbdCovariateProblem', () => {
  const rfm = { frequency: Float64Array.of(0, 1, 2, 5, 30), recency: Float64Array.of(0, 3, 20, 30, 38), T: Float64Array.of(39, 39, 35, 39, 39) };
  const zp = [Float64Array.of(0.5, -1, 2, 0, 1)];
  const zd = [Float64Array.of(1, 0, -0.5, 2, 0.3)];
  const problem = paretoNbdCovariateProblem('t', covariatePatternsOf(rfm, zp, zd, undefined), [
    'ln r',
    'ln alpha',
    'ln s',
    'ln beta',
    'purchase.z',
    'dropout.z',
  ]);
  const u = Float64Array.of(Math.log(0.6), Math.log(8), Math.log(0.7), Math.log(11), 0.3, -0.4);

  it('equals the plain likelihood customer by customer at α_i, β_i', () => {
    let expected = 0;
    for (let i = 0; i < 5; i++) {
      const params = { r: 0.6, alpha: 8 * Math.exp(-0.3 * zp[0]![i]!), s: 0.7, beta: 11 * Math.exp(0.4 * zd[0]![i]!) };
      expected += paretoNbdLogLikelihood(params, { frequency: [rfm.frequency[i]!], recency: [rfm.recency[i]!], T: [rfm.T[i]!] });
    }
    expect(problem.evaluate(u, null)).toBeCloseTo(expected, 10);
  });

  it('has an analytic gradient that matches central differences', () => {
    const g = new Float64Array(6);
    problem.evaluate(u, g);
    for (let k = 0; k < 6; k++) {
      const h = 1e-6;
      const up = Float64Array.from(u);
      up[k] = up[k]! + h;
      const dn = Float64Array.from(u);
      dn[k] = dn[k]! - h;
      expect(g[k]).toBeCloseTo((problem.evaluate(up, null) - problem.evaluate(dn, null)) / (2 * h), 4);
    }
  });
});

describe('fitParetoNbdWithCovariates on simulated customers with known coefficients', () => {
  const n = 4000;
  const rng = createRandom(21);
  const z1 = Float64Array.from({ length: n }, () => rng.normal());
  const z2 = Float64Array.from({ length: n }, () => rng.bernoulli(0.5));
  const truth = { params: { r: 0.8, alpha: 8, s: 0.9, beta: 20 }, purchase: { z1: 0.4 }, dropout: { z2: 0.8 } };
  const sim = simulateParetoNbdWithCovariates({
    params: truth.params,
    covariates: { z1, z2 },
    coefficients: { purchase: truth.purchase, dropout: truth.dropout },
    T: 52,
    seed: 4,
  });
  const model = fitParetoNbdWithCovariates({ ...sim, z1, z2 }, { timeUnit: 'week', covariates: { purchase: ['z1'], dropout: ['z2'] } });

  it('recovers every parameter and both coefficients (purchase and dropout separately) within 3 standard errors', () => {
    expect(model.converged).toBe(true);
    const se = model.standardErrors!;
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(Math.abs(model.params[k] - truth.params[k])).toBeLessThan(3 * se[k]);
    const cse = model.coefficientStandardErrors!;
    expect(Math.abs(model.coefficients.purchase.z1! - 0.4)).toBeLessThan(3 * cse.purchase.z1!);
    expect(Math.abs(model.coefficients.dropout.z2! - 0.8)).toBeLessThan(3 * cse.dropout.z2!);
    expect(model.coefficients.purchase.z1! / cse.purchase.z1!).toBeGreaterThan(5);
  });

  it('predicts per customer with the individual α_i, β_i (cross-checked with the plain model)', () => {
    const rows = { frequency: [3, 0, 7], recency: [40, 0, 50], T: [52, 52, 52] };
    const z = { z1: [1.5, -0.2, 0], z2: [1, 0, 1] };
    const pa = model.probabilityAlive(rows, z);
    const ce = model.conditionalExpectedTransactions(26, rows, z);
    const g = model.estimates;
    const base = fitParetoNbd(rows, { timeUnit: 'week', maxIterations: 1 }).toJSON();
    for (let i = 0; i < 3; i++) {
      const params = { r: model.params.r, alpha: Math.exp(g[1]! - g[4]! * z.z1[i]!), s: model.params.s, beta: Math.exp(g[3]! - g[5]! * z.z2[i]!) };
      const single = paretoNbdFromJSON({ ...base, params });
      const one = { frequency: [rows.frequency[i]!], recency: [rows.recency[i]!], T: [52] };
      expect(pa[i]).toBeCloseTo(single.probabilityAlive(one)[0]!, 10);
      expect(ce[i]).toBeCloseTo(single.conditionalExpectedTransactions(26, one)[0]!, 10);
    }
    expect(model.expectedTransactions(52, { z1: 1 })).toBeGreaterThan(model.expectedTransactions(52));
  });

  it('rejects an unknown profile covariate', () => {
    expectCode(() => model.expectedTransactions(52, { age: 1 }), 'INVALID_VALUE');
  });
});
