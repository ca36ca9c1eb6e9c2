import type { LikelihoodProblem } from './fit-model.js';
import type { Objective } from './objective.js';

/** Log-space step for Hessians from analytic gradients. */
const HESSIAN_GRADIENT_STEP = 1e-5;
/** Log-space step for Hessians from function values (Richardson extrapolation over h and h/2). */
const HESSIAN_VALUE_STEP = 2e-3;

/** Standard errors at θ̂ from the Hessian of −LL (unpenalised); see fitModel. */
export function standardErrors(problem: LikelihoodProblem, params: Float64Array, objective: Objective): { values: Float64Array | null; reason?: string } {
  const k = params.length;
  const u = new Float64Array(k);
  for (let i = 0; i < k; i++) u[i] = Math.log(params[i]!);
  // −LL as a function of the log parameters (no penalty, no 1/W scaling).
  const theta = new Float64Array(k);
  const negLL = (v: Float64Array): number => {
    objective.evaluations++;
    for (let i = 0; i < k; i++) theta[i] = Math.exp(v[i]!);
    const ll = problem.logLikelihood(theta);
    return Number.isFinite(ll) ? -ll : Number.NaN;
  };
  if (problem.hessian !== undefined) return analyticStandardErrors(problem, params, objective);
  const hu = new Float64Array(k * k);
  const gradU = new Float64Array(k);
  if (problem.gradient !== undefined) {
    const grad = (v: Float64Array, out: Float64Array): boolean => {
      objective.evaluations++;
      for (let i = 0; i < k; i++) theta[i] = Math.exp(v[i]!);
      const ll = problem.gradient!(theta, out);
      if (!Number.isFinite(ll)) return false;
      for (let i = 0; i < k; i++) out[i] = -out[i]! * theta[i]!;
      return out.every(Number.isFinite);
    };
    if (!grad(u, gradU)) return { values: null, reason: 'standard errors unavailable: the gradient is not finite at the optimum' };
    const gp = new Float64Array(k);
    const gm = new Float64Array(k);
    const probe = Float64Array.from(u);
    for (let j = 0; j < k; j++) {
      const h = HESSIAN_GRADIENT_STEP;
      probe[j] = u[j]! + h;
      const okP = grad(probe, gp);
      probe[j] = u[j]! - h;
      const okM = grad(probe, gm);
      probe[j] = u[j]!;
      if (!okP || !okM) return { values: null, reason: 'standard errors unavailable: the gradient is not finite near the optimum' };
      for (let i = 0; i < k; i++) hu[i * k + j] = (gp[i]! - gm[i]!) / (2 * h);
    }
  } else {
    const f0 = negLL(u);
    const richardson = (h: number): Float64Array | null => {
      const m = new Float64Array(k * k);
      const probe = Float64Array.from(u);
      for (let i = 0; i < k; i++) {
        probe[i] = u[i]! + h;
        const fp = negLL(probe);
        probe[i] = u[i]! - h;
        const fm = negLL(probe);
        probe[i] = u[i]!;
        m[i * k + i] = (fp - 2 * f0 + fm) / (h * h);
        for (let j = 0; j < i; j++) {
          const at = (di: number, dj: number): number => {
            probe[i] = u[i]! + di;
            probe[j] = u[j]! + dj;
            const v = negLL(probe);
            probe[i] = u[i]!;
            probe[j] = u[j]!;
            return v;
          };
          const v = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
          m[i * k + j] = v;
          m[j * k + i] = v;
        }
      }
      return m.every(Number.isFinite) ? m : null;
    };
    const coarse = richardson(HESSIAN_VALUE_STEP);
    const fine = richardson(HESSIAN_VALUE_STEP / 2);
    if (coarse === null || fine === null || !Number.isFinite(f0)) {
      return { values: null, reason: 'standard errors unavailable: the log-likelihood is not finite near the optimum' };
    }
    for (let i = 0; i < k * k; i++) hu[i] = (4 * fine[i]! - coarse[i]!) / 3;
    // ∂(−LL)/∂u_i by Richardson-extrapolated central differences too.
    const probe = Float64Array.from(u);
    for (let i = 0; i < k; i++) {
      const d = (h: number): number => {
        probe[i] = u[i]! + h;
        const fp = negLL(probe);
        probe[i] = u[i]! - h;
        const fm = negLL(probe);
        probe[i] = u[i]!;
        return (fp - fm) / (2 * h);
      };
      gradU[i] = (4 * d(HESSIAN_VALUE_STEP / 2) - d(HESSIAN_VALUE_STEP)) / 3;
    }
  }
  // Natural-scale Hessian: H_θ[i][j] = (H_u[i][j] − δ_ij ∂(−LL)/∂u_i) / (θ_i θ_j).
  const ht = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const sym = 0.5 * (hu[i * k + j]! + hu[j * k + i]!);
      ht[i * k + j] = (sym - (i === j ? gradU[i]! : 0)) / (params[i]! * params[j]!);
    }
  }
  return fromHessian(ht, k);
}

/** Standard errors from the problem's analytic Hessian (natural scale) at θ̂. */
function analyticStandardErrors(problem: LikelihoodProblem, params: Float64Array, objective: Objective): { values: Float64Array | null; reason?: string } {
  const k = params.length;
  const gradient = new Float64Array(k);
  const hessian = new Float64Array(k * k);
  objective.evaluations++;
  const ll = problem.hessian!(Float64Array.from(params), gradient, hessian);
  if (!Number.isFinite(ll) || !hessian.every(Number.isFinite)) {
    return { values: null, reason: 'standard errors unavailable: the Hessian is not finite at the optimum' };
  }
  // −LL's Hessian, symmetrised.
  const ht = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) ht[i * k + j] = -0.5 * (hessian[i * k + j]! + hessian[j * k + i]!);
  return fromHessian(ht, k);
}

/** Standard errors as the square roots of the diagonal of the inverse of −LL's natural-scale Hessian `ht`. */
function fromHessian(ht: Float64Array, k: number): { values: Float64Array | null; reason?: string } {
  const inverse = invertPositiveDefinite(ht, k);
  if (inverse === null) return { values: null, reason: 'standard errors unavailable: the Hessian of −LL is not positive definite at the optimum' };
  const se = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const v = inverse[i * k + i]!;
    if (!(v > 0) || !Number.isFinite(v)) return { values: null, reason: 'standard errors unavailable: non-positive variance' };
    se[i] = Math.sqrt(v);
  }
  return { values: se };
}

/** Smallest Cholesky pivot (of the equilibrated matrix, unit diagonal) accepted as positive definite. */
const MIN_PIVOT = 1e-12;

/**
 * Inverse of a symmetric positive-definite matrix (row-major, k×k) by Cholesky, or null when the
 * matrix is not positive definite. Exported for tests and for models that need a covariance.
 */
export function invertPositiveDefinite(m: Float64Array, k: number): Float64Array | null {
  // Equilibrate: D⁻¹ M D⁻¹ with D = sqrt(diag) so the Cholesky test is scale-free.
  const d = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const v = m[i * k + i]!;
    if (!(v > 0) || !Number.isFinite(v)) return null;
    d[i] = Math.sqrt(v);
  }
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i * k + j]! / (d[i]! * d[j]!);
      for (let p = 0; p < j; p++) sum -= l[i * k + p]! * l[j * k + p]!;
      if (i === j) {
        if (!(sum > MIN_PIVOT)) return null;
        l[i * k + i] = Math.sqrt(sum);
      } else {
        l[i * k + j] = sum / l[j * k + j]!;
      }
    }
  }
  // Invert L, then (LLᵀ)⁻¹ = L⁻ᵀ L⁻¹.
  const li = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    li[i * k + i] = 1 / l[i * k + i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let p = j; p < i; p++) sum -= l[i * k + p]! * li[p * k + j]!;
      li[i * k + j] = sum / l[i * k + i]!;
    }
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let p = Math.max(i, j); p < k; p++) sum += li[p * k + i]! * li[p * k + j]!;
      out[i * k + j] = sum / (d[i]! * d[j]!);
    }
  }
  return out.every(Number.isFinite) ? out : null;
}
