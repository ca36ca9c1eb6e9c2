/**
 * BFGS on log parameters with a backtracking Armijo line search, the divergence test, and the Nelder–Mead
 * rescue when BFGS stalls (see fitModel for the criteria); Newton steps instead of BFGS ones where the
 * problem has an analytic Hessian and it is positive definite. Internal to the fitting core.
 */
import type { FitControl } from './fit-model.js';
import { nelderMead } from './nelder-mead.js';
import { LOG_BOUND, MAX_OBJECTIVE_SCALE, clampLog, infNorm, listNames, objectiveScale, type Objective, type StartResult } from './objective.js';

/** Converged when ‖∇f‖∞ ≤ GRADIENT_TIGHT·√tolerance·scale (at any iterate)… */
const GRADIENT_TIGHT = 1e-3;
/** …or when f changed by less than tolerance·scale with ‖∇f‖∞ ≤ GRADIENT_LOOSE·√tolerance·scale. */
const GRADIENT_LOOSE = 1e-2;
/** Armijo sufficient-decrease constant c₁ of the line search. */
const ARMIJO_C1 = 1e-4;
/** Backtracking steps tried per line search before it counts as failed. */
const LINE_SEARCH_ATTEMPTS = 60;
/** Step shrink factor after a finite but insufficient trial… */
const BACKTRACK = 0.5;
/** …and after a trial where the objective is not finite (outside the likelihood's domain). */
const BACKTRACK_OUTSIDE = 0.1;
/** Skip the BFGS update unless sᵀy > CURVATURE_MIN·‖y‖₂·‖s‖∞·√k (keeps the inverse Hessian positive definite). */
const CURVATURE_MIN = 1e-12;
/** Floor of ‖d‖∞ in the first, unscaled step length 1/‖d‖∞. */
const TINY_DIRECTION = 1e-300;
/** Largest move of any log-parameter in one line-search trial (e^6 ≈ 400-fold). */
const MAX_LOG_STEP = 6;
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

/** BFGS, with a Nelder–Mead rescue when it stalls, then BFGS again from the rescued point. */
export function minimise(objective: Objective, u0: Float64Array, control: FitControl): StartResult {
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

/** BFGS (or Newton) from u0, with ‖∇f‖∞ at the point it ends on. */
function bfgs(objective: Objective, u0: Float64Array, control: FitControl, maxIterations: number): StartResult {
  const last = { gradientNorm: Number.POSITIVE_INFINITY };
  const result = bfgsFrom(objective, u0, control, maxIterations, last);
  return { ...result, gradientNorm: last.gradientNorm };
}

function bfgsFrom(objective: Objective, u0: Float64Array, control: FitControl, maxIterations: number, last: { gradientNorm: number }): StartResult {
  const k = u0.length;
  let u = Float64Array.from(u0);
  let g = new Float64Array(k);
  // With an analytic Hessian: Newton steps wherever the Hessian of f is positive definite (BFGS's own
  // inverse-Hessian estimate is kept up to date for the other iterates).
  const newton = objective.hasHessian;
  let hu = newton ? new Float64Array(k * k) : null;
  let huTrial = newton ? new Float64Array(k * k) : null;
  let f = newton ? objective.valueGradientHessian(u, g, hu!) : objective.valueAndGradient(u, g);
  const h = identity(k);
  let scaled = false;
  const direction = new Float64Array(k);
  const trial = new Float64Array(k);
  let gTrial = new Float64Array(k);
  const s = new Float64Array(k);
  const y = new Float64Array(k);
  const gradTight = GRADIENT_TIGHT * Math.sqrt(control.tolerance);
  const gradLoose = GRADIENT_LOOSE * Math.sqrt(control.tolerance);
  if (!Number.isFinite(f)) return { u, f, converged: false, iterations: 0, reason: 'the objective or its gradient is not finite at the start point' };
  // Ring of the last DIVERGENCE_WINDOW iterates and objective values, for the divergence test.
  const history: { u: Float64Array; f: number }[] = [];

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const scale = objectiveScale(f);
    const gNorm = infNorm(g);
    last.gradientNorm = gNorm;
    if (gNorm <= gradTight * scale) return { u, f, converged: true, iterations: iteration };
    const runaway = divergence(objective.problem.paramNames, u, f, history);
    if (runaway !== undefined) return { u, f, converged: false, iterations: iteration, diverged: true, reason: runaway };
    if (objective.exhausted()) {
      return {
        u,
        f,
        converged: false,
        iterations: iteration,
        reason: `evaluation limit ${objective.maxEvaluations} reached (gradient norm ${gNorm.toExponential(2)})`,
      };
    }

    // d = −∇²f⁻¹ g (Newton, when ∇²f is positive definite), else d = −H g; steepest descent when neither
    // is a descent direction.
    let slope = 0;
    // Not where |f| > MAX_OBJECTIVE_SCALE: there f is dominated by parameter-free constants (a corrupt frequency
    // of 1e12), its rounding noise is as large as the changes a step makes, and only BFGS with the divergence
    // test over its window is trusted.
    const newtonStep = hu !== null && Math.abs(f) <= MAX_OBJECTIVE_SCALE && newtonDirection(hu, g, k, direction);
    if (newtonStep) {
      for (let i = 0; i < k; i++) slope += direction[i]! * g[i]!;
    } else {
      for (let i = 0; i < k; i++) {
        let d = 0;
        for (let j = 0; j < k; j++) d -= h[i * k + j]! * g[j]!;
        direction[i] = d;
        slope += d * g[i]!;
      }
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
    if (!scaled && !newtonStep) step = Math.min(1, 1 / Math.max(dNorm, TINY_DIRECTION));
    if (dNorm * step > MAX_LOG_STEP) step = MAX_LOG_STEP / dNorm;

    // Backtracking Armijo line search.
    let fTrial = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let attempt = 0; attempt < LINE_SEARCH_ATTEMPTS; attempt++) {
      for (let i = 0; i < k; i++) trial[i] = clampLog(u[i]! + step * direction[i]!);
      // With central differences a gradient costs 2k extra values: take it only at the accepted point.
      fTrial =
        huTrial !== null
          ? objective.valueGradientHessian(trial, gTrial, huTrial)
          : objective.analytic
            ? objective.valueAndGradient(trial, gTrial)
            : objective.value(trial);
      if (Number.isFinite(fTrial) && fTrial <= f + ARMIJO_C1 * step * slope) {
        accepted = !objective.analytic ? Number.isFinite(objective.valueAndGradientAt(trial, fTrial, gTrial)) : true;
        if (accepted) break;
      }
      step *= Number.isFinite(fTrial) ? BACKTRACK : BACKTRACK_OUTSIDE;
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
    if (hu !== null) {
      const huPrev = hu;
      hu = huTrial;
      huTrial = huPrev;
    }
    f = fTrial;
    if (sy > CURVATURE_MIN * Math.sqrt(yy) * infNorm(s) * Math.sqrt(k)) {
      if (!scaled) {
        // Nocedal & Wright (6.20): scale the initial inverse Hessian before the first update.
        const gamma = sy / yy;
        for (let i = 0; i < k * k; i++) h[i] = h[i]! * gamma;
        scaled = true;
      }
      bfgsUpdate(h, s, y, sy, k);
    }
    last.gradientNorm = infNorm(g);
    const newScale = objectiveScale(f);
    // After a Newton step a small change of f is not taken as convergence: the next step costs one evaluation and
    // brings the gradient down quadratically to the tight test at the top of the loop (or to the noise floor).
    if (!newtonStep && change <= control.tolerance * newScale && infNorm(g) <= gradLoose * newScale) {
      return { u, f, converged: true, iterations: iteration + 1 };
    }
  }
  const gNorm = infNorm(g);
  if (gNorm <= gradTight * objectiveScale(f)) return { u, f, converged: true, iterations: maxIterations };
  return {
    u,
    f,
    converged: false,
    iterations: maxIterations,
    reason: `iteration limit ${control.maxIterations} reached (gradient norm ${gNorm.toExponential(2)})`,
  };
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

/** Smallest Cholesky pivot of the equilibrated Hessian (unit diagonal) taken as positive definite for a Newton step. */
const NEWTON_MIN_PIVOT = 1e-10;

/**
 * The Newton direction d = −M⁻¹g by Cholesky of the symmetric k×k matrix M (row-major), equilibrated by its
 * diagonal; false (d untouched) when M is not safely positive definite.
 */
function newtonDirection(m: Float64Array, g: Float64Array, k: number, out: Float64Array): boolean {
  const scale = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const v = m[i * k + i]!;
    if (!(v > 0) || !Number.isFinite(v)) return false;
    scale[i] = 1 / Math.sqrt(v);
  }
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0.5 * (m[i * k + j]! + m[j * k + i]!) * scale[i]! * scale[j]!;
      for (let p = 0; p < j; p++) sum -= l[i * k + p]! * l[j * k + p]!;
      if (i === j) {
        if (!(sum > NEWTON_MIN_PIVOT)) return false;
        l[i * k + i] = Math.sqrt(sum);
      } else {
        l[i * k + j] = sum / l[j * k + j]!;
      }
    }
  }
  // Solve (D M D) z = −D g, then d = D z.
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = -g[i]! * scale[i]!;
    for (let p = 0; p < i; p++) sum -= l[i * k + p]! * z[p]!;
    z[i] = sum / l[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let p = i + 1; p < k; p++) sum -= l[p * k + i]! * z[p]!;
    z[i] = sum / l[i * k + i]!;
  }
  for (let i = 0; i < k; i++) {
    const d = z[i]! * scale[i]!;
    if (!Number.isFinite(d)) return false;
    out[i] = d;
  }
  return true;
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
