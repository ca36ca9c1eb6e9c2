import { describe, expect, it } from 'vitest';
import { likelihoodRatioTest } from '../../../src/clv/compare/likelihood-ratio-test.js';
import { fitShiftedBetaGeometric } from '../../../src/clv/sbg/fit-shifted-beta-geometric.js';
import { expectCode } from '../../helpers/expect-code.js';

describe('likelihoodRatioTest', () => {
  it('gives the χ² critical values their 5% p-values', () => {
    const r = (ll: number, k: number) => ({ params: Object.fromEntries(Array.from({ length: k }, (_, i) => [`p${i}`, 1])), logLikelihood: ll, customers: 50 });
    expect(likelihoodRatioTest(r(-100, 1), r(-100 + 3.841459 / 2, 2)).pValue).toBeCloseTo(0.05, 6);
    expect(likelihoodRatioTest(r(-100, 1), r(-100 + 5.991465 / 2, 3)).pValue).toBeCloseTo(0.05, 6);
    expect(likelihoodRatioTest(r(-100, 1), r(-100 + 3.841459 / 2, 2), { boundary: true }).pValue).toBeCloseTo(0.025, 6);
  });

  it('FH 2007: heterogeneity in churn (sBG) against one common churn rate (geometric, a boundary case) is overwhelming', () => {
    const survivors = [631, 468, 382, 326, 289, 262, 241];
    const sbg = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors }] });
    // Geometric MLE in closed form: θ = churns / customer-periods at risk.
    let atRisk = 0;
    let prev = 1000;
    for (const n of survivors) {
      atRisk += prev;
      prev = n;
    }
    const churns = 1000 - 241;
    const theta = churns / atRisk;
    const geometricLL = churns * Math.log(theta) + (atRisk - churns) * Math.log(1 - theta);
    const test = likelihoodRatioTest({ params: { theta }, logLikelihood: geometricLL, customers: 1000 }, sbg, { boundary: true });
    expect(test.degreesOfFreedom).toBe(1);
    expect(test.statistic).toBeGreaterThan(100);
    expect(test.pValue).toBeLessThan(1e-20);
  });

  it('rejects fits that cannot be compared', () => {
    const a = { params: { a: 1 }, logLikelihood: -10, customers: 10 };
    expectCode(() => likelihoodRatioTest(a, { ...a, customers: 11 }), 'INVALID_VALUE');
    expectCode(() => likelihoodRatioTest(a, a), 'INVALID_VALUE');
    expectCode(() => likelihoodRatioTest(a, { params: { a: 1, b: 1 }, logLikelihood: Number.NaN, customers: 10 }), 'INVALID_VALUE');
  });
});
