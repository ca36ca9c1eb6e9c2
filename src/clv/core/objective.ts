/**
 * The objective the fitting core minimises, f(u) = −LL(e^u)/W + penalizer·Σe^{2u} on log parameters, and the
 * small helpers the optimisers share. Internal to the fitting core (see fit-model.ts).
 */
import type { LikelihoodProblem } from './fit-model.js';

/** Log-parameters are kept in this box so that exp() stays finite and positive. */
export const LOG_BOUND = 300;
/** Log-space step for central-difference gradients (≈ cube root of machine epsilon). */
const GRADIENT_STEP = 6e-6;
/** Largest |f| (mean −LL per customer) the convergence tolerances scale with (see objectiveScale). */
export const MAX_OBJECTIVE_SCALE = 1e4;

/** What one optimiser run from one start point ends with. */
export interface StartResult {
  readonly u: Float64Array;
  readonly f: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly diverged?: boolean;
  /** ‖∇f‖∞ at `u` when the optimiser that ended there computed it (BFGS/Newton). */
  readonly gradientNorm?: number;
}

/** u clamped to the log box [−LOG_BOUND, LOG_BOUND]. */
export function clampLog(u: number): number {
  return u > LOG_BOUND ? LOG_BOUND : u < -LOG_BOUND ? -LOG_BOUND : u;
}

/** Σ vᵢ². */
export function sumSquares(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return s;
}

/** f(u) = −LL(e^u)/W + penalizer·Σe^{2u}, with +Infinity wherever LL is not finite. */
export class Objective {
  evaluations = 0;
  private readonly theta: Float64Array;
  private readonly natGrad: Float64Array;

  constructor(
    readonly problem: LikelihoodProblem,
    readonly penalizer: number,
    readonly weightTotal: number,
    readonly maxEvaluations: number,
  ) {
    this.theta = new Float64Array(problem.paramNames.length);
    this.natGrad = new Float64Array(problem.paramNames.length);
  }

  private setTheta(u: Float64Array): boolean {
    for (let i = 0; i < u.length; i++) {
      const t = Math.exp(u[i]!);
      if (!(t > 0) || !Number.isFinite(t)) return false;
      this.theta[i] = t;
    }
    return true;
  }

  /** The evaluation budget is used up. */
  exhausted(): boolean {
    return this.evaluations >= this.maxEvaluations;
  }

  /** Log-space gradient by the problem's analytic gradient (true) or central differences (false). */
  get analytic(): boolean {
    return this.problem.gradient !== undefined;
  }

  value(u: Float64Array): number {
    this.evaluations++;
    if (!this.setTheta(u)) return Number.POSITIVE_INFINITY;
    const ll = this.problem.logLikelihood(this.theta);
    if (!Number.isFinite(ll)) return Number.POSITIVE_INFINITY;
    const f = -ll / this.weightTotal + (this.penalizer > 0 ? this.penalizer * sumSquares(this.theta) : 0);
    return Number.isFinite(f) ? f : Number.POSITIVE_INFINITY;
  }

  /** The problem has an analytic Hessian: the optimiser may take Newton steps (see bfgs.ts). */
  get hasHessian(): boolean {
    return this.problem.hessian !== undefined;
  }

  /**
   * Value, gradient and Hessian of f in log space (the problem must have `hessian`), with θ = eᵘ:
   * ∂f/∂uᵢ = −θᵢgᵢ/W + 2·pen·θᵢ², ∂²f/∂uᵢ∂uⱼ = −(θᵢθⱼHᵢⱼ + δᵢⱼθᵢgᵢ)/W + δᵢⱼ·4·pen·θᵢ²
   * (g, H the natural-scale gradient and Hessian of LL). +Infinity where any of it is not finite.
   */
  valueGradientHessian(u: Float64Array, out: Float64Array, hessianOut: Float64Array): number {
    const k = u.length;
    this.evaluations++;
    if (!this.setTheta(u)) return Number.POSITIVE_INFINITY;
    const ll = this.problem.hessian!(this.theta, this.natGrad, hessianOut);
    if (!Number.isFinite(ll)) return Number.POSITIVE_INFINITY;
    const w = this.weightTotal;
    const pen = this.penalizer;
    for (let i = 0; i < k; i++) {
      const ti = this.theta[i]!;
      out[i] = (-this.natGrad[i]! * ti) / w + (pen > 0 ? 2 * pen * ti * ti : 0);
      if (!Number.isFinite(out[i]!)) return Number.POSITIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        let h = (-ti * this.theta[j]! * hessianOut[i * k + j]!) / w;
        if (i === j) h += (-ti * this.natGrad[i]!) / w + (pen > 0 ? 4 * pen * ti * ti : 0);
        if (!Number.isFinite(h)) return Number.POSITIVE_INFINITY;
        hessianOut[i * k + j] = h;
      }
    }
    return -ll / w + (pen > 0 ? pen * sumSquares(this.theta) : 0);
  }

  /** Value and gradient in log space; the gradient is written into `out`. */
  valueAndGradient(u: Float64Array, out: Float64Array): number {
    const k = u.length;
    if (this.problem.gradient !== undefined) {
      this.evaluations++;
      if (!this.setTheta(u)) return Number.POSITIVE_INFINITY;
      const ll = this.problem.gradient(this.theta, this.natGrad);
      if (!Number.isFinite(ll)) return Number.POSITIVE_INFINITY;
      for (let i = 0; i < k; i++) {
        const t = this.theta[i]!;
        out[i] = (-this.natGrad[i]! * t) / this.weightTotal + (this.penalizer > 0 ? 2 * this.penalizer * t * t : 0);
        if (!Number.isFinite(out[i]!)) return Number.POSITIVE_INFINITY;
      }
      return -ll / this.weightTotal + (this.penalizer > 0 ? this.penalizer * sumSquares(this.theta) : 0);
    }
    return this.valueAndGradientAt(u, this.value(u), out);
  }

  /** Central-difference gradient at u whose objective value f is already known; returns f (or +Infinity). */
  valueAndGradientAt(u: Float64Array, f: number, out: Float64Array): number {
    const k = u.length;
    if (this.problem.gradient !== undefined) return this.valueAndGradient(u, out);
    if (!Number.isFinite(f)) return f;
    const probe = Float64Array.from(u);
    for (let i = 0; i < k; i++) {
      const h = GRADIENT_STEP * Math.max(1, Math.abs(u[i]!));
      probe[i] = u[i]! + h;
      const fp = this.value(probe);
      probe[i] = u[i]! - h;
      const fm = this.value(probe);
      probe[i] = u[i]!;
      if (Number.isFinite(fp) && Number.isFinite(fm)) out[i] = (fp - fm) / (2 * h);
      else if (Number.isFinite(fp)) out[i] = (fp - f) / h;
      else if (Number.isFinite(fm)) out[i] = (f - fm) / h;
      else return Number.POSITIVE_INFINITY;
    }
    return f;
  }
}

/**
 * The scale the convergence tolerances are relative to: |f| (the mean −LL per customer), at least 1 and at
 * most {@link MAX_OBJECTIVE_SCALE}. Beyond that cap the tolerances are absolute: a per-customer −LL of more
 * than 1e4 nats is made of parameter-free constants (a corrupt frequency of 1e12 adds x·ln x − x), and
 * tolerances relative to it would pass an untried start point as an optimum.
 */
export function objectiveScale(f: number): number {
  return Math.max(1, Math.min(Math.abs(f), MAX_OBJECTIVE_SCALE));
}

/** max |vᵢ|. */
export function infNorm(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

/** "a", "a and b", "a, b and c". */
export function listNames(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}
