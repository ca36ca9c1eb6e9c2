import { ClvkitError } from '../../errors.js';
import { logHyp2f1 } from '../../math/hyp2f1.js';
import type { SbgParams } from './sbg-log-likelihood.js';

/**
 * S(t) = P(T > t) = B(α, β+t)/B(α, β) = Π_{j=1..t} (β+j−1)/(α+β+j−1): the share of a cohort still on the
 * book after t periods (Fader & Hardie 2007, eq. 6). t is a whole number ≥ 0; trusted.
 */
export function sbgLogSurvival(params: SbgParams, t: number): number {
  const { alpha, beta } = params;
  let log = 0;
  for (let j = 1; j <= t; j++) log += Math.log((beta + (j - 1)) / (alpha + (beta + (j - 1))));
  return log;
}

/** r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1), the retention rate of period t ≥ 1 (FH 2007, eq. 7): it rises with t. */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  return (params.beta + (t - 1)) / (params.alpha + (params.beta + (t - 1)));
}

/**
 * E[T − t | T > t], the expected remaining lifetime (in periods, counting the current one as the first)
 * of a customer who has survived t periods, undiscounted:
 *
 *   E[T | T > t] − t = 1 + (β + t)/(α − 1)   for α > 1,   +Infinity for α ≤ 1
 *
 * (the mean of the sBG is (α+β−1)/(α−1) = 1 + β/(α−1) for t = 0; for α ≤ 1 the churn-probability
 * distribution has so much mass near θ = 0 that the mean lifetime is infinite, as in both of FH 2007's fits).
 */
export function sbgExpectedRemainingLifetime(params: SbgParams, t: number): number {
  return params.alpha > 1 ? 1 + (params.beta + t) / (params.alpha - 1) : Infinity;
}

/**
 * DERL(d | α, β, t renewals): the discounted expected residual lifetime of a customer who has made t
 * renewals (T > t), i.e. the expected present value of the renewals still to come, each worth 1, the next
 * one (at the end of the current period) undiscounted (Fader & Hardie 2010, eq. 6, with n − 1 = t):
 *
 *   DERL = Σ_{k≥0} S(t+1+k)/S(t) · (1+d)^{−k} = (β+t)/(α+β+t) · ₂F₁(1, β+t+1; α+β+t+1; 1/(1+d)).
 *
 * For t = 0 (a customer just acquired) DEL = 1 + DERL/(1+d) is the discounted expected lifetime of FH 2010
 * eq. 3, ₂F₁(1, β; α+β; 1/(1+d)). d > 0 is the discount rate per period. Where ₂F₁ reports a numeric failure (or
 * returns no finite value) the defining series is summed instead (its terms fall at least as fast as (1+d)^{−k}).
 */
export function sbgDiscountedResidualLifetime(params: SbgParams, t: number, discountRate: number): number {
  const { alpha, beta } = params;
  const b = beta + t;
  const c = alpha + (beta + t);
  const z = 1 / (1 + discountRate);
  try {
    const v = (b / c) * Math.exp(logHyp2f1(1, b + 1, c + 1, z));
    if (Number.isFinite(v) && v >= 0) return v;
    return residualSeries(b, c, z, params, discountRate);
  } catch (error) {
    if (!(error instanceof ClvkitError) || error.code !== 'NUMERIC_FAILURE') throw error;
    return residualSeries(b, c, z, params, discountRate);
  }
}

/** Terms summed at most by the fallback series of sbgDiscountedResidualLifetime. */
const MAX_SERIES_TERMS = 10_000_000;

/**
 * DERL by its defining series Σ_{k≥0} Π_{j≤k} (b+j)/(c+j) · z^k, used where ₂F₁ reports a numeric failure (it can
 * for z = 1/(1+d) > 0.9 with c − a − b = α − 1 near an integer). Every term ratio is below z, so the remainder after
 * a term u is below u·z/(1 − z): summation stops when that is below 1e-16 of the sum.
 */
function residualSeries(b: number, c: number, z: number, params: SbgParams, discountRate: number): number {
  let term = b / c;
  let sum = term;
  for (let k = 1; k < MAX_SERIES_TERMS; k++) {
    term *= ((b + k) / (c + k)) * z;
    sum += term;
    if ((term * z) / (1 - z) <= 1e-16 * sum) return sum;
  }
  throw new ClvkitError('NUMERIC_FAILURE', 'the DERL series needs more than 1e7 terms at this discount rate', {
    fn: 'sbgDiscountedResidualLifetime',
    params: { ...params },
    discountRate,
  });
}

/** DEL(d | α, β) = ₂F₁(1, β; α+β; 1/(1+d)) (Fader & Hardie 2010, eq. 3): a new customer's discounted expected lifetime in periods. */
export function sbgDiscountedLifetime(params: SbgParams, discountRate: number): number {
  return Math.exp(logHyp2f1(1, params.beta, params.alpha + params.beta, 1 / (1 + discountRate)));
}
