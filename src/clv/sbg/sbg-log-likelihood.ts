/** Shifted-beta-geometric parameters: each customer's churn probability θ ~ Beta(alpha, beta). */
export interface SbgParams {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * The sBG data in its sufficient form: how many customers churned at the end of each period, and how many
 * are known to have survived each period (right-censored). Index t is the period (t = 0 unused for churn).
 */
export interface SbgCounts {
  /** churned[t] = customers whose lifetime T is exactly t periods (t ≥ 1; churned[0] is 0). */
  readonly churned: Float64Array;
  /** survived[t] = customers known only to have T > t (still on the book after t periods; t ≥ 0). */
  readonly survived: Float64Array;
}

/**
 * ln S(t) = ln P(T > t) and ln P(T = t) of the shifted-beta-geometric distribution for t = 0..maxPeriod,
 * in log space through the retention ratio (Fader & Hardie 2007, eqs. 5–7):
 *
 *   r_t = S(t)/S(t−1) = (β + t − 1)/(α + β + t − 1),   S(0) = 1,
 *   P(T = t) = S(t−1) · (1 − r_t) = S(t−1) · α/(α + β + t − 1),
 *
 * which equals P(T = t) = B(α+1, β+t−1)/B(α, β) and S(t) = B(α, β+t)/B(α, β). No ln Γ of a tiny or huge
 * argument is formed, so the values stay exact in form from the smallest positive double up.
 * `logPmf[0]` is −Infinity (no lifetime is 0 periods).
 */
export function sbgLogCurves(params: SbgParams, maxPeriod: number): { logSurvival: Float64Array; logPmf: Float64Array } {
  const { alpha, beta } = params;
  const logSurvival = new Float64Array(maxPeriod + 1);
  const logPmf = new Float64Array(maxPeriod + 1);
  logPmf[0] = -Infinity;
  const logAlpha = Math.log(alpha);
  for (let t = 1; t <= maxPeriod; t++) {
    // Whole numbers are added first so that a tiny β is not absorbed.
    const denominator = alpha + (beta + (t - 1));
    logPmf[t] = logSurvival[t - 1]! + logAlpha - Math.log(denominator);
    logSurvival[t] = logSurvival[t - 1]! + Math.log((beta + (t - 1)) / denominator);
  }
  return { logSurvival, logPmf };
}

/**
 * The sBG log-likelihood of survival counts (Fader & Hardie 2007, eq. 8, extended to censoring at any period
 * so that several cohorts of different ages, or per-customer data, share one form):
 *
 *   LL(α, β) = Σ_{t≥1} churned[t] · ln P(T = t) + Σ_{t≥0} survived[t] · ln S(t).
 *
 * For one cohort of n₀ customers with nₜ still on the book after period t = 1..k this is
 * Σₜ (nₜ₋₁ − nₜ) ln P(T = t) + n_k ln S(k), the paper's eq. 8. Returns −Infinity outside α, β > 0.
 * When `gradient` is given, ∂LL/∂α and ∂LL/∂β are written into it:
 *   ∂ ln P(T=t)/∂α = 1/α − 1/(α+β+t−1) + ∂ ln S(t−1)/∂α,  ∂ ln P(T=t)/∂β = −1/(α+β+t−1) + ∂ ln S(t−1)/∂β,
 *   ∂ ln S(t)/∂α = −Σ_{j≤t} 1/(α+β+j−1),                   ∂ ln S(t)/∂β = Σ_{j≤t} [1/(β+j−1) − 1/(α+β+j−1)].
 */
export function sbgLogLikelihood(params: SbgParams, counts: SbgCounts, gradient?: Float64Array): number {
  const { alpha, beta } = params;
  if (!(alpha > 0 && beta > 0) || !Number.isFinite(alpha + beta)) return -Infinity;
  const { churned, survived } = counts;
  const maxPeriod = Math.max(churned.length, survived.length) - 1;
  const logAlpha = Math.log(alpha);
  let logS = 0;
  let dSa = 0;
  let dSb = 0;
  let total = 0;
  let ga = 0;
  let gb = 0;
  for (let t = 1; t <= maxPeriod; t++) {
    const denominator = alpha + (beta + (t - 1));
    const c = t < churned.length ? churned[t]! : 0;
    if (c !== 0) {
      total += c * (logS + logAlpha - Math.log(denominator));
      ga += c * (dSa + 1 / alpha - 1 / denominator);
      gb += c * (dSb - 1 / denominator);
    }
    logS += Math.log((beta + (t - 1)) / denominator);
    dSa -= 1 / denominator;
    dSb += 1 / (beta + (t - 1)) - 1 / denominator;
    const s = t < survived.length ? survived[t]! : 0;
    if (s !== 0) {
      total += s * logS;
      ga += s * dSa;
      gb += s * dSb;
    }
  }
  if (gradient !== undefined) {
    gradient[0] = ga;
    gradient[1] = gb;
  }
  return Number.isNaN(total) ? -Infinity : total;
}
