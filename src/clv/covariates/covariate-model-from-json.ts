import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { TIME_UNITS } from '../../time.js';
import { parseModelJson } from '../../validate.js';
import { BG_PARAM_NAMES } from '../bg-nbd/bg-model.js';
import { GAMMA_GAMMA_PARAMS } from '../gamma-gamma/fit-gamma-gamma.js';
import { PARETO_NBD_PARAMS } from '../pareto-nbd/pareto-nbd-model.js';
import { estimateNamesOf } from './covariate-model.js';
import { makeBgNbdCovariateModel, type BgNbdCovariateModel } from './fit-bg-nbd-with-covariates.js';
import { makeGammaGammaCovariateModel, type GammaGammaCovariateModel } from './fit-gamma-gamma-with-covariates.js';
import { makeParetoNbdCovariateModel, type ParetoNbdCovariateModel } from './fit-pareto-nbd-with-covariates.js';

const FN = 'modelFromJSON';
const finite = z.number().refine(Number.isFinite, 'must be finite');
const nonNegative = finite.refine((v) => v >= 0, 'must be ≥ 0');
const names = z
  .array(z.string().min(1))
  .refine((v) => new Set(v).size === v.length, 'covariate names must be distinct')
  .readonly();
const record = z.record(z.string(), finite);
const fitBlock = {
  estimateNames: z.array(z.string().min(1)),
  estimates: z.array(finite).min(1),
  covariance: z.array(finite).nullable(),
  penalizedLogLikelihood: finite,
  penalizer: nonNegative,
};
const common = {
  format: z.literal('clvkit-model'),
  version: z.literal(2),
  params: record,
  standardErrors: record.nullable(),
  logLikelihood: finite,
  converged: z.boolean(),
  identified: z.boolean().optional(),
  iterations: z.number().int().min(0),
  reason: z.string().optional(),
  customers: nonNegative,
};
const transactionSchema = z.strictObject({
  ...common,
  kind: z.enum(['bg-nbd', 'pareto-nbd']),
  timeUnit: z.enum(TIME_UNITS),
  covariates: z.strictObject({
    purchase: names,
    dropout: names,
    coefficients: z.strictObject({ purchase: record, dropout: record }),
    coefficientStandardErrors: z.strictObject({ purchase: record, dropout: record }).nullable(),
    ...fitBlock,
    covariatePenalty: z.strictObject({ purchase: nonNegative, dropout: nonNegative }),
    patterns: z.number().int().min(0),
  }),
});
const spendSchema = z.strictObject({
  ...common,
  kind: z.literal('gamma-gamma'),
  timeUnit: z.null(),
  extra: z.strictObject({
    excluded: z.strictObject({ zeroFrequency: z.number().int().min(0), nonPositiveValue: z.number().int().min(0) }),
  }),
  covariates: z.strictObject({
    spend: names,
    coefficients: record,
    coefficientStandardErrors: record.nullable(),
    ...fitBlock,
    covariatePenalty: nonNegative,
  }),
});
const savedSchema = z.discriminatedUnion('kind', [transactionSchema, spendSchema]);

/** A model with static covariates restored by {@link covariateModelFromJSON}. */
export type RestoredCovariateModel = BgNbdCovariateModel | ParetoNbdCovariateModel | GammaGammaCovariateModel;

function invalid(message: string, path: (string | number)[]): never {
  throw new ClvkitError('INVALID_MODEL', message, { fn: FN, path });
}

/** The saved estimates must be the ones every readable field was written from (a hand edit shows here). */
function checkConsistent(
  block: { estimateNames: readonly string[]; estimates: readonly number[]; covariance: readonly number[] | null },
  expectedNames: readonly string[],
  paramNames: readonly string[],
  params: Readonly<Record<string, number>>,
  coefficients: readonly (readonly [path: readonly (string | number)[], value: number | undefined, index: number])[],
): void {
  const k = expectedNames.length;
  if (block.estimates.length !== k) invalid(`covariates.estimates has ${block.estimates.length} values, expected ${k}`, ['covariates', 'estimates']);
  if (block.estimateNames.length !== k || block.estimateNames.some((n, i) => n !== expectedNames[i])) {
    invalid(`covariates.estimateNames must be ${expectedNames.join(', ')}`, ['covariates', 'estimateNames']);
  }
  if (block.covariance !== null && block.covariance.length !== k * k) {
    invalid(`covariates.covariance has ${block.covariance.length} values, expected ${k * k}`, ['covariates', 'covariance']);
  }
  const keys = Object.keys(params);
  if (keys.length !== paramNames.length || paramNames.some((n) => !keys.includes(n))) invalid(`params must be ${paramNames.join(', ')}`, ['params']);
  paramNames.forEach((name, i) => {
    const v = Math.exp(block.estimates[i]!);
    if (!(Math.abs(params[name]! - v) <= 1e-12 * v)) invalid(`params.${name} is not exp(covariates.estimates[${i}])`, ['params', name]);
  });
  for (const [path, value, index] of coefficients) {
    if (value !== block.estimates[index]) invalid(`${path.join('.')} is not covariates.estimates[${index}]`, [...path]);
  }
}

/**
 * Restore a BG/NBD, Pareto/NBD or Gamma-Gamma model with static covariates from its saved form
 * (clvkit-model version 2, see SerializedCovariateModel; `modelFromJSON` sends version 2 files here). The model is
 * rebuilt from its estimates and covariance, so every prediction, standard error and `toJSON()` equals the
 * original's; the readable fields (params, coefficients) must agree with the estimates.
 *
 * @throws ClvkitError INVALID_MODEL (with the path of the first problem: a malformed field, estimates of the wrong
 *   length or names, params or coefficients that do not match the estimates, no covariate at all).
 * @example
 * const m = fitBgNbdWithCovariates({ ...summary, age }, { covariates: { purchase: ['age'] } });
 * covariateModelFromJSON(JSON.parse(JSON.stringify(m))).coefficients // { purchase: { age: … }, dropout: {} }, as m
 */
export function covariateModelFromJSON(json: unknown): RestoredCovariateModel {
  const s = parseModelJson(savedSchema, json, FN);
  const fit = {
    estimates: Float64Array.from(s.covariates.estimates),
    covariance: s.covariates.covariance === null ? null : Float64Array.from(s.covariates.covariance),
    logLikelihood: s.logLikelihood,
    penalizedLogLikelihood: s.covariates.penalizedLogLikelihood,
    converged: s.converged,
    iterations: s.iterations,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
    customers: s.customers,
    penalizer: s.covariates.penalizer,
  };
  if (s.kind === 'gamma-gamma') {
    const c = s.covariates;
    if (c.spend.length === 0) invalid('covariates.spend names no covariate', ['covariates', 'spend']);
    const coefficientKeys = Object.keys(c.coefficients);
    if (coefficientKeys.length !== c.spend.length) invalid('covariates.coefficients must have one entry per covariate', ['covariates', 'coefficients']);
    checkConsistent(
      c,
      ['ln p', 'ln q', 'ln gamma', ...c.spend],
      GAMMA_GAMMA_PARAMS,
      s.params,
      c.spend.map((n, j) => [['covariates', 'coefficients', n], c.coefficients[n], 3 + j] as const),
    );
    return makeGammaGammaCovariateModel({
      ...fit,
      names: [...c.spend],
      covariatePenalty: c.covariatePenalty,
      zeroFrequency: s.extra.excluded.zeroFrequency,
    });
  }
  const c = s.covariates;
  const cov = { purchase: [...c.purchase], dropout: [...c.dropout] };
  if (cov.purchase.length + cov.dropout.length === 0) invalid('covariates names no covariate for purchase or dropout', ['covariates']);
  const paramNames = s.kind === 'bg-nbd' ? BG_PARAM_NAMES : PARETO_NBD_PARAMS;
  for (const process of ['purchase', 'dropout'] as const) {
    if (Object.keys(c.coefficients[process]).length !== cov[process].length) {
      invalid(`covariates.coefficients.${process} must have one entry per covariate`, ['covariates', 'coefficients', process]);
    }
  }
  const P = cov.purchase.length;
  checkConsistent(c, estimateNamesOf(paramNames, cov), paramNames, s.params, [
    ...cov.purchase.map((n, j) => [['covariates', 'coefficients', 'purchase', n], c.coefficients.purchase[n], 4 + j] as const),
    ...cov.dropout.map((n, j) => [['covariates', 'coefficients', 'dropout', n], c.coefficients.dropout[n], 4 + P + j] as const),
  ]);
  const fields = { ...fit, timeUnit: s.timeUnit, names: cov, covariatePenalty: { ...c.covariatePenalty }, patterns: c.patterns };
  return s.kind === 'bg-nbd' ? makeBgNbdCovariateModel(fields) : makeParetoNbdCovariateModel(fields);
}
