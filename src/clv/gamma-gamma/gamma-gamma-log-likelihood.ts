import { digamma } from '../../math/digamma.js';
import { logGamma } from '../../math/log-gamma.js';
import { logPochhammer } from '../../math/log-pochhammer.js';

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
  const mx = m * x;
  // q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + m̄x) = −q ln(1 + m̄x/γ) − px ln(1 + γ/(m̄x)) − ln m̄:
  // no two huge terms cancel, so the value stays right for parameters up to 1e300.
  return logInverseBeta(px, q) - q * Math.log1p(mx / gamma) - px * Math.log1p(gamma / mx) - Math.log(m);
}

/** −ln B(u, v) = ln Γ(u+v) − ln Γ(u) − ln Γ(v), as ln (big)_small − ln Γ(small) (no cancellation of huge ln Γ). */
function logInverseBeta(u: number, v: number): number {
  const big = Math.max(u, v);
  const small = Math.min(u, v);
  return logPochhammer(big, small) - logGamma(small);
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

/**
 * The spend data regrouped for fast likelihood evaluation ({@link groupGammaGammaData}): customers grouped by
 * their frequency x (a column with few distinct values), with the per-group sums that do not depend on the
 * parameters precomputed. Only the term ln(γ + m̄x) still needs one logarithm per (distinct) customer.
 */
export interface GammaGammaGroups {
  /** Number of distinct frequencies G. */
  readonly groups: number;
  /** x of each group. */
  readonly x: Float64Array;
  /** W_g = Σ w_i over the group. */
  readonly weight: Float64Array;
  /** Σ w_i ln m̄_i over the group. */
  readonly sumLogM: Float64Array;
  /** Group g's customers are entries start[g] … start[g+1]−1 of `mx` and `w` (length G + 1). */
  readonly start: Int32Array;
  /** m̄_i·x_i per distinct (x, m̄) row, grouped. */
  readonly mx: Float64Array;
  /** Weight of each of those rows. */
  readonly w: Float64Array;
}

/**
 * Regroup (x, m̄, w) rows for {@link gammaGammaGroupedLogLikelihood}: identical (x, m̄) rows are merged, rows
 * with weight 0 dropped, and the rest grouped by x. Inputs are trusted (x > 0 integers, m̄ > 0, w ≥ 0).
 */
export function groupGammaGammaData(frequency: ArrayLike<number>, monetaryValue: ArrayLike<number>, weights?: ArrayLike<number>): GammaGammaGroups {
  // Merge identical (x, m̄) rows first.
  const merged = new Map<number, Map<number, number>>();
  for (let i = 0; i < frequency.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    const x = frequency[i]!;
    let byM = merged.get(x);
    if (byM === undefined) merged.set(x, (byM = new Map()));
    const m = monetaryValue[i]!;
    byM.set(m, (byM.get(m) ?? 0) + w);
  }
  const xs = [...merged.keys()].sort((a, b) => a - b);
  const groups = xs.length;
  let rows = 0;
  for (const byM of merged.values()) rows += byM.size;
  const out = {
    groups,
    x: Float64Array.from(xs),
    weight: new Float64Array(groups),
    sumLogM: new Float64Array(groups),
    start: new Int32Array(groups + 1),
    mx: new Float64Array(rows),
    w: new Float64Array(rows),
  };
  let j = 0;
  xs.forEach((x, g) => {
    out.start[g] = j;
    for (const [m, w] of merged.get(x)!) {
      out.mx[j] = m * x;
      out.w[j] = w;
      out.weight[g] = out.weight[g]! + w;
      out.sumLogM[g] = out.sumLogM[g]! + w * Math.log(m);
      j++;
    }
  });
  out.start[groups] = j;
  return out;
}

/**
 * The Gamma-Gamma log-likelihood Σ_i w_i ln f(m̄_i | x_i) (the sum of {@link gammaGammaCustomerLogLikelihood})
 * on grouped data, and optionally its analytic gradient. Per group g (frequency x, weight W_g, S_g = Σ w ln m̄,
 * L_g = Σ w ln(γ + m̄x), R_g = Σ w/(γ + m̄x)):
 *
 *   LL     = Σ_g W_g[lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + px ln x] + (px − 1) S_g − (px + q) L_g
 *   ∂LL/∂p = Σ_g x (W_g[ψ(px+q) − ψ(px) + ln x] + S_g − L_g)
 *   ∂LL/∂q = Σ_g W_g[ψ(px+q) − ψ(q) + ln γ] − L_g
 *   ∂LL/∂γ = Σ_g W_g q/γ − (px + q) R_g
 *
 * so an evaluation costs one logarithm (and, with the gradient, one division) per distinct customer and a few
 * ln Γ / ψ per distinct frequency, instead of three ln Γ and four logarithms per customer.
 * Returns −Infinity (gradient untouched) outside the parameter space or where a term is not finite.
 */
export function gammaGammaGroupedLogLikelihood(params: GammaGammaParams, data: GammaGammaGroups, gradient?: Float64Array): number {
  const { p, q, gamma } = params;
  if (!(p > 0 && q > 0 && gamma > 0) || !Number.isFinite(p + q + gamma)) return -Infinity;
  const lnGamma = Math.log(gamma);
  const psiQ = gradient === undefined ? 0 : digamma(q);
  let ll = 0;
  let dp = 0;
  let dq = 0;
  let dg = 0;
  for (let g = 0; g < data.groups; g++) {
    const x = data.x[g]!;
    const wg = data.weight[g]!;
    const sg = data.sumLogM[g]!;
    const px = p * x;
    const lnX = Math.log(x);
    // l1 = Σ w ln(1 + m̄x/γ), l2 = Σ w ln(1 + γ/(m̄x)): the value in the form that cannot cancel (see
    // gammaGammaCustomerLogLikelihood); lg = Σ w ln(γ + m̄x) = W ln γ + l1 and rg for the gradient.
    let l1 = 0;
    let l2 = 0;
    let rg = 0;
    const end = data.start[g + 1]!;
    for (let j = data.start[g]!; j < end; j++) {
      const mx = data.mx[j]!;
      const w = data.w[j]!;
      l1 += w * Math.log1p(mx / gamma);
      l2 += w * Math.log1p(gamma / mx);
      if (gradient !== undefined) rg += w / (gamma + mx);
    }
    // S_g = Σ w ln m̄ enters as −S_g (the −ln m̄ of each customer).
    ll += wg * logInverseBeta(px, q) - q * l1 - px * l2 - sg;
    if (gradient !== undefined) {
      if (!Number.isFinite(ll)) return -Infinity;
      const lg = wg * lnGamma + l1;
      const psiPxq = digamma(px + q);
      dp += x * (wg * (psiPxq - digamma(px) + lnX) + sg - lg);
      dq += wg * (psiPxq - psiQ + lnGamma) - lg;
      dg += (wg * q) / gamma - (px + q) * rg;
    }
  }
  if (!Number.isFinite(ll)) return -Infinity;
  if (gradient !== undefined) {
    gradient[0] = dp;
    gradient[1] = dq;
    gradient[2] = dg;
  }
  return ll;
}
