import { ClvkitError } from '../../errors.js';
import type { TimeUnit } from '../../time.js';
import { log1pExp } from '../../math/log-sum-exp.js';
import { bgDefaultStarts, bgExpectationKernel, bgExpectedTransactions, bgPatternsOf, bgProbabilityOfTransactions, checkHorizon } from '../bg-nbd/bg-family.js';
import { BG_PARAM_NAMES, type BgParamName } from '../bg-nbd/bg-model.js';
import { checkRfmColumns } from '../core/check-rfm.js';
import { distinctRows } from '../core/compress-rows.js';
import type { TransactionModelInput } from '../core/model-input.js';
import type { RfmColumns } from '../transaction-model.js';
import { bgNbdCovariateProblem } from './bg-nbd-covariate-likelihood.js';
import { linearPredictor } from './covariate-columns.js';
import {
  coefficientRecords,
  estimateNamesOf,
  predictionCovariates,
  profileColumns,
  type CovariateColumns,
  type CovariateModelExtras,
  type CovariateTransactionModel,
  type RfmWithCovariates,
} from './covariate-model.js';
import type { TransactionCovariateOptions } from './covariate-options.js';
import { fitTransactionCovariates } from './fit-transaction-covariates.js';
import { transactionCovariateModelToJSON } from './covariate-model-json.js';

const FN = 'fitBgNbdWithCovariates';

/** A BG/NBD model with static covariates. */
export type BgNbdCovariateModel = CovariateTransactionModel<BgParamName>;

/**
 * Fit BG/NBD with static (time-invariant) covariates (Fader & Hardie 2007, brucehardie.com note 019; the
 * parameterisation of CLVTools' `bgnbd(..., static covariates)`):
 *   α_i = α·exp(−γ₁ᵀz₁ᵢ) (purchase), a_i = a·exp(γ₂ᵀz₂ᵢ), b_i = b·exp(γ₂ᵀz₂ᵢ) (dropout),
 * so a positive purchase coefficient raises the expected purchase rate r/α_i by the factor e^γ per unit of
 * z, and a dropout coefficient scales the concentration a+b of the Beta dropout distribution (its mean
 * a/(a+b) is unchanged). Maximum likelihood over u = (ln r, ln α, ln a, ln b, γ₁, γ₂) with the analytic
 * gradient (see {@link bgNbdCovariateProblem}) on distinct (x, t_x, T, z) patterns; optional L2 penalties
 * (`covariatePenalty` on γ, `penalizer` on r, α, a, b as in fitBgNbd). Standard errors of the coefficients
 * and the covariance of the estimates from the Hessian of the penalised log-likelihood.
 *
 * With every covariate 0 the likelihood is exactly the plain BG/NBD one: the fit reproduces fitBgNbd
 * (CDNOW: LL −9582.43). Covariates are used as given (not centred or scaled): `params` are those of a
 * customer whose covariates are all 0, so centring continuous covariates makes `params` the average customer.
 *
 * @param customers a CustomerSummary or `{ frequency, recency, T }` columns (then `timeUnit`), holding the
 *   covariate columns named in `options.covariates` unless they are given there as arrays.
 * @throws INVALID_OPTIONS, UNIT_MISMATCH, MISSING_COLUMN (a named covariate not found), LENGTH_MISMATCH,
 *   INVALID_VALUE (a non-finite covariate, or an RFM rule broken), EMPTY_INPUT, TOO_FEW_VALUES, NUMERIC_FAILURE,
 *   NOT_CONVERGED (with `strict`).
 * @example
 * const model = fitBgNbdWithCovariates({ ...summary, age: ages }, { covariates: { purchase: ['age'], dropout: ['age'] } });
 * model.coefficients; // { purchase: { age: 0.41… }, dropout: { age: -0.2… } }
 * model.probabilityAlive(summaryWithAge); // Float64Array per customer
 * @see Fader & Hardie (2007), "Incorporating time-invariant covariates into the Pareto/NBD and BG/NBD models",
 *   http://www.brucehardie.com/notes/019/; Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 6.
 */
export function fitBgNbdWithCovariates(
  customers: TransactionModelInput | (TransactionModelInput & { readonly [column: string]: unknown }),
  options: TransactionCovariateOptions,
): BgNbdCovariateModel {
  return makeBgNbdCovariateModel(
    fitTransactionCovariates(customers, options, {
      fn: FN,
      params: BG_PARAM_NAMES,
      problem: bgNbdCovariateProblem,
      defaultStarts: (checked, _patterns, weights) => bgDefaultStarts(bgPatternsOf(checked, weights)),
    }),
  );
}

/** Everything a covariate model is built from. */
export interface CovariateFitFields {
  readonly timeUnit: TimeUnit;
  readonly names: CovariateModelExtras['covariates'];
  readonly estimates: Float64Array;
  readonly covariance: Float64Array | null;
  readonly logLikelihood: number;
  readonly penalizedLogLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  readonly penalizer: number;
  readonly covariatePenalty: { readonly purchase: number; readonly dropout: number };
  readonly patterns: number;
}

/** Standard errors: δ-method θ·SE(ln θ) for the model parameters, SE(γ) for the coefficients. */
export function standardErrorsOf(estimates: Float64Array, covariance: Float64Array | null, positive: number): Float64Array | null {
  if (covariance === null) return null;
  const k = estimates.length;
  const se = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const v = covariance[i * k + i]!;
    if (!(v > 0)) return null;
    se[i] = i < positive ? Math.exp(estimates[i]!) * Math.sqrt(v) : Math.sqrt(v);
  }
  return se;
}

/** Per-customer BG/NBD parameters from the estimates and the customers' covariates. */
function individual(estimates: Float64Array, P: number, purchase: readonly Float64Array[], dropout: readonly Float64Array[], i: number) {
  const alpha = Math.exp(estimates[1]! - linearPredictor(purchase, estimates, 4, i));
  const eD = linearPredictor(dropout, estimates, 4 + P, i);
  return { r: Math.exp(estimates[0]!), alpha, a: Math.exp(estimates[2]! + eD), b: Math.exp(estimates[3]! + eD) };
}

/** Build the model object (also used for parameter draws via `withEstimates`). */
export function makeBgNbdCovariateModel(fit: CovariateFitFields): BgNbdCovariateModel {
  const { names, estimates } = fit;
  const P = names.purchase.length;
  const se = standardErrorsOf(estimates, fit.covariance, 4);
  const params = Object.freeze({ r: Math.exp(estimates[0]!), alpha: Math.exp(estimates[1]!), a: Math.exp(estimates[2]!), b: Math.exp(estimates[3]!) });
  const conditional = (t: number, customers: RfmColumns, given: CovariateColumns | undefined, fn: string, aliveOnly: boolean): Float64Array => {
    const c = checkRfmColumns(customers, { fn });
    const n = c.frequency.length;
    const z = predictionCovariates(names, customers, given, n, fn);
    const out = new Float64Array(n);
    // The kernel depends on (x, T, z): computed once per distinct combination.
    const groups = aliveOnly ? null : distinctRows([c.frequency, c.T, ...z.purchase.columns, ...z.dropout.columns]);
    const kernel = groups === null ? null : new Float64Array(groups.length).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const p = individual(estimates, P, z.purchase.columns, z.dropout.columns, i);
      const x = c.frequency[i]!;
      let alive = 1;
      if (x > 0) {
        const d = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + c.T[i]!) - Math.log(p.alpha + c.recency[i]!));
        alive = Math.exp(-log1pExp(d));
      }
      if (groups === null) {
        out[i] = alive;
      } else {
        const g = groups.index[i]!;
        if (Number.isNaN(kernel![g]!)) kernel![g] = bgExpectationKernel(p.r + x, p.alpha + c.T[i]!, p.a, p.b + x, t, fn);
        out[i] = kernel![g]! * alive;
      }
    }
    return out;
  };
  const newCustomer = (profile: Readonly<Record<string, number>> | undefined, fn: string) => {
    const cols = profileColumns(names, profile, fn);
    const z = predictionCovariates(names, undefined, cols, 1, fn);
    return individual(estimates, P, z.purchase.columns, z.dropout.columns, 0);
  };
  const model: BgNbdCovariateModel = {
    kind: 'bg-nbd',
    timeUnit: fit.timeUnit,
    params,
    standardErrors: se === null ? null : Object.freeze(Object.fromEntries(BG_PARAM_NAMES.map((name, i) => [name, se[i]!])) as Record<BgParamName, number>),
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    iterations: fit.iterations,
    ...(fit.reason !== undefined ? { reason: fit.reason } : {}),
    customers: fit.customers,
    covariates: { purchase: [...names.purchase], dropout: [...names.dropout] },
    coefficients: coefficientRecords(names, estimates, 4),
    coefficientStandardErrors: se === null ? null : coefficientRecords(names, se, 4),
    estimateNames: estimateNamesOf(BG_PARAM_NAMES, names),
    estimates: Float64Array.from(estimates),
    covariance: fit.covariance === null ? null : Float64Array.from(fit.covariance),
    penalizedLogLikelihood: fit.penalizedLogLikelihood,
    penalizer: fit.penalizer,
    covariatePenalty: { ...fit.covariatePenalty },
    patterns: fit.patterns,
    expectedTransactions(t: number, profile?: Readonly<Record<string, number>>) {
      checkHorizon(t, 'expectedTransactions');
      return bgExpectedTransactions(newCustomer(profile, 'expectedTransactions'), 0, t, 'expectedTransactions');
    },
    conditionalExpectedTransactions(t: number, customers: RfmWithCovariates, covariates?: CovariateColumns) {
      checkHorizon(t, 'conditionalExpectedTransactions');
      return conditional(t, customers, covariates, 'conditionalExpectedTransactions', false);
    },
    probabilityAlive(customers: RfmWithCovariates, covariates?: CovariateColumns) {
      return conditional(0, customers, covariates, 'probabilityAlive', true);
    },
    probabilityOfTransactions(n: number, t: number, profile?: Readonly<Record<string, number>>) {
      return bgProbabilityOfTransactions(newCustomer(profile, 'probabilityOfTransactions'), 0, n, t, 'probabilityOfTransactions');
    },
    withEstimates(next) {
      if (next.length !== estimates.length) {
        throw new ClvkitError('LENGTH_MISMATCH', `expected ${estimates.length} estimates, got ${next.length}`, { fn: 'withEstimates' });
      }
      return makeBgNbdCovariateModel({ ...fit, estimates: Float64Array.from(next), covariance: null });
    },
    toJSON: () => transactionCovariateModelToJSON(model),
  };
  return model;
}
