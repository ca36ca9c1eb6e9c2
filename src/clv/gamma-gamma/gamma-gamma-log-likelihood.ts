import { logGamma } from '../../math/log-gamma.js';

/** Gamma-Gamma parameters: transaction value z ~ Gamma(shape p, rate ν), ν ~ Gamma(shape q, rate γ). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/**
 * ln f(m̄ | p, q, γ; x) of one customer with x > 0 repeat transactions of mean value m̄ > 0 (Fader & Hardie
 * 2013, eq. 3; Colombo & Jiang 1999): the mean of x Gamma(p, ν) values is Gamma(px, νx); integrating ν
 * over Gamma(q, γ) gives
 *
 *   f(m̄) = Γ(px+q)/(Γ(px)Γ(q)) · γ^q · m̄^{px−1} · x^{px} / (γ + m̄x)^{px+q}.
 *
 * Inputs are trusted (checked by the public entry points).
 */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + m * x)
  );
}

/** Σ_i w_i ln f(m̄_i | x_i); −Infinity outside the parameter space (the optimiser reads it as "outside"). */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  frequency: ArrayLike<number>,
  monetaryValue: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const { p, q, gamma } = params;
  if (!(p > 0 && q > 0 && gamma > 0) || !Number.isFinite(p + q + gamma)) return -Infinity;
  let total = 0;
  for (let i = 0; i < frequency.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    total += w * gammaGammaCustomerLogLikelihood(params, frequency[i]!, monetaryValue[i]!);
  }
  return Number.isNaN(total) ? -Infinity : total;
}
