import { ClvkitError } from '../errors.js';

/** From this argument up the asymptotic series is used (its truncation error is below 1e-16 relative there). */
const ASYMPTOTIC_FROM = 20;
/** Shifts up to this many steps are summed term by term in {@link trigammaStep}. */
const MAX_SUMMED_STEPS = 64;

/**
 * The trigamma function ψ₁(x) = d² ln Γ(x)/dx² for x > 0: recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up to x ≥ 20, then
 * the asymptotic series ψ₁(x) ≈ 1/x + 1/(2x²) + Σ B₂ₖ/x^(2k+1) (k = 1…5). Relative error below 1e-14.
 *
 * @throws NUMERIC_FAILURE for x ≤ 0 or non-finite x.
 * @see Abramowitz & Stegun (1964), 6.4.6, 6.4.12.
 * @example trigamma(1) // 1.6449340668482264 (π²/6)
 */
export function trigamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'trigamma is only computed for finite x > 0', { fn: 'trigamma', value: x });
  }
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    shift += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹) + 5/(66x¹¹)
  const series = inv * (1 + inv * (0.5 + inv * (1 / 6 + inv2 * (-1 / 30 + inv2 * (1 / 42 + inv2 * (-1 / 30 + (inv2 * 5) / 66))))));
  return shift + series;
}

/**
 * ψ₁(z+n) − ψ₁(z) for z > 0 and an integer n ≥ 0, which is −Σⱼ₌₀ⁿ⁻¹ 1/(z+j)²: summed term by term for
 * n ≤ 64 (no cancellation, however large z), as a difference of {@link trigamma} values beyond.
 *
 * @example trigammaStep(2, 3) // -0.4236111111111111 (= −(1/4 + 1/9 + 1/16))
 */
export function trigammaStep(z: number, n: number): number {
  if (n <= MAX_SUMMED_STEPS) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum -= 1 / ((z + j) * (z + j));
    return sum;
  }
  return trigamma(z + n) - trigamma(z);
}
