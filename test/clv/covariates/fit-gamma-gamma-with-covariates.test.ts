import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { fitGammaGammaWithCovariates, gammaGammaCovariateProblem } from '../../../src/clv/covariates/fit-gamma-gamma-with-covariates.js';
import { simulateGammaGammaWithCovariates } from '../../../src/clv/covariates/simulate-gamma-gamma-with-covariates.js';
import { customerLifetimeValue } from '../../../src/clv/customer-lifetime-value.js';
import { fitGammaGamma } from '../../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { gammaGammaCustomerLogLikelihood } from '../../../src/clv/gamma-gamma/gamma-gamma-log-likelihood.js';
import { predictionIntervals } from '../../../src/clv/intervals/prediction-intervals.js';
import { createRandom } from '../../../src/random.js';
import { expectCode } from '../../helpers/expect-code.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

describeWithSharedData('fitGammaGammaWithCovariates: an all-zero covariate reproduces fitGammaGamma on CDNOW', () => {
  it('same p, q, γ and LL (published p = 6.25, q = 3.74, γ = 15.44)', () => {
    const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
    const c = { frequency: rows.map((r) => Number(r.frequency)), monetaryValue: rows.map((r) => Number(r.monetary_value)) };
    const plain = fitGammaGamma(c);
    const model = fitGammaGammaWithCovariates({ ...c, zero: new Float64Array(c.frequency.length) }, { covariates: ['zero'] });
    expect(Math.abs(model.logLikelihood - plain.logLikelihood)).toBeLessThan(1e-6);
    for (const k of ['p', 'q', 'gamma'] as const) expect(model.params[k] / plain.params[k]).toBeCloseTo(1, 4);
    expect(model.params.p).toBeCloseTo(6.25, 1);
    expect(model.coefficients).toEqual({ zero: 0 });
    expect(model.excluded.zeroFrequency).toBe(plain.excluded.zeroFrequency);
  });
});

describe('gammaGammaCovariateProblem', () => {
  const x = Float64Array.of(1, 3, 7);
  const m = Float64Array.of(20, 35, 12);
  const zs = [Float64Array.of(1, -0.5, 2)];
  const problem = gammaGammaCovariateProblem(x, m, zs, Float64Array.of(1, 2, 1), ['ln p', 'ln q', 'ln gamma', 'z']);
  const u = Float64Array.of(Math.log(5), Math.log(3), Math.log(14), 0.25);
  it('equals the plain per-customer likelihood at γ_i = γ·e^{δz}', () => {
    let expected = 0;
    [1, 2, 1].forEach((w, i) => (expected += w * gammaGammaCustomerLogLikelihood({ p: 5, q: 3, gamma: 14 * Math.exp(0.25 * zs[0]![i]!) }, x[i]!, m[i]!)));
    expect(problem.evaluate(u, null)).toBeCloseTo(expected, 10);
  });
  it('has an analytic gradient that matches central differences', () => {
    const g = new Float64Array(4);
    problem.evaluate(u, g);
    for (let k = 0; k < 4; k++) {
      const up = Float64Array.from(u);
      up[k] = up[k]! + 1e-6;
      const dn = Float64Array.from(u);
      dn[k] = dn[k]! - 1e-6;
      expect(g[k]).toBeCloseTo((problem.evaluate(up, null) - problem.evaluate(dn, null)) / 2e-6, 5);
    }
  });
});

describe('fitGammaGammaWithCovariates on simulated spend with a known coefficient', () => {
  const n = 3000;
  const rng = createRandom(31);
  const frequency = Array.from({ length: n }, () => rng.int(8));
  const premium = Float64Array.from({ length: n }, () => rng.bernoulli(0.3));
  const sim = simulateGammaGammaWithCovariates({
    params: { p: 6, q: 4, gamma: 15 },
    frequency,
    covariates: { premium },
    coefficients: { premium: 0.5 },
    seed: 8,
  });
  const model = fitGammaGammaWithCovariates({ ...sim, premium }, { covariates: ['premium'] });

  it('recovers p, q, γ and δ within 3 standard errors', () => {
    expect(model.converged).toBe(true);
    const se = model.standardErrors!;
    expect(Math.abs(model.params.p - 6)).toBeLessThan(3 * se.p);
    expect(Math.abs(model.params.q - 4)).toBeLessThan(3 * se.q);
    expect(Math.abs(model.params.gamma - 15)).toBeLessThan(3 * se.gamma);
    expect(Math.abs(model.coefficients.premium! - 0.5)).toBeLessThan(3 * model.coefficientStandardErrors!.premium!);
    expect(model.coefficients.premium! / model.coefficientStandardErrors!.premium!).toBeGreaterThan(5);
  });

  it('predicts expected spend per customer with γ_i, and scales the new-customer mean by e^δ', () => {
    const e = model.conditionalExpectedAverageSpend({ frequency: [0, 2], monetaryValue: [0, 30], premium: [1, 0] });
    const { p, q, gamma } = model.params;
    const g1 = gamma * Math.exp(model.coefficients.premium!);
    expect(e[0]).toBeCloseTo((p * g1) / (q - 1), 10);
    expect(e[1]).toBeCloseTo(((gamma + 60) * p) / (2 * p + q - 1), 10);
    expect(model.expectedAverageSpend({ premium: 1 }) / model.expectedAverageSpend()).toBeCloseTo(Math.exp(model.coefficients.premium!), 10);
  });

  it('works as the spend model of customerLifetimeValue and predictionIntervals', () => {
    const bgSim = simulateBgNbd({ params: { r: 1, alpha: 5, a: 0.8, b: 2.5 }, customers: n, T: 52, seed: 3 });
    const spend2 = (f: Float64Array) =>
      simulateGammaGammaWithCovariates({ params: { p: 6, q: 4, gamma: 15 }, frequency: f, covariates: { premium }, coefficients: { premium: 0.5 }, seed: 9 })
        .monetaryValue;
    const spend = fitGammaGammaWithCovariates({ frequency: bgSim.frequency, monetaryValue: spend2(bgSim.frequency), premium }, { covariates: ['premium'] });
    const bg = fitBgNbd(bgSim, { timeUnit: 'week' });
    const customers = { frequency: [2, 2], recency: [30, 30], T: [52, 52], monetaryValue: [25, 25], premium: [0, 1] };
    const clv = customerLifetimeValue({
      transactionModel: bg,
      spendModel: spend as never,
      customers,
      horizon: { value: 1, unit: 'year' },
      discountRate: { rate: 0, per: 'year' },
    });
    expect(clv.clv[1]).toBeGreaterThan(clv.clv[0]!);
    const pi = predictionIntervals({
      transactionModel: bg,
      spendModel: spend as never,
      calibration: { ...bgSim, monetaryValue: spend2(bgSim.frequency), premium },
      customers,
      horizon: 52,
      intervals: { draws: 60, seed: 2 },
    });
    expect(pi.expectedSpend!.estimate[1]).toBeGreaterThan(pi.expectedSpend!.estimate[0]!);
    for (let i = 0; i < 2; i++) {
      expect(pi.expectedSpend!.lower[i]).toBeLessThan(pi.expectedSpend!.estimate[i]!);
      expect(pi.expectedSpend!.upper[i]).toBeGreaterThan(pi.expectedSpend!.estimate[i]!);
    }
  });

  it('rejects bad input', () => {
    expectCode(() => fitGammaGammaWithCovariates({ frequency: [1, 2], monetaryValue: [3, -1], z: [0, 1] }, { covariates: ['z'] }), 'INVALID_VALUE');
    expectCode(() => fitGammaGammaWithCovariates({ frequency: [1, 2], monetaryValue: [3, 1] }, { covariates: ['z'] }), 'MISSING_COLUMN');
    expectCode(() => model.expectedAverageSpend({ age: 1 }), 'INVALID_VALUE');
  });
});
