/**
 * ln(1 + eˣ) without overflow or loss of precision (softplus).
 * @example log1pExp(0) // 0.6931471805599453
 * @example log1pExp(1000) // 1000
 */
export function log1pExp(x: number): number {
  if (x > 33.3) return x + Math.exp(-x);
  if (x > -37) return Math.log1p(Math.exp(x));
  return Math.exp(x);
}

/**
 * ln(eᵃ + eᵇ), exact for −Infinity arguments (ln 0).
 * @example logAddExp(Math.log(2), Math.log(3)) // 1.6094379124341003 (= ln 5)
 */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + log1pExp(b - a) : b + log1pExp(a - b);
}

/**
 * ln(eᵃ − eᵇ) for a ≥ b (NaN when a < b, −Infinity when a = b); accurate when a ≈ b
 * (uses log(−expm1) near 0, Mächler 2012).
 * @see Mächler (2012), "Accurately computing log(1 − exp(−|a|))", Rmpfr vignette.
 * @example logDiffExp(Math.log(5), Math.log(3)) // 0.6931471805599453 (= ln 2)
 */
export function logDiffExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  const d = b - a; // ≤ 0
  if (d > 0) return Number.NaN;
  if (d === 0) return Number.NEGATIVE_INFINITY;
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/**
 * ln Σ exp(values[i]) over an array, shifted by the maximum so nothing overflows;
 * −Infinity for an empty array or when every value is −Infinity.
 * @example logSumExp([1000, 1000]) // 1000.6931471805599
 */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === Number.NEGATIVE_INFINITY || !Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}
