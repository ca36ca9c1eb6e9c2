/**
 * The rest of the prediction toolbox for Pareto/NBD, per customer (x, t_x, T), given P(alive at T) from the
 * model. Given alive at T the posterior is λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T), independent; an alive
 * customer buys at rate λ until an exponential(μ) death.
 */
import { integrate } from '../../math/integrate.js';
import { scaledExponentialIntegral } from '../../math/exponential-integral.js';
import { logNegativeBinomialPmf } from '../../math/negative-binomial.js';
import type { ParetoNbdParams } from './pareto-nbd-log-likelihood.js';

/** One customer's history and P(alive at T) as the model computed it. */
export interface ParetoCustomerState {
  readonly x: number;
  readonly T: number;
  readonly pAlive: number;
}

/**
 * P(Y(t) = n | x, t_x, T) for n = 0..maxN. Integrating λ out for a fixed death time gives an NBD, so with
 * B = β+T:
 *
 *   P(Y(t)=n) = (1−P_a)·[n=0] + P_a·( (B/(B+t))^s·NBD_n(t) + ∫₀ᵗ s·B^s/(B+τ)^{s+1}·NBD_n(τ) dτ ),
 *
 * alive through t, or dead at τ < t having bought n by then (the density of the death time after μ is
 * integrated out); NBD_n(τ) is the Gamma(r+x, α+T)-mixed Poisson count in τ. The τ-integral is adaptive
 * Gauss–Legendre (Fader & Hardie's note on the Pareto/NBD conditional PMF has it as ₂F₁ sums; this is the same
 * integral evaluated numerically).
 */
export function paretoConditionalPmf(p: ParetoNbdParams, c: ParetoCustomerState, t: number, maxN: number): Float64Array {
  const R = p.r + c.x;
  const A = p.alpha + c.T;
  const B = p.beta + c.T;
  const out = new Float64Array(maxN + 1);
  const aliveThrough = Math.exp(p.s * (Math.log(B) - Math.log(B + t)));
  const atEnd = logNegativeBinomialPmf(R, A, t, maxN);
  const lnS = Math.log(p.s) - Math.log(B);
  for (let n = 0; n <= maxN; n++) {
    // ln of Γ(R+n)/(Γ(R) n!), read off the NBD at t: ln NBD_n(t) − R ln(A/(A+t)) − n ln(t/(A+t)).
    const lnCoefficient = t === 0 ? 0 : atEnd[n]! - R * (Math.log(A) - Math.log(A + t)) - n * (Math.log(t) - Math.log(A + t));
    const density = (tau: number): number => {
      const lnDeath = lnS + (p.s + 1) * (Math.log(B) - Math.log(B + tau));
      if (tau === 0) return n === 0 ? Math.exp(lnDeath) : 0;
      const lnNbd = lnCoefficient + R * (Math.log(A) - Math.log(A + tau)) + (n === 0 ? 0 : n * (Math.log(tau) - Math.log(A + tau)));
      return Math.exp(lnDeath + lnNbd);
    };
    const died = t === 0 ? 0 : integrate(density, 0, t, { tolerance: 1e-11, breakpoints: [t * 1e-3, t * 0.05, t * 0.3] });
    out[n] = c.pAlive * (aliveThrough * Math.exp(atEnd[n]!) + died) + (n === 0 ? 1 - c.pAlive : 0);
  }
  return out;
}

/** P(alive at T + t | x, t_x, T) = P_a · E[e^{−μt}] = P_a · ((β+T)/(β+T+t))^s. */
export function paretoProbabilityAliveAt(p: ParetoNbdParams, c: ParetoCustomerState, t: number): number {
  return c.pAlive * Math.exp(p.s * (Math.log(p.beta + c.T) - Math.log(p.beta + c.T + t)));
}

/**
 * DERT (Fader, Hardie & Lee 2005, JMR 42(4), eq. 2), continuous discount rate δ > 0 per time unit:
 *
 *   DERT = P_a · E[λ] · E[1/(δ+μ)] = P_a · (r+x)/(α+T) · (β+T)^s δ^{s−1} U(s, s; δ(β+T)),
 *
 * U Tricomi's function (FHL's Ψ), evaluated as (1/δ)·z·e^z·E_s(z) with z = δ(β+T) (see
 * {@link scaledExponentialIntegral}). With a finite horizon H, the discounted expected transactions in
 * (T, T+H] are P_a·(r+x)/(α+T)·∫₀^H e^{−δτ}((β+T)/(β+T+τ))^s dτ (adaptive Gauss–Legendre), which rise to DERT.
 */
export function paretoDiscountedTransactions(p: ParetoNbdParams, c: ParetoCustomerState, delta: number, horizon: number): number {
  if (c.pAlive === 0 || horizon === 0) return 0;
  const R = p.r + c.x;
  const A = p.alpha + c.T;
  const B = p.beta + c.T;
  if (!Number.isFinite(horizon)) {
    const z = delta * B;
    return c.pAlive * (R / A) * ((z * scaledExponentialIntegral(p.s, z)) / delta);
  }
  const f = (tau: number): number => Math.exp(-delta * tau + p.s * (Math.log(B) - Math.log(B + tau)));
  return c.pAlive * (R / A) * integrate(f, 0, horizon, { tolerance: 1e-11 });
}
