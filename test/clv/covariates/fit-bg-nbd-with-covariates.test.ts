import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgNbdFromJSON } from '../../../src/clv/bg-nbd/bg-nbd-from-json.js';
import { bgLikelihoodProblem, bgPatternsOf } from '../../../src/clv/bg-nbd/bg-family.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { bgNbdCovariateProblem, covariatePatternsOf } from '../../../src/clv/covariates/bg-nbd-covariate-likelihood.js';
import { fitBgNbdWithCovariates } from '../../../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import type { BgNbdCovariateModel } from '../../../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import { simulateBgNbdWithCovariates } from '../../../src/clv/covariates/simulate-bg-nbd-with-covariates.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { createRandom } from '../../../src/random.js';
import { expectCode } from '../../helpers/expect-code.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

function readCdnow(): { frequency: number[]; recency: number[]; T: number[] } {
  const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
  return { frequency: rows.map((r) => Number(r.frequency)), recency: rows.map((r) => Number(r.recency)), T: rows.map((r) => Number(r.T)) };
}

describeWithSharedData('fitBgNbdWithCovariates: an all-zero covariate reproduces the plain CDNOW fit', () => {
  const cdnow = readCdnow();
  const plain = fitBgNbd(cdnow, { timeUnit: 'week' });
  const zero = new Float64Array(cdnow.frequency.length);
  // A tight tolerance: the plain fit takes Newton steps (analytic Hessian) to a gradient of ~1e-8, while BFGS at the default
  // tolerance stops ~1e-6 (relative) short of it, looser than the 6 digits compared below.
  const model = fitBgNbdWithCovariates({ ...cdnow, zero }, { timeUnit: 'week', covariates: { purchase: ['zero'], dropout: ['zero'] }, tolerance: 1e-14 });

  it('LL −9582.43 and the same r, α, a, b; the coefficients stay exactly 0', () => {
    expect(model.logLikelihood).toBeCloseTo(-9582.43, 2);
    expect(Math.abs(model.logLikelihood - plain.logLikelihood)).toBeLessThan(1e-8);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(model.params[k]).toBeCloseTo(plain.params[k], 6);
    expect(model.coefficients).toEqual({ purchase: { zero: 0 }, dropout: { zero: 0 } });
    expect(model.converged).toBe(true);
  });

  it('says why there are no standard errors: a constant covariate is not identified', () => {
    expect(model.coefficientStandardErrors).toBeNull();
    expect(model.reason).toMatch(/not positive definite/);
  });

  it('predicts exactly what the plain model predicts', () => {
    const pa = model.probabilityAlive({ ...cdnow, zero });
    const pp = plain.probabilityAlive(cdnow);
    const ce = model.conditionalExpectedTransactions(39, { ...cdnow, zero });
    const cp = plain.conditionalExpectedTransactions(39, cdnow);
    for (let i = 0; i < pa.length; i += 7) {
      expect(pa[i]).toBeCloseTo(pp[i]!, 8);
      expect(ce[i]).toBeCloseTo(cp[i]!, 8);
    }
    expect(model.expectedTransactions(39)).toBeCloseTo(plain.expectedTransactions(39), 8);
  });
});

describe('bgNbdCovariateProblem', () => {
  const rfm = { frequency: Float64Array.of(0, 1, 2, 5, 30, 2), recency: Float64Array.of(0, 3, 20, 30, 38, 20), T: Float64Array.of(39, 39, 35, 39, 39, 35) };
  const zp = [Float64Array.of(0.5, -1, 2, 0, 1, 2)];
  const zd = [Float64Array.of(1, 0, -0.5, 2, 0.3, -0.5)];
  const patterns = covariatePatternsOf(rfm, zp, zd, undefined);
  const problem = bgNbdCovariateProblem('t', patterns, ['ln r', 'ln alpha', 'ln a', 'ln b', 'purchase.z', 'dropout.z']);
  const u = Float64Array.of(Math.log(0.7), Math.log(3), Math.log(0.9), Math.log(2.2), 0.3, -0.4);

  it('compresses identical (x, t_x, T, z) rows into weights', () => {
    expect(patterns.length).toBe(5);
    expect(patterns.total).toBe(6);
  });

  it('equals the plain BG/NBD likelihood evaluated customer by customer at α_i, a_i, b_i (independent code path)', () => {
    let expected = 0;
    for (let i = 0; i < 6; i++) {
      const alpha = 3 * Math.exp(-0.3 * zp[0]![i]!);
      const s = Math.exp(-0.4 * zd[0]![i]!);
      const one = bgPatternsOf(
        { frequency: rfm.frequency.subarray(i, i + 1), recency: rfm.recency.subarray(i, i + 1), T: rfm.T.subarray(i, i + 1) },
        undefined,
      );
      expected += bgLikelihoodProblem('t', one, 0, [[1, 1, 1, 1]]).logLikelihood(Float64Array.of(0.7, alpha, 0.9 * s, 2.2 * s));
    }
    expect(problem.evaluate(u, null)).toBeCloseTo(expected, 10);
  });

  it('has an analytic gradient that matches central differences', () => {
    const g = new Float64Array(6);
    const ll = problem.evaluate(u, g);
    expect(ll).toBeCloseTo(problem.evaluate(u, null), 12);
    for (let k = 0; k < 6; k++) {
      const h = 1e-6;
      const up = Float64Array.from(u);
      up[k] = up[k]! + h;
      const dn = Float64Array.from(u);
      dn[k] = dn[k]! - h;
      expect(g[k]).toBeCloseTo((problem.evaluate(up, null) - problem.evaluate(dn, null)) / (2 * h), 5);
    }
  });
});

describe('fitBgNbdWithCovariates on simulated customers with known coefficients', () => {
  const n = 4000;
  const rng = createRandom(7);
  const z1 = Float64Array.from({ length: n }, () => rng.normal());
  const z2 = Float64Array.from({ length: n }, () => rng.bernoulli(0.4));
  const truth = { params: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 }, purchase: { z1: 0.5, z2: -0.4 }, dropout: { z2: 0.7 } };
  const sim = simulateBgNbdWithCovariates({
    params: truth.params,
    covariates: { z1, z2 },
    coefficients: { purchase: truth.purchase, dropout: truth.dropout },
    T: 52,
    seed: 3,
  });
  const model = fitBgNbdWithCovariates({ ...sim, z1, z2 }, { timeUnit: 'week', covariates: { purchase: ['z1', 'z2'], dropout: ['z2'] } });

  it('recovers every parameter and coefficient within 3 standard errors', () => {
    expect(model.converged).toBe(true);
    const se = model.standardErrors!;
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(model.params[k] - truth.params[k])).toBeLessThan(3 * se[k]);
    const cse = model.coefficientStandardErrors!;
    for (const k of ['z1', 'z2'] as const) expect(Math.abs(model.coefficients.purchase[k]! - truth.purchase[k])).toBeLessThan(3 * cse.purchase[k]!);
    expect(Math.abs(model.coefficients.dropout.z2! - truth.dropout.z2)).toBeLessThan(3 * cse.dropout.z2!);
    // and the coefficients are actually identified: the purchase effect is many SEs from 0
    expect(model.coefficients.purchase.z1! / cse.purchase.z1!).toBeGreaterThan(10);
  });

  it('takes covariates given as arrays and gives the same fit', () => {
    const again = fitBgNbdWithCovariates(sim, { timeUnit: 'week', covariates: { purchase: { z1, z2 }, dropout: { z2 } } });
    expect(again.logLikelihood).toBeCloseTo(model.logLikelihood, 8);
  });

  it('predicts per customer with the individual parameters α_i, a_i, b_i', () => {
    const rows = { frequency: [3, 0, 7], recency: [40, 0, 50], T: [52, 52, 52] };
    const z = { z1: [1.5, -0.2, 0], z2: [1, 0, 1] };
    const pa = model.probabilityAlive(rows, z);
    const ce = model.conditionalExpectedTransactions(26, rows, z);
    const g = model.estimates;
    for (let i = 0; i < 3; i++) {
      const alpha = Math.exp(g[1]! - g[4]! * z.z1[i]! - g[5]! * z.z2[i]!);
      const s = Math.exp(g[6]! * z.z2[i]!);
      const single = bgNbdFromJSON({
        ...fitBgNbd(rows, { timeUnit: 'week', maxIterations: 1 }).toJSON(),
        params: { r: model.params.r, alpha, a: model.params.a * s, b: model.params.b * s },
      });
      const one = { frequency: [rows.frequency[i]!], recency: [rows.recency[i]!], T: [52] };
      expect(pa[i]).toBeCloseTo(single.probabilityAlive(one)[0]!, 10);
      expect(ce[i]).toBeCloseTo(single.conditionalExpectedTransactions(26, one)[0]!, 10);
    }
    expect(pa[1]).toBe(1);
  });

  it('a profile changes the new-customer predictions; the all-zero profile is the baseline', () => {
    expect(model.expectedTransactions(52, { z1: 1 })).toBeGreaterThan(model.expectedTransactions(52));
    const pmf = Array.from({ length: 60 }, (_, k) => model.probabilityOfTransactions(k, 52, { z1: 1, z2: 1 }));
    expect(pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it('an L2 covariate penalty shrinks the coefficients towards 0', () => {
    const shrunk = fitBgNbdWithCovariates(
      { ...sim, z1, z2 },
      { timeUnit: 'week', covariates: { purchase: ['z1', 'z2'], dropout: ['z2'] }, covariatePenalty: 500 },
    );
    expect(Math.abs(shrunk.coefficients.purchase.z1!)).toBeLessThan(Math.abs(model.coefficients.purchase.z1!));
    expect(Math.abs(shrunk.coefficients.dropout.z2!)).toBeLessThan(Math.abs(model.coefficients.dropout.z2!));
    expect(shrunk.penalizedLogLikelihood).toBeLessThan(shrunk.logLikelihood);
    expect(shrunk.covariatePenalty).toEqual({ purchase: 500, dropout: 500 });
  });

  it('is a FittedTransactionModel', () => {
    expectTypeOf(model).toMatchTypeOf<FittedTransactionModel>();
    expectTypeOf<BgNbdCovariateModel['coefficients']['purchase']>().toEqualTypeOf<Readonly<Record<string, number>>>();
  });
});

describe('fitBgNbdWithCovariates: bad input', () => {
  const rows = { frequency: [1, 0, 2], recency: [3, 0, 5], T: [10, 10, 10] };
  it('names a missing covariate column', () => {
    const e = expectCode(() => fitBgNbdWithCovariates(rows, { timeUnit: 'week', covariates: { purchase: ['age'] } }), 'MISSING_COLUMN');
    expect(e.details.column).toBe('age');
  });
  it('rejects a non-finite covariate with its row', () => {
    const e = expectCode(
      () => fitBgNbdWithCovariates({ ...rows, age: [1, Number.NaN, 2] }, { timeUnit: 'week', covariates: { purchase: ['age'] } }),
      'INVALID_VALUE',
    );
    expect(e.details.index).toBe(1);
  });
  it('rejects a covariate of the wrong length, no covariates at all, unknown keys', () => {
    expectCode(() => fitBgNbdWithCovariates(rows, { timeUnit: 'week', covariates: { dropout: { age: [1, 2] } } }), 'LENGTH_MISMATCH');
    expectCode(() => fitBgNbdWithCovariates(rows, { timeUnit: 'week', covariates: {} }), 'INVALID_OPTIONS');
    expectCode(() => fitBgNbdWithCovariates(rows, { timeUnit: 'week', covariates: { purchase: ['x'] }, covariatePenality: 1 } as never), 'INVALID_OPTIONS');
    expectCode(() => fitBgNbdWithCovariates(rows, { timeUnit: 'week', covariates: { purchase: ['age', 'age'] } }), 'INVALID_OPTIONS');
  });
  it('saves as clvkit-model version 2 with its coefficients (see covariate-model-from-json.test.ts); predicting needs the covariate', () => {
    const m = fitBgNbdWithCovariates({ ...rows, age: [1, 2, 3] }, { timeUnit: 'week', covariates: { purchase: ['age'] } });
    expect(m.toJSON()).toMatchObject({ version: 2, covariates: { purchase: ['age'], dropout: [] } });
    expectCode(() => m.probabilityAlive(rows), 'MISSING_COLUMN');
  });
});
