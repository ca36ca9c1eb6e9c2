import { invertPositiveDefinite } from '../core/fit-model.js';

/** A log-likelihood and its gradient in the optimiser's unconstrained coordinates u (writes ∂LL/∂u into `out`). */
export type UnconstrainedGradient = (u: Float64Array, out: Float64Array) => number;

/** Covariance of the estimates in unconstrained coordinates, or why there is none. */
export interface UnconstrainedCovariance {
  /** k×k, row-major: the inverse of the observed information −∂²LL/∂u∂uᵀ at û; null when not positive definite. */
  readonly covariance: Float64Array | null;
  readonly reason?: string;
  /** True when û is not a stationary point of this log-likelihood (the data are not those the estimates were fitted on). */
  readonly notStationary?: boolean;
}

/**
 * Whether û is a maximum of the given (weighted) log-likelihood: every |∂LL/∂u_i|/W ≤ 1e-4·max(1, |LL|/W).
 * A converged fit is far inside this (its test is about 1e-8 relative); the same model with other calibration
 * data (a different sample, another observation end) is typically 1e-2 away.
 */
export function isStationary(gradient: UnconstrainedGradient, u: Float64Array, weightTotal: number): boolean {
  const g = new Float64Array(u.length);
  const ll = gradient(u, g);
  const w = Math.max(weightTotal, 1e-300);
  const scale = 1e-4 * Math.max(1, Math.abs(ll) / w);
  return Number.isFinite(ll) && g.every((v) => Math.abs(v) / w <= scale);
}

/** Central-difference step on u for the Hessian from analytic gradients. */
const STEP = 1e-5;

/**
 * The asymptotic covariance of maximum-likelihood estimates in unconstrained coordinates
 * (u = ln θ for positive parameters, the coefficient itself for a covariate effect):
 *   Σ̂ = [−∇²_u LL(û)]⁻¹,
 * the Hessian by central differences of the analytic gradient (step 1e-5 in u, symmetrised), inverted by
 * Cholesky ({@link invertPositiveDefinite}). This is the matrix the parametric prediction intervals draw
 * from (u ~ N(û, Σ̂)); on the log scale the normal approximation is far better than on the natural scale,
 * and draws stay positive.
 *
 * @example
 * // LL(u) = −(u−1)²/(2·0.04): Σ̂ = 0.04
 * unconstrainedCovariance((u, g) => { g[0] = -(u[0]! - 1) / 0.04; return -((u[0]! - 1) ** 2) / 0.08; }, Float64Array.of(1))
 * // { covariance: Float64Array [0.04…] }
 */
export function unconstrainedCovariance(gradient: UnconstrainedGradient, u: Float64Array): UnconstrainedCovariance {
  const k = u.length;
  const h = new Float64Array(k * k);
  const gp = new Float64Array(k);
  const gm = new Float64Array(k);
  const probe = Float64Array.from(u);
  for (let j = 0; j < k; j++) {
    const step = STEP * Math.max(1, Math.abs(u[j]!));
    probe[j] = u[j]! + step;
    const fp = gradient(probe, gp);
    probe[j] = u[j]! - step;
    const fm = gradient(probe, gm);
    probe[j] = u[j]!;
    if (!Number.isFinite(fp) || !Number.isFinite(fm) || !gp.every(Number.isFinite) || !gm.every(Number.isFinite)) {
      return { covariance: null, reason: 'the log-likelihood gradient is not finite near the estimate' };
    }
    for (let i = 0; i < k; i++) h[i * k + j] = -(gp[i]! - gm[i]!) / (2 * step);
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (h[i * k + j]! + h[j * k + i]!);
      h[i * k + j] = v;
      h[j * k + i] = v;
    }
  }
  const covariance = invertPositiveDefinite(h, k);
  if (covariance === null) return { covariance: null, reason: 'the observed information is not positive definite at the estimate' };
  return { covariance };
}
