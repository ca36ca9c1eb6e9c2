/**
 * BG/BB closed forms (Fader, Hardie & Shang 2010) on trusted inputs: the public model methods in
 * fit-bg-bb.ts check their arguments and call these. Opportunities are whole numbers.
 */
import { logGamma } from '../../math/log-gamma.js';
import { distinctRows } from '../core/compress-rows.js';
import { bgBbPatternLogLikelihood, logAddExp, logBetaRatio, type BgBbParams } from './bg-bb-log-likelihood.js';

/** Above this many opportunities the survival sum switches from exact summation to the closed form. */
const SUM_LIMIT = 100_000;

/**
 * S(n, m) = Σ_{t=n+1}^{n+m} P(alive at opportunity t) = Σ B(γ, δ+t)/B(γ, δ): the expected number of
 * opportunities a new customer is alive for in (n, n+m]. Summed exactly through the ratio
 * B(γ, δ+t)/B(γ, δ+t−1) = (δ+t−1)/(γ+δ+t−1); for very long spans the closed form of FHS 2010 eq. 8/13:
 * δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+m)/Γ(γ+δ+n+m)].
 */
export function survivalSum(gamma: number, delta: number, n: number, m: number): number {
  if (m <= 0) return 0;
  if (n + m <= SUM_LIMIT || Math.abs(gamma - 1) < 1e-6) {
    // Ratio at t = n (log form to start, then the recurrence).
    let ratio = n === 0 ? 1 : Math.exp(logBetaRatio(gamma, delta, 0, n));
    let sum = 0;
    for (let t = n + 1; t <= n + m; t++) {
      ratio *= (delta + (t - 1)) / (gamma + delta + (t - 1));
      sum += ratio;
    }
    return sum;
  }
  const lnG = (k: number): number => logGamma(1 + delta + k) - logGamma(gamma + delta + k);
  const lead = logGamma(gamma + delta) - logGamma(1 + delta) + lnG(n);
  return (delta / (gamma - 1)) * Math.exp(lead) * -Math.expm1(lnG(n + m) - lnG(n));
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
  const survival = new Float64Array(spans.length);
  if (expected !== null) {
    for (let j = 0; j < spans.length; j++) survival[j] = survivalSum(gamma, delta, patternPeriods[spans.firstRow[j]!]!, horizon!);
  }
  for (let j = 0; j < patterns.length; j++) {
    const row = patterns.firstRow[j]!;
    const x = frequency[row]!;
    const tx = recency[row]!;
    const n = periods[row]!;
    const lnL = bgBbPatternLogLikelihood(params, x, tx, n);
    patternAlive[j] = Math.min(1, Math.exp(logBetaRatio(alpha, beta, x, n - x) + logBetaRatio(gamma, delta, 0, n + 1) - lnL));
    if (patternExpected !== null) {
      const s = survival[spans.index[j]!]!;
      // S(n, n*) carries B(γ, δ+t)/B(γ,δ); the data term is B(α+x+1, β+n−x)/B(α,β) / L.
      patternExpected[j] = s === 0 ? 0 : Math.exp(logBetaRatio(alpha, beta, x + 1, n - x) - lnL + Math.log(s));
    }
  }
  for (let i = 0; i < length; i++) {
    const j = patterns.index[i]!;
    alive[i] = patternAlive[j]!;
    if (expected !== null) expected[i] = patternExpected![j]!;
  }
  return { alive, expected };
}
