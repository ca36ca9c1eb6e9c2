import { logGamma } from '../../../src/math/log-gamma.js';
import type { ParetoNbdParams } from '../../../src/clv/pareto-nbd/pareto-nbd-log-likelihood.js';

/**
 * Test helper (independent of the library's numerics): ln ∫∫ e^{f(λ, μ)} g(λ; r, α) g(μ; s, β) dλ dμ by the
 * trapezoid rule in (ln λ, ln μ) — geometric convergence for smooth integrands decaying at both ends.
 * `logF(lambda, mu, lnLambda, lnMu)` is the log of the individual-level quantity; `shift` any value near
 * the answer (keeps exp() in range); `lambdaShape`/`lambdaRate` centre the λ grid on where the integrand lives.
 */
export function bruteForceLogMixture(
  p: ParetoNbdParams,
  logF: (lambda: number, mu: number, lnLambda: number, lnMu: number) => number,
  shift: number,
  lambdaShape = p.r,
  lambdaRate = p.alpha,
): number {
  const h = 0.04;
  const range = (shape: number, rate: number): [number, number] => [Math.log(shape / rate) - 34 / Math.min(shape, p.r + 0.5), Math.log(shape / rate) + 5];
  const [la0, la1] = range(lambdaShape, lambdaRate);
  const [lm0, lm1] = range(p.s, p.beta);
  const cl = p.r * Math.log(p.alpha) - logGamma(p.r);
  const cm = p.s * Math.log(p.beta) - logGamma(p.s);
  let sum = 0;
  for (let a = la0; a <= la1; a += h) {
    const lam = Math.exp(a);
    const densL = cl + p.r * a - p.alpha * lam;
    for (let b = lm0; b <= lm1; b += h) {
      const mu = Math.exp(b);
      sum += Math.exp(densL + cm + p.s * b - p.beta * mu + logF(lam, mu, a, b) - shift);
    }
  }
  return Math.log(sum * h * h) + shift;
}

/** ln of the individual-level likelihood λ^x μ/(λ+μ) e^{−(λ+μ)t_x} + λ^{x+1}/(λ+μ) e^{−(λ+μ)T}. */
export function individualLogLikelihood(x: number, tx: number, T: number) {
  return (lam: number, mu: number, a: number, b: number): number => {
    const lsum = Math.log(lam + mu);
    const t1 = x * a + b - lsum - (lam + mu) * tx;
    const t2 = (x + 1) * a - lsum - (lam + mu) * T;
    return t1 > t2 ? t1 + Math.log1p(Math.exp(t2 - t1)) : t2 + Math.log1p(Math.exp(t1 - t2));
  };
}
