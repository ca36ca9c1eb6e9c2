// The saved form of a model with static covariates: clvkit-model version 2 (split from the restorer so the
// model builders can write it without importing the restorer).
import type { TimeUnit } from '../../time.js';

/**
 * What a covariate model saves beside the plain model fields: the covariate names, the coefficients and their
 * standard errors (for reading), and the full estimates and their covariance in the optimiser's coordinates
 * (ln of each model parameter, then the coefficients), from which the model is rebuilt exactly.
 */
export interface SerializedCovariateBlock {
  /** Transaction models: covariate names of the purchase and dropout processes; Gamma-Gamma: of the spend level. */
  readonly purchase?: readonly string[];
  readonly dropout?: readonly string[];
  readonly spend?: readonly string[];
  /** Coefficients by process and name (Gamma-Gamma: by name). */
  readonly coefficients: Readonly<Record<string, number | Readonly<Record<string, number>>>>;
  readonly coefficientStandardErrors: Readonly<Record<string, number | Readonly<Record<string, number>>>> | null;
  /** The estimates in optimiser coordinates, named as `estimateNames`. */
  readonly estimateNames: readonly string[];
  readonly estimates: readonly number[];
  /** Their covariance, row-major (k² numbers), or null. */
  readonly covariance: readonly number[] | null;
  readonly penalizedLogLikelihood: number;
  /** L2 penalties: on the natural-scale model parameters, and on the coefficients. */
  readonly penalizer: number;
  readonly covariatePenalty: number | { readonly purchase: number; readonly dropout: number };
  /** Transaction models: distinct (x, t_x, T, z) patterns fitted on. */
  readonly patterns?: number;
}

/**
 * A saved model with static covariates: `format: 'clvkit-model'`, `version: 2` (version 1 files, the plain
 * models, are unchanged and still read), the plain model fields (Gamma-Gamma: `timeUnit` null, `extra.excluded`),
 * and the `covariates` block. A reader that knows only version 1 refuses it rather than drop the coefficients.
 */
export interface SerializedCovariateModel {
  readonly format: 'clvkit-model';
  readonly version: 2;
  readonly kind: 'bg-nbd' | 'pareto-nbd' | 'gamma-gamma';
  readonly timeUnit: TimeUnit | null;
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  /** Gamma-Gamma: customers left out of the fit. */
  readonly extra?: { readonly excluded: { readonly zeroFrequency: number; readonly nonPositiveValue: number } };
  readonly covariates: SerializedCovariateBlock;
}

/** The fields of a fitted covariate model the saved form is written from. */
interface CovariateModelLike
  extends Pick<SerializedCovariateModel, 'params' | 'standardErrors' | 'logLikelihood' | 'converged' | 'iterations' | 'reason' | 'customers'> {
  readonly estimateNames: readonly string[];
  readonly estimates: Float64Array;
  readonly covariance: Float64Array | null;
  readonly penalizedLogLikelihood: number;
  readonly penalizer: number;
}

function common(m: CovariateModelLike) {
  return {
    params: { ...m.params },
    standardErrors: m.standardErrors === null ? null : { ...m.standardErrors },
    logLikelihood: m.logLikelihood,
    converged: m.converged,
    iterations: m.iterations,
    ...(m.reason !== undefined ? { reason: m.reason } : {}),
    customers: m.customers,
  };
}

function fitBlock(m: CovariateModelLike) {
  return {
    estimateNames: [...m.estimateNames],
    estimates: Array.from(m.estimates),
    covariance: m.covariance === null ? null : Array.from(m.covariance),
    penalizedLogLikelihood: m.penalizedLogLikelihood,
    penalizer: m.penalizer,
  };
}

/** toJSON of a BG/NBD or Pareto/NBD model with covariates (see {@link SerializedCovariateModel}). */
export function transactionCovariateModelToJSON(
  m: CovariateModelLike & {
    readonly kind: string;
    readonly timeUnit: string;
    readonly covariates: { readonly purchase: readonly string[]; readonly dropout: readonly string[] };
    readonly coefficients: { readonly purchase: Readonly<Record<string, number>>; readonly dropout: Readonly<Record<string, number>> };
    readonly coefficientStandardErrors: { readonly purchase: Readonly<Record<string, number>>; readonly dropout: Readonly<Record<string, number>> } | null;
    readonly covariatePenalty: { readonly purchase: number; readonly dropout: number };
    readonly patterns: number;
  },
): SerializedCovariateModel {
  return {
    format: 'clvkit-model',
    version: 2,
    kind: m.kind as 'bg-nbd' | 'pareto-nbd',
    timeUnit: m.timeUnit as TimeUnit,
    ...common(m),
    covariates: {
      purchase: [...m.covariates.purchase],
      dropout: [...m.covariates.dropout],
      coefficients: { purchase: { ...m.coefficients.purchase }, dropout: { ...m.coefficients.dropout } },
      coefficientStandardErrors:
        m.coefficientStandardErrors === null
          ? null
          : { purchase: { ...m.coefficientStandardErrors.purchase }, dropout: { ...m.coefficientStandardErrors.dropout } },
      ...fitBlock(m),
      covariatePenalty: { ...m.covariatePenalty },
      patterns: m.patterns,
    },
  };
}

/** toJSON of a Gamma-Gamma model with covariates (see {@link SerializedCovariateModel}). */
export function gammaGammaCovariateModelToJSON(
  m: CovariateModelLike & {
    readonly covariates: readonly string[];
    readonly coefficients: Readonly<Record<string, number>>;
    readonly coefficientStandardErrors: Readonly<Record<string, number>> | null;
    readonly covariatePenalty: number;
    readonly excluded: { readonly zeroFrequency: number; readonly nonPositiveValue: number };
  },
): SerializedCovariateModel {
  return {
    format: 'clvkit-model',
    version: 2,
    kind: 'gamma-gamma',
    timeUnit: null,
    ...common(m),
    extra: { excluded: { ...m.excluded } },
    covariates: {
      spend: [...m.covariates],
      coefficients: { ...m.coefficients },
      coefficientStandardErrors: m.coefficientStandardErrors === null ? null : { ...m.coefficientStandardErrors },
      ...fitBlock(m),
      covariatePenalty: m.covariatePenalty,
    },
  };
}
