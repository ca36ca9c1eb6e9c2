import { z } from 'zod';
import { ClvkitError, isClvkitError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { parseOptions } from '../../validate.js';
import { quantileSorted } from '../../quantile-sorted.js';
import { compressRows } from '../core/compress-rows.js';
import { customerLifetimeValue, type CustomerLifetimeValueOptions } from '../customer-lifetime-value.js';
import type { FittedGammaGammaModel } from '../gamma-gamma/fit-gamma-gamma.js';
import type { FittedTransactionModel, RfmColumns } from '../transaction-model.js';
import { DEFAULT_DRAWS, intervalOptionsSchema, type IntervalOptions } from './interval-options.js';
import { spendUncertainty, transactionUncertainty, type ModelUncertainty, type PatternTable } from './model-uncertainty.js';

const FN = 'predictionIntervals';

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object';
const arrayLike = z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), 'expected an array of numbers');

/** Customer columns, with any further columns (covariates, monetaryValue) beside them. */
type CustomerTable = RfmColumns | (RfmColumns & { readonly [column: string]: unknown });

const schema = z
  .object({
    /** The fitted transaction model (fitBgNbd, fitModifiedBgNbd, fitParetoNbd, fitBgBb, fitBgNbdWithCovariates, fitParetoNbdWithCovariates). */
    transactionModel: z.custom<FittedTransactionModel>(
      (v) => isObject(v) && typeof (v as FittedTransactionModel).probabilityAlive === 'function',
      'expected a fitted transaction model',
    ),
    /** The optional fitted Gamma-Gamma spend model (then the customers need monetaryValue). */
    spendModel: z
      .custom<FittedGammaGammaModel>((v) => isObject(v) && (v as FittedGammaGammaModel).kind === 'gamma-gamma', 'expected a fitted Gamma-Gamma model')
      .optional(),
    /** The customers the models were fitted on (with the same columns: covariates, monetaryValue). */
    calibration: z.custom<CustomerTable>(isObject, 'expected the calibration customer columns'),
    /** The fit's case weights, if it had any (one per calibration row). */
    weights: arrayLike.optional(),
    /** The customers to predict for (default: the calibration customers). */
    customers: z.custom<CustomerTable>(isObject, 'expected customer columns').optional(),
    /** Horizon t of E[Y(t) | history], in the model's time unit. */
    horizon: z.number().min(0).refine(Number.isFinite, 'must be finite'),
    /** CLV options as for customerLifetimeValue without the models and customers (needs spendModel, or `spend`). */
    clv: z
      .custom<Omit<CustomerLifetimeValueOptions, 'transactionModel' | 'spendModel' | 'customers'>>(isObject, 'expected customerLifetimeValue options')
      .optional(),
    intervals: intervalOptionsSchema.default({ level: 0.9, method: 'parametric', seed: 1 }),
  })
  .strict();

/** Options of {@link predictionIntervals}. */
export type PredictionIntervalsOptions = z.input<typeof schema> & { intervals?: IntervalOptions };

/** A point estimate per customer with its interval. */
export interface IntervalColumns {
  /** The prediction at the estimates. */
  readonly estimate: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** The result of {@link predictionIntervals}. */
export interface PredictionIntervals {
  readonly length: number;
  readonly level: number;
  readonly method: 'parametric' | 'bootstrap';
  /** Draws asked for. */
  readonly draws: number;
  /** Draws the intervals are made of (bootstrap: refits that converged). */
  readonly usedDraws: number;
  /** Bootstrap refits that did not converge, left out of the quantiles (counted, never silently). */
  readonly failedDraws: number;
  readonly seed: number;
  readonly horizon: number;
  readonly probabilityAlive: IntervalColumns;
  readonly conditionalExpectedTransactions: IntervalColumns;
  /** With a spend model: E[M | x, m̄]. */
  readonly expectedSpend?: IntervalColumns;
  /** With `clv` options: the customer lifetime value. */
  readonly clv?: IntervalColumns;
}

/** Customers per block (bounds memory at draws × block values per measure). */
const BLOCK = 2048;

/**
 * Prediction intervals per customer for P(alive), E[Y(t) | history], expected spend and CLV, from the
 * uncertainty of the fitted parameters (not the randomness of a customer's future, which these point
 * predictions average over).
 *
 * - `method: 'parametric'`: the estimates u (ln θ of each parameter; covariate coefficients as they are) are
 *   asymptotically normal, u ~ N(û, Σ̂) with Σ̂ the inverse observed information of the calibration data at û
 *   (penalised when the fit was; {@link unconstrainedCovariance}); `draws` parameter vectors are drawn
 *   (û + L·ε, LLᵀ = Σ̂, ε standard normal, seeded) and each prediction is recomputed per draw. Transaction
 *   and spend models are drawn independently (their likelihoods share no parameter).
 * - `method: 'bootstrap'`: `draws` times, the calibration customers are resampled with replacement
 *   (multinomial counts on their distinct rows, so a refit costs one weighted fit on the patterns) and both
 *   models are refitted on the same resample, starting at the estimates; refits that do not converge are
 *   counted in `failedDraws` and left out.
 *
 * The interval is the equal-tailed percentile interval of the draws, [q_{(1−level)/2}, q_{(1+level)/2}]
 * (linear interpolation between order statistics); `estimate` is the prediction at the fitted estimates.
 *
 * @throws INVALID_OPTIONS (bad options, `clv` without a spend source), UNSUPPORTED (a model kind without
 *   intervals), INVALID_VALUE (parametric: the estimates do not maximise the calibration data's likelihood, so
 *   these are not the data the model was fitted on), NUMERIC_FAILURE (no covariance: the Hessian is not positive
 *   definite; or fewer than 2 bootstrap refits converged), and whatever the predictions throw for bad customer
 *   rows (MISSING_COLUMN, INVALID_VALUE, …), checked on the first customer before any draw.
 * @example
 * const bg = fitBgNbd(summary);
 * const pi = predictionIntervals({ transactionModel: bg, calibration: summary, horizon: 52,
 *   intervals: { level: 0.9, method: 'parametric', draws: 500, seed: 1 } });
 * pi.probabilityAlive.lower[0]; pi.conditionalExpectedTransactions.upper[0];
 */
export function predictionIntervals(options: PredictionIntervalsOptions): PredictionIntervals {
  const o = parseOptions(schema, options, FN);
  const { level, method, seed } = o.intervals;
  const draws = o.intervals.draws ?? DEFAULT_DRAWS[method];
  if (o.clv !== undefined && o.spendModel === undefined && (o.clv as { spend?: unknown }).spend === undefined) {
    throw new ClvkitError('INVALID_OPTIONS', 'clv intervals need a spendModel (or clv.spend)', { fn: FN, path: ['clv'] });
  }
  const tx = transactionUncertainty(o.transactionModel, FN);
  const sp = o.spendModel === undefined ? null : spendUncertainty(o.spendModel);
  const table = calibrationPatterns(o.calibration, o.weights, [...tx.columns, ...(sp?.columns ?? [])]);
  const customers = (o.customers ?? o.calibration) as RfmColumns & Record<string, unknown>;
  const n = customers.frequency?.length ?? 0;

  const measures = [
    'probabilityAlive',
    'conditionalExpectedTransactions',
    ...(sp !== null ? ['expectedSpend'] : []),
    ...(o.clv !== undefined ? ['clv'] : []),
  ] as const;
  const predict = (t: FittedTransactionModel, s: FittedGammaGammaModel | null, rows: Record<string, unknown>, measure: string): Float64Array => {
    switch (measure) {
      case 'probabilityAlive':
        return t.probabilityAlive(rows as unknown as RfmColumns);
      case 'conditionalExpectedTransactions':
        return t.conditionalExpectedTransactions(o.horizon, rows as unknown as RfmColumns);
      case 'expectedSpend':
        return s!.conditionalExpectedAverageSpend(rows as never);
      default: {
        const clv = o.clv as CustomerLifetimeValueOptions;
        return customerLifetimeValue({
          ...clv,
          transactionModel: t,
          ...(s !== null ? { spendModel: s } : {}),
          ...(clv.spend !== undefined ? { spend: rows.__spend as ArrayLike<number> } : {}),
          customers: rows as never,
        }).clv;
      }
    }
  };
  const clvSpend = (o.clv as { spend?: ArrayLike<number> } | undefined)?.spend;
  if (clvSpend !== undefined && clvSpend.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', `clv.spend has ${clvSpend.length} entries, expected ${n}`, { fn: FN, column: 'clv.spend' });
  }
  const blockOf = (start: number, end: number): Record<string, unknown> => {
    const rows = sliceTable(customers, start, end);
    if (clvSpend !== undefined) rows.__spend = Array.prototype.slice.call(clvSpend, start, end);
    return rows;
  };
  // Check the customers and the CLV options on the first customer before any draw or refit.
  for (const measure of measures) predict(o.transactionModel, o.spendModel ?? null, n > 0 ? blockOf(0, 1) : customers, measure);

  const rng = createRandom(seed);
  let txModels: FittedTransactionModel[] = [];
  let spModels: (FittedGammaGammaModel | null)[] = [];
  let failed = 0;
  if (method === 'parametric') {
    txModels = normalDraws(tx, table, draws, rng.fork(1)).map((u) => tx.at(u));
    spModels = sp === null ? txModels.map(() => null) : normalDraws(sp, table, draws, rng.fork(2)).map((u) => sp.at(u));
  } else {
    const sampler = multinomialSampler(table.weight);
    for (let b = 0; b < draws; b++) {
      const counts = sampler(rng.fork(1000 + b));
      let t: FittedTransactionModel | null = null;
      let s: FittedGammaGammaModel | null = null;
      try {
        t = tx.refit(table.columns, counts);
        s = sp === null ? null : sp.refit(table.columns, counts);
      } catch (error) {
        // A resample the model cannot be fitted to (no finite maximum, …) is a failed draw; anything else is a bug.
        if (!isClvkitError(error)) throw error;
        t = null;
      }
      if (t === null || (sp !== null && s === null)) {
        failed++;
        continue;
      }
      txModels.push(t);
      spModels.push(s);
    }
    if (txModels.length < 2) {
      throw new ClvkitError('NUMERIC_FAILURE', `only ${txModels.length} of ${draws} bootstrap refits converged`, { fn: FN });
    }
  }

  const out = Object.fromEntries(measures.map((m) => [m, { estimate: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n) }])) as Record<
    string,
    { estimate: Float64Array; lower: Float64Array; upper: Float64Array }
  >;
  const m = txModels.length;
  const values = new Float64Array(m * BLOCK);
  const column = new Float64Array(m);
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    const rows = blockOf(start, end);
    for (const measure of measures) {
      const target = out[measure]!;
      target.estimate.set(predict(o.transactionModel, o.spendModel ?? null, rows, measure), start);
      for (let d = 0; d < m; d++) values.set(predict(txModels[d]!, spModels[d] ?? null, rows, measure), d * (end - start));
      for (let i = 0; i < end - start; i++) {
        for (let d = 0; d < m; d++) column[d] = values[d * (end - start) + i]!;
        column.sort();
        target.lower[start + i] = quantileSorted(column, (1 - level) / 2);
        target.upper[start + i] = quantileSorted(column, (1 + level) / 2);
      }
    }
  }
  return {
    length: n,
    level,
    method,
    draws,
    usedDraws: m,
    failedDraws: failed,
    seed,
    horizon: o.horizon,
    probabilityAlive: out.probabilityAlive!,
    conditionalExpectedTransactions: out.conditionalExpectedTransactions!,
    ...(out.expectedSpend !== undefined ? { expectedSpend: out.expectedSpend } : {}),
    ...(out.clv !== undefined ? { clv: out.clv } : {}),
  };
}

/** Rows start..end−1 of every array column (other entries are passed through). */
function sliceTable(table: Record<string, unknown>, start: number, end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(table)) {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) out[k] = (v as unknown as Float64Array).subarray(start, end);
    else if (Array.isArray(v)) out[k] = v.slice(start, end);
    else out[k] = v;
  }
  return out;
}

/** The calibration customers compressed to distinct rows of the columns the models read. */
function calibrationPatterns(
  calibration: CustomerTable,
  weights: ArrayLike<number> | undefined,
  names: readonly string[],
): { columns: PatternTable; weight: Float64Array } {
  const table = calibration as unknown as Record<string, unknown>;
  const unique = [...new Set(names)];
  const n = calibration.frequency?.length ?? 0;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no calibration customers', { fn: FN, column: 'calibration' });
  const cols = unique.map((name) => {
    const v = table[name];
    if (v === undefined || v === null || typeof (v as ArrayLike<number>).length !== 'number') {
      throw new ClvkitError('MISSING_COLUMN', `calibration has no column ${name}`, { fn: FN, column: name, path: ['calibration'] });
    }
    const col = v as ArrayLike<unknown>;
    if (col.length !== n)
      throw new ClvkitError('LENGTH_MISMATCH', `calibration column ${name} has ${col.length} entries, expected ${n}`, { fn: FN, column: name });
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = col[i];
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn: FN, column: name, index: i, value: x });
      out[i] = x;
    }
    return out;
  });
  if (weights !== undefined && weights.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${weights.length} entries, expected ${n}`, { fn: FN, column: 'weights' });
  }
  const c = compressRows(cols, weights);
  return { columns: Object.fromEntries(unique.map((name, j) => [name, c.columns[j]!])), weight: c.weight };
}

/** `count` draws û + L·ε from N(û, Σ̂). */
function normalDraws<M>(
  model: ModelUncertainty<M>,
  table: { columns: PatternTable; weight: Float64Array },
  count: number,
  rng: ReturnType<typeof createRandom>,
): Float64Array[] {
  const cov = model.covariance(table.columns, table.weight);
  if (cov.notStationary === true) throw new ClvkitError('INVALID_VALUE', cov.reason!, { fn: FN, column: 'calibration' });
  if (cov.covariance === null) {
    throw new ClvkitError(
      'NUMERIC_FAILURE',
      `parametric intervals need the covariance of the estimates: ${cov.reason ?? 'unavailable'}; use method 'bootstrap'`,
      { fn: FN },
    );
  }
  const k = model.estimates.length;
  const l = cholesky(cov.covariance, k);
  const out: Float64Array[] = [];
  const eps = new Float64Array(k);
  for (let d = 0; d < count; d++) {
    for (let i = 0; i < k; i++) eps[i] = rng.normal();
    const u = Float64Array.from(model.estimates);
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) u[i] = u[i]! + l[i * k + j]! * eps[j]!;
    out.push(u);
  }
  return out;
}

/** Lower Cholesky factor of a positive-definite k×k matrix (row-major). */
function cholesky(m: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * k + j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      if (i === j) {
        if (!(s > 0)) throw new ClvkitError('NUMERIC_FAILURE', 'the covariance of the estimates is not positive definite', { fn: FN });
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j]!;
      }
    }
  }
  return l;
}

/** Resample customers: round(W) draws over the rows with probability w_i/W, returned as counts per row. */
function multinomialSampler(weight: Float64Array): (rng: ReturnType<typeof createRandom>) => Float64Array {
  const cumulative = new Float64Array(weight.length);
  let total = 0;
  for (let i = 0; i < weight.length; i++) cumulative[i] = total += weight[i]!;
  const n = Math.max(1, Math.round(total));
  return (rng) => {
    const counts = new Float64Array(weight.length);
    for (let d = 0; d < n; d++) {
      const target = rng.next() * total;
      let lo = 0;
      let hi = weight.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      counts[lo] = counts[lo]! + 1;
    }
    return counts;
  };
}
