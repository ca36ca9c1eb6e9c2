import { integrate } from './integrate.js';

/** Relative accuracy asked of the quadrature of the Euler–Maclaurin integral. */
const QUADRATURE_TOLERANCE = 1e-14;

/**
 * Σ_{i=from}^{to} e^{h(i)} for a smooth, slowly varying log-term h (a power law such as a ratio of Γ
 * functions), by the Euler–Maclaurin formula
 *
 *   Σ f(i) = ∫_from^to f(u) du + (f(from) + f(to))/2 + (f′(to) − f′(from))/12 + R,
 *
 * with f = e^h and f′ = h′·e^h; the integral by adaptive Gauss–Legendre in v = ln(u − from + 1), which
 * makes a power-law tail smooth over any span (to − from up to 1e300). R is of the order of
 * f‴/720, negligible once the terms vary slowly (|h′|, |h″| ≪ 1 from `from` on; callers sum the first
 * terms exactly and pass the rest here). Cost: a few hundred evaluations of h whatever the span.
 *
 * @param h ln of the term at a real index u (any constant offset; e.g. 0 at `from`).
 * @param dh h′(u).
 * @example sumSmoothTerms((u) => -2 * Math.log(u), (u) => -2 / u, 1000, 1e12) // ≈ 1.0005e-3 (Σ 1/i² from 1000)
 */
export function sumSmoothTerms(h: (u: number) => number, dh: (u: number) => number, from: number, to: number): number {
  if (to < from) return 0;
  if (to === from) return Math.exp(h(from));
  const offset = from - 1;
  const integrand = (v: number): number => {
    const ev = Math.exp(v);
    return Math.exp(h(offset + ev) + v);
  };
  const top = Math.log(to - offset);
  const breakpoints: number[] = [];
  for (let v = 1; v < top; v *= 2) breakpoints.push(v);
  const integral = integrate(integrand, 0, top, { tolerance: QUADRATURE_TOLERANCE, breakpoints });
  const fFrom = Math.exp(h(from));
  const fTo = Math.exp(h(to));
  return integral + 0.5 * (fFrom + fTo) + (dh(to) * fTo - dh(from) * fFrom) / 12;
}
