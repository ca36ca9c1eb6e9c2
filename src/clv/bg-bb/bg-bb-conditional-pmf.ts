/**
 * The rest of the prediction toolbox for BG/BB (Fader, Hardie & Shang 2010), per customer (x, t_x, n), in whole
 * opportunities. Given alive after opportunity n the posterior is p ~ Beta(α+x, β+n−x) and θ ~ Beta(γ, δ+n),
 * independent; at the start of each later opportunity the customer dies with probability θ, and if alive
 * transacts with probability p.
 */
import { hyp2f1 } from '../../math/hyp2f1.js';
import { bgBbPatternLogLikelihood, logBetaRatio, type BgBbParams } from './bg-bb-log-likelihood.js';

/** P(alive after opportunity n | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) / L (the alive term of eq. 5 over L). */
export function bgBbProbabilityAliveNow(p: BgBbParams, x: number, tx: number, n: number): number {
  const lnAlive = logBetaRatio(p.alpha, p.beta, x, n - x) + logBetaRatio(p.gamma, p.delta, 0, n);
  return Math.min(1, Math.exp(lnAlive - bgBbPatternLogLikelihood(p, x, tx, n)));
}

/**
 * P(X(n, n+n*) = y | x, t_x, n) for y = 0..maxN: with P_n = P(alive after n) and k the opportunities survived
 * out of the next n* (k < n*: died at the start of opportunity n+k+1, probability E[θ(1−θ)^k]; k = n*:
 * E[(1−θ)^{n*}]),
 *
 *   P(Y = y) = (1−P_n)·[y=0] + P_n · Σ_k P(k) · C(k,y) B(α+x+y, β+n−x+k−y)/B(α+x, β+n−x),
 *
 * the beta-binomial of y transactions in k opportunities.
 */
export function bgBbConditionalPmf(p: BgBbParams, x: number, tx: number, n: number, horizon: number, maxN: number): Float64Array {
  const pAlive = bgBbProbabilityAliveNow(p, x, tx, n);
  const a = p.alpha + x;
  const b = p.beta + n - x;
  const g = p.gamma;
  const d = p.delta + n;
  const out = new Float64Array(maxN + 1);
  let survive = 1; // E[(1−θ)^k] = B(γ, δ+n+k)/B(γ, δ+n)
  for (let k = 0; k <= horizon; k++) {
    // Weight of "exactly k opportunities alive": E[θ(1−θ)^k] = E[(1−θ)^k] · γ/(γ+δ+n+k), or E[(1−θ)^{n*}] at the end.
    const weight = k < horizon ? survive * (g / (g + d + k)) : survive;
    if (weight > 0) {
      // Beta-binomial pmf over y = 0..min(k, maxN) by its ratio recurrence, started in log space.
      let lnTerm = logBetaRatio(a, b, 0, k); // y = 0: B(a, b+k)/B(a, b)
      for (let y = 0; y <= Math.min(k, maxN); y++) {
        out[y] = out[y]! + pAlive * weight * Math.exp(lnTerm);
        // term(y+1)/term(y) = (k−y)/(y+1) · (a+y)/(b+k−y−1)
        if (y < k) lnTerm += Math.log(((k - y) / (y + 1)) * ((a + y) / (b + k - y - 1)));
      }
    }
    survive *= (d + k) / (g + d + k);
  }
  out[0] = out[0]! + (1 - pAlive);
  return out;
}

/** P(alive after opportunity n + n* | x, t_x, n) = P_n · B(γ, δ+n+n*)/B(γ, δ+n). */
export function bgBbProbabilityAliveAt(p: BgBbParams, x: number, tx: number, n: number, horizon: number): number {
  return bgBbProbabilityAliveNow(p, x, tx, n) * Math.exp(logBetaRatio(p.gamma, p.delta + n, 0, horizon));
}

/**
 * Discounted expected transactions in opportunities n+1 … n+H, the one at n+k discounted by (1+d)^{−k}; for
 * H = Infinity this is DERT (FHS 2010 eq. 14):
 *
 *   DERT = B(α+x+1, β+n−x)/B(α,β) · B(γ, δ+n+1)/((1+d)·B(γ,δ)) · ₂F₁(1, δ+n+1; γ+δ+n+1; 1/(1+d)) / L
 *        = P_n · (α+x)/(α+β+n) · (δ+n)/(γ+δ+n) · ₂F₁(1, δ+n+1; γ+δ+n+1; 1/(1+d)) / (1+d).
 *
 * A finite H sums the H terms P_n·(α+x)/(α+β+n)·E[(1−θ)^k]·(1+d)^{−k}.
 */
export function bgBbDiscountedTransactions(p: BgBbParams, x: number, tx: number, n: number, rate: number, horizon: number): number {
  const pAlive = bgBbProbabilityAliveNow(p, x, tx, n);
  if (pAlive === 0 || horizon === 0) return 0;
  const buy = (p.alpha + x) / (p.alpha + p.beta + n);
  const d = p.delta + n;
  const g = p.gamma;
  const z = 1 / (1 + rate);
  if (!Number.isFinite(horizon)) return pAlive * buy * (d / (g + d)) * z * hyp2f1(1, d + 1, g + d + 1, z);
  let survive = 1;
  let total = 0;
  let discount = 1;
  for (let k = 1; k <= horizon; k++) {
    survive *= (d + k - 1) / (g + d + k - 1);
    discount *= z;
    total += survive * discount;
  }
  return pAlive * buy * total;
}
