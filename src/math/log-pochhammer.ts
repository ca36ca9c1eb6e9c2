import { logGamma } from './log-gamma.js';

/** From this argument up the Stirling series (four terms) is accurate to ≈ 2e-15 absolute. */
const STIRLING_FROM = 20;
/** Shifts up to this |s| are summed term by term to reach the Stirling range; beyond it ln Γ is subtracted directly. */
const MAX_SHIFTED_S = 40;

/** The Stirling correction ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π] for z ≥ 20. */
function stirlingCorrection(z: number): number {
  const inv = 1 / z;
  const inv2 = inv * inv;
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
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
    return (x - 0.5) * Math.log1p(s / x) + s * Math.log(x + s) - s + stirlingCorrection(x + s) - stirlingCorrection(x);
  }
  if (Math.abs(s) <= MAX_SHIFTED_S) {
    const shift = Math.ceil(STIRLING_FROM - low);
    let sum = 0;
    for (let j = 0; j < shift; j++) sum += Math.log1p(s / (x + j));
    return logPochhammer(x + shift, s) - sum;
  }
  return logGamma(x + s) - logGamma(x);
}
