/**
 * The BG-family log-likelihood (BG/NBD k = 0, MBG/NBD k = 1; see bg-family.ts) over distinct (x, t_x, T)
 * patterns, with its analytic gradient and Hessian. Internal module.
 *
 * Per pattern, ln L = A(x) − r·ln(1 + T/α) − x·ln(α+T) + [x > 0 or k = 1]·softplus(d) with
 *   A(x) = ln (r)ₓ + ln (b)ₓ₊ₖ − ln (a+b)ₓ₊ₖ   (ln Γ(r+x)/Γ(r) + ln B(a, b+x+k)/B(a, b)),
 *   d    = ln a − ln(b+x+k−1) + r·[ln(1 + T/α) − ln(1 + t_x/α)] + x·[ln(α+T) − ln(α+t_x)]
 * (the log odds of "dropped out after t_x" against "alive at T", softplus(d) = ln(1 + eᵈ)). The first three
 * terms depend on a pattern only through x or T, so their sum over patterns is formed from per-x and per-T
 * weight totals (Σw and Σw·x per distinct T, Σw per distinct x), fixed for the fit: an evaluation costs one
 * exp and one log1p per pattern with the second term, plus work per distinct x, T and t_x.
 */
import { digamma } from '../../math/digamma.js';
import { logPochhammer } from '../../math/log-pochhammer.js';
import { logAddExp } from '../../math/log-sum-exp.js';
import { trigammaStep } from '../../math/trigamma.js';
import type { LikelihoodProblem } from '../core/fit-model.js';
import type { DropoutOffset } from './bg-family.js';
import type { BgPatterns } from './bg-patterns.js';

/** Largest ratio of the partial sums of the log-likelihood to its value before it is formed pattern by pattern. */
const CANCELLATION_LIMIT = 1e4;

/**
 * The BG-family log-likelihood problem for the shared fitting core: value, analytic gradient and analytic
 * Hessian (natural scale) of Σ w·ln L over the patterns.
 *
 * Every piece stays right for any positive parameters, 1e-300 to 1e300: ln Γ(r+x) − ln Γ(r) as ln (r)ₓ,
 * B(a, b+x+k)/B(a, b) as (b)ₓ₊ₖ/(a+b)ₓ₊ₖ, r·ln α − r·ln(α+T) as −r·ln(1 + T/α), and the two terms of L added
 * as first + softplus(second − first) (their sum would cancel two numbers of 1e302).
 *
 * Gradient: ∂/∂θ of the per-x and per-T terms (digamma differences, r·T/(α(α+T)) − x/(α+T)) plus σ(d)·∂d/∂θ,
 * with ∂d/∂r = ln(1+T/α) − ln(1+t_x/α), ∂d/∂α = (r+x)(1/(α+T) − 1/(α+t_x)), ∂d/∂a = 1/a, ∂d/∂b = −1/(b+x+k−1).
 * Hessian: the per-x and per-T terms' second derivatives (trigamma differences, see trigammaStep) plus
 * σ(d)(1−σ(d))·∇d∇dᵀ + σ(d)·∇²d.
 *
 * @example
 * const patterns = bgPatternsOf({ frequency: Float64Array.of(2), recency: Float64Array.of(30.43), T: Float64Array.of(38.86) }, undefined);
 * bgLikelihoodProblem('demo', patterns, 0, [[1, 1, 1, 1]]).logLikelihood(Float64Array.of(0.243, 4.414, 0.793, 2.426));
 * // -9.45860630706627 (ln of FHL 2005 eq. 6 for x = 2, t_x = 30.43, T = 38.86; mpmath agrees to all digits)
 */
export function bgLikelihoodProblem(fn: string, patterns: BgPatterns, k: DropoutOffset, starts: readonly (readonly number[])[]): LikelihoodProblem {
  const { xValues, tValues, txValues } = patterns;
  const nx = xValues.length;
  const nT = tValues.length;
  const nTx = txValues.length;

  // Weight totals fixed for the fit: Σw per distinct x, Σw and Σw·x per distinct T.
  const weightX = new Float64Array(nx);
  const weightT = new Float64Array(nT);
  const weightXT = new Float64Array(nT);
  // The patterns with the softplus term (x > 0, or any x for MBG/NBD), packed contiguously.
  let m = 0;
  for (let i = 0; i < patterns.length; i++) {
    const w = patterns.weight[i]!;
    const x = xValues[patterns.xIndex[i]!]!;
    weightX[patterns.xIndex[i]!]! += w;
    weightT[patterns.tIndex[i]!]! += w;
    weightXT[patterns.tIndex[i]!]! += w * x;
    if (x > 0 || k === 1) m++;
  }
  // Packed by x (a stable counting sort): the patterns of distinct x number j are start[j] … start[j+1]−1, so
  // the per-x parts of d and the per-x sums stay in registers over each group.
  const start = new Int32Array(nx + 1);
  for (let i = 0; i < patterns.length; i++) {
    const xi = patterns.xIndex[i]!;
    if (xValues[xi]! > 0 || k === 1) start[xi + 1]!++;
  }
  for (let j = 0; j < nx; j++) start[j + 1]! += start[j]!;
  const pw = new Float64Array(m);
  const pt = new Int32Array(m);
  const ptx = new Int32Array(m);
  const fill = start.slice(0, nx);
  for (let i = 0; i < patterns.length; i++) {
    const xi = patterns.xIndex[i]!;
    if (!(xValues[xi]! > 0 || k === 1)) continue;
    const j = fill[xi]!++;
    pw[j] = patterns.weight[i]!;
    pt[j] = patterns.tIndex[i]!;
    ptx[j] = patterns.txIndex[i]!;
  }

  // Per-evaluation tables.
  const tables: DropoutTables = {
    nx,
    start,
    pw,
    pt,
    ptx,
    xValues,
    dropOdds: new Float64Array(nx),
    l1T: new Float64Array(nT),
    lT: new Float64Array(nT),
    iT: new Float64Array(nT),
    l1Tx: new Float64Array(nTx),
    lTx: new Float64Array(nTx),
    iTx: new Float64Array(nTx),
  };
  const { dropOdds, l1T, lT, iT, l1Tx, lTx, iTx } = tables;
  const dropB = new Float64Array(nx); // ∂d/∂b = −1/(b+x+k−1)
  const sums = new Float64Array(DROPOUT_SUMS_GLOBAL + 4 * nx);
  const evaluate = (p: Float64Array, grad: Float64Array | null, hess: Float64Array | null): number => {
    const r = p[0]!;
    const alpha = p[1]!;
    const a = p[2]!;
    const b = p[3]!;
    const lnA = Math.log(a);
    const wantGrad = grad !== null || hess !== null;

    // Per distinct x: the x-only terms, summed with their weights; the x-parts of d.
    let ll = 0;
    let gr = 0;
    let ga = 0;
    let gb = 0;
    let hrr = 0;
    let hbb = 0;
    let habX = 0; // −Σw·(ψ₁(a+b+x+k) − ψ₁(a+b)): ∂²/∂a², ∂²/∂a∂b and part of ∂²/∂b² of the x-only terms
    const psiR = wantGrad ? digamma(r) : 0;
    const psiB = wantGrad ? digamma(b) : 0;
    const psiAB = wantGrad ? digamma(a + b) : 0;
    for (let j = 0; j < nx; j++) {
      const x = xValues[j]!;
      const n = x + k;
      const w = weightX[j]!;
      if (x > 0 || k === 1) {
        dropOdds[j] = lnA - Math.log(b + n - 1);
        dropB[j] = -1 / (b + n - 1);
      }
      if (w === 0) continue;
      ll += w * (logPochhammer(r, x) + logPochhammer(b, n) - logPochhammer(a + b, n));
      if (!wantGrad) continue;
      const psiABn = n === 0 ? psiAB : digamma(a + b + n);
      gr += w * (x === 0 ? 0 : digamma(r + x) - psiR);
      ga += w * (psiAB - psiABn);
      gb += w * ((n === 0 ? 0 : digamma(b + n) - psiB) + psiAB - psiABn);
      if (hess !== null) {
        hrr += w * trigammaStep(r, x);
        habX -= w * trigammaStep(a + b, n);
        hbb += w * trigammaStep(b, n);
      }
    }

    // Per distinct T: −r·ln(1+T/α) − x·ln(α+T) summed with Σw and Σw·x.
    let galpha = 0;
    let hralpha = 0;
    let halpha = 0;
    for (let j = 0; j < nT; j++) {
      const t = tValues[j]!;
      l1T[j] = Math.log1p(t / alpha);
      lT[j] = Math.log(alpha + t);
      iT[j] = 1 / (alpha + t);
      const w = weightT[j]!;
      const wx = weightXT[j]!;
      ll -= r * w * l1T[j]! + (wx === 0 ? 0 : wx * lT[j]!);
      if (!wantGrad) continue;
      gr -= w * l1T[j]!;
      // ∂/∂α = r·T/(α(α+T)) − x/(α+T), without the cancellation of r/α − (r+x)/(α+T).
      const u = (t / alpha) * iT[j]!;
      galpha += r * w * u - wx * iT[j]!;
      if (hess !== null) {
        hralpha += w * u;
        // ∂²/∂α² = −r·T(2α+T)/(α²(α+T)²) + x/(α+T)².
        halpha += -r * w * u * (1 / alpha + iT[j]!) + wx * iT[j]! * iT[j]!;
      }
    }
    for (let j = 0; j < nTx; j++) {
      const t = txValues[j]!;
      l1Tx[j] = Math.log1p(t / alpha);
      lTx[j] = Math.log(alpha + t);
      iTx[j] = 1 / (alpha + t);
    }

    // Per pattern with a drop-out term: softplus(d) = max(d, 0) + ln(1 + e^−|d|).
    if (!wantGrad) {
      dropoutValue(tables, r, sums);
      return settle(ll, sums[0]!, sums[1]!, r, a, b);
    }
    dropoutDerivatives(tables, r, sums);
    const positive = sums[0]!;
    const softplus = sums[1]!;
    gr += sums[2]!;
    galpha += sums[3]!;
    const qrr = sums[4]!;
    const qralpha = sums[5]!;
    const qalpha = sums[6]!;
    const sD = sums[7]!;
    const sDD = sums[8]!;
    let hra = 0;
    let hrb = 0;
    let halphaA = 0;
    let halphaB = 0;
    let haa = habX;
    let hab = habX;
    hbb += habX;
    for (let j = 0; j < nx; j++) {
      const at = DROPOUT_SUMS_GLOBAL + 4 * j;
      const s = sums[at]!;
      const q = sums[at + 1]!;
      const qr = sums[at + 2]!;
      const qa = sums[at + 3]!;
      if (s === 0 && q === 0) continue;
      const db = dropB[j]!;
      ga += s / a;
      gb += s * db;
      if (hess === null) continue;
      hra += qr / a;
      hrb += qr * db;
      halphaA += qa / a;
      halphaB += qa * db;
      haa += (q - s) / (a * a);
      hab += (q * db) / a;
      hbb += (q + s) * db * db;
    }
    ll = settle(ll, positive, softplus, r, a, b);
    if (grad !== null) {
      grad[0] = gr;
      grad[1] = galpha;
      grad[2] = ga;
      grad[3] = gb;
    }
    if (hess !== null) {
      hrr += qrr;
      hralpha += qralpha + sD;
      halpha += qalpha - sDD;
      const h = [hrr, hralpha, hra, hrb, hralpha, halpha, halphaA, halphaB, hra, halphaA, haa, hab, hrb, halphaB, hab, hbb];
      for (let i = 0; i < 16; i++) hess[i] = h[i]!;
    }
    return ll;
  };
  /**
   * The log-likelihood from its three sums: the per-x and per-T terms, Σw·max(d, 0) and Σw·ln(1 + e^−|d|).
   * Where a pattern's "dropped out" term dwarfs its "alive at T" term (d ≫ 0, e.g. r = 1e300 on a customer
   * with t_x = 0) the first two sums are huge and cancel; when they exceed the result by more than
   * {@link CANCELLATION_LIMIT} (over 4 of 16 digits lost) the value is formed pattern by pattern instead,
   * each as the larger of its two terms plus ln(1 + e^−|d|), exact at any parameters.
   */
  const settle = (separable: number, positive: number, softplus: number, r: number, a: number, b: number): number => {
    const value = separable + positive + softplus;
    if (Math.max(Math.abs(separable), positive) <= CANCELLATION_LIMIT * Math.max(1, Math.abs(value))) return value;
    return patternByPattern(r, a, b);
  };
  /** Σw·ln L pattern by pattern (tables l1T … of this evaluation already filled). */
  const patternByPattern = (r: number, a: number, b: number): number => {
    const lnA = Math.log(a);
    const aX = new Float64Array(nx);
    for (let j = 0; j < nx; j++) aX[j] = logPochhammer(r, xValues[j]!) + logPochhammer(b, xValues[j]! + k) - logPochhammer(a + b, xValues[j]! + k);
    let total = 0;
    for (let i = 0; i < patterns.length; i++) {
      const xi = patterns.xIndex[i]!;
      const ti = patterns.tIndex[i]!;
      const x = xValues[xi]!;
      const first = aX[xi]! - r * l1T[ti]! - (x === 0 ? 0 : x * lT[ti]!);
      let v = first;
      if (x > 0 || k === 1) {
        const txi = patterns.txIndex[i]!;
        const second = aX[xi]! + lnA - Math.log(b + x + k - 1) - r * l1Tx[txi]! - (x === 0 ? 0 : x * lTx[txi]!);
        v = logAddExp(first, second);
      }
      total += patterns.weight[i]! * v;
    }
    return total;
  };
  return {
    fn,
    paramNames: ['r', 'alpha', 'a', 'b'],
    starts,
    weightTotal: patterns.total,
    logLikelihood: (p) => evaluate(p, null, null),
    gradient: (p, out) => evaluate(p, out, null),
    hessian: (p, gradOut, hessOut) => evaluate(p, gradOut, hessOut),
  };
}

/**
 * What the drop-out terms need: the patterns with one (x > 0, or any x for MBG/NBD) packed by x number
 * (`start[j]` … `start[j+1]−1` hold x number j), and the per-x, per-T and per-t_x tables of one evaluation.
 */
interface DropoutTables {
  readonly nx: number;
  readonly start: Int32Array;
  readonly pw: Float64Array;
  readonly pt: Int32Array;
  readonly ptx: Int32Array;
  readonly xValues: Float64Array;
  /** ln a − ln(b+x+k−1), per x. */
  readonly dropOdds: Float64Array;
  /** ln(1 + T/α), ln(α+T), 1/(α+T), per T; the same per t_x. */
  readonly l1T: Float64Array;
  readonly lT: Float64Array;
  readonly iT: Float64Array;
  readonly l1Tx: Float64Array;
  readonly lTx: Float64Array;
  readonly iTx: Float64Array;
}

/** Number of whole-sample sums {@link dropoutDerivatives} writes before its four per-x sums. */
const DROPOUT_SUMS_GLOBAL = 9;

/**
 * Σw·max(d, 0) and Σw·ln(1 + e^−|d|) over the patterns with a drop-out term, into out[0], out[1]. A function of
 * its own (not a closure branch), so that the engine optimises this hot loop early and on stable types.
 */
function dropoutValue(t: DropoutTables, r: number, out: Float64Array): void {
  const { nx, start, pw, pt, ptx, xValues, dropOdds, l1T, lT, l1Tx, lTx } = t;
  let positive = 0;
  let softplus = 0;
  for (let j = 0; j < nx; j++) {
    const c = dropOdds[j]!;
    const x = xValues[j]!;
    for (let i = start[j]!, end = start[j + 1]!; i < end; i++) {
      const ti = pt[i]!;
      const txi = ptx[i]!;
      const d = c + r * (l1T[ti]! - l1Tx[txi]!) + x * (lT[ti]! - lTx[txi]!);
      const w = pw[i]!;
      if (d > 0) positive += w * d;
      softplus += w * Math.log1p(Math.exp(-Math.abs(d)));
    }
  }
  out[0] = positive;
  out[1] = softplus;
}

/**
 * The value sums of {@link dropoutValue} and the first and second derivative sums of the drop-out terms, with
 * σ = σ(d), q = σ(1−σ), ∂d/∂r = ln(1+T/α) − ln(1+t_x/α), ∂d/∂α = (r+x)·Δ, Δ = 1/(α+T) − 1/(α+t_x):
 * out[0..8] = Σw·max(d,0), Σw·ln(1+e^−|d|), Σwσ·∂d/∂r, Σwσ·∂d/∂α, Σwq·(∂d/∂r)², Σwq·∂d/∂r·∂d/∂α, Σwq·(∂d/∂α)²,
 * Σwσ·Δ, Σwσ·∂d/∂α·(1/(α+T) + 1/(α+t_x)); then per x number j at 9+4j: Σwσ, Σwq, Σwq·∂d/∂r, Σwq·∂d/∂α.
 */
function dropoutDerivatives(t: DropoutTables, r: number, out: Float64Array): void {
  const { nx, start, pw, pt, ptx, xValues, dropOdds, l1T, lT, iT, l1Tx, lTx, iTx } = t;
  let positive = 0;
  let softplus = 0;
  let gr = 0;
  let galpha = 0;
  let qrr = 0;
  let qralpha = 0;
  let qalpha = 0;
  let sD = 0;
  let sDD = 0;
  for (let j = 0; j < nx; j++) {
    const c = dropOdds[j]!;
    const x = xValues[j]!;
    const rx = r + x;
    let s = 0;
    let q = 0;
    let qr = 0;
    let qa = 0;
    for (let i = start[j]!, end = start[j + 1]!; i < end; i++) {
      const w = pw[i]!;
      const ti = pt[i]!;
      const txi = ptx[i]!;
      const dR = l1T[ti]! - l1Tx[txi]!; // ∂d/∂r
      const d = c + r * dR + x * (lT[ti]! - lTx[txi]!);
      const e = Math.exp(-Math.abs(d));
      if (d > 0) positive += w * d;
      softplus += w * Math.log1p(e);
      const inv = 1 / (1 + e);
      const ws = w * (d > 0 ? inv : e * inv); // w·σ(d)
      const wq = w * e * inv * inv; // w·σ(1−σ)
      const delta = iT[ti]! - iTx[txi]!;
      const dAlpha = rx * delta; // ∂d/∂α
      s += ws;
      gr += ws * dR;
      galpha += ws * dAlpha;
      q += wq;
      qr += wq * dR;
      qa += wq * dAlpha;
      qrr += wq * dR * dR;
      qralpha += wq * dR * dAlpha;
      qalpha += wq * dAlpha * dAlpha;
      sD += ws * delta; // ∂²d/∂r∂α = Δ
      sDD += ws * dAlpha * (iT[ti]! + iTx[txi]!); // −∂²d/∂α² = (r+x)(1/(α+T)² − 1/(α+t_x)²)
    }
    const at = DROPOUT_SUMS_GLOBAL + 4 * j;
    out[at] = s;
    out[at + 1] = q;
    out[at + 2] = qr;
    out[at + 3] = qa;
  }
  out[0] = positive;
  out[1] = softplus;
  out[2] = gr;
  out[3] = galpha;
  out[4] = qrr;
  out[5] = qralpha;
  out[6] = qalpha;
  out[7] = sD;
  out[8] = sDD;
}

/** Default start points, scale-aware: E[λ] = r/α matched to the mean repeat rate. */
export function bgDefaultStarts(patterns: BgPatterns): number[][] {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < patterns.length; i++) {
    sx += patterns.weight[i]! * patterns.xValues[patterns.xIndex[i]!]!;
    sT += patterns.weight[i]! * patterns.tValues[patterns.tIndex[i]!]!;
  }
  const total = Math.max(patterns.total, 1e-300);
  const meanT = sT / total;
  const rate = Math.max(sx / total, 1e-3) / Math.max(meanT, 1e-12);
  const alpha = Math.min(Math.max(1 / rate, 1e-6), 1e6);
  return [
    [1, alpha, 1, 1],
    [0.5, alpha / 2, 0.5, 2],
  ];
}
