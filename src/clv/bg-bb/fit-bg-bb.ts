import type { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { parseOptions } from '../../validate.js';
import { checkCustomerTimeUnit, checkRfmColumns } from '../core/check-rfm.js';
import { compressRows } from '../core/compress-rows.js';
import { fitModel } from '../core/fit-model.js';
import { fitControlOf, fitOptionsSchema } from '../core/fit-options.js';
import { checkSerializedModel, restoreFitReport, serializeModel } from '../core/serialize.js';
import type { FittedTransactionModel, RfmColumns, SerializedModel } from '../transaction-model.js';
import { bgBbLogLikelihood, type BgBbParams } from './bg-bb-log-likelihood.js';
import { bgBbConditional, bgBbExpectedTransactions, bgBbProbabilityOfTransactions } from './bg-bb-predictions.js';
import { withModelDisplay } from '../../display/model-display.js';
import type { ModelDisplay } from '../../display/model-display.js';

/** The BG/BB parameter names, in the order the optimiser sees them. */
export const BG_BB_PARAMS = ['alpha', 'beta', 'gamma', 'delta'] as const;
/** A BG/BB parameter name. */
export type BgBbParamName = (typeof BG_BB_PARAMS)[number];

const fitBgBbSchema = fitOptionsSchema;

/** Options of {@link fitBgBb}: `weights` (customers per row, e.g. the donations file's counts), `penalizer`, `maxIterations`, `maxEvaluations`, `tolerance`, `strict`, `starts`. */
export type FitBgBbOptions = z.input<typeof fitBgBbSchema>;

/** A fitted BG/BB model. Time is counted in discrete opportunities (`timeUnit: 'period'`). */
export interface BgBbModel extends FittedTransactionModel<BgBbParamName>, ModelDisplay {
  readonly kind: 'bg-bb';
  readonly timeUnit: 'period';
  /** The L2 penalizer the fit used (0 = plain maximum likelihood). */
  readonly penalizer: number;
}

/** @deprecated Use {@link BgBbModel} (one naming scheme: `<Model>Model`); kept for one release. */
export type FittedBgBbModel = BgBbModel;

const DEFAULT_STARTS: readonly (readonly number[])[] = [
  [1, 1, 1, 1],
  [0.5, 0.5, 0.5, 2],
  [2, 1, 1, 5],
];

/**
 * Fit the beta-geometric/beta-Bernoulli (BG/BB) model of Fader, Hardie & Shang (2010) by maximum
 * likelihood. Each customer (or pattern, with `weights`) is x transactions in n discrete opportunities,
 * the last one at opportunity t_x: `frequency` = x, `recency` = t_x, `T` = n (integers, 0 ≤ x ≤ t_x ≤ n,
 * t_x = 0 exactly when x = 0). While alive a customer transacts at each opportunity with probability
 * p ~ Beta(α, β); at the start of each opportunity they die with probability θ ~ Beta(γ, δ).
 * The log-likelihood (eq. 5) is evaluated in log space on the distinct (x, t_x, n) patterns.
 *
 * The model's predictions, all in opportunities:
 * - `expectedTransactions(n)`: E[X(n)] for a new customer (eq. 8);
 * - `conditionalExpectedTransactions(n*, customers)`: E[X(n, n+n*) | x, t_x, n] (eq. 13);
 * - `probabilityAlive(customers)`: P(alive at opportunity n+1 | x, t_x, n) (eq. 11), the paper's "P(alive in 2002)";
 * - `probabilityOfTransactions(x, n)`: P(X(n) = x) for a new customer (eq. 7).
 *
 * @throws ClvkitError INVALID_OPTIONS (options), EMPTY_INPUT, LENGTH_MISMATCH (weights vs rows, or columns),
 *   MISSING_COLUMN, INVALID_VALUE (a row breaks the rules above; the message names the column and row),
 *   NUMERIC_FAILURE (no finite likelihood at any start), NOT_CONVERGED (with `strict`). The model's
 *   methods throw NUMERIC_FAILURE where a prediction cannot be represented (parameters near 1e308); they are
 *   finite from the smallest positive double up.
 * @example
 * // The donations data of FHS 2010 (22 patterns, 11,104 donors, 6 opportunities):
 * const model = fitBgBb({ frequency, recency, T: periods }, { weights });
 * model.params // { alpha: 1.2035…, beta: 0.7497…, gamma: 0.6567…, delta: 2.7834… }
 * model.logLikelihood // -33225.58…
 * model.probabilityAlive({ frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] }) // Float64Array [0.1081…, 0.5897…, 0.9304…]
 * model.conditionalExpectedTransactions(5, { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] }) // Float64Array [0.0729…, 1.0576…, 3.7525…]
 * @see Fader, Hardie & Shang (2010), "Customer-Base Analysis in a Discrete-Time Noncontractual Setting",
 *   Marketing Science 29(6), 1086–1108, eqs. 5, 7, 8, 11, 13.
 */
export function fitBgBb(customers: RfmColumns, options?: FitBgBbOptions): BgBbModel {
  const fn = 'fitBgBb';
  const parsed = parseOptions(fitBgBbSchema, options, fn);
  const rfm = checkRfmColumns(customers, { fn, discrete: true });
  if (parsed.weights !== undefined && parsed.weights.length !== rfm.frequency.length) {
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${parsed.weights.length} entries, expected ${rfm.frequency.length}`, {
      fn,
      column: 'weights',
    });
  }
  const rows = compressRows([rfm.frequency, rfm.recency, rfm.T], parsed.weights);
  const [x, tx, n] = rows.columns as [Float64Array, Float64Array, Float64Array];
  let total = 0;
  for (let i = 0; i < rows.length; i++) total += rows.weight[i]!;
  if (!(total > 0)) throw new ClvkitError('EMPTY_INPUT', 'the weights sum to 0: no customers to fit', { fn, column: 'weights' });
  const outcome = fitModel(
    {
      fn,
      paramNames: BG_BB_PARAMS,
      starts: parsed.starts ?? DEFAULT_STARTS,
      weightTotal: total,
      logLikelihood: (p) => bgBbLogLikelihood({ alpha: p[0]!, beta: p[1]!, gamma: p[2]!, delta: p[3]! }, x, tx, n, rows.weight),
    },
    fitControlOf(parsed),
  );
  const params = record(outcome.params);
  return createBgBbModel({
    params,
    standardErrors: outcome.standardErrors === null ? null : record(outcome.standardErrors),
    logLikelihood: outcome.logLikelihood,
    converged: outcome.converged,
    identified: outcome.identified,
    iterations: outcome.iterations,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    customers: total,
    penalizer: parsed.penalizer,
  });
}

/**
 * Restore a BG/BB model saved with `model.toJSON()` (or `JSON.parse` of its text).
 *
 * @throws ClvkitError INVALID_MODEL (not a saved model, another kind, or missing/non-positive parameters)
 * @example
 * bgBbFromJSON(JSON.parse(JSON.stringify(model))).params.alpha // same as model.params.alpha
 */
export function bgBbFromJSON(json: unknown): BgBbModel {
  const fn = 'bgBbFromJSON';
  const saved = checkSerializedModel(json, 'bg-bb', fn, BG_BB_PARAMS);
  if (saved.timeUnit !== 'period') {
    throw new ClvkitError('INVALID_MODEL', `a BG/BB model counts opportunities ('period'), not ${String(saved.timeUnit)}`, { fn, path: ['timeUnit'] });
  }
  return createBgBbModel(restoreFitReport(saved, BG_BB_PARAMS, fn));
}

function record(values: Float64Array): Record<BgBbParamName, number> {
  return { alpha: values[0]!, beta: values[1]!, gamma: values[2]!, delta: values[3]! };
}

/** Everything a BG/BB model is built from (a fit, a saved model, given parameters). Internal. */
export interface BgBbState {
  readonly params: Readonly<Record<BgBbParamName, number>>;
  readonly standardErrors: Readonly<Record<BgBbParamName, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly identified?: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  readonly penalizer: number;
}

/** Opportunities must be whole numbers ≥ 0. */
function checkOpportunities(value: number, fn: string, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ClvkitError('INVALID_VALUE', `${what} must be a whole number of opportunities ≥ 0 (BG/BB time is discrete)`, { fn, value });
  }
  return value;
}

/**
 * The closed forms are computed in log space and stay finite for parameters from the smallest positive
 * double up to far beyond any fitted value; where one still cannot be represented (e.g. α + β overflows
 * for a restored model with α near 1e308) the caller gets NUMERIC_FAILURE instead of NaN.
 */
function finiteOrFail<T extends number | Float64Array>(value: T, fn: string, params: Readonly<Record<BgBbParamName, number>>): T {
  const ok = typeof value === 'number' ? Number.isFinite(value) : value.every(Number.isFinite);
  if (!ok) {
    throw new ClvkitError('NUMERIC_FAILURE', 'the BG/BB prediction cannot be represented at these parameters', { fn, params: { ...params } });
  }
  return value;
}

/** Build the model object (predictions closed over the parameters). Internal: fitBgBb, bgBbFromJSON and bgBbModel call it. */
export function createBgBbModel(state: BgBbState): BgBbModel {
  const params: BgBbParams = state.params;
  const model: Omit<BgBbModel, keyof ModelDisplay> = {
    kind: 'bg-bb',
    timeUnit: 'period',
    params: Object.freeze({ ...state.params }),
    standardErrors: state.standardErrors === null ? null : Object.freeze({ ...state.standardErrors }),
    logLikelihood: state.logLikelihood,
    converged: state.converged,
    identified: state.identified,
    iterations: state.iterations,
    ...(state.reason !== undefined ? { reason: state.reason } : {}),
    customers: state.customers,
    penalizer: state.penalizer,
    expectedTransactions(t: number): number {
      const n = checkOpportunities(t, 'bgBb.expectedTransactions', 't');
      return finiteOrFail(bgBbExpectedTransactions(params, n), 'bgBb.expectedTransactions', state.params);
    },
    conditionalExpectedTransactions(t: number, customers: RfmColumns): Float64Array {
      const fn = 'bgBb.conditionalExpectedTransactions';
      const horizon = checkOpportunities(t, fn, 't');
      checkCustomerTimeUnit(customers, 'period', fn);
      const rfm = checkRfmColumns(customers, { fn, discrete: true });
      return finiteOrFail(bgBbConditional(params, rfm.frequency, rfm.recency, rfm.T, horizon).expected!, fn, state.params);
    },
    probabilityAlive(customers: RfmColumns): Float64Array {
      const fn = 'bgBb.probabilityAlive';
      checkCustomerTimeUnit(customers, 'period', fn);
      const rfm = checkRfmColumns(customers, { fn, discrete: true });
      return finiteOrFail(bgBbConditional(params, rfm.frequency, rfm.recency, rfm.T, null).alive, fn, state.params);
    },
    probabilityOfTransactions(x: number, t: number): number {
      const fn = 'bgBb.probabilityOfTransactions';
      const n = checkOpportunities(t, fn, 't');
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
        throw new ClvkitError('INVALID_VALUE', 'the number of transactions must be a whole number ≥ 0', { fn, value: x });
      }
      return finiteOrFail(bgBbProbabilityOfTransactions(params, x, n), fn, state.params);
    },
    toJSON(): SerializedModel {
      return serializeModel({ ...model, extra: { penalizer: state.penalizer } });
    },
  };
  return withModelDisplay(model);
}
