import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import type { CustomerSummary } from '../../io/customer-summary.js';
import type { TransactionTable } from '../../io/transaction-table.js';
import { DAYS_PER_UNIT, isoDate, parseIsoDay } from '../../time.js';
import { parseOptions } from '../../validate.js';
import type { FittedTransactionModel } from '../transaction-model.js';
import { HOLDOUT_VALIDATION_DISPLAY } from '../../display/result-specs.js';
import { withDisplay } from '../../display/with-display.js';
import type { Displayed } from '../../display/with-display.js';

const holdoutSchema = z.strictObject({
  /** The transactions the summary was built from; with them the result has the cumulative tracking series. */
  transactions: z
    .custom<TransactionTable>((v) => v !== null && typeof v === 'object' && (v as TransactionTable).day instanceof Int32Array, {
      message: 'expected a TransactionTable (readTransactions)',
    })
    .optional(),
  /** Highest calibration frequency with its own bucket; the last bucket is "maxFrequency+" (default 7). */
  maxFrequency: z.number().int().min(0).max(1000).default(7),
  /** Step of the tracking series (default 'week'). */
  trackingStep: z.enum(['day', 'week', 'month']).default('week'),
});

/** Options of {@link holdoutValidation}. */
export type HoldoutValidationOptions = z.input<typeof holdoutSchema>;

/** Customers grouped by calibration-period frequency. */
export interface HoldoutBucket {
  /** "0", "1", …, "7+". */
  readonly label: string;
  /** Smallest calibration frequency in the bucket. */
  readonly minFrequency: number;
  readonly customers: number;
  /** Mean predicted repeat transactions in the holdout (the model's conditional expectation). */
  readonly meanPredicted: number;
  /** Mean actual repeat transactions in the holdout. */
  readonly meanActual: number;
}

/** Expected vs actual cumulative repeat transactions of the cohort, step by step (FHL 2005, Fig. 1). */
export interface TrackingSeries {
  readonly step: 'day' | 'week' | 'month';
  /** ISO date of the last day of each step. */
  readonly endDate: readonly string[];
  /** Σ_i E[X(t − first_i)]: expected cumulative repeat transactions by the end of each step. */
  readonly expected: Float64Array;
  /** Actual cumulative repeat transactions by the end of each step. */
  readonly actual: Float64Array;
  /** Number of steps that end on or before `calibrationEnd` (the rest are the holdout). */
  readonly calibrationSteps: number;
  /** Transactions of customers not in the summary (first purchase after calibrationEnd): not tracked, counted. */
  readonly transactionsOutsideSummary: number;
  /** Transactions after `observationEnd`: not tracked, counted. */
  readonly transactionsAfterEnd: number;
}

/** How well a model fitted on the calibration period predicts the holdout period. */
export interface HoldoutValidation {
  readonly customers: number;
  readonly holdoutDuration: number;
  readonly timeUnit: string;
  /** Per customer: E[Y(holdoutDuration) | x, t_x, T]. */
  readonly predicted: Float64Array;
  /** Per customer: actual repeat transactions in the holdout. */
  readonly actual: Float64Array;
  readonly buckets: readonly HoldoutBucket[];
  /** Mean absolute error and root mean squared error per customer. */
  readonly mae: number;
  readonly rmse: number;
  readonly totalPredicted: number;
  readonly totalActual: number;
  /** Only with `transactions`. */
  readonly tracking?: TrackingSeries;
}

/**
 * Holdout validation of a transaction model (Fader, Hardie & Lee 2005, §4): the model, fitted on the
 * calibration period of `summary` (a summary built with `calibrationEnd`), predicts each customer's repeat
 * transactions in the holdout period, E[Y(t*) | x, t_x, T] with t* = `holdoutDuration`; these are compared
 * with the actual `holdoutFrequency` per customer (MAE, RMSE), by calibration-frequency bucket 0, 1, …,
 * `maxFrequency`+ (FHL 2005 Fig. 4), and in total. With `transactions` the result also has the cumulative
 * tracking series across calibration and holdout (FHL 2005 Fig. 1/2): expected Σ_i E[X(t − first_i)], each
 * customer's new-customer expectation from their first purchase, against the actual cumulative repeat
 * purchases (same-day purchases merged when the summary merged them).
 *
 * @throws ClvkitError INVALID_OPTIONS, INVALID_VALUE (a summary without calibrationEnd/holdout columns, or bad rows),
 *   UNIT_MISMATCH (model and summary in different time units), EMPTY_INPUT.
 * @example
 * const check = holdoutValidation(fitBgNbd(calibration), calibration, { transactions });
 * // CDNOW, 39 + 39 weeks: check.totalPredicted // 1653.4…, check.totalActual // 1882
 * check.buckets[0] // { label: '0', minFrequency: 0, customers: 1411, meanPredicted: 0.2251…, meanActual: 0.2367… }
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2), Figs. 1, 2, 4.
 */
export function holdoutValidation(model: FittedTransactionModel, summary: CustomerSummary, options?: HoldoutValidationOptions): Displayed<HoldoutValidation> {
  const fn = 'holdoutValidation';
  const o = parseOptions(holdoutSchema, options, fn);
  if (model === null || typeof model !== 'object' || typeof model.conditionalExpectedTransactions !== 'function') {
    throw new ClvkitError('INVALID_VALUE', 'expected a fitted transaction model', { fn, value: typeof model });
  }
  if (summary === null || typeof summary !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected a CustomerSummary', { fn });
  if (summary.calibrationEnd === undefined || summary.holdoutFrequency === undefined || summary.holdoutDuration === undefined) {
    throw new ClvkitError('INVALID_VALUE', 'the summary has no holdout period: summarise with a calibrationEnd', { fn, column: 'holdoutFrequency' });
  }
  if (model.timeUnit !== summary.timeUnit) {
    throw new ClvkitError('UNIT_MISMATCH', `the model is in ${model.timeUnit}s but the summary in ${summary.timeUnit}s`, {
      fn,
      modelTimeUnit: model.timeUnit,
      summaryTimeUnit: summary.timeUnit,
    });
  }
  const n = summary.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'the summary has no customers', { fn });
  const actual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = summary.holdoutFrequency[i]!;
    if (!Number.isFinite(v) || v < 0)
      throw new ClvkitError('INVALID_VALUE', 'holdout frequency must be a finite number ≥ 0', { fn, column: 'holdoutFrequency', index: i, value: v });
    actual[i] = v;
  }
  const predicted = model.conditionalExpectedTransactions(summary.holdoutDuration, summary);

  const k = o.maxFrequency + 1;
  const count = new Float64Array(k);
  const sumPredicted = new Float64Array(k);
  const sumActual = new Float64Array(k);
  let absError = 0;
  let squaredError = 0;
  let totalPredicted = 0;
  let totalActual = 0;
  for (let i = 0; i < n; i++) {
    const b = Math.min(summary.frequency[i]!, o.maxFrequency);
    count[b] = count[b]! + 1;
    sumPredicted[b] = sumPredicted[b]! + predicted[i]!;
    sumActual[b] = sumActual[b]! + actual[i]!;
    const e = predicted[i]! - actual[i]!;
    absError += Math.abs(e);
    squaredError += e * e;
    totalPredicted += predicted[i]!;
    totalActual += actual[i]!;
  }
  const buckets: HoldoutBucket[] = [];
  for (let b = 0; b < k; b++) {
    if (count[b] === 0) continue;
    buckets.push({
      label: b === o.maxFrequency ? `${b}+` : String(b),
      minFrequency: b,
      customers: count[b]!,
      meanPredicted: sumPredicted[b]! / count[b]!,
      meanActual: sumActual[b]! / count[b]!,
    });
  }
  const result: HoldoutValidation = {
    customers: n,
    holdoutDuration: summary.holdoutDuration,
    timeUnit: summary.timeUnit,
    predicted,
    actual,
    buckets,
    mae: absError / n,
    rmse: Math.sqrt(squaredError / n),
    totalPredicted,
    totalActual,
  };
  return withDisplay(
    o.transactions === undefined ? result : { ...result, tracking: trackCumulative(model, summary, o.transactions, o.trackingStep, fn) },
    HOLDOUT_VALIDATION_DISPLAY,
  );
}

function trackCumulative(
  model: FittedTransactionModel,
  summary: CustomerSummary,
  table: TransactionTable,
  step: 'day' | 'week' | 'month',
  fn: string,
): TrackingSeries {
  const unitDays = DAYS_PER_UNIT[summary.timeUnit];
  const endDay = parseIsoDay(summary.observationEnd, fn);
  const calibrationEnd = parseIsoDay(summary.calibrationEnd!, fn);
  const n = summary.length;
  const rowOf = new Map<string, number>();
  for (let i = 0; i < n; i++) rowOf.set(summary.customerId[i]!, i);
  // Table customer index → summary row (−1 when not in the summary).
  const rowOfTableCustomer = new Int32Array(table.customerIds.length);
  for (let c = 0; c < table.customerIds.length; c++) rowOfTableCustomer[c] = rowOf.get(table.customerIds[c]!) ?? -1;

  let start = Infinity;
  for (let i = 0; i < n; i++) start = Math.min(start, summary.firstDay[i]!);
  const stepDays = step === 'month' ? DAYS_PER_UNIT.month : DAYS_PER_UNIT[step];
  const stepCount = Math.max(1, Math.ceil((endDay - start + 1) / stepDays - 1e-9));
  const stepEnd = new Int32Array(stepCount);
  for (let s = 0; s < stepCount; s++) stepEnd[s] = Math.min(endDay, start + Math.floor((s + 1) * stepDays) - 1);

  // Actual: every purchase except each customer's first, by the step it falls in.
  let outside = 0;
  let afterEnd = 0;
  const keys: number[] = [];
  const span = endDay - start + 1;
  for (let r = 0; r < table.length; r++) {
    const row = rowOfTableCustomer[table.customer[r]!]!;
    if (row < 0) {
      outside++;
      continue;
    }
    const day = table.day[r]!;
    if (day > endDay) {
      afterEnd++;
      continue;
    }
    if (day < start) continue; // cannot happen for a consistent summary (first purchase ≥ start)
    keys.push(row * span + (day - start));
  }
  const sorted = Float64Array.from(keys).sort();
  const perStep = new Float64Array(stepCount);
  const merge = summary.aggregateBy === 'day';
  let previousRow = -1;
  let previousDay = -1;
  for (let j = 0; j < sorted.length; j++) {
    const key = sorted[j]!;
    const row = Math.floor(key / span);
    const day = key - row * span + start;
    const first = row !== previousRow;
    const sameDay = !first && day === previousDay;
    previousRow = row;
    previousDay = day;
    if (first || (merge && sameDay)) continue;
    let s = Math.min(stepCount - 1, Math.floor((day - start) / stepDays));
    while (s > 0 && stepEnd[s - 1]! >= day) s--;
    while (stepEnd[s]! < day) s++;
    perStep[s] = perStep[s]! + 1;
  }
  const actual = new Float64Array(stepCount);
  let running = 0;
  for (let s = 0; s < stepCount; s++) {
    running += perStep[s]!;
    actual[s] = running;
  }

  // Expected: customers grouped by first-purchase day, Σ_g count_g · E[X((end − first_g)/unit)].
  const byFirstDay = new Map<number, number>();
  for (let i = 0; i < n; i++) byFirstDay.set(summary.firstDay[i]!, (byFirstDay.get(summary.firstDay[i]!) ?? 0) + 1);
  const expected = new Float64Array(stepCount);
  for (const [first, customers] of byFirstDay) {
    for (let s = 0; s < stepCount; s++) {
      const t = (stepEnd[s]! - first) / unitDays;
      if (t > 0) expected[s] = expected[s]! + customers * model.expectedTransactions(t);
    }
  }
  let calibrationSteps = 0;
  while (calibrationSteps < stepCount && stepEnd[calibrationSteps]! <= calibrationEnd) calibrationSteps++;
  return {
    step,
    endDate: Array.from(stepEnd, (d) => isoDate(d)),
    expected,
    actual,
    calibrationSteps,
    transactionsOutsideSummary: outside,
    transactionsAfterEnd: afterEnd,
  };
}
