import { paretoNbdLogTerms, paretoNbdRowGradient } from '../pareto-nbd/pareto-nbd-log-likelihood.js';
import type { CovariatePatterns } from './bg-nbd-covariate-likelihood.js';
import type { CovariateProblem } from './fit-covariate-model.js';

/**
 * The Pareto/NBD log-likelihood with static covariates (Fader & Hardie 2007, brucehardie.com note 019; the
 * parameterisation of CLVTools' `pnbd` with static covariates): customer i has
 *   α_i = α·exp(−γ₁ᵀz₁ᵢ) (purchase: γ₁ > 0 raises E[λ_i] = r/α_i),
 *   β_i = β·exp(−γ₂ᵀz₂ᵢ) (dropout: γ₂ > 0 raises E[μ_i] = s/β_i, i.e. shortens lifetimes),
 * and the Pareto/NBD likelihood at (r, α_i, s, β_i) ({@link paretoNbdLogTerms}). Coordinates
 * u = (ln r, ln α, ln s, ln β, γ₁, γ₂); the gradient by the chain rule from the analytic per-row gradient
 * ({@link paretoNbdRowGradient}): ∂/∂ln α = Σ α_i ∂ℓ/∂α_i, ∂/∂γ₁ = −Σ α_i z₁ᵢ ∂ℓ/∂α_i, likewise for β.
 * With all-zero covariates it is exactly the plain Pareto/NBD likelihood.
 */
export function paretoNbdCovariateProblem(fn: string, patterns: CovariatePatterns, names: readonly string[]): CovariateProblem {
  const P = patterns.purchase.length;
  const D = patterns.dropout.length;
  const row = new Float64Array(4);
  const evaluate = (u: Float64Array, grad: Float64Array | null): number => {
    const r = Math.exp(u[0]!);
    const s = Math.exp(u[2]!);
    if (!(r > 0 && s > 0) || !Number.isFinite(r + s)) return Number.NEGATIVE_INFINITY;
    if (grad !== null) grad.fill(0);
    let ll = 0;
    for (let i = 0; i < patterns.length; i++) {
      const w = patterns.weight[i]!;
      if (w === 0) continue;
      let etaP = 0;
      for (let j = 0; j < P; j++) etaP += u[4 + j]! * patterns.purchase[j]![i]!;
      let etaD = 0;
      for (let j = 0; j < D; j++) etaD += u[4 + P + j]! * patterns.dropout[j]![i]!;
      const alpha = Math.exp(u[1]! - etaP);
      const beta = Math.exp(u[3]! - etaD);
      if (!(alpha > 0 && beta > 0) || !Number.isFinite(alpha + beta)) return Number.NEGATIVE_INFINITY;
      const params = { r, alpha, s, beta };
      const x = patterns.x[i]!;
      const v =
        grad === null
          ? paretoNbdLogTerms(params, x, patterns.tx[i]!, patterns.T[i]!).logLikelihood
          : paretoNbdRowGradient(params, x, patterns.tx[i]!, patterns.T[i]!, row);
      if (!Number.isFinite(v)) return Number.NEGATIVE_INFINITY;
      ll += w * v;
      if (grad !== null) {
        const gA = w * alpha * row[1]!;
        const gB = w * beta * row[3]!;
        grad[0] = grad[0]! + w * r * row[0]!;
        grad[1] = grad[1]! + gA;
        grad[2] = grad[2]! + w * s * row[2]!;
        grad[3] = grad[3]! + gB;
        for (let j = 0; j < P; j++) grad[4 + j] = grad[4 + j]! - gA * patterns.purchase[j]![i]!;
        for (let j = 0; j < D; j++) grad[4 + P + j] = grad[4 + P + j]! - gB * patterns.dropout[j]![i]!;
      }
    }
    return ll;
  };
  return { fn, names, positive: 4, weightTotal: patterns.total, evaluate };
}
