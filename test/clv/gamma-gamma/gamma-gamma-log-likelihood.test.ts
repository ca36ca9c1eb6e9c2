import { describe, expect, it } from 'vitest';
import { gammaGammaCustomerLogLikelihood, gammaGammaLogLikelihood } from '../../../src/clv/gamma-gamma/gamma-gamma-log-likelihood.js';
import { logGamma } from '../../../src/math/log-gamma.js';

/** Gamma density with shape k and rate λ. */
function gammaDensity(z: number, k: number, rate: number): number {
  return Math.exp(k * Math.log(rate) + (k - 1) * Math.log(z) - rate * z - logGamma(k));
}

describe('gammaGammaCustomerLogLikelihood', () => {
  it('equals ∫ Gamma(m̄; px, νx) · Gamma(ν; q, γ) dν computed by quadrature', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const [x, m] of [
      [1, 20],
      [3, 35.5],
      [10, 12],
    ] as const) {
      // The mean of x Gamma(p, ν) values is Gamma(px, νx); integrate ν on a fine log grid.
      let integral = 0;
      const steps = 20_000;
      const lo = Math.log(1e-4);
      const hi = Math.log(50);
      const h = (hi - lo) / steps;
      for (let s = 0; s <= steps; s++) {
        const nu = Math.exp(lo + s * h);
        const w = s === 0 || s === steps ? 0.5 : 1;
        integral += w * gammaDensity(m, params.p * x, nu * x) * gammaDensity(nu, params.q, params.gamma) * nu * h;
      }
      expect(Math.exp(gammaGammaCustomerLogLikelihood(params, x, m)) / integral).toBeCloseTo(1, 8);
    }
  });

  it('sums with weights and is -Infinity outside the parameter space', () => {
    const params = { p: 2, q: 3, gamma: 4 };
    const one = gammaGammaCustomerLogLikelihood(params, 2, 5);
    const two = gammaGammaCustomerLogLikelihood(params, 1, 8);
    expect(gammaGammaLogLikelihood(params, [2, 1], [5, 8], [3, 1])).toBeCloseTo(3 * one + two, 12);
    expect(gammaGammaLogLikelihood(params, [2, 1], [5, 8], [0, 1])).toBeCloseTo(two, 12);
    expect(gammaGammaLogLikelihood({ p: 0, q: 1, gamma: 1 }, [1], [1])).toBe(-Infinity);
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, gamma: Number.NaN }, [1], [1])).toBe(-Infinity);
  });
});
