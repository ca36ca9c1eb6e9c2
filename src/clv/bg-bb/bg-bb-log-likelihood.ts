import { logBeta } from '../../math/log-gamma.js';

/** BG/BB parameters: p ~ Beta(alpha, beta) (transaction propensity), θ ~ Beta(gamma, delta) (dropout). */
export interface BgBbParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly delta: number;
}

/** ln(e^a + e^b) without overflow; −Infinity is the identity. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * ln L(α, β, γ, δ | x, t_x, n) of one customer (FHS 2010 eq. 5), in log space:
 *
 *   L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *     + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)
 *
 * The first term: alive through all n opportunities; the i-th: died at the start of opportunity t_x+i+1.
 * Inputs are trusted (integers with 0 ≤ x ≤ t_x ≤ n, checked by the public entry points);
 * `lnBab`/`lnBgd` are ln B(α,β) and ln B(γ,δ), passed in so that loops compute them once.
 */
export function bgBbPatternLogLikelihood(params: BgBbParams, x: number, tx: number, n: number, lnBab: number, lnBgd: number): number {
  const { alpha, beta, gamma, delta } = params;
  let ll = logBeta(alpha + x, beta + n - x) - lnBab + logBeta(gamma, delta + n) - lnBgd;
  const last = n - tx - 1;
  for (let i = 0; i <= last; i++) {
    ll = logAddExp(ll, logBeta(alpha + x, beta + tx - x + i) - lnBab + logBeta(gamma + 1, delta + tx + i) - lnBgd);
  }
  return ll;
}

/**
 * Σ_i w_i · ln L_i over customers (or compressed patterns) — the BG/BB log-likelihood.
 * Returns −Infinity when any parameter is not positive and finite (the optimiser reads it as "outside").
 */
export function bgBbLogLikelihood(
  params: BgBbParams,
  frequency: ArrayLike<number>,
  recency: ArrayLike<number>,
  periods: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const { alpha, beta, gamma, delta } = params;
  if (!(alpha > 0 && beta > 0 && gamma > 0 && delta > 0) || !Number.isFinite(alpha + beta + gamma + delta)) return -Infinity;
  const lnBab = logBeta(alpha, beta);
  const lnBgd = logBeta(gamma, delta);
  let total = 0;
  for (let i = 0; i < frequency.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    total += w * bgBbPatternLogLikelihood(params, frequency[i]!, recency[i]!, periods[i]!, lnBab, lnBgd);
  }
  return Number.isNaN(total) ? -Infinity : total;
}
