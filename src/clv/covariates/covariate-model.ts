import { ClvkitError } from '../../errors.js';
import type { FittedTransactionModel, RfmColumns } from '../transaction-model.js';
import type { SerializedCovariateModel } from './covariate-model-json.js';
import { resolveCovariates } from './covariate-columns.js';
import type { CovariateMatrix } from './covariate-columns.js';

/** Coefficients (or their standard errors) by process and covariate name. */
export interface CovariateCoefficients {
  readonly purchase: Readonly<Record<string, number>>;
  readonly dropout: Readonly<Record<string, number>>;
}

/** Explicit covariate columns for a prediction, by name (looked up before the customer table's own columns). */
export type CovariateColumns = Readonly<Record<string, ArrayLike<number>>>;

/**
 * What a transaction model with static covariates adds to FittedTransactionModel. `params` are the model
 * parameters of a customer whose covariates are all 0; the predictions read each customer's covariates from
 * the customer table (columns named as in the fit) or from the optional `covariates` argument.
 */
export interface CovariateModelExtras {
  /** The covariate names of each process, in coefficient order. */
  readonly covariates: { readonly purchase: readonly string[]; readonly dropout: readonly string[] };
  readonly coefficients: CovariateCoefficients;
  /** From the inverse Hessian of the penalised log-likelihood; null (see `reason`) when not positive definite. */
  readonly coefficientStandardErrors: CovariateCoefficients | null;
  /** Names of the estimates in optimiser coordinates: ln of each model parameter, then `purchase.<name>`, `dropout.<name>`. */
  readonly estimateNames: readonly string[];
  /** The estimates in those coordinates (ln θ, then γ). */
  readonly estimates: Float64Array;
  /** Their covariance (row-major), or null. */
  readonly covariance: Float64Array | null;
  /** LL minus the penalties (the maximised objective). */
  readonly penalizedLogLikelihood: number;
  /** The natural-scale L2 penalizer on the model parameters. */
  readonly penalizer: number;
  /** The L2 penalties on the coefficients. */
  readonly covariatePenalty: { readonly purchase: number; readonly dropout: number };
  /** Number of distinct (x, t_x, T, z) patterns the likelihood was evaluated on. */
  readonly patterns: number;
}

/** Resolved covariates of a set of customers for prediction. */
export interface PredictionCovariates {
  readonly purchase: CovariateMatrix;
  readonly dropout: CovariateMatrix;
}

/** Look up both processes' covariates for `n` customers (see resolveCovariates). */
export function predictionCovariates(
  names: CovariateModelExtras['covariates'],
  customers: unknown,
  given: CovariateColumns | undefined,
  n: number,
  fn: string,
): PredictionCovariates {
  return {
    purchase: resolveCovariates(names.purchase, customers, given, n, fn, 'covariates.purchase'),
    dropout: resolveCovariates(names.dropout, customers, given, n, fn, 'covariates.dropout'),
  };
}

/** A profile `{ name: value }` for a new customer (missing names are 0) as one-row covariate columns. */
export function profileColumns(names: CovariateModelExtras['covariates'], profile: Readonly<Record<string, number>> | undefined, fn: string): CovariateColumns {
  const out: Record<string, Float64Array> = {};
  const known = new Set([...names.purchase, ...names.dropout]);
  if (profile !== undefined) {
    for (const key of Object.keys(profile)) {
      if (!known.has(key)) throw new ClvkitError('INVALID_VALUE', `unknown covariate ${key} (the model has ${[...known].join(', ')})`, { fn, column: key });
    }
  }
  for (const name of known) {
    const v = profile?.[name] ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ClvkitError('INVALID_VALUE', 'a covariate must be a finite number', { fn, column: name, value: v });
    out[name] = Float64Array.of(v);
  }
  return out;
}

/** Split estimates into named coefficient records. */
export function coefficientRecords(names: CovariateModelExtras['covariates'], values: ArrayLike<number>, offset: number): CovariateCoefficients {
  const P = names.purchase.length;
  return {
    purchase: Object.freeze(Object.fromEntries(names.purchase.map((n, j) => [n, values[offset + j]!]))),
    dropout: Object.freeze(Object.fromEntries(names.dropout.map((n, j) => [n, values[offset + P + j]!]))),
  };
}

/** The names of the estimates (ln θ then coefficients). */
export function estimateNamesOf(paramNames: readonly string[], names: CovariateModelExtras['covariates']): string[] {
  return [...paramNames.map((p) => `ln ${p}`), ...names.purchase.map((n) => `purchase.${n}`), ...names.dropout.map((n) => `dropout.${n}`)];
}

/** Customer columns with covariate columns beside them (looked up by name). */
export type RfmWithCovariates = RfmColumns | (RfmColumns & { readonly [column: string]: unknown });

/** A covariate transaction model. */
export type CovariateTransactionModel<P extends string> = Omit<FittedTransactionModel<P>, 'toJSON'> &
  CovariateModelExtras & {
    /** clvkit-model version 2 with the covariates block; modelFromJSON restores it (predictions equal). */
    toJSON(): SerializedCovariateModel;
    conditionalExpectedTransactions(t: number, customers: RfmWithCovariates, covariates?: CovariateColumns): Float64Array;
    probabilityAlive(customers: RfmWithCovariates, covariates?: CovariateColumns): Float64Array;
    /** E[X(t)] of a new customer with the given covariate profile (missing names 0; default all 0). */
    expectedTransactions(t: number, profile?: Readonly<Record<string, number>>): number;
    /** P(X(t) = n) of a new customer with the given covariate profile. */
    probabilityOfTransactions(n: number, t: number, profile?: Readonly<Record<string, number>>): number;
    /** The same model at other estimates (optimiser coordinates, as `estimates`), for parameter draws. */
    withEstimates(estimates: ArrayLike<number>): CovariateTransactionModel<P>;
  };
