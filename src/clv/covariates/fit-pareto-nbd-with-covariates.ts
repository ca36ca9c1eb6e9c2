import { ClvkitError } from '../../errors.js';
import { checkRfmColumns } from '../core/check-rfm.js';
import { distinctRows } from '../core/compress-rows.js';
import type { TransactionModelInput } from '../core/model-input.js';
import type { ParetoNbdParams } from '../pareto-nbd/pareto-nbd-log-likelihood.js';
import { PARETO_NBD_PARAMS, type ParetoNbdParamName } from '../pareto-nbd/pareto-nbd-model.js';
import {
  paretoNbdConditionalExpectedTransactions,
  paretoNbdExpectedTransactions,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityOfTransactions,
} from '../pareto-nbd/pareto-nbd-predictions.js';
import { linearPredictor } from './covariate-columns.js';
import {
  coefficientRecords,
  estimateNamesOf,
  predictionCovariates,
  profileColumns,
  type CovariateColumns,
  type CovariateTransactionModel,
  type RfmWithCovariates,
} from './covariate-model.js';
import type { TransactionCovariateOptions } from './covariate-options.js';
import { transactionCovariateModelToJSON } from './covariate-model-json.js';
import { standardErrorsOf, type CovariateFitFields } from './fit-bg-nbd-with-covariates.js';
import { fitTransactionCovariates } from './fit-transaction-covariates.js';
import { paretoNbdCovariateProblem } from './pareto-nbd-covariate-likelihood.js';

const FN = 'fitParetoNbdWithCovariates';

/** A Pareto/NBD model with static covariates. */
export type ParetoNbdCovariateModel = CovariateTransactionModel<ParetoNbdParamName>;

/**
 * Fit Pareto/NBD with static covariates on the purchase and the dropout process separately (Fader & Hardie
 * 2007, brucehardie.com note 019; CLVTools' `pnbd` with static covariates):
 *   α_i = α·exp(−γ₁ᵀz₁ᵢ), β_i = β·exp(−γ₂ᵀz₂ᵢ),
 * so e^γ₁ multiplies the expected purchase rate r/α_i and e^γ₂ the expected dropout rate s/β_i per unit of z.
 * Maximum likelihood over u = (ln r, ln α, ln s, ln β, γ₁, γ₂) with the analytic gradient
 * ({@link paretoNbdCovariateProblem}) on distinct (x, t_x, T, z) patterns; options, penalties, standard errors
 * and predictions as in {@link fitBgNbdWithCovariates}. All-zero covariates reproduce fitParetoNbd.
 *
 * @throws as fitBgNbdWithCovariates.
 * @example
 * const m = fitParetoNbdWithCovariates({ ...summary, segment }, { covariates: { purchase: ['segment'], dropout: ['segment'] } });
 * m.coefficients // { purchase: { segment: 0.3… }, dropout: { segment: -0.5… } }
 * @see Fader & Hardie (2007), http://www.brucehardie.com/notes/019/; Schmittlein, Morrison & Colombo (1987).
 */
export function fitParetoNbdWithCovariates(
  customers: TransactionModelInput | (TransactionModelInput & { readonly [column: string]: unknown }),
  options: TransactionCovariateOptions,
): ParetoNbdCovariateModel {
  return makeParetoNbdCovariateModel(
    fitTransactionCovariates(customers, options, {
      fn: FN,
      params: PARETO_NBD_PARAMS,
      problem: paretoNbdCovariateProblem,
      defaultStarts: (_checked, patterns) => {
        let meanX = 0;
        let meanT = 0;
        for (let i = 0; i < patterns.length; i++) {
          meanX += (patterns.weight[i]! * patterns.x[i]!) / patterns.total;
          meanT += (patterns.weight[i]! * patterns.T[i]!) / patterns.total;
        }
        const scale = Math.max(meanT, 1e-3);
        // The starts of fitParetoNbd: all ones, and a data-scaled point.
        return [
          [1, 1, 1, 1],
          [Math.max(1e-3, Math.min(1e3, (meanX + 0.1) / 2)), scale / 2, 1, scale / 2],
        ];
      },
    }),
  );
}

/** Build the model object (also for parameter draws via `withEstimates`). */
export function makeParetoNbdCovariateModel(fit: CovariateFitFields): ParetoNbdCovariateModel {
  const { names, estimates } = fit;
  const P = names.purchase.length;
  const se = standardErrorsOf(estimates, fit.covariance, 4);
  const individual = (purchase: readonly Float64Array[], dropout: readonly Float64Array[], i: number): ParetoNbdParams => ({
    r: Math.exp(estimates[0]!),
    alpha: Math.exp(estimates[1]! - linearPredictor(purchase, estimates, 4, i)),
    s: Math.exp(estimates[2]!),
    beta: Math.exp(estimates[3]! - linearPredictor(dropout, estimates, 4 + P, i)),
  });
  /** Evaluate a vectorised prediction once per distinct covariate vector, on that group's rows. */
  const byGroup = (
    customers: RfmWithCovariates,
    given: CovariateColumns | undefined,
    fn: string,
    f: (p: ParetoNbdParams, rows: ReturnType<typeof checkRfmColumns>) => Float64Array,
  ): Float64Array => {
    const c = checkRfmColumns(customers, { fn });
    const n = c.frequency.length;
    const z = predictionCovariates(names, customers, given, n, fn);
    const out = new Float64Array(n);
    const all = [...z.purchase.columns, ...z.dropout.columns];
    const groups = all.length > 0 ? distinctRows(all) : { length: 1, index: new Int32Array(n), firstRow: Int32Array.of(0) };
    const members: number[][] = Array.from({ length: groups.length }, () => []);
    for (let i = 0; i < n; i++) members[groups.index[i]!]!.push(i);
    members.forEach((rows, g) => {
      if (rows.length === 0) return;
      const p = individual(z.purchase.columns, z.dropout.columns, groups.firstRow[g]!);
      const sub = {
        frequency: Float64Array.from(rows, (i) => c.frequency[i]!),
        recency: Float64Array.from(rows, (i) => c.recency[i]!),
        T: Float64Array.from(rows, (i) => c.T[i]!),
      };
      const values = f(p, sub);
      rows.forEach((i, k) => (out[i] = values[k]!));
    });
    return out;
  };
  const newCustomer = (profile: Readonly<Record<string, number>> | undefined, fn: string): ParetoNbdParams => {
    const z = predictionCovariates(names, undefined, profileColumns(names, profile, fn), 1, fn);
    return individual(z.purchase.columns, z.dropout.columns, 0);
  };
  const checkT = (t: number, fn: string): void => {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
      throw new ClvkitError('INVALID_VALUE', 'the horizon t must be a finite number ≥ 0', { fn, value: t });
  };
  const model: ParetoNbdCovariateModel = {
    kind: 'pareto-nbd',
    timeUnit: fit.timeUnit,
    params: Object.freeze({ r: Math.exp(estimates[0]!), alpha: Math.exp(estimates[1]!), s: Math.exp(estimates[2]!), beta: Math.exp(estimates[3]!) }),
    standardErrors:
      se === null ? null : Object.freeze(Object.fromEntries(PARETO_NBD_PARAMS.map((name, i) => [name, se[i]!])) as Record<ParetoNbdParamName, number>),
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    iterations: fit.iterations,
    ...(fit.reason !== undefined ? { reason: fit.reason } : {}),
    customers: fit.customers,
    covariates: { purchase: [...names.purchase], dropout: [...names.dropout] },
    coefficients: coefficientRecords(names, estimates, 4),
    coefficientStandardErrors: se === null ? null : coefficientRecords(names, se, 4),
    estimateNames: estimateNamesOf(PARETO_NBD_PARAMS, names),
    estimates: Float64Array.from(estimates),
    covariance: fit.covariance === null ? null : Float64Array.from(fit.covariance),
    penalizedLogLikelihood: fit.penalizedLogLikelihood,
    penalizer: fit.penalizer,
    covariatePenalty: { ...fit.covariatePenalty },
    patterns: fit.patterns,
    expectedTransactions(t: number, profile?: Readonly<Record<string, number>>) {
      checkT(t, 'expectedTransactions');
      return paretoNbdExpectedTransactions(newCustomer(profile, 'expectedTransactions'), t);
    },
    conditionalExpectedTransactions(t: number, customers: RfmWithCovariates, covariates?: CovariateColumns) {
      const fn = 'conditionalExpectedTransactions';
      checkT(t, fn);
      return byGroup(customers, covariates, fn, (p, rows) => paretoNbdConditionalExpectedTransactions(p, t, rows, fn));
    },
    probabilityAlive(customers: RfmWithCovariates, covariates?: CovariateColumns) {
      const fn = 'probabilityAlive';
      return byGroup(customers, covariates, fn, (p, rows) => paretoNbdProbabilityAlive(p, rows, fn));
    },
    probabilityOfTransactions(n: number, t: number, profile?: Readonly<Record<string, number>>) {
      return paretoNbdProbabilityOfTransactions(newCustomer(profile, 'probabilityOfTransactions'), n, t);
    },
    withEstimates(next: ArrayLike<number>) {
      if (next.length !== estimates.length)
        throw new ClvkitError('LENGTH_MISMATCH', `expected ${estimates.length} estimates, got ${next.length}`, { fn: 'withEstimates' });
      return makeParetoNbdCovariateModel({ ...fit, estimates: Float64Array.from(next), covariance: null });
    },
    toJSON: () => transactionCovariateModelToJSON(model),
  };
  return model;
}
