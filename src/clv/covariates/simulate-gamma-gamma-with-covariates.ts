import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';
import { resolveCovariates } from './covariate-columns.js';
import { covariateColumnsSchema, finiteNumber, numberColumn, positiveNumber } from './simulation-schemas.js';

const schema = z
  .object({
    /** p, q, γ of a customer whose covariates are all 0. */
    params: z.object({ p: positiveNumber, q: positiveNumber, gamma: positiveNumber }).strict(),
    /** Each customer's number of repeat transactions x (whole numbers ≥ 0). */
    frequency: numberColumn,
    /** Covariate columns by name (one value per customer). */
    covariates: covariateColumnsSchema,
    /** Coefficients δ by covariate name: γ_i = γ·e^{δᵀz_i}. */
    coefficients: z.record(z.string(), finiteNumber),
    seed: finiteNumber,
  })
  .strict();

/** Options of {@link simulateGammaGammaWithCovariates}. */
export type SimulateGammaGammaWithCovariatesOptions = z.input<typeof schema>;

/**
 * Draw mean transaction values from Gamma-Gamma with static covariates (the model of
 * {@link fitGammaGammaWithCovariates}): ν_i ~ Gamma(q, rate γ_i), γ_i = γ·e^{δᵀz_i}; the x_i values are
 * Gamma(p, rate ν_i) and m̄_i is their mean (0 when x_i = 0). Customer i uses the stream `fork(i)`.
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (a frequency that is not a whole number ≥ 0), MISSING_COLUMN / LENGTH_MISMATCH (covariates).
 * @example
 * simulateGammaGammaWithCovariates({ params: { p: 6, q: 4, gamma: 15 }, frequency: [2, 0], covariates: { z: [1, 0] },
 *   coefficients: { z: 0.3 }, seed: 1 }).monetaryValue // Float64Array [ …, 0 ]
 */
export function simulateGammaGammaWithCovariates(options: SimulateGammaGammaWithCovariatesOptions): { frequency: Float64Array; monetaryValue: Float64Array } {
  const fn = 'simulateGammaGammaWithCovariates';
  const o = parseOptions(schema, options, fn);
  const n = o.frequency.length;
  const names = Object.keys(o.coefficients);
  const zs = resolveCovariates(names, o.covariates, undefined, n, fn, 'coefficients').columns;
  const root = createRandom(o.seed);
  const frequency = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = o.frequency[i]!;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
      throw new ClvkitError('INVALID_VALUE', 'frequency must be a whole number ≥ 0', { fn, column: 'frequency', index: i, value: x });
    frequency[i] = x;
    if (x === 0) continue;
    let eta = 0;
    names.forEach((name, j) => (eta += o.coefficients[name]! * zs[j]![i]!));
    const rng = root.fork(i);
    const nu = rng.gamma(o.params.q, 1 / (o.params.gamma * Math.exp(eta)));
    let total = 0;
    for (let k = 0; k < x; k++) total += rng.gamma(o.params.p, 1 / nu);
    monetaryValue[i] = total / x;
  }
  return { frequency, monetaryValue };
}
