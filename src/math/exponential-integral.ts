import { ClvkitError } from '../errors.js';
import { integrate } from './integrate.js';

/** Below this z the continued fraction needs more than ~5,000 terms; the integral is used instead. */
const CF_MIN_Z = 0.01;
const CF_MAX_TERMS = 20_000;

/**
 * e^z·E_s(z), the scaled generalised exponential integral E_s(z) = ∫₁^∞ e^{−zw} w^{−s} dw, for real s > 0 and
 * z > 0. Equivalently z·e^z·E_s(z) = z^s·U(s, s, z) = ∫₀^∞ e^{−v}(1 + v/z)^{−s} dv, with U Tricomi's confluent
 * hypergeometric function (the Ψ of Fader, Hardie & Lee 2005's Pareto/NBD DERT).
 *
 * For z ≥ 0.01: the continued fraction e^z E_s(z) = 1/(z+s− 1·s/(z+s+2− 2(s+1)/(z+s+4− …))) (A&S 5.1.22,
 * modified Lentz; at most ~5,000 terms, full double precision). For smaller z: adaptive Gauss–Legendre on
 * ∫ exp(y − e^y − s·ln(1 + e^y/z)) dy (v = e^y), to 1e-12 relative.
 *
 * @throws NUMERIC_FAILURE when s or z is not finite and > 0, or the fraction does not converge.
 * @see Abramowitz & Stegun (1964), 5.1.4, 5.1.22; Press et al., Numerical Recipes 3rd ed., §6.3.
 * @example scaledExponentialIntegral(1, 1) // 0.5963473623231941 (e·E₁(1))
 */
export function scaledExponentialIntegral(s: number, z: number): number {
  if (!(s > 0 && z > 0) || !Number.isFinite(s + z)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the exponential integral needs finite s > 0 and z > 0', { fn: 'scaledExponentialIntegral', s, z });
  }
  if (z >= CF_MIN_Z) {
    const tiny = 1e-300;
    let b = z + s;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < CF_MAX_TERMS; i++) {
      const an = -i * (s - 1 + i);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) d = tiny;
      d = 1 / d;
      c = b + an / c;
      if (Math.abs(c) < tiny) c = tiny;
      const delta = c * d;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) return h;
    }
    throw new ClvkitError('NUMERIC_FAILURE', 'the continued fraction of E_s(z) did not converge', { fn: 'scaledExponentialIntegral', s, z });
  }
  // z·e^z·E_s(z) = ∫₀^∞ e^{−v}(1 + v/z)^{−s} dv, with v = e^y; the integrand's knee is at y = ln z.
  const lnZ = Math.log(z);
  const f = (y: number): number => Math.exp(y - Math.exp(y) - s * Math.log1p(Math.exp(y - lnZ)));
  const value = integrate(f, lnZ - 60, 4, { tolerance: 1e-12, breakpoints: [lnZ - 5, lnZ, lnZ + 5, 0] });
  return value / z;
}
