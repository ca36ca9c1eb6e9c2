import { ClvkitError } from '../errors.js';
import { logGamma } from './log-gamma.js';

/**
 * Q(a, x) = Γ(a, x)/Γ(a), the regularised upper incomplete gamma function, for a > 0 and x ≥ 0: the series
 * for P = 1 − Q when x < a + 1, the continued fraction (modified Lentz) otherwise (Numerical Recipes §6.2).
 * The chi-square survival function is Q(k/2, x/2).
 *
 * @throws NUMERIC_FAILURE outside the domain or when neither form converges in 10,000 terms.
 * @example regularizedGammaQ(1, 2) // 0.1353352832366127 (= e^−2)
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0) || !Number.isFinite(a + x)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the incomplete gamma function needs finite a > 0 and x ≥ 0', { fn: 'regularizedGammaQ', a, x });
  }
  if (x === 0) return 1;
  const lnFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) return Math.max(0, 1 - sum * Math.exp(lnFront));
    }
  } else {
    const tiny = 1e-300;
    let b = x + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 10_000; i++) {
      const an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) d = tiny;
      c = b + an / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      const delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) return Math.exp(lnFront) * h;
    }
  }
  throw new ClvkitError('NUMERIC_FAILURE', 'the incomplete gamma function did not converge', { fn: 'regularizedGammaQ', a, x });
}
