import type { TimeUnit } from '../time.js';

/**
 * One row per customer, column by column: the "RFM/T" summary every model in clvkit reads.
 *
 * Two different recencies live here and never share a name:
 * - `recency` is the model's t_x: time from the first to the last purchase, in `timeUnit`;
 * - `daysSinceLastPurchase` is what RFM calls recency: days from the last purchase to the period end.
 *
 * With a `calibrationEnd`, `frequency`, `recency`, `T` and `monetaryValue` describe the calibration
 * period (first purchase .. calibrationEnd) and the `holdout*` columns the period after it up to
 * `observationEnd`; customers whose first purchase falls after `calibrationEnd` are not in the summary
 * (they are counted in `excludedAfterCalibration`).
 */
export interface CustomerSummary {
  readonly length: number;
  readonly timeUnit: TimeUnit;
  /** Same-day purchases merged into one ('day'), or every transaction its own purchase ('none'). */
  readonly aggregateBy: 'day' | 'none';
  /** ISO date, inclusive. */
  readonly observationEnd: string;
  /** ISO date, inclusive, when the summary has a holdout period. */
  readonly calibrationEnd?: string;
  readonly customerId: readonly string[];
  /** Number of repeat purchase periods (purchases after the first). */
  readonly frequency: Float64Array;
  /** t_x: time from first to last purchase, in `timeUnit`. */
  readonly recency: Float64Array;
  /** Time from first purchase to the end of the (calibration) period, in `timeUnit`. */
  readonly T: Float64Array;
  /** Mean value of the repeat purchases (first purchase excluded); 0 when there are none. */
  readonly monetaryValue: Float64Array;
  /** Epoch day of the first purchase. */
  readonly firstDay: Int32Array;
  /** Epoch day of the last purchase within the (calibration) period. */
  readonly lastDay: Int32Array;
  /** Number of transactions (rows) within the (calibration) period, before any same-day merging. */
  readonly transactionCount: Uint32Array;
  /** Sum of all amounts within the (calibration) period, first purchase included. */
  readonly totalAmount: Float64Array;
  /** RFM recency: whole days from the last purchase to the (calibration) period end. */
  readonly daysSinceLastPurchase: Int32Array;
  /** Repeat purchase periods in the holdout period (with `calibrationEnd`). */
  readonly holdoutFrequency?: Float64Array;
  /** Mean value of the holdout purchases, 0 when none (with `calibrationEnd`). */
  readonly holdoutMonetaryValue?: Float64Array;
  /** Length of the holdout period in `timeUnit` (with `calibrationEnd`). */
  readonly holdoutDuration?: number;
  /** Customers left out because their first purchase is after `calibrationEnd`. */
  readonly excludedAfterCalibration?: number;
  /** Transactions after `observationEnd`, left out of the summary (counted, not silently dropped). */
  readonly transactionsAfterEnd: number;
  /**
   * Customers whose every transaction is after `observationEnd`: not in the summary, counted here
   * (set by `summarizeCustomers` and `summarizeCustomersDuckDb`; absent from other sources).
   */
  readonly customersOnlyAfterEnd?: number;
}
