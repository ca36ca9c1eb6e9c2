import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';
import { resolveCovariates } from './covariate-columns.js';
import { covariateColumnsSchema, finiteNumber, positiveNumber, processCoefficientsSchema } from './simulation-schemas.js';

const schema = z
  .object({
    /** r, α, s, β of a customer whose covariates are all 0. */
    params: z.object({ r: positiveNumber, alpha: positiveNumber, s: positiveNumber, beta: positiveNumber }).strict(),
    /** Covariate columns by name (one value per customer). */
    covariates: covariateColumnsSchema,
    /** Coefficients by covariate name: purchase (α_i = α·e^{−γ₁ᵀz}) and dropout (β_i = β·e^{−γ₂ᵀz}). */
    coefficients: processCoefficientsSchema,
    /** Observation length T > 0 of every customer. */
    T: positiveNumber,
    seed: finiteNumber,
  })
  .strict();

/** Options of {@link simulateParetoNbdWithCovariates}. */
export type SimulateParetoNbdWithCovariatesOptions = z.input<typeof schema>;

/** Simulated customers: x, t_x, T, and each one's drawn λ, μ and whether they are alive at T. */
export interface ParetoNbdCovariateSimulation {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly lambda: Float64Array;
  readonly mu: Float64Array;
  readonly alive: Uint8Array;
}

/**
 * Draw customers from Pareto/NBD with static covariates (the model of {@link fitParetoNbdWithCovariates}):
 * λ_i ~ Gamma(r, scale 1/α_i), μ_i ~ Gamma(s, scale 1/β_i), α_i = α·e^{−γ₁ᵀz_i}, β_i = β·e^{−γ₂ᵀz_i}; the
 * lifetime is Exponential(μ_i) from the first purchase at 0, purchases are Poisson(λ_i) while alive, up to T.
 * Customer i uses the stream `fork(i)` of the seed.
 *
 * @throws INVALID_OPTIONS; MISSING_COLUMN, LENGTH_MISMATCH, INVALID_VALUE for the covariate columns.
 * @example
 * simulateParetoNbdWithCovariates({ params: { r: 0.5, alpha: 10, s: 0.6, beta: 12 }, covariates: { z: [0, 1] },
 *   coefficients: { dropout: { z: 0.5 } }, T: 52, seed: 1 }).frequency // Float64Array [ … ]
 */
export function simulateParetoNbdWithCovariates(options: SimulateParetoNbdWithCovariatesOptions): ParetoNbdCovariateSimulation {
  const fn = 'simulateParetoNbdWithCovariates';
  const o = parseOptions(schema, options, fn);
  const names = Object.keys(o.covariates);
  if (names.length === 0) throw new ClvkitError('INVALID_OPTIONS', 'give at least one covariate column', { fn, path: ['covariates'] });
  const n = o.covariates[names[0]!]!.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  resolveCovariates(names, o.covariates, undefined, n, fn, 'covariates');
  const pn = Object.keys(o.coefficients.purchase);
  const dn = Object.keys(o.coefficients.dropout);
  const zp = resolveCovariates(pn, o.covariates, undefined, n, fn, 'coefficients.purchase').columns;
  const zd = resolveCovariates(dn, o.covariates, undefined, n, fn, 'coefficients.dropout').columns;
  const root = createRandom(o.seed);
  const out = {
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n).fill(o.T),
    lambda: new Float64Array(n),
    mu: new Float64Array(n),
    alive: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    let etaP = 0;
    pn.forEach((name, j) => (etaP += o.coefficients.purchase[name]! * zp[j]![i]!));
    let etaD = 0;
    dn.forEach((name, j) => (etaD += o.coefficients.dropout[name]! * zd[j]![i]!));
    const rng = root.fork(i);
    const lambda = rng.gamma(o.params.r, Math.exp(etaP) / o.params.alpha);
    const mu = rng.gamma(o.params.s, Math.exp(etaD) / o.params.beta);
    const lifetime = mu > 0 ? rng.exponential(mu) : Number.POSITIVE_INFINITY;
    const end = Math.min(lifetime, o.T);
    let x = 0;
    let tx = 0;
    if (lambda > 0) {
      for (let time = rng.exponential(lambda); time <= end; time += rng.exponential(lambda)) {
        x++;
        tx = time;
        if (x > 1e8) throw new ClvkitError('NUMERIC_FAILURE', 'a simulated customer makes more than 1e8 purchases', { fn, index: i });
      }
    }
    out.frequency[i] = x;
    out.recency[i] = tx;
    out.lambda[i] = lambda;
    out.mu[i] = mu;
    out.alive[i] = lifetime > o.T ? 1 : 0;
  }
  return out;
}
