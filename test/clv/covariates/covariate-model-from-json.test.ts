import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgNbdFromJSON } from '../../../src/clv/bg-nbd/bg-nbd-from-json.js';
import { covariateModelFromJSON, type RestoredCovariateModel } from '../../../src/clv/covariates/covariate-model-from-json.js';
import type { SerializedCovariateModel } from '../../../src/clv/covariates/covariate-model-json.js';
import { fitBgNbdWithCovariates, type BgNbdCovariateModel } from '../../../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import { fitGammaGammaWithCovariates, type GammaGammaCovariateModel } from '../../../src/clv/covariates/fit-gamma-gamma-with-covariates.js';
import { fitParetoNbdWithCovariates, type ParetoNbdCovariateModel } from '../../../src/clv/covariates/fit-pareto-nbd-with-covariates.js';
import { simulateBgNbdWithCovariates } from '../../../src/clv/covariates/simulate-bg-nbd-with-covariates.js';
import { simulateGammaGammaWithCovariates } from '../../../src/clv/covariates/simulate-gamma-gamma-with-covariates.js';
import { simulateParetoNbdWithCovariates } from '../../../src/clv/covariates/simulate-pareto-nbd-with-covariates.js';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import { createRandom } from '../../../src/random.js';
import { expectCode } from '../../helpers/expect-code.js';

const n = 1500;
const rng = createRandom(5);
const z1 = Float64Array.from({ length: n }, () => rng.normal());
const z2 = Float64Array.from({ length: n }, () => rng.bernoulli(0.4));

/** Save as text, restore through modelFromJSON. */
function reload<M>(m: { toJSON(): unknown }): M {
  return modelFromJSON(JSON.parse(JSON.stringify(m))) as M;
}

describe('covariate models: toJSON → modelFromJSON round trip (clvkit-model version 2)', () => {
  it('BG/NBD: same coefficients, standard errors, covariance and predictions after load', () => {
    const sim = simulateBgNbdWithCovariates({
      params: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
      covariates: { z1, z2 },
      coefficients: { purchase: { z1: 0.5 }, dropout: { z2: 0.7 } },
      T: 52,
      seed: 1,
    });
    const m = fitBgNbdWithCovariates({ ...sim, z1, z2 }, { timeUnit: 'week', covariates: { purchase: ['z1'], dropout: ['z2'] }, covariatePenalty: 0.5 });
    const saved = m.toJSON();
    expect(saved).toMatchObject({ format: 'clvkit-model', version: 2, kind: 'bg-nbd', timeUnit: 'week' });
    expect(saved.covariates).toMatchObject({ purchase: ['z1'], dropout: ['z2'], covariatePenalty: { purchase: 0.5, dropout: 0.5 } });
    expect(saved.covariates.coefficients).toEqual(m.coefficients);
    const r = reload<BgNbdCovariateModel>(m);
    expect(r.kind).toBe('bg-nbd');
    expect(r.params).toEqual(m.params);
    expect(r.standardErrors).toEqual(m.standardErrors);
    expect(r.coefficients).toEqual(m.coefficients);
    expect(r.coefficientStandardErrors).toEqual(m.coefficientStandardErrors);
    expect(Array.from(r.covariance!)).toEqual(Array.from(m.covariance!));
    expect(r.toJSON()).toEqual(saved);
    const customers = { ...sim, z1, z2 };
    expect(Array.from(r.probabilityAlive(customers))).toEqual(Array.from(m.probabilityAlive(customers)));
    expect(Array.from(r.conditionalExpectedTransactions(10, customers))).toEqual(Array.from(m.conditionalExpectedTransactions(10, customers)));
    expect(r.expectedTransactions(10, { z1: 1 })).toBe(m.expectedTransactions(10, { z1: 1 }));
    // The restored model needs the covariate columns, as the fitted one.
    const e = expectCode(() => r.probabilityAlive(sim), 'MISSING_COLUMN');
    expect(e.details.column).toBe('z1');
  });

  it('Pareto/NBD: purchase and dropout coefficients and predictions equal after load', () => {
    const sim = simulateParetoNbdWithCovariates({
      params: { r: 0.8, alpha: 8, s: 0.9, beta: 20 },
      covariates: { z1, z2 },
      coefficients: { purchase: { z1: 0.4 }, dropout: { z2: 0.8 } },
      T: 52,
      seed: 2,
    });
    const m = fitParetoNbdWithCovariates({ ...sim, z1, z2 }, { timeUnit: 'week', covariates: { purchase: ['z1'], dropout: ['z2'] } });
    const r = reload<ParetoNbdCovariateModel>(m);
    expect(r.kind).toBe('pareto-nbd');
    expect(r.coefficients).toEqual(m.coefficients);
    expect(r.toJSON()).toEqual(m.toJSON());
    const customers = { ...sim, z1, z2 };
    expect(Array.from(r.probabilityAlive(customers))).toEqual(Array.from(m.probabilityAlive(customers)));
    expect(Array.from(r.conditionalExpectedTransactions(10, customers))).toEqual(Array.from(m.conditionalExpectedTransactions(10, customers)));
  });

  it('Gamma-Gamma: spend coefficients and conditional spend equal after load', () => {
    const frequency = Array.from({ length: n }, () => rng.int(8));
    const sim = simulateGammaGammaWithCovariates({ params: { p: 6, q: 4, gamma: 15 }, frequency, covariates: { z2 }, coefficients: { z2: 0.5 }, seed: 3 });
    const m = fitGammaGammaWithCovariates({ ...sim, z2 }, { covariates: ['z2'] });
    const saved = m.toJSON();
    expect(saved).toMatchObject({ version: 2, kind: 'gamma-gamma', timeUnit: null, covariates: { spend: ['z2'] } });
    const r = reload<GammaGammaCovariateModel>(m);
    expect(r.kind).toBe('gamma-gamma');
    expect(r.coefficients).toEqual(m.coefficients);
    expect(r.excluded).toEqual(m.excluded);
    expect(r.toJSON()).toEqual(saved);
    const customers = { ...sim, z2 };
    expect(Array.from(r.conditionalExpectedAverageSpend(customers))).toEqual(Array.from(m.conditionalExpectedAverageSpend(customers)));
    expect(r.expectedAverageSpend({ z2: 1 })).toBe(m.expectedAverageSpend({ z2: 1 }));
  });
});

describe('covariateModelFromJSON: a damaged or foreign file is INVALID_MODEL naming the place', () => {
  const rows = { frequency: [0, 1, 3, 2], recency: [0, 10, 30, 20], T: [39, 39, 39, 39], age: [1, 2, 3, 4] };
  const saved = fitBgNbdWithCovariates(rows, { timeUnit: 'week', covariates: { purchase: ['age'] }, maxIterations: 5 }).toJSON();
  const damaged = (edit: (j: Record<string, unknown> & { covariates: Record<string, unknown> }) => void) => {
    const j = JSON.parse(JSON.stringify(saved)) as Record<string, unknown> & { covariates: Record<string, unknown> };
    edit(j);
    return j;
  };

  it('names the field', () => {
    const cases: [string, (j: Record<string, unknown> & { covariates: Record<string, unknown> }) => void][] = [
      ['params.r', (j) => ((j.params as Record<string, number>).r = 99)],
      ['covariates.coefficients.purchase.age', (j) => ((j.covariates.coefficients as { purchase: Record<string, number> }).purchase.age = 5)],
      ['covariates.estimates', (j) => (j.covariates.estimates as number[]).push(0)],
      ['covariates.estimateNames', (j) => ((j.covariates.estimateNames as string[])[4] = 'purchase.income')],
      ['covariates.covariance', (j) => (j.covariates.covariance = [1, 2, 3])],
      ['covariates', (j) => ((j.covariates.purchase = []), (j.covariates.coefficients = { purchase: {}, dropout: {} }))],
      ['timeUnit', (j) => (j.timeUnit = 'year')],
    ];
    if (saved.covariates.covariance === null) cases.splice(4, 1);
    for (const [path, edit] of cases) {
      const e = expectCode(() => modelFromJSON(damaged(edit)), 'INVALID_MODEL');
      expect((e.details.path ?? []).join('.')).toBe(path);
    }
    // An unknown key in the block is named in the message.
    expect(expectCode(() => modelFromJSON(damaged((j) => (j.covariates.extra = 1))), 'INVALID_MODEL').message).toMatch(/extra/);
  });

  it('version 1 readers refuse version 2 (they would drop the coefficients), and version 1 files still load', () => {
    expectCode(() => bgNbdFromJSON(saved), 'INVALID_MODEL');
    const { covariates: _c, ...plainish } = saved;
    expectCode(() => covariateModelFromJSON({ ...plainish, version: 1 }), 'INVALID_MODEL');
    const plain = modelFromJSON({ ...JSON.parse(JSON.stringify(bgNbdFromJSON({ ...plainish, version: 1, extra: { penalizer: 0 } }).toJSON())) });
    expect(plain.kind).toBe('bg-nbd');
  });

  it('has the public types', () => {
    expectTypeOf(covariateModelFromJSON).returns.toEqualTypeOf<RestoredCovariateModel>();
    expectTypeOf<ReturnType<BgNbdCovariateModel['toJSON']>>().toEqualTypeOf<SerializedCovariateModel>();
  });
});
