/**
 * What BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007;
 * Wagner & Hoppe 2008) share. The two differ only in when a customer may drop out: after each
 * repeat purchase (BG/NBD), or also at time 0 (MBG/NBD). With `k` = 0 for BG/NBD and 1 for
 * MBG/NBD every formula below is one expression:
 *
 *   L(r, α, a, b | x, t_x, T) = B(a, b+x+k)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x))
 *                              + [x > 0 or k = 1] · B(a+1, b+x+k−1)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+t_x)^(r+x))
 *
 * (FHL 2005 eq. 6 for k = 0; Batislam et al. 2007 eq. 4 with the Wagner & Hoppe 2008 erratum for k = 1).
 * Internal module: the public entries are in bg-nbd.ts and ../mbg-nbd/modified-bg-nbd.ts.
 */
import { ClvkitError } from '../../errors.js';
import { logAbsHyp2f1 } from '../../math/hyp2f1.js';
import { integrate } from '../../math/integrate.js';
import { logRegularizedBeta } from '../../math/incomplete-beta.js';
import { logBeta, logGamma } from '../../math/log-gamma.js';
import { log1pExp } from '../../math/log-sum-exp.js';
import { checkRfmColumns } from '../core/check-rfm.js';
import { distinctRows } from '../core/compress-rows.js';
import type { RfmColumns } from '../transaction-model.js';

/** 0 for BG/NBD, 1 for MBG/NBD: the number of drop-out chances before the first repeat purchase. */
export type DropoutOffset = 0 | 1;

/** The four parameters of BG/NBD and MBG/NBD. */
export interface BgParams {
  /** Shape of the Gamma distribution of purchase rates λ. */
  readonly r: number;
  /** Rate (inverse scale) of the Gamma distribution of λ, in the model's time unit. */
  readonly alpha: number;
  /** Beta shape of the drop-out probability p. */
  readonly a: number;
  /** Beta shape of the drop-out probability p. */
  readonly b: number;
}

/** ln[(α/(α+t))^r] etc. */
function logRatio(num: number, den: number): number {
  return Math.log(num) - Math.log(den);
}

/** Within this distance of a = 1 the kernel is interpolated (its formula divides 1 − D ≈ 0 by a − 1 ≈ 0). */
const A_ONE_BAND = 0.005;
/** Interpolation nodes a = 1 ± A_ONE_BAND·j, j = 1 … A_ONE_NODES (8 nodes, degree 7: error ≈ (band/1)^8 relative). */
const A_ONE_NODES = 4;

/**
 * (c/(a−1))·[1 − (α/(α+t))^r · ₂F₁(r, b; c; t/(α+t))] with c = a+b−1: the BG/NBD expectation
 * kernel (FHL eq. 7; eq. 10's numerator with r → r+x, α → α+T, b → b+x). Computed as
 * −expm1(ln D) with D in log space. The kernel is analytic in a for a > 0 (it is the Beta-mixture
 * E_p[(1 − (1+p·t/α)^(−r))/p]), but the formula has a removable singularity at a = 1 where it loses
 * digits as 1/|a − 1|: within 0.005 of a = 1 the value is the degree-7 polynomial through the kernel at
 * a = 1 ± 0.005·j (j = 1…4), each of which loses at most 2–3 digits (relative error ≈ 1e-12, against mpmath).
 */
export function bgExpectationKernel(r: number, alpha: number, a: number, b: number, t: number, fn: string): number {
  if (t === 0) return 0;
  if (Math.abs(a - 1) < A_ONE_BAND) {
    const nodes: number[] = [];
    for (let j = 1; j <= A_ONE_NODES; j++) nodes.push(1 - j * A_ONE_BAND, 1 + j * A_ONE_BAND);
    const values: number[] = [];
    for (const node of nodes) {
      const v = kernelByHyp2f1(r, alpha, node, b, t);
      // Where ₂F₁ cannot be computed the mixture integral is used, and it has no singularity at a = 1.
      if (v === null) return bgExpectationByQuadrature(r, alpha, a, b, t, fn);
      values.push(v);
    }
    // Lagrange form.
    let value = 0;
    for (let i = 0; i < nodes.length; i++) {
      let weight = 1;
      for (let j = 0; j < nodes.length; j++) if (j !== i) weight *= (a - nodes[j]!) / (nodes[i]! - nodes[j]!);
      value += weight * values[i]!;
    }
    return value;
  }
  return kernelOrQuadrature(r, alpha, a, b, t, fn);
}

/** The kernel by its ₂F₁ formula (a ≠ 1), with the quadrature fallback where ₂F₁ cannot be computed. */
function kernelOrQuadrature(r: number, alpha: number, a: number, b: number, t: number, fn: string): number {
  return kernelByHyp2f1(r, alpha, a, b, t) ?? bgExpectationByQuadrature(r, alpha, a, b, t, fn);
}

/** The kernel by its ₂F₁ formula (a ≠ 1); null where ₂F₁ cannot be computed or the result is not a finite value ≥ 0. */
function kernelByHyp2f1(r: number, alpha: number, a: number, b: number, t: number): number | null {
  const c = a + b - 1;
  const z = t / (alpha + t);
  // D = (α/(α+t))^r ₂F₁(r, b; c; z) is negative when c = a + b − 1 < 0 (then 1 − D > 1).
  let logD: number;
  let signD: number;
  try {
    const f = logAbsHyp2f1(r, b, c, z);
    logD = r * logRatio(alpha, alpha + t) + f.log;
    signD = f.sign;
  } catch {
    return null;
  }
  const oneMinusD = signD > 0 ? -Math.expm1(logD) : signD < 0 ? Math.exp(log1pExp(logD)) : 1;
  const value = (c / (a - 1)) * oneMinusD;
  if (!Number.isFinite(value) || value < 0) return null;
  return value;
}

/**
 * The same kernel as the mixture integral it comes from, E_p[(1 − (1 + p·t/α)^(−r))/p] with
 * p ~ Beta(a, b), integrated numerically in y = logit p (adaptive Gauss–Legendre with breakpoints
 * around the Beta mode and where p·t/α ≈ 1; both tails beyond |y| ≈ 30 + ln(scale) in closed form).
 * The fallback where the ₂F₁ route loses precision (z = t/(α+t) very close to 1 with extreme
 * parameters); exported for the cross-check in the tests.
 */
export function bgExpectationByQuadrature(r: number, alpha: number, a: number, b: number, t: number, fn: string): number {
  if (t === 0) return 0;
  const s = t / alpha;
  const lB = logBeta(a, b);
  // h(p) = (1 − (1+ps)^(−r))/p, accurate for tiny p.
  const h = (p: number): number => (p === 0 ? r * s : -Math.expm1(-r * Math.log1p(p * s)) / p);
  const logDensity = (y: number): number => {
    // ln[p^a (1−p)^b] − ln B(a,b) in y = logit p, with p = 1/(1+e^−y): dp = p(1−p) dy, and p^(a−1)(1−p)^(b−1)·p(1−p).
    const logP = -log1pExp(-y);
    const log1mP = -log1pExp(y);
    return a * logP + b * log1mP - lB;
  };
  const f = (y: number): number => {
    const p = 1 / (1 + Math.exp(-y));
    return Math.exp(logDensity(y)) * h(p);
  };
  const big = Math.log(1e14 * (a + b + r + 2) * Math.max(1, s * (r + 1)));
  const yL = -big;
  const yR = big;
  // Tails: y < yL, p ≈ e^y, h ≈ r s, density ≈ e^(a y − lB); y > yR, 1 − p ≈ e^−y, h ≈ h(1), density ≈ e^(−b y − lB).
  const leftTail = Math.exp(a * yL - lB - Math.log(a)) * r * s;
  const rightTail = Math.exp(-b * yR - lB - Math.log(b)) * h(1);
  const mode = Math.log(a / b);
  const sd = Math.sqrt((a + b) / (a * b));
  const breaks: number[] = [mode, -Math.log(s)];
  for (const k of [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]) breaks.push(mode - k * sd, mode + k * sd);
  for (const k of [1, 3, 8]) breaks.push(-Math.log(s) - k, -Math.log(s) + k);
  let middle: number;
  try {
    middle = integrate(f, yL, yR, { tolerance: 1e-11, breakpoints: breaks });
  } catch (error) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the expected number of transactions cannot be computed to working precision', {
      fn,
      r,
      alpha,
      a,
      b,
      t,
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  const value = middle + leftTail + rightTail;
  if (!Number.isFinite(value) || value < 0) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the expected number of transactions is not finite', { fn, r, alpha, a, b, t });
  }
  return value;
}

/** E[X(t)] for a new customer: B(a, b+k)/B(a, b) · kernel(r, α, a, b+k, t). */
export function bgExpectedTransactions(p: BgParams, k: DropoutOffset, t: number, fn: string): number {
  const factor = k === 0 ? 1 : p.b / (p.a + p.b);
  return factor * bgExpectationKernel(p.r, p.alpha, p.a, p.b + k, t, fn);
}

/** ln of the odds term ("dead vs alive") d = ln a − ln(b+x+k−1) + (r+x)(ln(α+T) − ln(α+t_x)), or −∞ when absent. */
function logDeathOdds(p: BgParams, k: DropoutOffset, x: number, tx: number, T: number): number {
  if (x === 0 && k === 0) return Number.NEGATIVE_INFINITY;
  return Math.log(p.a) - Math.log(p.b + x + k - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/** P(alive | x, t_x, T) = 1/(1 + e^d), per customer. */
export function bgProbabilityAlive(p: BgParams, k: DropoutOffset, customers: RfmColumns, fn: string): Float64Array {
  const c = checkRfmColumns(customers, { fn });
  const out = new Float64Array(c.frequency.length);
  for (let i = 0; i < out.length; i++) {
    const d = logDeathOdds(p, k, c.frequency[i]!, c.recency[i]!, c.T[i]!);
    out[i] = d === Number.NEGATIVE_INFINITY ? 1 : Math.exp(-log1pExp(d));
  }
  return out;
}

/** E[Y(t) | x, t_x, T] = kernel(r+x, α+T, a, b+x+k, t) · P(alive), per customer. */
export function bgConditionalExpected(p: BgParams, k: DropoutOffset, t: number, customers: RfmColumns, fn: string): Float64Array {
  checkHorizon(t, fn);
  const c = checkRfmColumns(customers, { fn });
  const out = new Float64Array(c.frequency.length);
  // Customers sharing (x, T) share the kernel and all of the death odds but the t_x term (summaries
  // are usually on a grid): computed once per distinct pair, numbered by the shared row hash.
  const pairs = distinctRows([c.frequency, c.T]);
  const kernel = new Float64Array(pairs.length);
  const oddsBase = new Float64Array(pairs.length);
  const lnA = Math.log(p.a);
  for (let j = 0; j < pairs.length; j++) {
    const row = pairs.firstRow[j]!;
    const x = c.frequency[row]!;
    const T = c.T[row]!;
    kernel[j] = bgExpectationKernel(p.r + x, p.alpha + T, p.a, p.b + x + k, t, fn);
    // d = ln a − ln(b+x+k−1) + (r+x)(ln(α+T) − ln(α+t_x)) (see logDeathOdds), less its t_x term.
    oddsBase[j] = x === 0 && k === 0 ? Number.NEGATIVE_INFINITY : lnA - Math.log(p.b + x + k - 1) + (p.r + x) * Math.log(p.alpha + T);
  }
  for (let i = 0; i < out.length; i++) {
    const j = pairs.index[i]!;
    const base = oddsBase[j]!;
    if (base === Number.NEGATIVE_INFINITY) {
      out[i] = kernel[j]!;
    } else {
      const d = base - (p.r + c.frequency[i]!) * Math.log(p.alpha + c.recency[i]!);
      // P(alive) = 1/(1 + e^d), in the form that cannot overflow.
      out[i] = kernel[j]! * (d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d)));
    }
  }
  return out;
}

export function checkHorizon(t: number, fn: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new ClvkitError('INVALID_VALUE', 'the horizon t must be a finite number ≥ 0', { fn, value: t });
  }
}

/**
 * ln P(NB ≥ n) for the negative binomial count of a Gamma(r, α)–Poisson customer over t:
 * P(N = j) = Γ(r+j)/(Γ(r) j!) · qʳ (1−q)ʲ with q = α/(α+t). The tail is the regularized incomplete beta
 * function P(N ≥ n) = I_{1−q}(n, r) (a continued fraction of O(√max(n, r)) terms), so it costs the same
 * for a heavy tail (tiny r, q) as for a light one — summing its terms would take up to 10⁷ steps.
 */
function logNegBinTail(r: number, logQ: number, log1mQ: number, n: number): number {
  if (n === 0) return 0;
  return logRegularizedBeta(Math.exp(log1mQ), Math.exp(logQ), n, r);
}

/**
 * P(X(t) = n) for a new customer (FHL eq. 8 for k = 0; its MBG analogue for k = 1):
 * B(a, b+n+k)/B(a,b) · NB(n) + [n > 0 or k = 1] · B(a+1, b+n+k−1)/B(a,b) · P(NB ≥ n).
 */
export function bgProbabilityOfTransactions(p: BgParams, k: DropoutOffset, n: number, t: number, fn: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ClvkitError('INVALID_VALUE', 'n must be a non-negative integer', { fn, value: n });
  }
  checkHorizon(t, fn);
  const { r, alpha, a, b } = p;
  const lBab = logBeta(a, b);
  if (t === 0) {
    // Nothing can have happened yet.
    return n === 0 ? 1 : 0;
  }
  const logQ = Math.log(alpha) - Math.log(alpha + t);
  const log1mQ = Math.log(t) - Math.log(alpha + t);
  const logNb = logGamma(r + n) - logGamma(r) - logGamma(n + 1) + r * logQ + n * log1mQ;
  const first = Math.exp(logBeta(a, b + n + k) - lBab + logNb);
  let second = 0;
  if (n > 0 || k === 1) second = Math.exp(logBeta(a + 1, b + n + k - 1) - lBab + logNegBinTail(r, logQ, log1mQ, n));
  const value = first + second;
  if (!Number.isFinite(value)) throw new ClvkitError('NUMERIC_FAILURE', 'P(X(t) = n) is not finite', { fn, n, t });
  return Math.min(1, Math.max(0, value));
}

export { simulateBg, type BgSimulation } from './simulate-bg.js';
export { bgPatternsOf, type BgPatterns } from './bg-patterns.js';
export { bgDefaultStarts, bgLikelihoodProblem } from './bg-likelihood.js';
