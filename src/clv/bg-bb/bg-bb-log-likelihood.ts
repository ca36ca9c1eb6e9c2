import { logPochhammer } from '../../math/log-pochhammer.js';
import { sumSmoothTerms } from '../../math/sum-smooth-terms.js';

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

/** Below this many factors the rising factorial is a plain sum of logs. */
const POCHHAMMER_SUM_LIMIT = 16;

/**
 * ln (a)_k = ln Γ(a+k) − ln Γ(a) for a > 0 and a whole number k ≥ 0, without the cancellation of
 * two huge ln Γ values when a is tiny: (a)_k = a · Γ(a+k)/Γ(a+1), so ln (a)_k = ln a + ln Γ(a+k) − ln Γ(a+1),
 * and short products are summed directly. Accurate for a down to the smallest positive double.
 */
export function logRisingFactorial(a: number, k: number): number {
  if (k === 0) return 0;
  if (k <= POCHHAMMER_SUM_LIMIT) {
    let product = a;
    for (let j = 1; j < k; j++) product *= a + j;
    // Products of at most 16 factors overflow only for a beyond ~1e19; fall through then.
    if (product > 0 && Number.isFinite(product)) return Math.log(product);
  }
  // ln Γ(a+k) − ln Γ(a) without subtracting two huge ln Γ values (a = 1e300 would leave only rounding).
  return logPochhammer(a, k);
}

/** Above this many factors the Beta ratio is formed from ln (x)ₛ differences that stay accurate for any length. */
const LONG_RATIO = 1000;

/**
 * ln [B(a+k, b+m) / B(a, b)] for a, b > 0 and whole k, m ≥ 0, through rising factorials:
 * (a)_k (b)_m / (a+b)_{k+m}. Exact in form for tiny a or b (no ln Γ of a tiny number is formed). For long
 * spans (max(k, m) > 1000, e.g. n = 10⁹ opportunities) as ln (a)_k + ln (b)_a − ln (b+m)_{a+k} with the
 * longer of the two spans as m, where {@link logPochhammer} keeps the digits that subtracting ln Γ(10⁹)
 * values would lose.
 */
export function logBetaRatio(a: number, b: number, k: number, m: number): number {
  if (Math.max(k, m) <= LONG_RATIO) return logRisingFactorial(a, k) + logRisingFactorial(b, m) - logRisingFactorial(a + b, k + m);
  const [p, j, q, n] = k > m ? [b, m, a, k] : [a, k, b, m];
  // (p)_j (q)_n / (p+q)_{j+n} with n the long span: (q)_n/(p+q)_{j+n} = Γ(q+n)Γ(p+q)/(Γ(q)Γ(p+q+j+n)).
  return logRisingFactorial(p, j) + logPochhammer(q, p) - logPochhammer(q + n, p + j);
}

/** Opportunities summed term by term in eq. 5 before the rest of the (power-law) sum goes to Euler–Maclaurin. */
const EXACT_DEATH_TERMS = 10_000;

/** ψ(x+s) − ψ(x) for x ≥ EXACT_DEATH_TERMS: s/(x + (s−1)/2), exact to O(s³/x³) (the derivative in the Euler–Maclaurin correction). */
function digammaStep(x: number, s: number): number {
  return s / (x + (s - 1) / 2);
}

/**
 * ln L(α, β, γ, δ | x, t_x, n) of one customer (FHS 2010 eq. 5), in log space:
 *
 *   L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *     + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)
 *
 * The first term: alive through all n opportunities; the i-th: died at the start of opportunity t_x+i+1.
 * The Beta ratios are rising-factorial ratios (see {@link logBetaRatio}), so the value stays right for
 * parameters down to the smallest positive double. The sum's terms fall monotonically — term i+1 is term i
 * times (β+t_x−x+i)/(α+β+t_x+i) · (δ+t_x+i)/(γ+δ+1+t_x+i) < 1 — so it is accumulated by that recurrence
 * relative to its first term (a few multiplications per opportunity instead of six ln Γ, so n = 10,000
 * opportunities are cheap) and stops once the remaining terms cannot change the sum. Past 10⁴ opportunities the
 * rest of the sum (a power law in the index) is added by Euler–Maclaurin ({@link sumSmoothTerms}), so n = 10⁹ or
 * 10¹² opportunities cost the same as 10⁴.
 * Inputs are trusted (integers with 0 ≤ x ≤ t_x ≤ n, checked by the public entry points).
 */
export function bgBbPatternLogLikelihood(params: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = params;
  const alive = logBetaRatio(alpha, beta, x, n - x) + logBetaRatio(gamma, delta, 0, n);
  const last = n - tx - 1;
  if (last < 0) return alive;
  const lnFirst = logBetaRatio(alpha, beta, x, tx - x) + logBetaRatio(gamma, delta, 1, tx);
  let term = 1;
  let sum = 1;
  const ab = alpha + beta;
  const gd1 = gamma + delta + 1;
  const exact = Math.min(last, EXACT_DEATH_TERMS);
  let i = 0;
  for (; i < exact; i++) {
    // term_{i+1} / term_i; integers are added first so that a tiny β or δ is not absorbed.
    term *= ((beta + (tx - x + i)) / (ab + (tx + i))) * ((delta + (tx + i)) / (gd1 + (tx + i)));
    sum += term;
    // Terms only fall, so the last − i − 1 terms still to come add at most that many times this one.
    if (term * (last - i - 1) <= 1e-17 * sum) return logAddExp(alive, lnFirst + Math.log(sum));
  }
  if (i < last) {
    // Terms i+1 … last, relative to term i (the last one summed): a ratio of Γ functions in the index,
    // f(u) = Γ(β'+u)Γ(δ'+u)/(Γ(α+x+β'+u)Γ(γ+1+δ'+u)) with β' = β+t_x−x, δ' = δ+t_x, which falls like a power of u.
    const bp = beta + (tx - x);
    const dp = delta + tx;
    const sa = alpha + x;
    const sg = gamma + 1;
    const h = (u: number): number => logPochhammer(bp + u, sa) - logPochhammer(bp + i, sa) + logPochhammer(dp + u, sg) - logPochhammer(dp + i, sg);
    // ln f(u) = −ln(β'+u)_{α+x} − ln(δ'+u)_{γ+1} + const, so h = ln f(u) − ln f(i) with the signs below.
    const logTerm = (u: number): number => -h(u);
    const dLogTerm = (u: number): number => -(digammaStep(bp + u, sa) + digammaStep(dp + u, sg));
    sum += term * sumSmoothTerms(logTerm, dLogTerm, i + 1, last);
  }
  return logAddExp(alive, lnFirst + Math.log(sum));
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
  let total = 0;
  for (let i = 0; i < frequency.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    total += w * bgBbPatternLogLikelihood(params, frequency[i]!, recency[i]!, periods[i]!);
  }
  return Number.isNaN(total) ? -Infinity : total;
}
