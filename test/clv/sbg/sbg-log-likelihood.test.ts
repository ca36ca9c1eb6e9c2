import { describe, expect, it } from 'vitest';
import { sbgLogCurves, sbgLogLikelihood } from '../../../src/clv/sbg/sbg-log-likelihood.js';
import { logBeta } from '../../../src/math/log-gamma.js';

describe('sbgLogCurves', () => {
  it('equals the Beta-function forms P(T=t) = B(α+1, β+t−1)/B(α,β), S(t) = B(α, β+t)/B(α,β)', () => {
    for (const [alpha, beta] of [
      [0.704, 1.182],
      [3, 0.2],
      [50, 400],
    ] as const) {
      const { logSurvival, logPmf } = sbgLogCurves({ alpha, beta }, 30);
      expect(logPmf[0]).toBe(-Infinity);
      for (let t = 1; t <= 30; t++) {
        expect(logPmf[t]).toBeCloseTo(logBeta(alpha + 1, beta + t - 1) - logBeta(alpha, beta), 10);
        expect(logSurvival[t]).toBeCloseTo(logBeta(alpha, beta + t) - logBeta(alpha, beta), 10);
      }
      // The lifetime distribution sums to 1 with its tail: Σ_{t≤30} P(T=t) + S(30) = 1.
      let total = Math.exp(logSurvival[30]!);
      for (let t = 1; t <= 30; t++) total += Math.exp(logPmf[t]!);
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it('stays finite for tiny and huge parameters', () => {
    const { logSurvival, logPmf } = sbgLogCurves({ alpha: 1e-300, beta: 1e-300 }, 5);
    expect([...logSurvival, ...logPmf.slice(1)].every(Number.isFinite)).toBe(true);
    expect(Math.exp(logPmf[1]!)).toBeCloseTo(0.5, 12);
  });
});

describe('sbgLogLikelihood', () => {
  const counts = { churned: Float64Array.from([0, 369, 163, 86, 56, 37, 27, 21]), survived: Float64Array.from([0, 0, 0, 0, 0, 0, 0, 241]) };

  it("is FH 2007's eq. 8 for one cohort", () => {
    const { logSurvival, logPmf } = sbgLogCurves({ alpha: 0.7, beta: 1.2 }, 7);
    let expected = 241 * logSurvival[7]!;
    for (let t = 1; t <= 7; t++) expected += counts.churned[t]! * logPmf[t]!;
    expect(sbgLogLikelihood({ alpha: 0.7, beta: 1.2 }, counts)).toBeCloseTo(expected, 9);
  });

  it('has the gradient of its central differences', () => {
    const g = new Float64Array(2);
    const p = { alpha: 0.9, beta: 2.1 };
    sbgLogLikelihood(p, counts, g);
    const h = 1e-6;
    const da = (sbgLogLikelihood({ ...p, alpha: p.alpha + h }, counts) - sbgLogLikelihood({ ...p, alpha: p.alpha - h }, counts)) / (2 * h);
    const db = (sbgLogLikelihood({ ...p, beta: p.beta + h }, counts) - sbgLogLikelihood({ ...p, beta: p.beta - h }, counts)) / (2 * h);
    expect(g[0]! / da).toBeCloseTo(1, 6);
    expect(g[1]! / db).toBeCloseTo(1, 6);
  });

  it('is −Infinity outside the parameter space', () => {
    expect(sbgLogLikelihood({ alpha: 0, beta: 1 }, counts)).toBe(-Infinity);
    expect(sbgLogLikelihood({ alpha: 1, beta: Number.NaN }, counts)).toBe(-Infinity);
  });
});
