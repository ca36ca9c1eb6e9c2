import { ClvkitError } from '../../errors.js';
import { minimise } from './bfgs.js';
import { clampLog, listNames, Objective, objectiveScale, sumSquares, type StartResult } from './objective.js';
import { standardErrors } from './standard-errors.js';

export { invertPositiveDefinite } from './standard-errors.js';

/**
 * A maximum-likelihood problem the shared fitting core can solve: a log-likelihood over
 * strictly positive parameters, and where to start looking.
 */
export interface LikelihoodProblem {
  /** Public function name, for errors. */
  readonly fn: string;
  /** Parameter names, e.g. `['r', 'alpha', 'a', 'b']`; every parameter is > 0. */
  readonly paramNames: readonly string[];
  /**
   * Total (weighted) log-likelihood at natural-scale parameters. May return -Infinity or NaN in
   * bad regions: the core treats those as -Infinity.
   */
  logLikelihood(params: Float64Array): number;
  /**
   * Optional analytic gradient: writes ∂LL/∂θ_k (natural scale) into `out` and returns the
   * log-likelihood at `params` (so value and gradient can share work). Without it the core uses
   * central differences in log space.
   */
  gradient?(params: Float64Array, out: Float64Array): number;
  /**
   * Optional analytic Hessian: writes ∂LL/∂θ into `gradient` and ∂²LL/∂θᵢ∂θⱼ (natural scale, row-major k×k)
   * into `hessian`, and returns the log-likelihood at `params`. With it the standard errors cost one call
   * instead of 2k gradients (or 4k² values) of central differences.
   */
  hessian?(params: Float64Array, gradient: Float64Array, hessian: Float64Array): number;
  /** Candidate start points on the natural scale; the best fit over all starts is kept. */
  readonly starts: readonly (readonly number[])[];
  /**
   * Number of customers (sum of weights), W. The penalised objective is LL/W − penalizer·Σθ², so
   * `penalizer` means what lifetimes' `penalizer_coef` means. Default 1.
   */
  readonly weightTotal?: number;
}

/** How hard to try, and what to do on failure. */
export interface FitControl {
  /** Cap on optimiser iterations per start (BFGS and Nelder–Mead iterations together). */
  readonly maxIterations: number;
  /** Relative change of the objective below which the fit counts as converged (with a small gradient). */
  readonly tolerance: number;
  /** L2 penalty coefficient on the natural-scale parameters (see LikelihoodProblem.weightTotal). */
  readonly penalizer: number;
  /** Throw NOT_CONVERGED instead of returning `converged: false`. */
  readonly strict: boolean;
  /**
   * Cap on log-likelihood (or gradient) evaluations over all starts together, line searches, the
   * Nelder–Mead rescue and restarts included (standard errors not counted). Default
   * {@link DEFAULT_MAX_EVALUATIONS}.
   */
  readonly maxEvaluations?: number;
}

/** Relative difference of the objective below which two starts count as having reached the same optimum. */
const START_TIE = 1e-12;

/** Default cap on likelihood evaluations per fit (all starts). A well-posed fit needs a few hundred. */
export const DEFAULT_MAX_EVALUATIONS = 5000;
/** The result of `fitModel`. */
export interface FitOutcome {
  /** Estimates, natural scale. */
  readonly params: Float64Array;
  /** From the inverse Hessian of −LL (unpenalised) at the optimum, natural scale; null when not positive definite. */
  readonly standardErrors: Float64Array | null;
  /** Unpenalised LL at `params`. */
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** Why not converged / why no standard errors. */
  readonly reason?: string;
  /** The penalised objective LL − W·penalizer·Σθ² at `params` (equals `logLikelihood` without a penalizer). */
  readonly penalizedLogLikelihood?: number;
  /** Number of log-likelihood (or gradient) evaluations, all starts together, standard errors included. */
  readonly evaluations: number;
  /** True when the fit stopped because parameters ran off along an unbounded ridge of the likelihood. */
  readonly diverged: boolean;
  /** False when the data cannot identify the estimates (see {@link identification}). */
  readonly identified: boolean;
}

/**
 * Maximise a log-likelihood over positive parameters: the shared fitting core of every clvkit model.
 *
 * The optimiser works on u = ln θ (unconstrained). It minimises f(u) = −LL(e^u)/W + penalizer·Σ e^{2u}
 * (W = `weightTotal`, the number of customers; so the penalty equals lifetimes' `penalizer_coef`
 * applied to the mean log-likelihood) from every start point and keeps the best (starts within 1e-12 of the
 * objective's scale of each other count as the same optimum: the converged one, then the one with the smaller
 * final gradient, is kept):
 * BFGS with a backtracking Armijo line search (analytic gradients when the problem supplies them,
 * else central differences in log space), falling back to Nelder–Mead and then BFGS again when
 * BFGS stalls. When the problem has an analytic `hessian` the search direction is the Newton step
 * −(∇²f)⁻¹∇f wherever ∇²f (log space) is positive definite and |f| ≤ 1e4 (quadratic convergence: a BG/NBD fit
 * on 1M customers takes 5–7 iterations per start instead of about 20), and the BFGS direction elsewhere;
 * line search, convergence and divergence tests are the same. Converged means ‖∇f‖∞ ≤ 1e-3·√tolerance·S, or a change of f below `tolerance`·S with
 * ‖∇f‖∞ ≤ 1e-2·√tolerance·S, where S = |f| clamped to [1, 1e4] (a larger |f| is made of parameter-free
 * constants, e.g. a corrupt frequency of 1e12, and must not loosen the test). Iterations are capped by `maxIterations`
 * per start, and evaluations by `maxEvaluations` over the whole fit, so a fit is bounded in time.
 *
 * Divergence: when over the last 20 BFGS iterations some log-parameter moved by more than 2 (a factor
 * e² ≈ 7.4) while f improved by less than 1e-6·max(1,|f|), or moved that much outwards beyond e^±25
 * (7e10 or 1.4e-11, far outside any identified CLV parameter), or comes within 10 of the ±300 box, the start stops with `converged: false`, `diverged: true` and a reason naming the parameters
 * that grow or shrink without bound (the likelihood rises towards an asymptote along an unbounded
 * ridge: the data cannot identify those parameters). No Nelder–Mead rescue is tried after a divergence.
 * The line search evaluates values only (gradients at accepted points) unless the problem has an
 * analytic gradient.
 *
 * Identification: `identified` is false (with a reason; NOT_CONVERGED under `strict`) when the fit diverged, or,
 * without a penalizer, when the Hessian is not positive definite or a standard error exceeds 1000× its estimate.
 *
 * Standard errors come from the Hessian of −LL (unpenalised): the problem's analytic `hessian` when it has one,
 * else central differences in log space
 * (of the gradient, or of values with Richardson extrapolation), converted exactly to the natural
 * scale (H_θ = J⁻¹(H_u − diag(θ·∂LL/∂θ))J⁻¹ with J = diag θ, which is the delta method SE_θ = θ·SE_u
 * at a stationary point), inverted by Cholesky; null with a reason when not positive definite.
 *
 * Start points are checked here, once for every model: each must hold `paramNames.length` finite
 * values > 0 (a model's `starts` option is passed through unchanged, so a bad one is reported with
 * its option path).
 *
 * @throws INVALID_OPTIONS when there is no start point, or start i does not hold `paramNames.length`
 *   finite positive values (path `['starts', i]`); NUMERIC_FAILURE when the log-likelihood is not
 *   finite at any start point; NOT_CONVERGED when `control.strict` and the best fit did not converge or is not identified.
 * @example
 * // Exponential rate: LL(λ) = n ln λ − λ Σy, MLE n/Σy = 0.5, SE λ/√n.
 * fitModel({ fn: 'demo', paramNames: ['lambda'], starts: [[1]], logLikelihood: (p) => 10 * Math.log(p[0]!) - p[0]! * 20 },
 *   { maxIterations: 200, tolerance: 1e-10, penalizer: 0, strict: false });
 * // { params: Float64Array [0.5000000012591703], standardErrors: Float64Array [0.15811388343312613],
 * //   logLikelihood: -16.931471805599454, converged: true, iterations: 6, penalizedLogLikelihood: -16.931471805599454, evaluations: 32, diverged: false, identified: true }
 */
export function fitModel(problem: LikelihoodProblem, control: FitControl): FitOutcome {
  const k = problem.paramNames.length;
  const weightTotal = problem.weightTotal !== undefined && problem.weightTotal > 0 ? problem.weightTotal : 1;
  checkStarts(problem);
  const objective = new Objective(problem, control.penalizer, weightTotal, control.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS);

  let best: StartResult | undefined;
  for (const start of problem.starts) {
    const u0 = new Float64Array(k);
    for (let i = 0; i < k; i++) u0[i] = clampLog(Math.log(start[i]!));
    if (!Number.isFinite(objective.value(u0))) continue;
    if (objective.exhausted() && best !== undefined) break;
    const result = minimise(objective, u0, control);
    if (best === undefined || betterStart(result, best)) best = result;
  }
  if (best === undefined) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the log-likelihood is not finite at any start point', {
      fn: problem.fn,
      starts: problem.starts.map((s) => [...s]),
    });
  }

  const params = new Float64Array(k);
  for (let i = 0; i < k; i++) params[i] = Math.exp(best.u[i]!);
  objective.evaluations++;
  const logLikelihood = problem.logLikelihood(params);
  const penalty = control.penalizer > 0 ? weightTotal * control.penalizer * sumSquares(params) : 0;

  const se = standardErrors(problem, params, objective);
  const reasons: string[] = [];
  if (!best.converged) reasons.push(best.reason ?? 'did not converge');
  if (se.reason !== undefined) reasons.push(se.reason);
  const unidentified = identification(problem.paramNames, params, se.values, best.diverged === true, control.penalizer);
  if (unidentified !== undefined && best.diverged !== true) reasons.push(unidentified);

  if (control.strict && (!best.converged || unidentified !== undefined)) {
    throw new ClvkitError('NOT_CONVERGED', !best.converged ? (best.reason ?? 'the optimiser did not converge') : unidentified!, {
      fn: problem.fn,
      iterations: best.iterations,
      evaluations: objective.evaluations,
      params: Object.fromEntries(problem.paramNames.map((name, i) => [name, params[i]!])),
    });
  }
  return {
    params,
    standardErrors: se.values,
    logLikelihood,
    converged: best.converged,
    iterations: best.iterations,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    penalizedLogLikelihood: logLikelihood - penalty,
    evaluations: objective.evaluations,
    diverged: best.diverged === true,
    identified: unidentified === undefined,
  };
}

/**
 * Whether start result `a` beats the best so far `b`: a lower objective by more than rounding noise (START_TIE of
 * its scale); within that noise (two starts at the same optimum) a converged result over one that is not, then the
 * smaller final gradient. So the choice between starts that reach the same optimum does not hang on the order in
 * which the likelihood was summed.
 */
function betterStart(a: StartResult, b: StartResult): boolean {
  const margin = START_TIE * objectiveScale(b.f);
  if (a.f < b.f - margin) return true;
  if (!(a.f <= b.f + margin)) return false;
  if (a.converged !== b.converged) return a.converged;
  return (a.gradientNorm ?? Number.POSITIVE_INFINITY) < (b.gradientNorm ?? Number.POSITIVE_INFINITY);
}

/** A standard error beyond this multiple of its estimate means the data do not pin the parameter down. */
const MAX_RELATIVE_STANDARD_ERROR = 1e3;

/**
 * Why the estimates are not identified, or undefined when they are: the optimiser diverged, or (without a
 * penalizer, which makes the optimum unique) the Hessian of −LL is not positive definite or a standard
 * error exceeds {@link MAX_RELATIVE_STANDARD_ERROR} times its estimate.
 */
function identification(names: readonly string[], params: Float64Array, se: Float64Array | null, diverged: boolean, penalizer: number): string | undefined {
  if (diverged) return 'the estimates are not identified: the optimiser ran off along a ridge of the likelihood';
  if (penalizer > 0) return undefined;
  if (se === null) {
    return 'the estimates are not identified: the likelihood is flat in some direction at the optimum (no standard errors); more customers, or a penalizer, are needed';
  }
  const loose = names.filter((_, i) => !(se[i]! <= MAX_RELATIVE_STANDARD_ERROR * params[i]!));
  if (loose.length === 0) return undefined;
  return `the estimates are not identified: the standard error of ${listNames(loose)} exceeds ${MAX_RELATIVE_STANDARD_ERROR}× the estimate; more customers, or a penalizer, are needed`;
}

/** Every start point holds one finite value > 0 per parameter (see fitModel). */
function checkStarts(problem: LikelihoodProblem): void {
  const { fn, paramNames, starts } = problem;
  const k = paramNames.length;
  if (starts.length === 0) throw new ClvkitError('INVALID_OPTIONS', 'invalid starts: expected at least one start point', { fn, path: ['starts'] });
  starts.forEach((start, i) => {
    if (start.length !== k) {
      throw new ClvkitError('INVALID_OPTIONS', `invalid starts.${i}: expected ${k} values (${paramNames.join(', ')}), got ${start.length}`, {
        fn,
        path: ['starts', i],
        value: [...start],
      });
    }
    const j = start.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v) || !(v > 0));
    if (j >= 0) {
      throw new ClvkitError('INVALID_OPTIONS', `invalid starts.${i}: ${paramNames[j]} must be a finite number > 0`, {
        fn,
        path: ['starts', i, j],
        value: start[j],
      });
    }
  });
}
