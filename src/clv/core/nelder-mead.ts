import type { FitControl } from './fit-model.js';
import { clampLog, objectiveScale, type Objective, type StartResult } from './objective.js';

/** Edge of the initial simplex around the start, in log parameters (a factor e^0.25 ≈ 1.28). */
const INITIAL_EDGE = 0.25;
/** Stop once the simplex is this small (max-norm, log parameters) and its values agree to the tolerance. */
const MIN_SPREAD = 1e-8;
/** Contraction and shrink coefficient (the standard ½). */
const CONTRACT = 0.5;

/** Nelder–Mead on the log parameters (standard coefficients 1, 2, ½, ½). */
export function nelderMead(objective: Objective, u0: Float64Array, control: FitControl, maxIterations: number): StartResult {
  const k = u0.length;
  const simplex: Float64Array[] = [Float64Array.from(u0)];
  for (let i = 0; i < k; i++) {
    const v = Float64Array.from(u0);
    v[i] = v[i]! + INITIAL_EDGE;
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
    if (Math.abs(worstV - bestV) <= control.tolerance * objectiveScale(bestV) && spread < MIN_SPREAD) break;
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
      const contracted = fr < worstV ? point(centroid, reflected, CONTRACT) : point(centroid, worst, CONTRACT);
      const fc = objective.value(contracted);
      if (fc < Math.min(fr, worstV)) {
        simplex[k] = contracted;
        values[k] = fc;
      } else {
        for (let i = 1; i <= k; i++) {
          simplex[i] = point(simplex[0]!, simplex[i]!, CONTRACT);
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
