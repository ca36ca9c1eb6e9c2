import { fitModel } from '../core/fit-model.js';
import type { FitControl } from '../core/fit-model.js';
import { unconstrainedCovariance } from '../intervals/unconstrained-covariance.js';

/**
 * A covariate model's likelihood in unconstrained coordinates u: the first `positive` entries are
 * ln θ of the model's positive parameters, the rest are covariate coefficients γ (any real value).
 */
export interface CovariateProblem {
  readonly fn: string;
  /** Names of all entries of u, e.g. `['r', 'alpha', 'a', 'b', 'purchase.age', 'dropout.age']`. */
  readonly names: readonly string[];
  /** How many leading entries are log-parameters. */
  readonly positive: number;
  /** Sum of the pattern weights (number of customers). */
  readonly weightTotal: number;
  /** Unpenalised Σ w ln L at u; with `grad`, also writes ∂LL/∂u. May return −∞/NaN outside the domain. */
  evaluate(u: Float64Array, grad: Float64Array | null): number;
}

/** The penalties of a covariate fit. */
export interface CovariatePenalties {
  /** lifetimes-style L2 penalty on the natural-scale positive parameters: W·penalizer·Σθ². */
  readonly penalizer: number;
  /** L2 penalty per coefficient (length names.length − positive): Σ λ_j γ_j² (CLVTools' `reg.lambdas`). */
  readonly coefficientPenalty: Float64Array;
}

/** The result of {@link fitCovariateModel}. */
export interface CovariateFitOutcome {
  /** Estimates in unconstrained coordinates. */
  readonly u: Float64Array;
  /** Covariance of û (row-major), from the penalised objective's Hessian; null with `reason` when not positive definite. */
  readonly covariance: Float64Array | null;
  /** Unpenalised log-likelihood at û. */
  readonly logLikelihood: number;
  /** LL − penalties at û (the objective maximised). */
  readonly penalizedLogLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly evaluations: number;
  readonly reason?: string;
}

/**
 * The fit fields every covariate model records from an outcome: estimates (u), covariance, both
 * log-likelihoods, convergence, iterations and the reason when there is one.
 *
 * @example
 * const model = { names, ...outcomeFields(fitCovariateModel(problem, penalties, control, starts)), customers };
 */
export function outcomeFields(outcome: CovariateFitOutcome) {
  return {
    estimates: outcome.u,
    covariance: outcome.covariance,
    logLikelihood: outcome.logLikelihood,
    penalizedLogLikelihood: outcome.penalizedLogLikelihood,
    converged: outcome.converged,
    iterations: outcome.iterations,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
  };
}

/**
 * Maximise a covariate model's penalised log-likelihood with the shared fitting core. The core works on
 * the logs of positive parameters, so every entry of u is handed to it as θ = e^u (for a coefficient γ
 * that is e^γ, whose log is γ itself: the optimiser moves in exactly the coordinates u); its own
 * natural-scale penalty is switched off and the penalties are applied here:
 *   objective(u) = LL(u) − W·penalizer·Σ_{positive} e^{2u} − Σ_j λ_j γ_j².
 * Covariance: the inverse Hessian of −objective in u ({@link unconstrainedCovariance}); with λ = 0 this is
 * the usual observed-information covariance.
 */
export function fitCovariateModel(
  problem: CovariateProblem,
  penalties: CovariatePenalties,
  control: FitControl,
  starts: readonly (readonly number[])[],
): CovariateFitOutcome {
  const k = problem.names.length;
  const m = problem.positive;
  const W = problem.weightTotal;
  const u = new Float64Array(k);
  const gu = new Float64Array(k);
  const penalty = (v: Float64Array): number => {
    let s = 0;
    if (penalties.penalizer > 0) for (let i = 0; i < m; i++) s += W * penalties.penalizer * Math.exp(2 * v[i]!);
    for (let j = m; j < k; j++) s += penalties.coefficientPenalty[j - m]! * v[j]! * v[j]!;
    return s;
  };
  const penalizedGradient = (v: Float64Array, out: Float64Array): number => {
    const ll = problem.evaluate(v, out);
    if (penalties.penalizer > 0) for (let i = 0; i < m; i++) out[i] = out[i]! - 2 * W * penalties.penalizer * Math.exp(2 * v[i]!);
    for (let j = m; j < k; j++) out[j] = out[j]! - 2 * penalties.coefficientPenalty[j - m]! * v[j]!;
    return ll - penalty(v);
  };
  const outcome = fitModel(
    {
      fn: problem.fn,
      paramNames: problem.names,
      weightTotal: W,
      starts: starts.map((s) => s.map((v) => Math.exp(v))),
      logLikelihood: (theta) => {
        for (let i = 0; i < k; i++) u[i] = Math.log(theta[i]!);
        return problem.evaluate(u, null) - penalty(u);
      },
      gradient: (theta, out) => {
        for (let i = 0; i < k; i++) u[i] = Math.log(theta[i]!);
        const value = penalizedGradient(u, gu);
        for (let i = 0; i < k; i++) out[i] = gu[i]! / theta[i]!;
        return value;
      },
    },
    { ...control, penalizer: 0 },
  );
  const uHat = new Float64Array(k);
  for (let i = 0; i < k; i++) uHat[i] = Math.log(outcome.params[i]!);
  const logLikelihood = problem.evaluate(uHat, null);
  const cov = unconstrainedCovariance(penalizedGradient, uHat);
  const reasons: string[] = [];
  if (!outcome.converged) reasons.push(outcome.reason ?? 'did not converge');
  if (cov.reason !== undefined) reasons.push(`standard errors unavailable: ${cov.reason}`);
  return {
    u: uHat,
    covariance: cov.covariance,
    logLikelihood,
    penalizedLogLikelihood: logLikelihood - penalty(uHat),
    converged: outcome.converged,
    iterations: outcome.iterations,
    evaluations: outcome.evaluations,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}
