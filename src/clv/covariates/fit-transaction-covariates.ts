import { ClvkitError } from '../../errors.js';
import { parseOptions } from '../../validate.js';
import { type CheckedRfm, checkRfmColumns, requireObservationTime } from '../core/check-rfm.js';
import { fitControlOf } from '../core/fit-options.js';
import { resolveTimeUnit, type TransactionModelInput } from '../core/model-input.js';
import { type CovariatePatterns, covariatePatternsOf } from './bg-nbd-covariate-likelihood.js';
import { covariateNames, givenColumns, resolveCovariates } from './covariate-columns.js';
import { estimateNamesOf } from './covariate-model.js';
import { transactionCovariateOptionsSchema, type TransactionCovariateOptions } from './covariate-options.js';
import { type CovariateProblem, fitCovariateModel, outcomeFields } from './fit-covariate-model.js';
import type { CovariateFitFields } from './fit-bg-nbd-with-covariates.js';

/** What differs between the transaction models fitted with covariates: names, likelihood and default starts. */
export interface TransactionCovariateFamily {
  readonly fn: string;
  /** The four model parameters, in the order of the log-estimates (and of `starts`). */
  readonly params: readonly [string, string, string, string];
  readonly problem: (fn: string, patterns: CovariatePatterns, names: readonly string[]) => CovariateProblem;
  /** The model's own default starts (r, α, ·, ·), from the customers and their covariate patterns. */
  readonly defaultStarts: (checked: CheckedRfm, patterns: CovariatePatterns, weights: ArrayLike<number> | undefined) => readonly (readonly number[])[];
}

/**
 * The shared fitting path of BG/NBD and Pareto/NBD with static covariates: options and columns checked, the
 * purchase and dropout covariates resolved by name or given as arrays, customers compressed to distinct
 * (x, t_x, T, z) patterns, starts on log parameters with every coefficient at 0, the L2 penalties per process,
 * and the maximum-likelihood fit. Returns what the model object is built from.
 *
 * @throws ClvkitError INVALID_OPTIONS, UNIT_MISMATCH, MISSING_COLUMN, LENGTH_MISMATCH, INVALID_VALUE,
 *   EMPTY_INPUT, TOO_FEW_VALUES, NUMERIC_FAILURE, NOT_CONVERGED (with `strict`).
 * @example
 * const fit = fitTransactionCovariates(summary, { covariates: { purchase: ['age'] } }, bgFamily);
 * fit.estimates.length // 5: ln r, ln α, ln a, ln b, γ_age
 */
export function fitTransactionCovariates(
  customers: TransactionModelInput | (TransactionModelInput & { readonly [column: string]: unknown }),
  options: TransactionCovariateOptions,
  family: TransactionCovariateFamily,
): CovariateFitFields {
  const { fn } = family;
  const parsed = parseOptions(transactionCovariateOptionsSchema, options, fn);
  const timeUnit = resolveTimeUnit(customers, parsed.timeUnit, fn);
  const checked = checkRfmColumns(customers, { fn });
  const n = checked.frequency.length;
  if (parsed.weights !== undefined && parsed.weights.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${parsed.weights.length} entries, expected ${n}`, { fn, column: 'weights' });
  }
  const names = { purchase: covariateNames(parsed.covariates.purchase), dropout: covariateNames(parsed.covariates.dropout) };
  const purchase = resolveCovariates(names.purchase, customers, givenColumns(parsed.covariates.purchase), n, fn, 'covariates.purchase');
  const dropout = resolveCovariates(names.dropout, customers, givenColumns(parsed.covariates.dropout), n, fn, 'covariates.dropout');
  requireObservationTime(checked.T, parsed.weights, fn);
  const patterns = covariatePatternsOf(checked, purchase.columns, dropout.columns, parsed.weights);
  if (!(patterns.total > 0)) throw new ClvkitError('EMPTY_INPUT', 'the weights sum to 0', { fn, column: 'weights' });
  const coefficients = names.purchase.length + names.dropout.length;
  const baseStarts = parsed.starts ?? family.defaultStarts(checked, patterns, parsed.weights);
  const starts = baseStarts.map((s, i) => {
    if (s.length !== 4) {
      throw new ClvkitError('INVALID_OPTIONS', `invalid starts.${i}: expected 4 values (${family.params.join(', ')}); coefficients start at 0`, {
        fn,
        path: ['starts', i],
      });
    }
    return [...s.map(Math.log), ...new Array<number>(coefficients).fill(0)];
  });
  const cp = typeof parsed.covariatePenalty === 'number' ? { purchase: parsed.covariatePenalty, dropout: parsed.covariatePenalty } : parsed.covariatePenalty;
  const lambdas = new Float64Array(coefficients);
  lambdas.fill(cp.purchase, 0, names.purchase.length);
  lambdas.fill(cp.dropout, names.purchase.length);
  const outcome = fitCovariateModel(
    family.problem(fn, patterns, estimateNamesOf(family.params, names)),
    { penalizer: parsed.penalizer, coefficientPenalty: lambdas },
    fitControlOf(parsed),
    starts,
  );
  return {
    timeUnit,
    names,
    ...outcomeFields(outcome),
    customers: patterns.total,
    penalizer: parsed.penalizer,
    covariatePenalty: cp,
    patterns: patterns.length,
  };
}
