import { logAddExp } from '../../math/log-sum-exp.js';
import { gaussLegendre } from '../../math/integrate.js';

/**
 * ln ∫_lo^hi e^{φ(u)} du for a smooth concave φ, computed without ever leaving log space.
 *
 * The Pareto/NBD quantities that have no cheap series (the likelihood's "dropped out between t_x and T"
 * term when α and β differ a lot, and the P(X(t) = x) mixing integral) are integrals of log-concave
 * functions after a logarithmic change of variable. This routine:
 * 1. finds the mode u* of φ on [lo, hi] (bisection on the decreasing φ′);
 * 2. cuts the range to the window where φ ≥ φ(u*) − 46 (the rest weighs < 1e-20 of the total,
 *    by concavity);
 * 3. splits the window at u* and at the caller's `breaks` (where φ bends sharply) and integrates each
 *    panel by adaptive 16-point Gauss–Legendre (a panel is halved until both halves agree with it to
 *    1e-13 relative, or to the rounding level 16ε·|φ| of φ itself; depth ≤ 10), summing the panels
 *    with a running log-sum-exp.
 *
 * `lo` may be −Infinity (the window search then walks left from the mode). Returns −Infinity for an
 * empty range (lo ≥ hi).
 *
 * @example
 * // ∫_0^50 e^{−u} du = 1 − e^{−50}, whose log is 0 to double precision
 * logIntegrateLogConcave((u) => -u, () => -1, 0, 50) // -1.54659119663439e-16 (exact: ln(1 − e^{−50}) ≈ −2e-22)
 */
export function logIntegrateLogConcave(
  phi: (u: number) => number,
  dphi: (u: number) => number,
  lo: number,
  hi: number,
  breaks: readonly number[] = [],
  mode?: number,
  moments?: IntegralMoments,
): number {
  if (!(hi > lo)) return Number.NEGATIVE_INFINITY;
  const m = mode !== undefined ? Math.min(hi, Math.max(lo, mode)) : findMode(dphi, lo, hi);
  const top = phi(m);
  if (!Number.isFinite(top)) return top === Number.POSITIVE_INFINITY ? top : Number.NEGATIVE_INFINITY;
  const target = top - WINDOW_DROP;
  // By concavity φ(m + h) ≤ φ(m) + φ′(m)·h: past m + 47/|φ′(m)| the target is crossed, which bounds the search
  // for a very peaked integrand (slope 1e100) to its own scale instead of the whole range.
  const slope = m <= lo ? dphi(m) : 0;
  const reach = slope < 0 && Number.isFinite(slope) ? Math.min(hi, m + (WINDOW_DROP + 1) / -slope) : hi;
  const right = m >= hi ? hi : phi(hi) >= target ? hi : crossing(phi, m, phi(reach) < target ? reach : hi, target);
  let left: number;
  if (m <= lo) left = lo;
  else if (Number.isFinite(lo) && phi(lo) >= target) left = lo;
  else {
    let far = lo;
    if (!Number.isFinite(lo)) {
      let step = 1;
      far = m - step;
      // φ is concave and integrable, so it must fall below the target; the cap only guards misuse.
      while (phi(far) >= target && step < 1e12) {
        step *= 2;
        far = m - step;
      }
    }
    // The same tangent bound on the left when the mode is the right end.
    if (m >= hi && Number.isFinite(far)) {
      const rise = dphi(m);
      const back = rise > 0 && Number.isFinite(rise) ? Math.max(far, m - (WINDOW_DROP + 1) / rise) : far;
      if (phi(back) < target) far = back;
    }
    left = crossing(phi, m, far, target);
  }
  const cuts = [left, m, right];
  for (const b of breaks) if (b > left && b < right && Number.isFinite(b)) cuts.push(b);
  cuts.sort((a, b) => a - b);
  // φ itself is only known to ~ε·|φ|, so demanding more than that would refine noise.
  const tolerance = Math.max(RELATIVE_TOLERANCE, 16 * Number.EPSILON * (Math.abs(top) + WINDOW_DROP));
  if (moments !== undefined) {
    moments.sums.fill(0);
    moments.window[0] = left;
    moments.window[1] = right;
  }
  let acc = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    if (!(b > a)) continue;
    const whole = panel(phi, a, b, top);
    acc = logAddExp(acc, adaptive(phi, a, b, top, whole, 0, tolerance, moments));
  }
  if (moments !== undefined && acc !== Number.NEGATIVE_INFINITY) {
    const norm = Math.exp(acc);
    for (let k = 0; k < moments.sums.length; k++) moments.sums[k] = moments.sums[k]! / norm;
  }
  return acc === Number.NEGATIVE_INFINITY ? acc : acc + top;
}

/**
 * Ask {@link logIntegrateLogConcave} for the mean of a vector g(u) under the normalised integrand
 * e^{φ(u)}/∫e^{φ} (for gradients: ∂ ln ∫e^{φ}/∂θ = E[∂φ/∂θ] + boundary terms). `g(u, out)` writes g(u)
 * into `out` (length of `sums`); on return `sums` holds the means and `window` the [left, right] range
 * actually integrated (an end inside (lo, hi) means the integrand there is negligible).
 */
export interface IntegralMoments {
  readonly g: (u: number, out: Float64Array) => void;
  readonly sums: Float64Array;
  readonly window: Float64Array;
  readonly scratch: Float64Array;
}

/** e^{-46} ≈ 1e-20: the part of a log-concave integral beyond this drop from the mode is negligible. */
const WINDOW_DROP = 46;
const MAX_DEPTH = 10;
const RELATIVE_TOLERANCE = 1e-13;

/** Mode of a concave function on [lo, hi] from its (decreasing) derivative. */
function findMode(dphi: (u: number) => number, lo: number, hi: number): number {
  if (dphi(hi) >= 0) return hi;
  let a = lo;
  if (Number.isFinite(lo)) {
    if (dphi(lo) <= 0) return lo;
  } else {
    let step = 1;
    a = hi - step;
    while (!(dphi(a) > 0)) {
      step *= 2;
      a = hi - step;
      if (step > 1e6) return a;
    }
  }
  let b = hi;
  for (let i = 0; i < 200 && b - a > 1e-9 * (1 + Math.abs(a) + Math.abs(b)); i++) {
    const mid = 0.5 * (a + b);
    if (dphi(mid) > 0) a = mid;
    else b = mid;
  }
  return 0.5 * (a + b);
}

/** A point between `from` (φ ≥ target) and `to` (φ < target) where φ has just dropped below target. */
function crossing(phi: (u: number) => number, from: number, to: number, target: number): number {
  let inside = from;
  let outside = to;
  for (let i = 0; i < 200; i++) {
    const gap = Math.abs(outside - inside);
    if (gap <= 1e-3 * Math.abs(outside - from) || gap <= 1e-12 * Math.abs(from)) break;
    const mid = 0.5 * (inside + outside);
    if (phi(mid) >= target) inside = mid;
    else outside = mid;
  }
  return outside;
}

function adaptive(
  phi: (u: number) => number,
  a: number,
  b: number,
  shift: number,
  whole: number,
  depth: number,
  tolerance: number,
  moments: IntegralMoments | undefined,
): number {
  const mid = 0.5 * (a + b);
  const left = panel(phi, a, mid, shift);
  const right = panel(phi, mid, b, shift);
  const both = logAddExp(left, right);
  if (depth >= MAX_DEPTH || both === Number.NEGATIVE_INFINITY || Math.abs(Math.expm1(whole - both)) <= tolerance) {
    if (moments !== undefined) {
      accumulateMoments(phi, a, mid, shift, moments);
      accumulateMoments(phi, mid, b, shift, moments);
    }
    return both;
  }
  return logAddExp(adaptive(phi, a, mid, shift, left, depth + 1, tolerance, moments), adaptive(phi, mid, b, shift, right, depth + 1, tolerance, moments));
}

/** sums += ∫_a^b e^{φ(u) − shift} g(u) du by the same Gauss–Legendre rule. */
function accumulateMoments(phi: (u: number) => number, a: number, b: number, shift: number, moments: IntegralMoments): void {
  const half = 0.5 * (b - a);
  const centre = 0.5 * (a + b);
  const { g, sums, scratch } = moments;
  for (let i = 0; i < NODES.length; i++) {
    const u = centre + half * NODES[i]!;
    const weight = WEIGHTS[i]! * half * Math.exp(phi(u) - shift);
    if (weight === 0) continue;
    g(u, scratch);
    for (let k = 0; k < sums.length; k++) sums[k] = sums[k]! + weight * scratch[k]!;
  }
}

/** ln ∫_a^b e^{φ(u) − shift} du by 16-point Gauss–Legendre. */
function panel(phi: (u: number) => number, a: number, b: number, shift: number): number {
  const half = 0.5 * (b - a);
  const centre = 0.5 * (a + b);
  let sum = 0;
  for (let i = 0; i < NODES.length; i++) {
    const v = phi(centre + half * NODES[i]!) - shift;
    sum += WEIGHTS[i]! * Math.exp(v);
  }
  return sum > 0 ? Math.log(sum * half) : Number.NEGATIVE_INFINITY;
}

const { nodes: NODES, weights: WEIGHTS } = gaussLegendre(16);
