import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { parseOptions, requireColumn } from '../../validate.js';
import { fitModel } from '../core/fit-model.js';
import { fitControlOf, fitOptionsSchema } from '../core/fit-options.js';
import { checkSerializedModel, restoreFitReport, serializeModel } from '../core/serialize.js';
import type { FitReport, SerializedModel } from '../transaction-model.js';
import { gammaGammaGroupedLogLikelihood, groupGammaGammaData } from './gamma-gamma-log-likelihood.js';
import { withModelDisplay } from '../../display/model-display.js';
import type { ModelDisplay } from '../../display/model-display.js';

/** The Gamma-Gamma parameter names, in the optimiser's order. */
export const GAMMA_GAMMA_PARAMS = ['p', 'q', 'gamma'] as const;
/** A Gamma-Gamma parameter name. */
export type GammaGammaParamName = (typeof GAMMA_GAMMA_PARAMS)[number];

/** The per-customer columns the spend model reads; a CustomerSummary has them. */
export interface SpendColumns {
  /** x: number of repeat transactions (a whole number ≥ 0). */
  readonly frequency: ArrayLike<number>;
  /** m̄: mean value of the repeat transactions (> 0 when x > 0; ignored when x = 0). */
  readonly monetaryValue: ArrayLike<number>;
  /** Optional customer ids (a CustomerSummary has them): errors name the customer by id. */
  readonly customerId?: ArrayLike<string>;
}

const fitGammaGammaSchema = fitOptionsSchema.extend({
  /**
   * What to do with a customer who has x > 0 but a mean value ≤ 0 (a zero-value purchase, refunds): they carry
   * no spend information. `'exclude'` (default) leaves them out and counts them in `excluded.nonPositiveValue`;
   * `'error'` throws INVALID_VALUE naming the customer. Predictions value such customers at the population
   * mean (see `conditionalExpectedAverageSpend`), so fit and prediction follow one policy.
   */
  nonPositiveValues: z.enum(['error', 'exclude']).default('exclude'),
});

const spendPredictionSchema = z.strictObject({
  /**
   * A customer with x > 0 and a mean value ≤ 0: `'population-mean'` (default) values them at E[M] = pγ/(q−1),
   * as a customer without repeat purchases (their purchases say nothing about spend); `'error'` throws
   * INVALID_VALUE naming the customer.
   */
  nonPositiveValues: z.enum(['population-mean', 'error']).default('population-mean'),
});

/** Options of `conditionalExpectedAverageSpend`. */
export type SpendPredictionOptions = z.input<typeof spendPredictionSchema>;

/** Options of {@link fitGammaGamma}. */
export type FitGammaGammaOptions = z.input<typeof fitGammaGammaSchema>;

/** Rows the fit left out, by reason (never silently). */
export interface GammaGammaExclusions {
  /** Customers with no repeat transaction (x = 0): they carry no spend information. */
  readonly zeroFrequency: number;
  /** Customers with x > 0 and mean value ≤ 0 (only with `nonPositiveValues: 'exclude'`). */
  readonly nonPositiveValue: number;
}

/** A fitted Gamma-Gamma spend model. */
export interface GammaGammaModel extends FitReport<GammaGammaParamName>, ModelDisplay {
  readonly kind: 'gamma-gamma';
  /** Rows left out of the fit (customers counts, weights ignored). */
  readonly excluded: GammaGammaExclusions;
  /** The L2 penalizer the fit used. */
  readonly penalizer: number;
  /**
   * E[M | p, q, γ, m̄, x] = (γ + m̄·x)·p / (p·x + q − 1) per customer (Fader & Hardie 2013, eq. 5): a weighted
   * average of the population mean p·γ/(q−1) and the customer's own mean m̄. For x = 0 it is the population mean,
   * and so it is (by default) for a customer whose repeat purchases are worth ≤ 0 in total.
   * @throws INVALID_VALUE (bad row: non-integer/negative frequency, non-finite or non-positive value with x > 0),
   *   LENGTH_MISMATCH, MISSING_COLUMN, NUMERIC_FAILURE when p·x + q ≤ 1 (the mean does not exist).
   */
  conditionalExpectedAverageSpend(customers: SpendColumns, options?: SpendPredictionOptions): Float64Array;
  /** E[M] = p·γ/(q−1), the mean transaction value of a new customer. @throws NUMERIC_FAILURE when q ≤ 1 (infinite mean). */
  expectedAverageSpend(): number;
  toJSON(): SerializedModel;
}

/** @deprecated Use {@link GammaGammaModel} (one naming scheme: `<Model>Model`); kept for one release. */
export type FittedGammaGammaModel = GammaGammaModel;

/** Checked (x, m̄) columns; `keep` marks the rows that enter the likelihood. */
interface CheckedSpend {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
}

/** The central domain check of the spend columns (copies; never the caller's arrays). */
function checkSpendColumns(customers: SpendColumns, fn: string, onNonPositive: 'error' | 'keep', option: string): CheckedSpend {
  if (customers === null || typeof customers !== 'object') {
    throw new ClvkitError('INVALID_VALUE', 'expected an object with frequency and monetaryValue columns', { fn, value: customers });
  }
  for (const name of ['frequency', 'monetaryValue'] as const) {
    requireColumn(customers as unknown as Readonly<Record<string, unknown>>, name, fn);
  }
  const n = customers.frequency.length;
  if (customers.monetaryValue.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', `column has ${customers.monetaryValue.length} entries, expected ${n} (as frequency)`, {
      fn,
      column: 'monetaryValue',
    });
  }
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  const ids = customerIdsOf(customers, n);
  const frequency = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = customers.frequency[i]!;
    const m = customers.monetaryValue[i]!;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      throw new ClvkitError('INVALID_VALUE', `${who(ids, i)}: frequency must be a whole number ≥ 0`, {
        fn,
        column: 'frequency',
        index: i,
        value: x,
        ...idOf(ids, i),
      });
    }
    if (typeof m !== 'number' || !Number.isFinite(m)) {
      throw new ClvkitError('INVALID_VALUE', `${who(ids, i)}: expected a finite number`, { fn, column: 'monetaryValue', index: i, value: m, ...idOf(ids, i) });
    }
    if (x > 0 && m <= 0 && onNonPositive === 'error') {
      throw new ClvkitError(
        'INVALID_VALUE',
        `${who(ids, i)} has ${x} repeat purchase${x === 1 ? '' : 's'} worth ${m} on average: a mean transaction value ≤ 0 carries no spend information (${option} handles such customers)`,
        { fn, column: 'monetaryValue', index: i, value: m, ...idOf(ids, i) },
      );
    }
    frequency[i] = x;
    monetaryValue[i] = m;
  }
  return { frequency, monetaryValue };
}

/** The customers' ids when the columns carry them (a CustomerSummary), else null. */
function customerIdsOf(customers: SpendColumns, n: number): ArrayLike<string> | null {
  const ids = customers.customerId;
  return ids !== undefined && ids !== null && typeof ids === 'object' && ids.length === n ? ids : null;
}

/** "customer <id> (row i)" with ids, "row i (0-based)" without. */
function who(ids: ArrayLike<string> | null, i: number): string {
  return ids === null ? `the customer at row ${i} (0-based)` : `customer ${String(ids[i])} (row ${i}, 0-based)`;
}

function idOf(ids: ArrayLike<string> | null, i: number): { customerId?: string } {
  return ids === null ? {} : { customerId: String(ids[i]) };
}

/**
 * Fit the Gamma-Gamma model of monetary value (Colombo & Jiang 1999; Fader & Hardie 2013) by maximum
 * likelihood: a customer's transaction values are Gamma(p, ν) around their own mean p/ν, and ν varies across
 * customers as Gamma(q, γ). Only customers with repeat transactions carry information: rows with x = 0 are
 * left out and counted in `excluded.zeroFrequency`. The model assumes spend is independent of frequency;
 * check with {@link frequencyMonetaryCorrelation}. The likelihood is evaluated on customers grouped by
 * frequency, with its analytic gradient (see {@link gammaGammaGroupedLogLikelihood}).
 *
 * @throws ClvkitError INVALID_OPTIONS, EMPTY_INPUT (no row, or no row with x > 0), MISSING_COLUMN, LENGTH_MISMATCH,
 *   INVALID_VALUE (naming the column and row), NUMERIC_FAILURE, NOT_CONVERGED (with `strict`).
 * @example
 * // CDNOW sample, 39-week calibration (946 customers with repeat purchases of 2,357):
 * const spend = fitGammaGamma({ frequency, monetaryValue });
 * spend.params // { p: 6.2488…, q: 3.7446…, gamma: 15.4477… }; spend.excluded // { zeroFrequency: 1411, nonPositiveValue: 0 }
 * spend.expectedAverageSpend() // 35.171…
 * spend.conditionalExpectedAverageSpend({ frequency: [0, 2, 10], monetaryValue: [0, 22.35, 40] }) // Float64Array [35.171…, 24.658…, 39.796…]
 * @see Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", http://www.brucehardie.com/notes/025/;
 *   Colombo & Jiang (1999), "A stochastic RFM model", Journal of Interactive Marketing 13(3).
 */
export function fitGammaGamma(customers: SpendColumns, options?: FitGammaGammaOptions): GammaGammaModel {
  const fn = 'fitGammaGamma';
  const parsed = parseOptions(fitGammaGammaSchema, options, fn);
  const checked = checkSpendColumns(
    customers,
    fn,
    parsed.nonPositiveValues === 'error' ? 'error' : 'keep',
    "nonPositiveValues: 'exclude' (the default) leaves them out of the fit",
  );
  const n = checked.frequency.length;
  if (parsed.weights !== undefined && parsed.weights.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${parsed.weights.length} entries, expected ${n}`, { fn, column: 'weights' });
  }
  let zeroFrequency = 0;
  let nonPositiveValue = 0;
  const x: number[] = [];
  const m: number[] = [];
  const w: number[] = [];
  let total = 0;
  let meanValue = 0;
  for (let i = 0; i < n; i++) {
    const xi = checked.frequency[i]!;
    const mi = checked.monetaryValue[i]!;
    if (xi === 0) {
      zeroFrequency++;
      continue;
    }
    if (mi <= 0) {
      nonPositiveValue++;
      continue;
    }
    const wi = parsed.weights === undefined ? 1 : parsed.weights[i]!;
    x.push(xi);
    m.push(mi);
    w.push(wi);
    total += wi;
    meanValue += wi * mi;
  }
  if (!(total > 0)) {
    throw new ClvkitError('EMPTY_INPUT', 'no customer with repeat transactions (frequency > 0) and positive weight to fit', {
      fn,
      excluded: { zeroFrequency, nonPositiveValue },
    });
  }
  meanValue /= total;
  // Grouped by frequency with the parameter-free sums precomputed, and an analytic gradient.
  const data = groupGammaGammaData(x, m, w);
  const outcome = fitModel(
    {
      fn,
      paramNames: GAMMA_GAMMA_PARAMS,
      // γ is on the scale of the money amounts: start it there as well as at 1.
      starts: parsed.starts ?? [
        [1, 1, 1],
        [2, 3, 2 * meanValue],
        [5, 5, 4 * meanValue],
      ],
      weightTotal: total,
      logLikelihood: (p) => gammaGammaGroupedLogLikelihood({ p: p[0]!, q: p[1]!, gamma: p[2]! }, data),
      gradient: (p, out) => gammaGammaGroupedLogLikelihood({ p: p[0]!, q: p[1]!, gamma: p[2]! }, data, out),
    },
    fitControlOf(parsed),
  );
  const rec = (v: Float64Array): Record<GammaGammaParamName, number> => ({ p: v[0]!, q: v[1]!, gamma: v[2]! });
  return createGammaGammaModel({
    params: rec(outcome.params),
    standardErrors: outcome.standardErrors === null ? null : rec(outcome.standardErrors),
    logLikelihood: outcome.logLikelihood,
    converged: outcome.converged,
    identified: outcome.identified,
    iterations: outcome.iterations,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    customers: total,
    excluded: { zeroFrequency, nonPositiveValue },
    penalizer: parsed.penalizer,
  });
}

/**
 * Restore a Gamma-Gamma model saved with `model.toJSON()`.
 * @throws ClvkitError INVALID_MODEL
 * @example
 * gammaGammaFromJSON(JSON.parse(JSON.stringify(spend))).expectedAverageSpend() // same as spend.expectedAverageSpend()
 */
export function gammaGammaFromJSON(json: unknown): GammaGammaModel {
  const fn = 'gammaGammaFromJSON';
  const saved = checkSerializedModel(json, 'gamma-gamma', fn, GAMMA_GAMMA_PARAMS);
  const extra = saved.extra ?? {};
  const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  const excluded = (extra.excluded ?? {}) as Record<string, unknown>;
  return createGammaGammaModel({
    ...restoreFitReport(saved, GAMMA_GAMMA_PARAMS, fn),
    excluded: { zeroFrequency: count(excluded.zeroFrequency), nonPositiveValue: count(excluded.nonPositiveValue) },
  });
}

/** Everything a Gamma-Gamma model is built from (a fit, a saved model, given parameters). Internal. */
export interface GammaGammaState extends FitReport<GammaGammaParamName> {
  readonly excluded: GammaGammaExclusions;
  readonly penalizer: number;
}

/** Build the model object. Internal: fitGammaGamma, gammaGammaFromJSON and gammaGammaModel call it. */
export function createGammaGammaModel(state: GammaGammaState): GammaGammaModel {
  const { p, q, gamma } = state.params;
  const model: Omit<GammaGammaModel, keyof ModelDisplay> = {
    kind: 'gamma-gamma',
    params: Object.freeze({ ...state.params }),
    standardErrors: state.standardErrors === null ? null : Object.freeze({ ...state.standardErrors }),
    logLikelihood: state.logLikelihood,
    converged: state.converged,
    identified: state.identified,
    iterations: state.iterations,
    ...(state.reason !== undefined ? { reason: state.reason } : {}),
    customers: state.customers,
    excluded: Object.freeze({ ...state.excluded }),
    penalizer: state.penalizer,
    conditionalExpectedAverageSpend(customers: SpendColumns, options?: SpendPredictionOptions): Float64Array {
      const fn = 'gammaGamma.conditionalExpectedAverageSpend';
      const o = parseOptions(spendPredictionSchema, options, fn);
      const checked = checkSpendColumns(
        customers,
        fn,
        o.nonPositiveValues === 'error' ? 'error' : 'keep',
        "nonPositiveValues: 'population-mean' (the default) values them at the population mean",
      );
      const out = new Float64Array(checked.frequency.length);
      for (let i = 0; i < out.length; i++) {
        // No usable spend information (no repeat purchase, or purchases worth ≤ 0): the population mean (x = 0).
        const x = checked.monetaryValue[i]! > 0 ? checked.frequency[i]! : 0;
        const m = x === 0 ? 0 : checked.monetaryValue[i]!;
        const denominator = p * x + q - 1;
        if (!(denominator > 0)) {
          throw new ClvkitError('NUMERIC_FAILURE', `the conditional mean spend does not exist: p·x + q − 1 = ${denominator} ≤ 0`, {
            fn,
            index: i,
            value: x,
          });
        }
        out[i] = ((gamma + m * x) * p) / denominator;
      }
      return out;
    },
    expectedAverageSpend(): number {
      if (!(q > 1)) {
        throw new ClvkitError('NUMERIC_FAILURE', `the mean spend is infinite when q ≤ 1 (q = ${q})`, { fn: 'gammaGamma.expectedAverageSpend', value: q });
      }
      return (p * gamma) / (q - 1);
    },
    toJSON(): SerializedModel {
      return serializeModel({ ...model, timeUnit: null, extra: { penalizer: state.penalizer, excluded: { ...state.excluded } } });
    },
  };
  return withModelDisplay(model);
}
