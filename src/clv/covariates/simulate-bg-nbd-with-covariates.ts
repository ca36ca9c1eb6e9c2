import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';
import { simulateBg } from '../bg-nbd/bg-family.js';
import type { BgSimulation } from '../bg-nbd/bg-family.js';
import { resolveCovariates } from './covariate-columns.js';
import { covariateColumnsSchema, finiteNumber, positiveNumber, processCoefficientsSchema } from './simulation-schemas.js';

/** Options of {@link simulateBgNbdWithCovariates}. */
export const simulateBgNbdCovariatesSchema = z
  .object({
    /** r, α, a, b of a customer whose covariates are all 0. */
    params: z.object({ r: positiveNumber, alpha: positiveNumber, a: positiveNumber, b: positiveNumber }).strict(),
    /** Covariate columns by name (each with one value per customer). */
    covariates: covariateColumnsSchema,
    /** Coefficients by covariate name: purchase (α_i = α·e^{−γ₁ᵀz}) and dropout (a_i, b_i scaled by e^{γ₂ᵀz}). */
    coefficients: processCoefficientsSchema,
    /** Observation length T > 0 of every customer (one number for all). */
    T: positiveNumber,
    seed: finiteNumber,
  })
  .strict();

/** Options of {@link simulateBgNbdWithCovariates} (before defaults). */
export type SimulateBgNbdWithCovariatesOptions = z.input<typeof simulateBgNbdCovariatesSchema>;

/**
 * Draw customers from BG/NBD with static covariates (the model of {@link fitBgNbdWithCovariates}): customer i
 * has α_i = α·exp(−γ₁ᵀz_i), a_i = a·exp(γ₂ᵀz_i), b_i = b·exp(γ₂ᵀz_i); λ_i ~ Gamma(r, 1/α_i), p_i ~ Beta(a_i, b_i),
 * then the BG/NBD purchase and dropout process over (0, T]. Customer i uses the stream `fork(i)` of the seed,
 * so a customer's draw does not depend on the others.
 *
 * @throws INVALID_OPTIONS; MISSING_COLUMN when a coefficient names no covariate column; LENGTH_MISMATCH when the
 *   covariate columns differ in length; INVALID_VALUE for a non-finite covariate.
 * @example
 * simulateBgNbdWithCovariates({ params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, covariates: { z: [0, 1] },
 *   coefficients: { purchase: { z: 0.5 } }, T: 39, seed: 1 }).frequency // Float64Array [ … ]
 */
export function simulateBgNbdWithCovariates(options: SimulateBgNbdWithCovariatesOptions): BgSimulation {
  const fn = 'simulateBgNbdWithCovariates';
  const o = parseOptions(simulateBgNbdCovariatesSchema, options, fn);
  const names = Object.keys(o.covariates);
  if (names.length === 0) throw new ClvkitError('INVALID_OPTIONS', 'give at least one covariate column', { fn, path: ['covariates'] });
  const n = o.covariates[names[0]!]!.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  const purchaseNames = Object.keys(o.coefficients.purchase);
  const dropoutNames = Object.keys(o.coefficients.dropout);
  const zp = resolveCovariates(purchaseNames, o.covariates, undefined, n, fn, 'coefficients.purchase').columns;
  const zd = resolveCovariates(dropoutNames, o.covariates, undefined, n, fn, 'coefficients.dropout').columns;
  resolveCovariates(names, o.covariates, undefined, n, fn, 'covariates');
  const root = createRandom(o.seed);
  const out = {
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n).fill(o.T),
    lambda: new Float64Array(n),
    p: new Float64Array(n),
    alive: new Uint8Array(n),
  };
  const one = Float64Array.of(o.T);
  for (let i = 0; i < n; i++) {
    let etaP = 0;
    purchaseNames.forEach((name, j) => (etaP += o.coefficients.purchase[name]! * zp[j]![i]!));
    let etaD = 0;
    dropoutNames.forEach((name, j) => (etaD += o.coefficients.dropout[name]! * zd[j]![i]!));
    const params = { r: o.params.r, alpha: o.params.alpha * Math.exp(-etaP), a: o.params.a * Math.exp(etaD), b: o.params.b * Math.exp(etaD) };
    const s = simulateBg(params, 0, one, () => root.fork(i), fn);
    out.frequency[i] = s.frequency[0]!;
    out.recency[i] = s.recency[0]!;
    out.lambda[i] = s.lambda[0]!;
    out.p[i] = s.p[0]!;
    out.alive[i] = s.alive[0]!;
  }
  return out;
}
