import { ClvkitError } from '../../errors.js';

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

/** Default cap on likelihood evaluations per fit (all starts). A well-posed fit needs a few hundred. */
export const DEFAULT_MAX_EVALUATIONS = 5000;
/** Iterations over which the divergence test looks back (see fitModel). */
const DIVERGENCE_WINDOW = 20;
/** A log-parameter that moves more than this over the window (a factor e² ≈ 7.4) is running away… */
const DIVERGENCE_DRIFT = 2;
/** …when the objective (mean −LL per customer) improved by less than this over the same window. */
const DIVERGENCE_GAIN = 1e-6;
/** Beyond e^±25 (7e10, 1.4e-11) a log-parameter that keeps moving outwards is running away whatever the gain. */
const FAR_LOG = 25;
/** A log-parameter this close to ±LOG_BOUND has reached the end of the representable range. */
const BOUND_MARGIN = 10;

/** Largest |f| (mean −LL per customer) the convergence tolerances scale with (see objectiveScale). */
const MAX_OBJECTIVE_SCALE = 1e4;

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

/** Log-space step for central-difference gradients (≈ cube root of machine epsilon). */
const GRADIENT_STEP = 6e-6;
/** Log-space step for Hessians from analytic gradients. */
const HESSIAN_GRADIENT_STEP = 1e-5;
/** Log-space step for Hessians from function values (Richardson extrapolation over h and h/2). */
const HESSIAN_VALUE_STEP = 2e-3;
/** Largest move of any log-parameter in one line-search trial (e^6 ≈ 400-fold). */
const MAX_LOG_STEP = 6;
/** Log-parameters are kept in this box so that exp() stays finite and positive. */
const LOG_BOUND = 300;

/**
 * Maximise a log-likelihood over positive parameters: the shared fitting core of every clvkit model.
 *
 * The optimiser works on u = ln θ (unconstrained). It minimises f(u) = −LL(e^u)/W + penalizer·Σ e^{2u}
 * (W = `weightTotal`, the number of customers; so the penalty equals lifetimes' `penalizer_coef`
 * applied to the mean log-likelihood) from every start point and keeps the best:
 * BFGS with a backtracking Armijo line search (analytic gradients when the problem supplies them,
 * else central differences in log space), falling back to Nelder–Mead and then BFGS again when
 * BFGS stalls. Converged means ‖∇f‖∞ ≤ 1e-3·√tolerance·max(1,|f|), or a relative change of f
 * below `tolerance` with ‖∇f‖∞ ≤ 1e-2·√tolerance·max(1,|f|). Iterations are capped by `maxIterations`
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
 * Standard errors come from the Hessian of −LL (unpenalised) by central differences in log space
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
 *   finite at any start point; NOT_CONVERGED when `control.strict` and the best fit did not converge.
 * @example
 * // Exponential rate: LL(λ) = n ln λ − λ Σy, MLE n/Σy = 0.5, SE λ/√n.
 * fitModel({ fn: 'demo', paramNames: ['lambda'], starts: [[1]], logLikelihood: (p) => 10 * Math.log(p[0]!) - p[0]! * 20 },
 *   { maxIterations: 200, tolerance: 1e-10, penalizer: 0, strict: false });
 * // { params: Float64Array [0.5000000012591703], standardErrors: Float64Array [0.15811388343312613],
 * //   logLikelihood: -16.931471805599454, converged: true, iterations: 6, penalizedLogLikelihood: -16.931471805599454, evaluations: 32, diverged: false }
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
    if (best === undefined || result.f < best.f || (result.f === best.f && result.converged && !best.converged)) best = result;
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

interface StartResult {
  readonly u: Float64Array;
  readonly f: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly diverged?: boolean;
}

function clampLog(u: number): number {
  return u > LOG_BOUND ? LOG_BOUND : u < -LOG_BOUND ? -LOG_BOUND : u;
}

function sumSquares(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return s;
}

/** f(u) = −LL(e^u)/W + penalizer·Σe^{2u}, with +Infinity wherever LL is not finite. */
class Objective {
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
function objectiveScale(f: number): number {
  return Math.max(1, Math.min(Math.abs(f), MAX_OBJECTIVE_SCALE));
}

function infNorm(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

/** BFGS, with a Nelder–Mead rescue when it stalls, then BFGS again from the rescued point. */
function minimise(objective: Objective, u0: Float64Array, control: FitControl): StartResult {
  const first = bfgs(objective, u0, control, control.maxIterations);
  if (first.converged || first.diverged === true || first.iterations >= control.maxIterations || objective.exhausted()) return first;
  const rescue = nelderMead(objective, first.u, control, control.maxIterations - first.iterations);
  const used = first.iterations + rescue.iterations;
  const from = rescue.f <= first.f ? rescue.u : first.u;
  const second = bfgs(objective, from, control, Math.max(0, control.maxIterations - used));
  const iterations = used + second.iterations;
  const pick = second.f <= Math.min(first.f, rescue.f) ? second : rescue.f <= first.f ? rescue : first;
  return {
    ...pick,
    converged: second.converged,
    iterations,
    diverged: second.diverged === true,
    ...(second.converged ? {} : { reason: second.reason ?? first.reason }),
  };
}

function bfgs(objective: Objective, u0: Float64Array, control: FitControl, maxIterations: number): StartResult {
  const k = u0.length;
  let u = Float64Array.from(u0);
  let g = new Float64Array(k);
  let f = objective.valueAndGradient(u, g);
  const h = identity(k);
  let scaled = false;
  const direction = new Float64Array(k);
  const trial = new Float64Array(k);
  let gTrial = new Float64Array(k);
  const s = new Float64Array(k);
  const y = new Float64Array(k);
  const gradTight = 1e-3 * Math.sqrt(control.tolerance);
  const gradLoose = 1e-2 * Math.sqrt(control.tolerance);
  if (!Number.isFinite(f)) return { u, f, converged: false, iterations: 0, reason: 'the objective or its gradient is not finite at the start point' };
  // Ring of the last DIVERGENCE_WINDOW iterates and objective values, for the divergence test.
  const history: { u: Float64Array; f: number }[] = [];

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const scale = objectiveScale(f);
    const gNorm = infNorm(g);
    if (gNorm <= gradTight * scale) return { u, f, converged: true, iterations: iteration };
    const runaway = divergence(objective.problem.paramNames, u, f, history);
    if (runaway !== undefined) return { u, f, converged: false, iterations: iteration, diverged: true, reason: runaway };
    if (objective.exhausted()) {
      return { u, f, converged: false, iterations: iteration, reason: `evaluation limit ${objective.maxEvaluations} reached (gradient norm ${gNorm.toExponential(2)})` };
    }

    // d = −H g; fall back to steepest descent when it is not a descent direction.
    let slope = 0;
    for (let i = 0; i < k; i++) {
      let d = 0;
      for (let j = 0; j < k; j++) d -= h[i * k + j]! * g[j]!;
      direction[i] = d;
      slope += d * g[i]!;
    }
    if (!(slope < 0)) {
      resetIdentity(h, k);
      scaled = false;
      slope = 0;
      for (let i = 0; i < k; i++) {
        direction[i] = -g[i]!;
        slope -= g[i]! * g[i]!;
      }
    }
    let step = 1;
    const dNorm = infNorm(direction);
    if (!scaled) step = Math.min(1, 1 / Math.max(dNorm, 1e-300));
    if (dNorm * step > MAX_LOG_STEP) step = MAX_LOG_STEP / dNorm;

    // Backtracking Armijo line search.
    let fTrial = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < k; i++) trial[i] = clampLog(u[i]! + step * direction[i]!);
      // With central differences a gradient costs 2k extra values: take it only at the accepted point.
      fTrial = objective.analytic ? objective.valueAndGradient(trial, gTrial) : objective.value(trial);
      if (Number.isFinite(fTrial) && fTrial <= f + 1e-4 * step * slope) {
        accepted = !objective.analytic ? Number.isFinite(objective.valueAndGradientAt(trial, fTrial, gTrial)) : true;
        if (accepted) break;
      }
      step *= Number.isFinite(fTrial) ? 0.5 : 0.1;
    }
    if (!accepted) {
      // At the noise floor of the objective a line search cannot make progress: that is an optimum.
      if (gNorm <= gradLoose * scale) return { u, f, converged: true, iterations: iteration };
      return { u, f, converged: false, iterations: iteration, reason: `line search failed (gradient norm ${gNorm.toExponential(2)})` };
    }

    let sy = 0;
    let yy = 0;
    for (let i = 0; i < k; i++) {
      s[i] = trial[i]! - u[i]!;
      y[i] = gTrial[i]! - g[i]!;
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
    }
    const change = Math.abs(f - fTrial);
    u = Float64Array.from(trial);
    const gPrev = g;
    g = gTrial;
    gTrial = gPrev;
    f = fTrial;
    if (sy > 1e-12 * Math.sqrt(yy) * infNorm(s) * Math.sqrt(k)) {
      if (!scaled) {
        // Nocedal & Wright (6.20): scale the initial inverse Hessian before the first update.
        const gamma = sy / yy;
        for (let i = 0; i < k * k; i++) h[i] = h[i]! * gamma;
        scaled = true;
      }
      bfgsUpdate(h, s, y, sy, k);
    }
    const newScale = objectiveScale(f);
    if (change <= control.tolerance * newScale && infNorm(g) <= gradLoose * newScale) {
      return { u, f, converged: true, iterations: iteration + 1 };
    }
  }
  const gNorm = infNorm(g);
  if (gNorm <= gradTight * objectiveScale(f)) return { u, f, converged: true, iterations: maxIterations };
  return { u, f, converged: false, iterations: maxIterations, reason: `iteration limit ${control.maxIterations} reached (gradient norm ${gNorm.toExponential(2)})` };
}

/**
 * The divergence test of fitModel: records (u, f) and returns a reason when the iterates run away along
 * a ridge (a log-parameter drifts by more than DIVERGENCE_DRIFT over DIVERGENCE_WINDOW iterations while
 * f gains less than DIVERGENCE_GAIN·max(1,|f|)) or reach the edge of the log box.
 */
function divergence(names: readonly string[], u: Float64Array, f: number, history: { u: Float64Array; f: number }[]): string | undefined {
  history.push({ u: Float64Array.from(u), f });
  if (history.length > DIVERGENCE_WINDOW + 1) history.shift();
  const atEdge: string[] = [];
  for (let i = 0; i < u.length; i++) if (Math.abs(u[i]!) >= LOG_BOUND - BOUND_MARGIN) atEdge.push(names[i]!);
  if (atEdge.length > 0) {
    return `${listNames(atEdge)} reached the end of the representable range (e^±${LOG_BOUND - BOUND_MARGIN}): the likelihood has no finite maximum in ${atEdge.length > 1 ? 'them' : 'it'}`;
  }
  if (history.length <= DIVERGENCE_WINDOW) return undefined;
  const old = history[0]!;
  const stalled = old.f - f < DIVERGENCE_GAIN * Math.max(1, Math.abs(f));
  const growing: string[] = [];
  const shrinking: string[] = [];
  for (let i = 0; i < u.length; i++) {
    const drift = u[i]! - old.u[i]!;
    if (Math.abs(drift) <= DIVERGENCE_DRIFT) continue;
    const far = Math.abs(u[i]!) > FAR_LOG && Math.sign(drift) === Math.sign(u[i]!);
    if (!stalled && !far) continue;
    (drift > 0 ? growing : shrinking).push(names[i]!);
  }
  if (growing.length === 0 && shrinking.length === 0) return undefined;
  const parts: string[] = [];
  if (growing.length > 0) parts.push(`${listNames(growing)} ${growing.length > 1 ? 'grow' : 'grows'} without bound`);
  if (shrinking.length > 0) parts.push(`${listNames(shrinking)} ${shrinking.length > 1 ? 'shrink' : 'shrinks'} towards 0`);
  const several = growing.length + shrinking.length > 1;
  return `${parts.join(' and ')}${stalled ? ' while the log-likelihood no longer improves' : ''}: the likelihood has no maximum at finite ${
    several ? 'values of these parameters' : 'values of this parameter'
  }, so the data cannot identify ${several ? 'them' : 'it'}`;
}

function listNames(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

function identity(k: number): Float64Array {
  const m = new Float64Array(k * k);
  resetIdentity(m, k);
  return m;
}

function resetIdentity(m: Float64Array, k: number): void {
  m.fill(0);
  for (let i = 0; i < k; i++) m[i * k + i] = 1;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs). */
function bfgsUpdate(h: Float64Array, s: Float64Array, y: Float64Array, sy: number, k: number): void {
  const rho = 1 / sy;
  const hy = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let v = 0;
    for (let j = 0; j < k; j++) v += h[i * k + j]! * y[j]!;
    hy[i] = v;
  }
  let yhy = 0;
  for (let i = 0; i < k; i++) yhy += y[i]! * hy[i]!;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      h[i * k + j] = h[i * k + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!;
    }
  }
}

/** Nelder–Mead on the log parameters (standard coefficients 1, 2, ½, ½). */
function nelderMead(objective: Objective, u0: Float64Array, control: FitControl, maxIterations: number): StartResult {
  const k = u0.length;
  const simplex: Float64Array[] = [Float64Array.from(u0)];
  for (let i = 0; i < k; i++) {
    const v = Float64Array.from(u0);
    v[i] = v[i]! + 0.25;
    simplex.push(v);
  }
  const values = simplex.map((v) => objective.value(v));
  const centroid = new Float64Array(k);
  const point = (from: Float64Array, towards: Float64Array, c: number): Float64Array => {
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) out[i] = clampLog(from[i]! + c * (towards[i]! - from[i]!));
    return out;
  };
  let iterations = 0;
  for (; iterations < maxIterations && !objective.exhausted(); iterations++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const sortedS = order.map((i) => simplex[i]!);
    const sortedV = order.map((i) => values[i]!);
    for (let i = 0; i <= k; i++) {
      simplex[i] = sortedS[i]!;
      values[i] = sortedV[i]!;
    }
    const bestV = values[0]!;
    const worstV = values[k]!;
    let spread = 0;
    for (let i = 1; i <= k; i++) spread = Math.max(spread, infNormDiff(simplex[i]!, simplex[0]!));
    if (Math.abs(worstV - bestV) <= control.tolerance * objectiveScale(bestV) && spread < 1e-8) break;
    centroid.fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) centroid[j] = centroid[j]! + simplex[i]![j]! / k;
    const worst = simplex[k]!;
    const reflected = point(centroid, worst, -1);
    const fr = objective.value(reflected);
    if (fr < bestV) {
      const expanded = point(centroid, worst, -2);
      const fe = objective.value(expanded);
      if (fe < fr) {
        simplex[k] = expanded;
        values[k] = fe;
      } else {
        simplex[k] = reflected;
        values[k] = fr;
      }
    } else if (fr < values[k - 1]!) {
      simplex[k] = reflected;
      values[k] = fr;
    } else {
      const contracted = fr < worstV ? point(centroid, reflected, 0.5) : point(centroid, worst, 0.5);
      const fc = objective.value(contracted);
      if (fc < Math.min(fr, worstV)) {
        simplex[k] = contracted;
        values[k] = fc;
      } else {
        for (let i = 1; i <= k; i++) {
          simplex[i] = point(simplex[0]!, simplex[i]!, 0.5);
          values[i] = objective.value(simplex[i]!);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= k; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { u: simplex[bestIndex]!, f: values[bestIndex]!, converged: false, iterations, reason: 'Nelder–Mead rescue' };
}

function infNormDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Standard errors at θ̂ from the Hessian of −LL (unpenalised); see fitModel. */
function standardErrors(problem: LikelihoodProblem, params: Float64Array, objective: Objective): { values: Float64Array | null; reason?: string } {
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
        if (!(sum > 1e-12)) return null;
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
