import { ClvkitError } from '../errors.js';

/**
 * The digamma function ψ(x) = d ln Γ(x)/dx for real x that is not a non-positive integer:
 * recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 20, then the asymptotic series
 * ψ(x) ≈ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ); reflection ψ(1−x) − ψ(x) = π cot(πx) for x < 0.
 * Absolute error below 1e-14 for x ≥ 1e-3.
 *
 * @throws NUMERIC_FAILURE at a pole (x a non-positive integer) or for non-finite x.
 * @see Abramowitz & Stegun (1964), 6.3.5, 6.3.7, 6.3.18.
 * @example digamma(1) // -0.5772156649015332 (−γ = −0.5772156649015329)
 */
export function digamma(x: number): number {
  if (!Number.isFinite(x) || (x <= 0 && Number.isInteger(x))) {
    throw new ClvkitError('NUMERIC_FAILURE', 'digamma is undefined here', { fn: 'digamma', value: x });
  }
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let shift = 0;
  while (x < 20) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return shift + Math.log(x) - 0.5 / x - series;
}
