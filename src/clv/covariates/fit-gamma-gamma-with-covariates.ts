import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { digamma } from '../../math/digamma.js';
import { logGamma } from '../../math/log-gamma.js';
import { parseOptions } from '../../validate.js';
import { compressRows } from '../core/compress-rows.js';
import { fitControlOf, fitOptionsSchema } from '../core/fit-options.js';
import { GAMMA_GAMMA_PARAMS, type FittedGammaGammaModel, type GammaGammaParamName, type SpendColumns } from '../gamma-gamma/fit-gamma-gamma.js';
import { covariateNames, covariateSpecSchema, givenColumns, linearPredictor, resolveCovariates } from './covariate-columns.js';
import type { CovariateColumns } from './covariate-model.js';
import { gammaGammaCovariateModelToJSON, type SerializedCovariateModel } from './covariate-model-json.js';
import { fitCovariateModel, outcomeFields, type CovariateProblem } from './fit-covariate-model.js';
import { standardErrorsOf } from './fit-bg-nbd-with-covariates.js';
import { withModelDisplay, type ModelDisplay } from '../../display/model-display.js';

const FN = 'fitGammaGammaWithCovariates';

const schema = fitOptionsSchema
  .extend({
    /** Covariates of the spend process: column names of the customer table, or `{ name: column }`. */
    covariates: covariateSpecSchema,
    /** L2 penalty λ on the coefficients (Σλδ² subtracted from the log-likelihood); default 0. */
    covariatePenalty: z.number().min(0).refine(Number.isFinite, 'must be finite').default(0),
  })
  .strict();

/** Options of {@link fitGammaGammaWithCovariates}. */
export type FitGammaGammaWithCovariatesOptions = z.input<typeof schema>;

/** Spend columns with covariate columns beside them. */
export type SpendWithCovariates = SpendColumns | (SpendColumns & { readonly [column: string]: unknown });

/** A Gamma-Gamma model with static covariates on the spend level. */
export interface GammaGammaCovariateModel extends Omit<FittedGammaGammaModel, 'conditionalExpectedAverageSpend' | 'expectedAverageSpend' | 'toJSON'> {
  /** clvkit-model version 2 with the covariates block; modelFromJSON restores it (predictions equal). */
  toJSON(): SerializedCovariateModel;
  readonly covariates: readonly string[];
  readonly coefficients: Readonly<Record<string, number>>;
  readonly coefficientStandardErrors: Readonly<Record<string, number>> | null;
  readonly estimateNames: readonly string[];
  readonly estimates: Float64Array;
  readonly covariance: Float64Array | null;
  readonly penalizedLogLikelihood: number;
  readonly covariatePenalty: number;
  /** E[M_i | p, q, γ_i, m̄, x] = (γ_i + m̄x)·p/(px + q − 1), γ_i = γ·e^{δᵀz_i}; covariates from the table or `covariates`. */
  conditionalExpectedAverageSpend(customers: SpendWithCovariates, covariates?: CovariateColumns): Float64Array;
  /** E[M] = p·γ_i/(q − 1) of a new customer with the profile (missing names 0). */
  expectedAverageSpend(profile?: Readonly<Record<string, number>>): number;
  /** The same model at other estimates (ln p, ln q, ln γ, δ). */
  withEstimates(estimates: ArrayLike<number>): GammaGammaCovariateModel;
}

/**
 * The Gamma-Gamma likelihood with static covariates: customer i's ν_i ~ Gamma(q, γ_i) with the rate
 *   γ_i = γ·exp(δᵀz_i),
 * so the expected transaction value pγ_i/(q−1) scales by e^δ per unit of z (δ > 0: bigger spenders), and
 *   ln f_i = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ_i + (px−1) ln m̄ + px ln x − (px+q) ln(γ_i + m̄x)
 * (Fader & Hardie 2013, eq. 3, with γ → γ_i). Coordinates u = (ln p, ln q, ln γ, δ), analytic gradient.
 */
export function gammaGammaCovariateProblem(
  x: Float64Array,
  m: Float64Array,
  zs: readonly Float64Array[],
  weight: Float64Array,
  names: readonly string[],
): CovariateProblem {
  let total = 0;
  for (let i = 0; i < weight.length; i++) total += weight[i]!;
  const K = zs.length;
  const evaluate = (u: Float64Array, grad: Float64Array | null): number => {
    const p = Math.exp(u[0]!);
    const q = Math.exp(u[1]!);
    if (!(p > 0 && q > 0) || !Number.isFinite(p + q)) return Number.NEGATIVE_INFINITY;
    const lgQ = logGamma(q);
    const psiQ = grad !== null ? digamma(q) : 0;
    if (grad !== null) grad.fill(0);
    let ll = 0;
    for (let i = 0; i < x.length; i++) {
      const w = weight[i]!;
      if (w === 0) continue;
      const xi = x[i]!;
      const mi = m[i]!;
      const lnGammaI = u[2]! + linearPredictor(zs, u, 3, i);
      const g = Math.exp(lnGammaI);
      const px = p * xi;
      const lden = Math.log(g + mi * xi);
      const v = logGamma(px + q) - logGamma(px) - lgQ + q * lnGammaI + (px - 1) * Math.log(mi) + px * Math.log(xi) - (px + q) * lden;
      if (!Number.isFinite(v)) return Number.NEGATIVE_INFINITY;
      ll += w * v;
      if (grad !== null) {
        const psiPxq = digamma(px + q);
        grad[0] = grad[0]! + w * p * xi * (psiPxq - digamma(px) + Math.log(mi) + Math.log(xi) - lden);
        grad[1] = grad[1]! + w * q * (psiPxq - psiQ + lnGammaI - lden);
        const dg = w * (q - ((px + q) * g) / (g + mi * xi));
        grad[2] = grad[2]! + dg;
        for (let j = 0; j < K; j++) grad[3 + j] = grad[3 + j]! + dg * zs[j]![i]!;
      }
    }
    return ll;
  };
  return { fn: FN, names, positive: 3, weightTotal: total, evaluate };
}

/**
 * Fit the Gamma-Gamma spend model with static covariates on the spend level (γ_i = γ·e^{δᵀz_i}; see
 * {@link gammaGammaCovariateProblem}). As {@link fitGammaGamma}, only customers with x > 0 enter (the rest are
 * counted in `excluded.zeroFrequency`); a mean value ≤ 0 with x > 0 is INVALID_VALUE. Identical (x, m̄, z) rows
 * are merged; optional L2 penalty on δ (`covariatePenalty`) and the usual `penalizer` on p, q, γ.
 * All-zero covariates reproduce fitGammaGamma.
 *
 * @throws INVALID_OPTIONS, MISSING_COLUMN, LENGTH_MISMATCH, INVALID_VALUE, EMPTY_INPUT, NUMERIC_FAILURE, NOT_CONVERGED (strict).
 * @example
 * const spend = fitGammaGammaWithCovariates({ ...summary, premium }, { covariates: ['premium'] });
 * spend.coefficients // { premium: 0.4… }: premium customers spend e^0.4 ≈ 1.5 times as much per transaction
 */
export function fitGammaGammaWithCovariates(customers: SpendWithCovariates, options: FitGammaGammaWithCovariatesOptions): GammaGammaCovariateModel {
  const o = parseOptions(schema, options, FN);
  if (customers === null || typeof customers !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected customer columns', { fn: FN });
  for (const name of ['frequency', 'monetaryValue'] as const) {
    const col = (customers as SpendColumns)[name] as unknown;
    if (col === undefined || col === null || typeof (col as { length?: unknown }).length !== 'number') {
      throw new ClvkitError('MISSING_COLUMN', `column ${name} is missing or not an array`, { fn: FN, column: name });
    }
  }
  const n = customers.frequency.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn: FN });
  if (customers.monetaryValue.length !== n)
    throw new ClvkitError('LENGTH_MISMATCH', `monetaryValue has ${customers.monetaryValue.length} entries, expected ${n}`, { fn: FN, column: 'monetaryValue' });
  if (o.weights !== undefined && o.weights.length !== n)
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${o.weights.length} entries, expected ${n}`, { fn: FN, column: 'weights' });
  const names = covariateNames(o.covariates);
  const z = resolveCovariates(names, customers, givenColumns(o.covariates), n, FN, 'covariates').columns;
  const keep: number[] = [];
  let zeroFrequency = 0;
  for (let i = 0; i < n; i++) {
    const x = customers.frequency[i]!;
    const m = customers.monetaryValue[i]!;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
      throw new ClvkitError('INVALID_VALUE', 'frequency must be a whole number ≥ 0', { fn: FN, column: 'frequency', index: i, value: x });
    if (typeof m !== 'number' || !Number.isFinite(m))
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn: FN, column: 'monetaryValue', index: i, value: m });
    if (x === 0) {
      zeroFrequency++;
      continue;
    }
    if (m <= 0)
      throw new ClvkitError('INVALID_VALUE', 'the mean transaction value must be > 0 for a customer with repeat transactions', {
        fn: FN,
        column: 'monetaryValue',
        index: i,
        value: m,
      });
    keep.push(i);
  }
  if (keep.length === 0) throw new ClvkitError('EMPTY_INPUT', 'no customer with repeat transactions', { fn: FN });
  const pick = (col: ArrayLike<number>) => Float64Array.from(keep, (i) => col[i]!);
  const c = compressRows([pick(customers.frequency), pick(customers.monetaryValue), ...z.map(pick)], o.weights === undefined ? undefined : pick(o.weights));
  const estimateNames = ['ln p', 'ln q', 'ln gamma', ...names];
  const problem = gammaGammaCovariateProblem(c.columns[0]!, c.columns[1]!, c.columns.slice(2), c.weight, estimateNames);
  if (!(problem.weightTotal > 0))
    throw new ClvkitError('EMPTY_INPUT', 'the weights of the customers with repeat transactions sum to 0', { fn: FN, column: 'weights' });
  const baseStarts = o.starts ?? [
    [1, 1, 1],
    [2, 3, 2 * meanOf(c.columns[1]!)],
  ];
  const starts = baseStarts.map((s, i) => {
    if (s.length !== 3)
      throw new ClvkitError('INVALID_OPTIONS', `invalid starts.${i}: expected 3 values (p, q, gamma); coefficients start at 0`, {
        fn: FN,
        path: ['starts', i],
      });
    return [...s.map(Math.log), ...new Array<number>(names.length).fill(0)];
  });
  const outcome = fitCovariateModel(
    problem,
    { penalizer: o.penalizer, coefficientPenalty: new Float64Array(names.length).fill(o.covariatePenalty) },
    fitControlOf(o),
    starts,
  );
  return makeGammaGammaCovariateModel({
    names,
    ...outcomeFields(outcome),
    customers: problem.weightTotal,
    penalizer: o.penalizer,
    covariatePenalty: o.covariatePenalty,
    zeroFrequency,
  });
}

function meanOf(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
}

/** Everything a Gamma-Gamma covariate model is built from. */
export interface GammaGammaCovariateFitFields {
  readonly names: readonly string[];
  readonly estimates: Float64Array;
  readonly covariance: Float64Array | null;
  readonly logLikelihood: number;
  readonly penalizedLogLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  readonly penalizer: number;
  readonly covariatePenalty: number;
  readonly zeroFrequency: number;
}

/** Build the model object from its fit (also used for parameter draws and by modelFromJSON). */
export function makeGammaGammaCovariateModel(fit: GammaGammaCovariateFitFields): GammaGammaCovariateModel {
  const { names, estimates } = fit;
  const p = Math.exp(estimates[0]!);
  const q = Math.exp(estimates[1]!);
  const se = standardErrorsOf(estimates, fit.covariance, 3);
  const meanOrFail = (value: number, fn: string): number => {
    if (!Number.isFinite(value) || value < 0) throw new ClvkitError('NUMERIC_FAILURE', 'the expected spend does not exist (p·x + q ≤ 1)', { fn });
    return value;
  };
  const model: GammaGammaCovariateModel = withModelDisplay<Omit<GammaGammaCovariateModel, keyof ModelDisplay>>({
    kind: 'gamma-gamma',
    params: Object.freeze({ p, q, gamma: Math.exp(estimates[2]!) }),
    standardErrors:
      se === null ? null : (Object.freeze(Object.fromEntries(GAMMA_GAMMA_PARAMS.map((k, i) => [k, se[i]!]))) as Record<GammaGammaParamName, number>),
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    iterations: fit.iterations,
    ...(fit.reason !== undefined ? { reason: fit.reason } : {}),
    customers: fit.customers,
    excluded: { zeroFrequency: fit.zeroFrequency, nonPositiveValue: 0 },
    penalizer: fit.penalizer,
    covariates: [...names],
    coefficients: Object.freeze(Object.fromEntries(names.map((n, j) => [n, estimates[3 + j]!]))),
    coefficientStandardErrors: se === null ? null : Object.freeze(Object.fromEntries(names.map((n, j) => [n, se[3 + j]!]))),
    estimateNames: ['ln p', 'ln q', 'ln gamma', ...names],
    estimates: Float64Array.from(estimates),
    covariance: fit.covariance === null ? null : Float64Array.from(fit.covariance),
    penalizedLogLikelihood: fit.penalizedLogLikelihood,
    covariatePenalty: fit.covariatePenalty,
    conditionalExpectedAverageSpend(customers: SpendWithCovariates, covariates?: CovariateColumns): Float64Array {
      const fn = 'conditionalExpectedAverageSpend';
      const n = customers?.frequency?.length ?? 0;
      const z = resolveCovariates(names, customers, covariates, n, fn, 'covariates').columns;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = customers.frequency[i]!;
        const m = customers.monetaryValue[i]!;
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
          throw new ClvkitError('INVALID_VALUE', 'frequency must be a whole number ≥ 0', { fn, column: 'frequency', index: i, value: x });
        if (x > 0 && (typeof m !== 'number' || !Number.isFinite(m) || m <= 0))
          throw new ClvkitError('INVALID_VALUE', 'the mean value must be finite and > 0 when x > 0', { fn, column: 'monetaryValue', index: i, value: m });
        const g = Math.exp(estimates[2]! + linearPredictor(z, estimates, 3, i));
        out[i] = meanOrFail(x === 0 ? (p * g) / (q - 1) : ((g + m * x) * p) / (p * x + q - 1), fn);
      }
      return out;
    },
    expectedAverageSpend(profile?: Readonly<Record<string, number>>): number {
      const fn = 'expectedAverageSpend';
      const cols: Record<string, Float64Array> = {};
      for (const key of Object.keys(profile ?? {}))
        if (!names.includes(key)) throw new ClvkitError('INVALID_VALUE', `unknown covariate ${key}`, { fn, column: key });
      for (const name of names) cols[name] = Float64Array.of(profile?.[name] ?? 0);
      const z = resolveCovariates(names, undefined, cols, 1, fn, 'profile').columns;
      return meanOrFail((p * Math.exp(estimates[2]! + linearPredictor(z, estimates, 3, 0))) / (q - 1), fn);
    },
    withEstimates(next: ArrayLike<number>): GammaGammaCovariateModel {
      if (next.length !== estimates.length)
        throw new ClvkitError('LENGTH_MISMATCH', `expected ${estimates.length} estimates, got ${next.length}`, { fn: 'withEstimates' });
      return makeGammaGammaCovariateModel({ ...fit, estimates: Float64Array.from(next), covariance: null });
    },
    toJSON: (): SerializedCovariateModel => gammaGammaCovariateModelToJSON(model),
  });
  return model;
}
