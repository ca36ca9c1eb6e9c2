import { digamma } from '../../math/digamma.js';
import { logGamma } from '../../math/log-gamma.js';
import { log1pExp } from '../../math/log-sum-exp.js';
import { compressRows } from '../core/compress-rows.js';
import type { CovariateProblem } from './fit-covariate-model.js';

/** Distinct (x, t_x, T, z_purchase, z_dropout) rows with their weights. */
export interface CovariatePatterns {
  readonly length: number;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  /** One column per purchase covariate, then one per dropout covariate, `length` entries each. */
  readonly purchase: readonly Float64Array[];
  readonly dropout: readonly Float64Array[];
  readonly weight: Float64Array;
  readonly total: number;
}

/**
 * Compress customers to distinct (x, t_x, T, z) rows (the pattern compression of the plain fits extended
 * by the covariates): customers identical in every column share one likelihood term, weighted.
 */
export function covariatePatternsOf(
  rfm: { frequency: Float64Array; recency: Float64Array; T: Float64Array },
  purchase: readonly Float64Array[],
  dropout: readonly Float64Array[],
  weights: ArrayLike<number> | undefined,
): CovariatePatterns {
  const c = compressRows([rfm.frequency, rfm.recency, rfm.T, ...purchase, ...dropout], weights);
  let total = 0;
  for (let i = 0; i < c.length; i++) total += c.weight[i]!;
  const p = purchase.length;
  return {
    length: c.length,
    x: c.columns[0]!,
    tx: c.columns[1]!,
    T: c.columns[2]!,
    purchase: c.columns.slice(3, 3 + p),
    dropout: c.columns.slice(3 + p),
    weight: c.weight,
    total,
  };
}

/** Below this many repeat purchases the Beta ratios are sums over j < x (cheaper than log-gamma/digamma). */
const SUM_LIMIT = 24;

/**
 * ln[B(a, b+x)/B(a, b)] and its derivatives in a and b, written to out[0..2]:
 *   Σ_{j<x} [ln(b+j) − ln(a+b+j)],  ∂a = −Σ 1/(a+b+j),  ∂b = Σ [1/(b+j) − 1/(a+b+j)]
 * (log-gamma and digamma differences for larger x).
 */
function betaRatio(a: number, b: number, x: number, out: Float64Array): void {
  if (x <= SUM_LIMIT) {
    let v = 0;
    let da = 0;
    let db = 0;
    for (let j = 0; j < x; j++) {
      const ab = 1 / (a + b + j);
      v += Math.log((b + j) * ab);
      da -= ab;
      db += 1 / (b + j) - ab;
    }
    out[0] = v;
    out[1] = da;
    out[2] = db;
    return;
  }
  const psiAbx = digamma(a + b + x);
  const psiAb = digamma(a + b);
  out[0] = logGamma(b + x) - logGamma(b) - logGamma(a + b + x) + logGamma(a + b);
  out[1] = psiAb - psiAbx;
  out[2] = digamma(b + x) - digamma(b) + psiAb - psiAbx;
}

/**
 * The BG/NBD log-likelihood with static covariates (Fader & Hardie 2007, "Incorporating time-invariant
 * covariates into the Pareto/NBD and BG/NBD models", brucehardie.com note 019; parameterised as CLVTools'
 * `bgnbd` with static covariates): customer i has
 *   α_i = α·exp(−γ₁ᵀz₁ᵢ)   (purchase process: γ₁ > 0 means more purchases, E[λ_i] = r/α_i),
 *   a_i = a·exp(γ₂ᵀz₂ᵢ),  b_i = b·exp(γ₂ᵀz₂ᵢ)   (dropout: the Beta's mean a/(a+b) is unchanged, its
 *   concentration scales — γ₂ > 0 makes the dropout probability less dispersed),
 * and the FHL 2005 eq. (6) likelihood with those parameters:
 *   ln L_i = lnΓ(r+x) − lnΓ(r) + r ln α_i − (r+x) ln(α_i+T) + ln B(a_i, b_i+x) − ln B(a_i, b_i)
 *            + [x > 0]·ln(1 + exp(ln a_i − ln(b_i+x−1) + (r+x)(ln(α_i+T) − ln(α_i+t_x)))).
 * Coordinates u = (ln r, ln α, ln a, ln b, γ₁, γ₂); the analytic gradient by the chain rule
 * ∂α_i/∂ln α = α_i, ∂α_i/∂γ₁ = −α_i z₁ᵢ, ∂a_i/∂γ₂ = a_i z₂ᵢ, ∂b_i/∂γ₂ = b_i z₂ᵢ.
 * With all-zero covariates every α_i = α, a_i = a, b_i = b: exactly the plain BG/NBD likelihood.
 */
export function bgNbdCovariateProblem(fn: string, patterns: CovariatePatterns, names: readonly string[]): CovariateProblem {
  const P = patterns.purchase.length;
  const D = patterns.dropout.length;
  const n = patterns.length;
  const beta = new Float64Array(3);
  // lnΓ(r+x) − lnΓ(r) and ψ(r+x) − ψ(r), cached per integer x below CACHE.
  const CACHE = 4096;
  const lgCache = new Float64Array(CACHE);
  const dgCache = new Float64Array(CACHE);
  const seen = new Int32Array(CACHE);
  let epoch = 0;
  const evaluate = (u: Float64Array, grad: Float64Array | null): number => {
    const r = Math.exp(u[0]!);
    const alpha0 = Math.exp(u[1]!);
    const a0 = Math.exp(u[2]!);
    const b0 = Math.exp(u[3]!);
    if (!(r > 0 && alpha0 > 0 && a0 > 0 && b0 > 0) || !Number.isFinite(r + alpha0 + a0 + b0)) return Number.NEGATIVE_INFINITY;
    epoch++;
    const lgR = logGamma(r);
    const dgR = grad !== null ? digamma(r) : 0;
    if (grad !== null) grad.fill(0);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const w = patterns.weight[i]!;
      if (w === 0) continue;
      const x = patterns.x[i]!;
      const T = patterns.T[i]!;
      const tx = patterns.tx[i]!;
      let etaP = 0;
      for (let j = 0; j < P; j++) etaP += u[4 + j]! * patterns.purchase[j]![i]!;
      let etaD = 0;
      for (let j = 0; j < D; j++) etaD += u[4 + P + j]! * patterns.dropout[j]![i]!;
      const alpha = alpha0 * Math.exp(-etaP);
      const eD = Math.exp(etaD);
      const a = a0 * eD;
      const b = b0 * eD;
      let lg: number;
      let dg = 0;
      if (x < CACHE) {
        if (seen[x] !== epoch) {
          seen[x] = epoch;
          lgCache[x] = x === 0 ? 0 : logGamma(r + x) - lgR;
          dgCache[x] = grad === null || x === 0 ? 0 : digamma(r + x) - dgR;
        }
        lg = lgCache[x]!;
        dg = dgCache[x]!;
      } else {
        lg = logGamma(r + x) - lgR;
        if (grad !== null) dg = digamma(r + x) - dgR;
      }
      betaRatio(a, b, x, beta);
      const rx = r + x;
      const lnAlpha = Math.log(alpha);
      const lAT = Math.log(alpha + T);
      let v = lg + r * lnAlpha - rx * lAT + beta[0]!;
      let sig = 0;
      let diff = 0;
      if (x > 0) {
        diff = lAT - Math.log(alpha + tx);
        const d = Math.log(a) - Math.log(b + x - 1) + rx * diff;
        v += log1pExp(d);
        sig = d > 0 ? 1 / (1 + Math.exp(-d)) : Math.exp(d) / (1 + Math.exp(d));
      }
      if (!Number.isFinite(v)) return Number.NEGATIVE_INFINITY;
      ll += w * v;
      if (grad !== null) {
        const dr = dg + lnAlpha - lAT + sig * diff;
        const dAlpha = r / alpha - rx / (alpha + T) + (x > 0 ? sig * rx * (1 / (alpha + T) - 1 / (alpha + tx)) : 0);
        const da = beta[1]! + (x > 0 ? sig / a : 0);
        const db = beta[2]! - (x > 0 ? sig / (b + x - 1) : 0);
        const gAlpha = w * alpha * dAlpha;
        const gDrop = w * (a * da + b * db);
        grad[0] = grad[0]! + w * r * dr;
        grad[1] = grad[1]! + gAlpha;
        grad[2] = grad[2]! + w * a * da;
        grad[3] = grad[3]! + w * b * db;
        for (let j = 0; j < P; j++) grad[4 + j] = grad[4 + j]! - gAlpha * patterns.purchase[j]![i]!;
        for (let j = 0; j < D; j++) grad[4 + P + j] = grad[4 + P + j]! + gDrop * patterns.dropout[j]![i]!;
      }
    }
    return ll;
  };
  return { fn, names, positive: 4, weightTotal: patterns.total, evaluate };
}
