import { logGamma } from './log-gamma.js';

/** From this argument up the Stirling series (four terms) is accurate to ≈ 2e-15 absolute. */
const STIRLING_FROM = 20;
/** Shifts up to this |s| are summed term by term to reach the Stirling range; beyond it ln Γ is subtracted directly. */
const MAX_SHIFTED_S = 40;

/** Coefficients of the Stirling correction c(z) = Σ COEFFICIENTS[k] · z^−(2k+1). */
const COEFFICIENTS = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680];

/**
 * c(x+s) − c(x) for the Stirling correction c(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π], x, x+s ≥ 20, formed
 * from y⁻ⁿ − x⁻ⁿ = −s·Σⱼ y^(j−n)·x^(−1−j) (y = x+s), which keeps its digits when s is tiny and cannot overflow.
 */
function stirlingCorrectionStep(x: number, s: number): number {
  const ix = 1 / x;
  const iy = 1 / (x + s);
  if (Math.abs(s) >= 1) return stirlingCorrection(iy) - stirlingCorrection(ix);
  // Σⱼ iy^(n−j)·ix^(j+1) for n = 1, 3, 5, 7, built up term by term.
  const ratio = ix / iy;
  let total = 0;
  let lead = iy * ix; // iy^n·ix for n = 1
  for (let k = 0; k < COEFFICIENTS.length; k++) {
    const n = 2 * k + 1;
    let sum = 0;
    let term = lead; // iy^n·ix, then ×(ix/iy) per j
    for (let j = 0; j < n; j++) {
      sum += term;
      term *= ratio;
    }
    total += COEFFICIENTS[k]! * -s * sum;
    lead *= iy * iy;
  }
  return total;
}

/** c(z) from 1/z (four terms). */
function stirlingCorrection(inv: number): number {
  const inv2 = inv * inv;
  return inv * (COEFFICIENTS[0]! + inv2 * (COEFFICIENTS[1]! + inv2 * (COEFFICIENTS[2]! + inv2 * COEFFICIENTS[3]!)));
}

/**
 * ln (x)ₛ = ln Γ(x+s) − ln Γ(x), the log of the Pochhammer symbol (rising factorial) for real s, for x > 0 and
 * x + s > 0. Accurate relative to the result itself even where the two ln Γ values are huge and nearly equal
 * (ln Γ(1e15 + 0.6) − ln Γ(1e15) = 0.6·ln 1e15 + …, where subtracting ln Γ values would leave ≈ 3e-3 of
 * rounding error): for arguments ≥ 20 by the Stirling series in the form
 * (x − ½)·ln(1 + s/x) + s·ln(x+s) − s + c(x+s) − c(x), below that by shifting up with
 * ln (x)ₛ = ln (x+N)ₛ − Σⱼ ln(1 + s/(x+j)).
 *
 * Inputs are trusted (callers check their domains); outside it the result is NaN.
 * @example logPochhammer(3, 2) // 2.4849066497880004 (= ln(3·4) = ln 12)
 */
export function logPochhammer(x: number, s: number): number {
  if (s === 0) return 0;
  const low = Math.min(x, x + s);
  if (!(low > 0)) return Number.NaN;
  if (low >= STIRLING_FROM) {
    return (x - 0.5) * Math.log1p(s / x) + s * Math.log(x + s) - s + stirlingCorrectionStep(x, s);
  }
  if (Math.abs(s) <= MAX_SHIFTED_S) {
    const shift = Math.ceil(STIRLING_FROM - low);
    let sum = 0;
    for (let j = 0; j < shift; j++) sum += Math.log1p(s / (x + j));
    return logPochhammer(x + shift, s) - sum;
  }
  return logGamma(x + s) - logGamma(x);
}
