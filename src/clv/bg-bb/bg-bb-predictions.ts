/**
 * BG/BB closed forms (Fader, Hardie & Shang 2010) on trusted inputs: the public model methods in
 * fit-bg-bb.ts check their arguments and call these. Opportunities are whole numbers.
 */
import { logGamma } from '../../math/log-gamma.js';
import { logPochhammer } from '../../math/log-pochhammer.js';
import { sumSmoothTerms } from '../../math/sum-smooth-terms.js';
import { distinctRows } from '../core/compress-rows.js';
import { bgBbPatternLogLikelihood, logAddExp, logBetaRatio, type BgBbParams } from './bg-bb-log-likelihood.js';

/** Survival-sum opportunities summed term by term before the rest goes to Euler–Maclaurin. */
const SUM_LIMIT = 100_000;

/**
 * ln S(n, m) with S(n, m) = Σ_{t=n+1}^{n+m} P(alive at opportunity t) = Σ B(γ, δ+t)/B(γ, δ): the expected
 * number of opportunities a new customer is alive for in (n, n+m] (FHS 2010 eq. 8/13); −Infinity when m = 0.
 * In log space as ln B(γ, δ+n)/B(γ, δ) + ln Σ_{t=1}^{m} B(γ, δ'+t)/B(γ, δ') with δ' = δ+n, so that a
 * survival probability below 1e-308 at n (γ = 1000) does not turn the conditional expectation into 0.
 * The inner sum runs through the ratio (δ'+t−1)/(γ+δ'+t−1) for the first 10⁵ terms and by Euler–Maclaurin
 * on ln B(γ, δ'+u) (a power law in u) beyond, so any span up to 1e300 costs the same and stays positive
 * and increasing; γ = 1 needs no special case.
 */
export function logSurvivalSum(gamma: number, delta: number, n: number, m: number): number {
  if (m <= 0) return Number.NEGATIVE_INFINITY;
  const lead = n === 0 ? 0 : logBetaRatio(gamma, delta, 0, n);
  const dn = delta + n;
  let ratio = 1;
  let sum = 0;
  const exact = Math.min(m, SUM_LIMIT);
  for (let t = 1; t <= exact; t++) {
    ratio *= (dn + (t - 1)) / (gamma + dn + (t - 1));
    sum += ratio;
  }
  if (m > exact) {
    // Terms t = exact+1 … m relative to term `exact`: B(γ, δ'+t)/B(γ, δ'+exact) = exp(ln (δ'+exact)_γ − ln (δ'+t)_γ).
    const base = logPochhammer(dn + exact, gamma);
    const h = (u: number): number => base - logPochhammer(dn + u, gamma);
    const dh = (u: number): number => -gamma / (dn + u + (gamma - 1) / 2);
    sum += ratio * sumSmoothTerms(h, dh, exact + 1, m);
  }
  return lead + Math.log(sum);
}

/** S(n, m) = exp(ln S(n, m)) (see {@link logSurvivalSum}). */
export function survivalSum(gamma: number, delta: number, n: number, m: number): number {
  return Math.exp(logSurvivalSum(gamma, delta, n, m));
}

/** E[X(n)] = α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ, δ) (FHS 2010 eq. 8): expected transactions of a new customer in n opportunities. */
export function bgBbExpectedTransactions(params: BgBbParams, n: number): number {
  return (params.alpha / (params.alpha + params.beta)) * survivalSum(params.gamma, params.delta, 0, n);
}

/**
 * P(X(n) = x) for a new customer (FHS 2010 eq. 7):
 * C(n,x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=x}^{n−1} C(i,x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
 */
export function bgBbProbabilityOfTransactions(params: BgBbParams, x: number, n: number): number {
  if (x > n) return 0;
  const { alpha, beta, gamma, delta } = params;
  const lnChoose = (a: number, b: number): number => logGamma(a + 1) - logGamma(b + 1) - logGamma(a - b + 1);
  let lp = lnChoose(n, x) + logBetaRatio(alpha, beta, x, n - x) + logBetaRatio(gamma, delta, 0, n);
  for (let i = x; i <= n - 1; i++) {
    lp = logAddExp(lp, lnChoose(i, x) + logBetaRatio(alpha, beta, x, i - x) + logBetaRatio(gamma, delta, 1, i));
  }
  return Math.min(1, Math.exp(lp));
}

/**
 * Per customer, ln L_i and the two posterior pieces every conditional quantity needs, computed once:
 * P(alive at n+1 | x, t_x, n) (FHS 2010 eq. 11) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L, and
 * E[X(n, n+n*) | x, t_x, n] (eq. 13) = B(α+x+1, β+n−x)/B(α,β) · S(n, n*) / L with S the survival sum.
 */
export function bgBbConditional(
  params: BgBbParams,
  frequency: Float64Array,
  recency: Float64Array,
  periods: Float64Array,
  horizon: number | null,
): { alive: Float64Array; expected: Float64Array | null } {
  const { alpha, beta, gamma, delta } = params;
  const length = frequency.length;
  const alive = new Float64Array(length);
  const expected = horizon === null ? null : new Float64Array(length);
  // Identical (x, t_x, n) patterns are computed once; the survival sum depends on n only (one per distinct n).
  const patterns = distinctRows([frequency, recency, periods]);
  const patternAlive = new Float64Array(patterns.length);
  const patternExpected = expected === null ? null : new Float64Array(patterns.length);
  const patternPeriods = new Float64Array(patterns.length);
  for (let j = 0; j < patterns.length; j++) patternPeriods[j] = periods[patterns.firstRow[j]!]!;
  const spans = distinctRows([patternPeriods]);
  const logSurvival = new Float64Array(spans.length);
  if (expected !== null) {
    for (let j = 0; j < spans.length; j++) logSurvival[j] = logSurvivalSum(gamma, delta, patternPeriods[spans.firstRow[j]!]!, horizon!);
  }
  for (let j = 0; j < patterns.length; j++) {
    const row = patterns.firstRow[j]!;
    const x = frequency[row]!;
    const tx = recency[row]!;
    const n = periods[row]!;
    const lnL = bgBbPatternLogLikelihood(params, x, tx, n);
    patternAlive[j] = Math.min(1, Math.exp(logBetaRatio(alpha, beta, x, n - x) + logBetaRatio(gamma, delta, 0, n + 1) - lnL));
    if (patternExpected !== null) {
      const logS = logSurvival[spans.index[j]!]!;
      // S(n, n*) carries B(γ, δ+t)/B(γ,δ); the data term is B(α+x+1, β+n−x)/B(α,β) / L.
      patternExpected[j] = logS === Number.NEGATIVE_INFINITY ? 0 : Math.exp(logBetaRatio(alpha, beta, x + 1, n - x) - lnL + logS);
    }
  }
  for (let i = 0; i < length; i++) {
    const j = patterns.index[i]!;
    alive[i] = patternAlive[j]!;
    if (expected !== null) expected[i] = patternExpected![j]!;
  }
  return { alive, expected };
}
