import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitModel, invertPositiveDefinite } from '../../../src/clv/core/fit-model.js';
import type { FitControl, FitOutcome, LikelihoodProblem } from '../../../src/clv/core/fit-model.js';
import { fitBgBb } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitGammaGamma } from '../../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { fitModifiedBgNbd } from '../../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { ClvkitError } from '../../../src/errors.js';
import { digamma } from '../../../src/math/digamma.js';
import { logGamma } from '../../../src/math/log-gamma.js';
import { trigamma } from '../../../src/math/trigamma.js';
import { createRandom } from '../../../src/random.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { expectCode } from '../../helpers/expect-code.js';

const control: FitControl = { maxIterations: 1000, tolerance: 1e-10, penalizer: 0, strict: false };

/** Normal sample with positive mean: MLE and SEs are closed-form. */
function normalProblem(y: number[], withGradient: boolean): LikelihoodProblem {
  const n = y.length;
  const ll = (p: Float64Array): number => {
    const mu = p[0]!;
    const sigma = p[1]!;
    let ss = 0;
    for (const v of y) ss += (v - mu) ** 2;
    return -n * Math.log(sigma) - ss / (2 * sigma * sigma);
  };
  return {
    fn: 'testNormal',
    paramNames: ['mu', 'sigma'],
    starts: [
      [1, 1],
      [50, 0.1],
    ],
    logLikelihood: ll,
    ...(withGradient
      ? {
          gradient(p: Float64Array, out: Float64Array): number {
            const mu = p[0]!;
            const sigma = p[1]!;
            let s = 0;
            let ss = 0;
            for (const v of y) {
              s += v - mu;
              ss += (v - mu) ** 2;
            }
            out[0] = s / (sigma * sigma);
            out[1] = -n / sigma + ss / sigma ** 3;
            return ll(p);
          },
        }
      : {}),
  };
}

const rng = createRandom(7);
const sample = Array.from({ length: 400 }, () => rng.normal(5, 2));
const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
const sigmaHat = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / sample.length);

describe('fitModel', () => {
  it.each([false, true])('finds the normal MLE and its closed-form standard errors (analytic gradient: %s)', (withGradient) => {
    const fit = fitModel(normalProblem(sample, withGradient), control);
    expect(fit.converged).toBe(true);
    expect(fit.params[0]).toBeCloseTo(mean, 7);
    expect(fit.params[1]).toBeCloseTo(sigmaHat, 7);
    expect(fit.standardErrors).not.toBeNull();
    expect(fit.standardErrors![0]! / (sigmaHat / Math.sqrt(400))).toBeCloseTo(1, 5);
    expect(fit.standardErrors![1]! / (sigmaHat / Math.sqrt(800))).toBeCloseTo(1, 5);
    expect(fit.reason).toBeUndefined();
  });

  it('finds the Gamma MLE (shape from ln k − ψ(k) = ln ȳ − mean ln y) and SEs from the Fisher information', () => {
    const r = createRandom(11);
    const y = Array.from({ length: 2000 }, () => r.gamma(2.5, 1 / 1.5));
    const n = y.length;
    const sy = y.reduce((a, b) => a + b, 0);
    const sly = y.reduce((a, b) => a + Math.log(b), 0);
    const fit = fitModel(
      {
        fn: 'testGamma',
        paramNames: ['shape', 'rate'],
        starts: [[1, 1]],
        logLikelihood: (p) => n * p[0]! * Math.log(p[1]!) - n * logGamma(p[0]!) + (p[0]! - 1) * sly - p[1]! * sy,
      },
      control,
    );
    // Independent: solve the profile equation by bisection with a series digamma.
    const digamma = (x: number): number => {
      let v = 0;
      while (x < 20) {
        v -= 1 / x;
        x += 1;
      }
      const i2 = 1 / (x * x);
      return v + Math.log(x) - 0.5 / x - i2 * (1 / 12 - i2 * (1 / 120 - i2 / 252));
    };
    const trigamma = (x: number): number => {
      let v = 0;
      while (x < 20) {
        v += 1 / (x * x);
        x += 1;
      }
      const i = 1 / x;
      const i2 = i * i;
      return v + i + i2 / 2 + i * i2 * (1 / 6 - i2 * (1 / 30 - i2 / 42));
    };
    const target = Math.log(sy / n) - sly / n;
    let lo = 0.01;
    let hi = 100;
    for (let it = 0; it < 200; it++) {
      const mid = (lo + hi) / 2;
      if (Math.log(mid) - digamma(mid) > target) lo = mid;
      else hi = mid;
    }
    const k = (lo + hi) / 2;
    const beta = (k * n) / sy;
    expect(fit.params[0]! / k).toBeCloseTo(1, 7);
    expect(fit.params[1]! / beta).toBeCloseTo(1, 7);
    const info = Float64Array.of(n * trigamma(k), -n / beta, -n / beta, (n * k) / beta ** 2);
    const cov = invertPositiveDefinite(info, 2)!;
    expect(fit.standardErrors![0]! / Math.sqrt(cov[0]!)).toBeCloseTo(1, 4);
    expect(fit.standardErrors![1]! / Math.sqrt(cov[3]!)).toBeCloseTo(1, 4);
  });

  it('keeps the best of several starts', () => {
    // Two local maxima in ln p: at p = 1 (LL 0) and p = e^3 (LL 1).
    const ll = (p: Float64Array): number => {
      const u = Math.log(p[0]!);
      return -(u * u) * ((u - 3) * (u - 3)) + u / 3;
    };
    const fit = fitModel({ fn: 't', paramNames: ['p'], starts: [[0.5], [30]], logLikelihood: ll }, control);
    expect(Math.log(fit.params[0]!)).toBeGreaterThan(2.5);
  });

  it('applies the penalty LL/W − penalizer·Σθ² like lifetimes', () => {
    // Exponential: maximise (n ln λ − λS)/n − cλ² → 2cλ² + (S/n)λ − 1 = 0.
    const n = 50;
    const S = 100;
    const c = 0.3;
    const fit = fitModel(
      { fn: 't', paramNames: ['lambda'], starts: [[1]], weightTotal: n, logLikelihood: (p) => n * Math.log(p[0]!) - p[0]! * S },
      { ...control, penalizer: c },
    );
    const expected = (-(S / n) + Math.sqrt((S / n) ** 2 + 8 * c)) / (4 * c);
    expect(fit.params[0]).toBeCloseTo(expected, 8);
    expect(fit.logLikelihood).toBeCloseTo(n * Math.log(expected) - expected * S, 6);
    expect(fit.penalizedLogLikelihood).toBeCloseTo(fit.logLikelihood - n * c * expected ** 2, 6);
    // SE still from the unpenalised −LL Hessian on the natural scale: n/λ² → λ/√n.
    expect(fit.standardErrors![0]! / (expected / Math.sqrt(n))).toBeCloseTo(1, 5);
  });

  it('survives -Infinity and NaN regions', () => {
    const ll = (p: Float64Array): number => (p[0]! > 3 ? Number.NaN : p[0]! < 0.01 ? Number.NEGATIVE_INFINITY : 10 * Math.log(p[0]!) - 5 * p[0]!);
    const fit = fitModel({ fn: 't', paramNames: ['p'], starts: [[2.9]], logLikelihood: ll }, control);
    expect(fit.params[0]).toBeCloseTo(2, 6);
    expect(fit.converged).toBe(true);
  });

  it('throws NUMERIC_FAILURE when no start has a finite log-likelihood', () => {
    const problem: LikelihoodProblem = { fn: 'fitThing', paramNames: ['p'], starts: [[1], [2]], logLikelihood: () => Number.NaN };
    expect(() => fitModel(problem, control)).toThrowError(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
  });

  it('checks every start point: INVALID_OPTIONS with the path starts.<i>, never a misleading NUMERIC_FAILURE', () => {
    const ll = (p: Float64Array): number => 10 * Math.log(p[0]!) - 5 * p[0]! + 4 * Math.log(p[1]!) - 2 * p[1]!;
    const errorFor = (starts: number[][]): ClvkitError => {
      try {
        fitModel({ fn: 'fitThing', paramNames: ['p', 'q'], starts, logLikelihood: ll }, control);
      } catch (e) {
        return e as ClvkitError;
      }
      throw new Error('expected a throw');
    };
    // Before: a start of the wrong length was skipped; with no valid start left the fit said the LL was not finite.
    const short = errorFor([[1, 1], [1]]);
    expect(short).toBeInstanceOf(ClvkitError);
    expect(short.code).toBe('INVALID_OPTIONS');
    expect(short.details.path).toEqual(['starts', 1]);
    expect(short.details.fn).toBe('fitThing');
    expect(short.message).toMatch(/starts\.1: expected 2 values \(p, q\), got 1/);
    expect(errorFor([[1, 2, 3]]).details.path).toEqual(['starts', 0]);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = errorFor([
        [1, 1],
        [2, bad],
      ]);
      expect(e.code).toBe('INVALID_OPTIONS');
      expect(e.details.path).toEqual(['starts', 1, 1]);
    }
    expect(errorFor([]).details.path).toEqual(['starts']);
    // A valid set still fits.
    const fit = fitModel({ fn: 'fitThing', paramNames: ['p', 'q'], starts: [[1, 1]], logLikelihood: ll }, control);
    expect(fit.params[0]).toBeCloseTo(2, 6);
    expect(fit.params[1]).toBeCloseTo(2, 6);
  });

  it('every model reports a start of the wrong length through the core check', () => {
    const rfm = { frequency: [0, 2, 5], recency: [0, 4, 6], T: [6, 6, 6] };
    const fits: [string, (starts: number[][]) => unknown, number][] = [
      ['fitBgNbd', (starts) => fitBgNbd(rfm, { timeUnit: 'week', starts }), 4],
      ['fitModifiedBgNbd', (starts) => fitModifiedBgNbd(rfm, { timeUnit: 'week', starts }), 4],
      ['fitParetoNbd', (starts) => fitParetoNbd(rfm, { timeUnit: 'week', starts }), 4],
      ['fitBgBb', (starts) => fitBgBb(rfm, { starts }), 4],
      ['fitGammaGamma', (starts) => fitGammaGamma({ frequency: [1, 2, 3], monetaryValue: [10, 12, 30] }, { starts }), 3],
    ];
    for (const [fn, fit, k] of fits) {
      let error: unknown;
      try {
        fit([new Array<number>(k).fill(1), new Array<number>(k + 1).fill(1)]);
      } catch (e) {
        error = e;
      }
      expect(error, fn).toBeInstanceOf(ClvkitError);
      expect((error as ClvkitError).code, fn).toBe('INVALID_OPTIONS');
      expect((error as ClvkitError).details.fn, fn).toBe(fn);
      expect((error as ClvkitError).details.path, fn).toEqual(['starts', 1]);
    }
  });

  it('reports non-convergence, and throws NOT_CONVERGED when strict', () => {
    const problem = normalProblem(sample, false);
    const fit = fitModel(problem, { ...control, maxIterations: 2 });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/iteration limit/);
    expect(fit.iterations).toBeLessThanOrEqual(2);
    let error: unknown;
    try {
      fitModel(problem, { ...control, maxIterations: 2, strict: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClvkitError);
    expect((error as ClvkitError).code).toBe('NOT_CONVERGED');
    expect((error as ClvkitError).details.fn).toBe('testNormal');
  });

  it('stops at a ridge where the likelihood rises towards a limit: diverged, with the parameter named', () => {
    // LL(θ, φ) = −1/(1 + ln(1+θ)) + ln φ − φ: the sup over θ is 0, approached only as θ → ∞, so slowly that the
    // gradient never falls below the tolerance; φ is identified (MLE 1).
    let calls = 0;
    const problem: LikelihoodProblem = {
      fn: 'ridge',
      paramNames: ['theta', 'phi'],
      starts: [[1, 2]],
      logLikelihood: (p) => {
        calls++;
        return -1 / (1 + Math.log1p(p[0]!)) + Math.log(p[1]!) - p[1]!;
      },
    };
    const fit = fitModel(problem, control);
    expect(fit.converged).toBe(false);
    expect(fit.diverged).toBe(true);
    expect(fit.reason).toMatch(/^theta grows without bound/);
    expect(fit.reason).not.toMatch(/phi/);
    expect(fit.params[1]).toBeCloseTo(1, 2);
    // Stopped long before the 1000-iteration limit; every likelihood call is counted.
    expect(fit.iterations).toBeLessThan(200);
    expect(fit.evaluations).toBe(calls);
  });

  it('stops a parameter that runs off beyond e^25 even while the likelihood still improves', () => {
    // LL(θ) = ln θ: unbounded, rises without limit.
    const fit = fitModel({ fn: 'up', paramNames: ['k'], starts: [[1]], logLikelihood: (p) => Math.log(p[0]!) }, control);
    expect(fit.diverged).toBe(true);
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/^k grows without bound/);
    expect(Number.isFinite(fit.params[0]!)).toBe(true);
  });

  it('caps the likelihood evaluations of the whole fit (all starts, line searches, rescue)', () => {
    let calls = 0;
    const problem: LikelihoodProblem = {
      ...normalProblem(sample, false),
      starts: [
        [1, 1],
        [5, 0.1],
        [0.01, 30],
      ],
    };
    const counted: LikelihoodProblem = {
      ...problem,
      logLikelihood: (p) => {
        calls++;
        return problem.logLikelihood(p);
      },
    };
    const fit = fitModel(counted, { ...control, maxEvaluations: 40 });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/evaluation limit 40/);
    // The cap is checked between iterations: at most one line search (≤ 60 trials + a gradient) over it.
    expect(fit.evaluations).toBe(calls);
    expect(fit.evaluations).toBeLessThan(40 + 70 + 30);
    const full = fitModel(problem, control);
    expect(full.converged).toBe(true);
    expect(full.evaluations).toBeLessThan(5000);
  });

  it('returns null standard errors with a reason when the Hessian is singular', () => {
    // LL does not depend on the second parameter.
    const fit = fitModel({ fn: 't', paramNames: ['p', 'q'], starts: [[1, 1]], logLikelihood: (p) => 10 * Math.log(p[0]!) - 5 * p[0]! }, control);
    expect(fit.params[0]).toBeCloseTo(2, 6);
    expect(fit.standardErrors).toBeNull();
    expect(fit.reason).toMatch(/not positive definite/);
  });

  it('never lets NaN out', () => {
    const fit = fitModel(normalProblem(sample, true), control);
    for (const v of [...fit.params, ...fit.standardErrors!, fit.logLikelihood]) expect(Number.isFinite(v)).toBe(true);
  });

  it('inverts positive-definite matrices and rejects others', () => {
    const inv = invertPositiveDefinite(Float64Array.of(4, 2, 2, 3), 2)!;
    expect([...inv].map((v) => v * 8)).toEqual([3, -2, -2, 4].map((v) => expect.closeTo(v, 12)));
    expect(invertPositiveDefinite(Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
  });

  it('has the documented types', () => {
    expectTypeOf(fitModel).returns.toEqualTypeOf<FitOutcome>();
    expectTypeOf<FitOutcome['standardErrors']>().toEqualTypeOf<Float64Array | null>();
  });
});

describe('fits that must not claim success (issue 15)', () => {
  const base = { frequency: [0, 2, 5, 1, 3], recency: [0, 20, 30, 5, 36], T: [38, 38, 38, 38, 38] };
  const corrupt = { frequency: [...base.frequency, 1e12], recency: [...base.recency, 30], T: [...base.T, 38] };

  it('a corrupt frequency of 1e12 is not converged at iteration 0; strict throws NOT_CONVERGED', () => {
    for (const fit of [fitBgNbd, fitParetoNbd, fitModifiedBgNbd]) {
      const model = fit(corrupt, { timeUnit: 'week' });
      expect(model.converged && model.identified, `${fit.name}: ${JSON.stringify(model.params)}`).toBe(false);
      expectCode(() => fit(corrupt, { timeUnit: 'week', strict: true }), 'NOT_CONVERGED');
    }
  });

  it('a fit on one customer says its estimates are not identified; strict throws NOT_CONVERGED', () => {
    const one = { frequency: [2], recency: [20], T: [38] };
    for (const fit of [fitBgNbd, fitParetoNbd, fitModifiedBgNbd]) {
      const model = fit(one, { timeUnit: 'week' });
      expect(model.identified, fit.name).toBe(false);
      expect(model.reason).toMatch(/identif/);
      const e = expectCode(() => fit(one, { timeUnit: 'week', strict: true }), 'NOT_CONVERGED');
      expect(e.message).toMatch(/identif/);
    }
  });

  it('a well-posed fit is identified', () => {
    const sim = simulateBgNbd({ params: { r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, T: 40, customers: 2000, seed: 11 });
    const model = fitBgNbd(sim, { timeUnit: 'week', strict: true });
    expect(model.converged).toBe(true);
    expect(model.identified).toBe(true);
    expect(model.toJSON().identified).toBe(true);
  });
});

describe('fitModel with an analytic Hessian (Newton steps)', () => {
  // Gamma(k, λ) sample: LL = n(k ln λ − ln Γ(k)) + (k−1)Σ ln y − λΣy; ∂²LL/∂k² = −n ψ₁(k), ∂²/∂k∂λ = n/λ, ∂²/∂λ² = −n k/λ².
  const rng = createRandom(21);
  const y = Array.from({ length: 400 }, () => rng.gamma(2.5) / 0.7);
  const n = y.length;
  const sumY = y.reduce((s, v) => s + v, 0);
  const sumLogY = y.reduce((s, v) => s + Math.log(v), 0);
  const ll = (p: Float64Array): number => n * (p[0]! * Math.log(p[1]!) - logGamma(p[0]!)) + (p[0]! - 1) * sumLogY - p[1]! * sumY;
  const gradient = (p: Float64Array, out: Float64Array): number => {
    out[0] = n * (Math.log(p[1]!) - digamma(p[0]!)) + sumLogY;
    out[1] = (n * p[0]!) / p[1]! - sumY;
    return ll(p);
  };
  const problem = (withHessian: boolean): LikelihoodProblem => ({
    fn: 'gamma',
    paramNames: ['k', 'lambda'],
    starts: [
      [1, 1],
      [10, 0.1],
    ],
    weightTotal: n,
    logLikelihood: ll,
    gradient,
    ...(withHessian
      ? {
          hessian: (p: Float64Array, g: Float64Array, h: Float64Array): number => {
            h[0] = -n * trigamma(p[0]!);
            h[1] = n / p[1]!;
            h[2] = n / p[1]!;
            h[3] = (-n * p[0]!) / (p[1]! * p[1]!);
            return gradient(p, g);
          },
        }
      : {}),
  });

  it.each([0, 0.05])('finds the same optimum and standard errors as BFGS, in fewer iterations (penalizer %f)', (penalizer) => {
    // BFGS converged tightly, so that both optima can be compared to 7 digits.
    const bfgs = fitModel(problem(false), { ...control, penalizer, tolerance: 1e-14 });
    const newton = fitModel(problem(true), { ...control, penalizer });
    expect(newton.converged).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(newton.params[i]! / bfgs.params[i]!).toBeCloseTo(1, 7);
      // Analytic Hessian against central differences of the gradient.
      expect(newton.standardErrors![i]! / bfgs.standardErrors![i]!).toBeCloseTo(1, 5);
    }
    expect(newton.iterations).toBeLessThan(bfgs.iterations);
    if (penalizer === 0) {
      // The MLE solves ln k − ψ(k) = ln(ȳ) − mean(ln y), λ = k/ȳ.
      expect((n * newton.params[0]!) / sumY / newton.params[1]!).toBeCloseTo(1, 8);
      const gradAt = new Float64Array(2);
      gradient(newton.params, gradAt);
      expect(Math.abs(gradAt[0]!)).toBeLessThan(1e-4);
    }
  });

  it('reports standard errors from the Hessian: the inverse of −H at the optimum', () => {
    const fit = fitModel(problem(true), control);
    const [k, lambda] = [fit.params[0]!, fit.params[1]!];
    const info = Float64Array.of(n * trigamma(k), -n / lambda, -n / lambda, (n * k) / (lambda * lambda));
    const cov = invertPositiveDefinite(info, 2)!;
    expect(fit.standardErrors![0]).toBeCloseTo(Math.sqrt(cov[0]!), 12);
    expect(fit.standardErrors![1]).toBeCloseTo(Math.sqrt(cov[3]!), 12);
  });
});
