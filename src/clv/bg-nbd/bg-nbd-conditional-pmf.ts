/**
 * The rest of the prediction toolbox for BG/NBD (k = 0) and MBG/NBD (k = 1), per customer (x, t_x, T), given
 * P(alive at T) from the model. Given alive at T the posterior is λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x+k),
 * independent (FHL 2005 §3; the alive term of the likelihood factorises); a dead customer buys nothing.
 * An alive customer with (λ, p) makes Poisson(λ) purchases and drops out after each with probability p.
 */
import { ClvkitError } from '../../errors.js';
import { hyp2f1 } from '../../math/hyp2f1.js';
import { logBeta } from '../../math/log-gamma.js';
import { integrate } from '../../math/integrate.js';
import { logNegativeBinomialPmf, negativeBinomialTail } from '../../math/negative-binomial.js';
import type { BgParams, DropoutOffset } from './bg-family.js';

/** One customer's history and P(alive at T) as the model computed it. */
export interface BgCustomerState {
  readonly x: number;
  readonly T: number;
  readonly pAlive: number;
}

/**
 * P(Y(t) = n | x, t_x, T) for n = 0..maxN (Fader & Hardie, "Deriving the conditional PMF of the BG/NBD"):
 *
 *   P(Y(t)=n) = (1 − P_a)·[n=0] + P_a·( E[(1−p)ⁿ]·NBD_n(t) + [n≥1]·E[p(1−p)^{n−1}]·P(N(t) ≥ n) ),
 *
 * with NBD_n(t) the Gamma(r+x, α+T)-mixed Poisson count in t, E[(1−p)ⁿ] = B(a, b+x+k+n)/B(a, b+x+k) and
 * E[p(1−p)^{n−1}] = B(a+1, b+x+k+n−1)/B(a, b+x+k): n purchases and still alive, or dropped out after the n-th
 * of at least n purchase events.
 */
export function bgConditionalPmf(p: BgParams, k: DropoutOffset, c: BgCustomerState, t: number, maxN: number): Float64Array {
  const R = p.r + c.x;
  const A = p.alpha + c.T;
  const bb = p.b + c.x + k;
  const nbd = logNegativeBinomialPmf(R, A, t, maxN);
  const out = new Float64Array(maxN + 1);
  let lnSurvive = 0; // ln E[(1−p)ⁿ]
  let lnDropAt = Math.log(p.a) - Math.log(p.a + bb); // ln E[p(1−p)^{n−1}] for n = 1
  for (let n = 0; n <= maxN; n++) {
    let v = Math.exp(lnSurvive + nbd[n]!);
    if (n >= 1) {
      v += Math.exp(lnDropAt) * negativeBinomialTail(R, A, t, n);
      lnDropAt += Math.log((bb + n - 1) / (p.a + bb + n));
    }
    out[n] = c.pAlive * v + (n === 0 ? 1 - c.pAlive : 0);
    lnSurvive += Math.log((bb + n) / (p.a + bb + n));
  }
  return out;
}

/**
 * P(alive at T + t | x, t_x, T) = P_a · E[e^{−λpt}] = P_a · ₂F₁(r+x, a; a+b+x+k; −t/(α+T)): alive now, and no
 * drop-out in the next t (drop-outs come only after purchases, which arrive at rate λp for drop-outs). Where ₂F₁
 * cannot be evaluated the same Beta expectation is integrated numerically.
 */
export function bgProbabilityAliveAt(p: BgParams, k: DropoutOffset, c: BgCustomerState, t: number): number {
  if (t === 0 || c.pAlive === 0) return c.pAlive;
  const R = p.r + c.x;
  const A = p.alpha + c.T;
  const bb = p.b + c.x + k;
  try {
    const v = hyp2f1(R, p.a, p.a + bb, -t / A);
    if (Number.isFinite(v) && v >= 0 && v <= 1) return c.pAlive * v;
  } catch (error) {
    if (!(error instanceof ClvkitError) || error.code !== 'NUMERIC_FAILURE') throw error;
  }
  // Where ₂F₁ cannot be evaluated (extreme corners: r+x in the thousands with t/(α+T) huge), the Beta expectation
  // E[(1 + p·t/A)^{−R}] by quadrature over y = ln p: ∫ exp(a·y + (b'−1)·ln(1−e^y) − ln B(a, b') − R·ln(1 + e^y·t/A)) dy.
  const lnB = logBeta(p.a, bb);
  const lnScale = Math.log(t / A);
  const f = (y: number): number => Math.exp(p.a * y + (bb - 1) * Math.log1p(-Math.exp(y)) - lnB - R * Math.log1p(Math.exp(y + lnScale)));
  // Below y = L (p < e^L, with e^L·R·t/A < e^−60) the integrand is exp(a·y − ln B) to double precision: its
  // integral from −∞ is exp(a·L − ln B)/a, which holds all the mass a tiny `a` puts near p = 0.
  const knee = -lnScale - Math.log(R);
  const lo = Math.min(-700, knee - 60);
  const tail = Math.exp(p.a * lo - lnB) / p.a;
  const value = tail + integrate(f, lo, -1e-300, { tolerance: 1e-10, breakpoints: [knee - 5, knee, knee + 5, -1e-3].filter((b) => b > lo && b < 0) });
  return c.pAlive * Math.min(1, Math.max(0, value));
}

/**
 * Discounted expected transactions over (T, T + horizon] (horizon = Infinity gives DERT), continuous discount
 * rate δ > 0 per time unit:
 *
 *   P_a · ∫₀^H e^{−δτ} E[λe^{−λpτ}] dτ = P_a · (r+x)/(α+T) · ∫₀^H e^{−δτ} ₂F₁(r+x+1, a; a+b+x+k; −τ/(α+T)) dτ,
 *
 * no closed form known: adaptive Gauss–Legendre over τ ∈ [0, H], or for H = ∞ over u = e^{−δτ} ∈ (0, 1]
 * (dτ = du/(δu)).
 */
export function bgDiscountedTransactions(p: BgParams, k: DropoutOffset, c: BgCustomerState, delta: number, horizon: number): number {
  if (c.pAlive === 0 || horizon === 0) return 0;
  const R = p.r + c.x;
  const A = p.alpha + c.T;
  const c1 = p.a + p.b + c.x + k;
  if (Number.isFinite(horizon)) {
    const g = (tau: number): number => Math.exp(-delta * tau) * hyp2f1(R + 1, p.a, c1, -tau / A);
    return c.pAlive * (R / A) * integrate(g, 0, horizon, { tolerance: 1e-9, breakpoints: [A, 10 * A].filter((b) => b < horizon) });
  }
  const f = (u: number): number => (u <= 0 ? 0 : hyp2f1(R + 1, p.a, c1, Math.log(u) / (delta * A)) / delta);
  return c.pAlive * (R / A) * integrate(f, 0, 1, { tolerance: 1e-9, breakpoints: [1e-6, 1e-3, 0.1, 0.5] });
}
