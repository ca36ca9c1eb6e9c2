import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { DAYS_PER_UNIT, isoDate, TIME_UNITS, toEpochDay, type DateInput, type TimeUnit } from '../time.js';
import { parseOptions } from '../validate.js';
import type { CustomerSummary } from './customer-summary.js';
import { CustomerDaySet } from './customer-day-set.js';
import type { TransactionBatch, TransactionRow } from './stream-transactions.js';
import type { TransactionTable } from './transaction-table.js';
import { CUSTOMER_SUMMARY_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

const FN = 'summarizeCustomers';

const dateInput = z.union([z.string(), z.number().int(), z.date()]);

/** Options of {@link summarizeCustomers}. */
export const summarizeCustomersSchema = z.strictObject({
  /** Last day of the observation (inclusive); required — the period end is never assumed. */
  observationEnd: dateInput,
  /** Unit of recency, T and holdoutDuration: 'day', 'week' (7 days) or 'month' (365.25/12 days). */
  timeUnit: z.enum(TIME_UNITS),
  /** 'day' (default): purchases on one day merge into one purchase worth the day's sum; 'none': every transaction is a purchase. */
  aggregateBy: z.enum(['day', 'none']).default('day'),
  /** Last day of the calibration period (inclusive); the holdout is the days after it up to observationEnd. */
  calibrationEnd: dateInput.optional(),
});

/** Options of {@link summarizeCustomers} (input form). */
export type SummarizeCustomersOptions = z.input<typeof summarizeCustomersSchema>;

/** Rows the streaming form accepts: a TransactionStream (fast batch path) or any async iterable of rows. */
export type TransactionRows = AsyncIterable<Pick<TransactionRow, 'customerId' | 'day' | 'amount'>> & {
  batches?: () => AsyncIterable<TransactionBatch>;
};

function grow<T extends Int32Array | Float64Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const next = new (a.constructor as new (k: number) => T)(Math.max(n, a.length * 2));
  next.set(a);
  return next;
}

/** Int fields of a customer's record in `ints` (stride INTS). Counts are read back as uint32 (`>>> 0`). */
const FIRST_DAY = 0;
const LAST_DAY = 1;
const RECENT_DAY = 2;
const CAL_PURCHASES = 3;
const CAL_TX = 4;
const HOLD_PURCHASES = 5;
const HAS_CAL = 6;
const INTS = 7;
/**
 * Float fields of a customer's record in `floats`: sums, each a pair of doubles, the running sum and after
 * it the exact rounding errors of its additions (TwoSum), so hi + lo is the exact sum of the amounts for
 * any realistic amounts (cents up to totals of about 1e12 leave the errors' sum exact) and the sum read
 * back, fl(hi + lo), does not depend on the order of the rows. The holdout pair is stored only with a
 * calibration end (record of 4 or 6 doubles).
 */
const FIRST_VALUE = 0;
const CAL_TOTAL = 2;
const HOLD_TOTAL = 4;

/** The pair at i += x: the rounding error of the addition carried into floats[i + 1]. */
function addTracked(floats: Float64Array, i: number, x: number): void {
  const a = floats[i]!;
  const sum = a + x;
  const xPart = sum - a;
  floats[i] = sum;
  floats[i + 1]! += a - (sum - xPart) + (x - xPart);
}

/** The sum the pair at i holds. */
function tracked(floats: Float64Array, i: number): number {
  return floats[i]! + floats[i + 1]!;
}

/**
 * One-pass accumulator: per customer a handful of numbers (first and last day, the first day's
 * value, totals and counts) plus 64-day bitmaps of purchase days (CustomerDaySet); memory grows
 * with customers and the span of their days, never with rows, and input order does not matter.
 * A customer's numbers are stored together (one record of ints, one of doubles) rather than one
 * array per field: input rows hit customers in random order, and a record is one or two cache
 * lines where ten arrays are ten cache misses per row.
 */
class SummaryAccumulator {
  private n = 0;
  private ints = new Int32Array(1024 * INTS);
  /** Doubles per customer: the first-day and calibration pairs, and the holdout pair when there is a holdout. */
  private readonly stride: number;
  private floats: Float64Array;
  private readonly days = new CustomerDaySet();
  afterEnd = 0;

  constructor(
    private readonly periodEnd: number,
    private readonly observationEnd: number,
    private readonly byDay: boolean,
  ) {
    this.stride = periodEnd < observationEnd ? 6 : 4;
    this.floats = new Float64Array(1024 * this.stride);
  }

  /** Make room for customers 0..count-1. */
  reserve(count: number): void {
    if (count * INTS > this.ints.length) {
      this.ints = grow(this.ints, count * INTS);
      this.floats = grow(this.floats, count * this.stride);
    }
    this.n = Math.max(this.n, count);
  }

  add(c: number, day: number, amount: number): void {
    if (day > this.observationEnd) {
      this.afterEnd++;
      return;
    }
    const ints = this.ints;
    const floats = this.floats;
    const r = c * INTS;
    const q = c * this.stride;
    let newPurchase = true;
    if (this.byDay) {
      // Fast path: consecutive rows of one customer on one day need no set lookup.
      const seen = ints[r + CAL_PURCHASES]! !== 0 || ints[r + HOLD_PURCHASES]! !== 0;
      if (seen && ints[r + RECENT_DAY] === day) newPurchase = false;
      else newPurchase = this.days.add(c, day);
      ints[r + RECENT_DAY] = day;
    }
    if (day <= this.periodEnd) {
      ints[r + CAL_TX]!++;
      addTracked(floats, q + CAL_TOTAL, amount);
      if (newPurchase) ints[r + CAL_PURCHASES]!++;
      if (ints[r + HAS_CAL] === 0) {
        ints[r + HAS_CAL] = 1;
        ints[r + FIRST_DAY] = day;
        floats[q + FIRST_VALUE] = amount;
        floats[q + FIRST_VALUE + 1] = 0;
        ints[r + LAST_DAY] = day;
      } else {
        if (day < ints[r + FIRST_DAY]!) {
          ints[r + FIRST_DAY] = day;
          floats[q + FIRST_VALUE] = amount;
          floats[q + FIRST_VALUE + 1] = 0;
        } else if (day === ints[r + FIRST_DAY] && this.byDay) addTracked(floats, q + FIRST_VALUE, amount);
        if (day > ints[r + LAST_DAY]!) ints[r + LAST_DAY] = day;
      }
    } else {
      addTracked(floats, q + HOLD_TOTAL, amount);
      if (newPurchase) ints[r + HOLD_PURCHASES]!++;
    }
  }

  finish(ids: readonly string[], timeUnit: TimeUnit, aggregateBy: 'day' | 'none', calibrationEnd: number | undefined): CustomerSummary {
    const dpu = DAYS_PER_UNIT[timeUnit];
    let kept = 0;
    let excluded = 0;
    let onlyAfterEnd = 0;
    const ints = this.ints;
    const floats = this.floats;
    for (let c = 0; c < this.n; c++) {
      if (ints[c * INTS + HAS_CAL] === 1) kept++;
      else if (ints[c * INTS + HOLD_PURCHASES] !== 0) excluded++;
      else onlyAfterEnd++;
    }
    // The kept customers' indexes in a typed array (a number[] of 1M would hold 8-16 MB more at the peak).
    const keep = new Int32Array(kept);
    for (let c = 0, k = 0; c < this.n; c++) if (ints[c * INTS + HAS_CAL] === 1) keep[k++] = c;
    const m = kept;
    if (m === 0) {
      throw new ClvkitError('EMPTY_INPUT', `no customer has a purchase on or before ${isoDate(this.periodEnd)}`, {
        fn: FN,
        afterEnd: this.afterEnd,
        customersOnlyAfterEnd: onlyAfterEnd,
        excludedAfterCalibration: excluded,
      });
    }
    const customerId: string[] = new Array<string>(m);
    const frequency = new Float64Array(m);
    const recency = new Float64Array(m);
    const T = new Float64Array(m);
    const monetaryValue = new Float64Array(m);
    const firstDay = new Int32Array(m);
    const lastDay = new Int32Array(m);
    const transactionCount = new Uint32Array(m);
    const totalAmount = new Float64Array(m);
    const daysSinceLastPurchase = new Int32Array(m);
    // The holdout columns only with a calibration end (16 MB of zeros per 1M customers otherwise).
    const holdout = calibrationEnd !== undefined;
    const holdoutFrequency = new Float64Array(holdout ? m : 0);
    const holdoutMonetaryValue = new Float64Array(holdout ? m : 0);
    for (let i = 0; i < m; i++) {
      const c = keep[i]!;
      const r = c * INTS;
      const q = c * this.stride;
      const first = ints[r + FIRST_DAY]!;
      const last = ints[r + LAST_DAY]!;
      const calTx = ints[r + CAL_TX]! >>> 0;
      const calTotal = tracked(floats, q + CAL_TOTAL);
      const repeats = (this.byDay ? ints[r + CAL_PURCHASES]! >>> 0 : calTx) - 1;
      customerId[i] = ids[c]!;
      frequency[i] = repeats;
      recency[i] = (last - first) / dpu;
      T[i] = (this.periodEnd - first) / dpu;
      monetaryValue[i] = repeats > 0 ? (calTotal - tracked(floats, q + FIRST_VALUE)) / repeats : 0;
      firstDay[i] = first;
      lastDay[i] = last;
      transactionCount[i] = calTx;
      totalAmount[i] = calTotal;
      daysSinceLastPurchase[i] = this.periodEnd - last;
      const hold = ints[r + HOLD_PURCHASES]! >>> 0;
      const holdoutValue = hold > 0 ? tracked(floats, q + HOLD_TOTAL) / hold : 0;
      if (holdout) {
        holdoutFrequency[i] = hold;
        holdoutMonetaryValue[i] = holdoutValue;
      }
      // Sums of finite amounts can overflow a double (amounts near 1e308 in a hand-built table or
      // object rows): never let Infinity or NaN out.
      if (!Number.isFinite(totalAmount[i]!) || !Number.isFinite(monetaryValue[i]!) || !Number.isFinite(holdoutValue)) {
        throw new ClvkitError('NUMERIC_FAILURE', `the amounts of customer ${JSON.stringify(ids[c])} sum beyond the range of a double`, {
          fn: FN,
          column: 'amount',
          customerId: ids[c],
        });
      }
    }
    const base = {
      length: m,
      timeUnit,
      aggregateBy,
      observationEnd: isoDate(this.observationEnd),
      customerId,
      frequency,
      recency,
      T,
      monetaryValue,
      firstDay,
      lastDay,
      transactionCount,
      totalAmount,
      daysSinceLastPurchase,
      transactionsAfterEnd: this.afterEnd,
      customersOnlyAfterEnd: onlyAfterEnd,
    };
    if (calibrationEnd === undefined) return base;
    return {
      ...base,
      calibrationEnd: isoDate(calibrationEnd),
      holdoutFrequency,
      holdoutMonetaryValue,
      holdoutDuration: (this.observationEnd - calibrationEnd) / dpu,
      excludedAfterCalibration: excluded,
    };
  }
}

function setup(options: SummarizeCustomersOptions): {
  acc: SummaryAccumulator;
  finish: (ids: readonly string[], acc: SummaryAccumulator) => Displayed<CustomerSummary>;
} {
  const o = parseOptions(summarizeCustomersSchema, options, FN);
  const end = toEpochDay(o.observationEnd as DateInput, FN);
  const cal = o.calibrationEnd === undefined ? undefined : toEpochDay(o.calibrationEnd as DateInput, FN);
  if (cal !== undefined && cal >= end) {
    throw new ClvkitError('INVALID_OPTIONS', 'calibrationEnd must be before observationEnd', { fn: FN, path: ['calibrationEnd'], value: isoDate(cal) });
  }
  const acc = new SummaryAccumulator(cal ?? end, end, o.aggregateBy === 'day');
  return { acc, finish: (ids, a) => withDisplay(a.finish(ids, o.timeUnit, o.aggregateBy, cal), CUSTOMER_SUMMARY_DISPLAY) };
}

function isTable(x: unknown): x is TransactionTable {
  return typeof x === 'object' && x !== null && 'customerIds' in x && 'customer' in x && (x as TransactionTable).customer instanceof Uint32Array;
}

/**
 * Summarise transactions per customer into the RFM/T {@link CustomerSummary} the CLV models read
 * (the layout of lifetimes' `summary_data_from_transaction_data`), in one pass over unsorted input.
 *
 * With `aggregateBy: 'day'` a customer's purchases are their distinct purchase days, each worth the
 * day's sum; then, in `timeUnit` u (days per unit d_u):
 * frequency x = purchases − 1; recency t_x = (last − first) / d_u; T = (end − first) / d_u;
 * monetaryValue = (total − first purchase's value) / x (0 when x = 0); daysSinceLastPurchase =
 * end − last, where end is `calibrationEnd` when given, else `observationEnd`. With `aggregateBy:
 * 'none'` every transaction is a purchase (ties on the first day: the first in input order is the
 * first purchase). Every transaction day counts as a purchase whatever its sign: refunds are real
 * and kept, so monetaryValue can be ≤ 0 for a customer whose repeat purchases net to a loss (filter
 * such customers before a Gamma-Gamma fit). Holdout: holdoutFrequency = purchases in
 * (calibrationEnd, observationEnd], holdoutMonetaryValue their mean value. Transactions after
 * observationEnd are counted in `transactionsAfterEnd`, and customers all of whose transactions are
 * after it (absent from the summary) in `customersOnlyAfterEnd`; customers with no purchase on or before
 * calibrationEnd are left out and counted in `excludedAfterCalibration`. Customers appear in order of
 * first appearance in the input.
 *
 * Two forms: a {@link TransactionTable} (synchronous) or an async iterable of rows such as
 * `streamTransactions(file)` (a Promise; memory grows with customers and the span of their purchase
 * days — a few numbers per customer plus 64-day bitmaps of purchase days, see `CustomerDaySet` —
 * never with rows).
 *
 * @throws ClvkitError INVALID_OPTIONS (missing observationEnd/timeUnit, calibrationEnd ≥
 * observationEnd), INVALID_DATE (a bad date option), EMPTY_INPUT (no customer with a purchase in
 * the period), NUMERIC_FAILURE (a customer's amounts sum beyond the range of a double, naming the
 * customer; the readers cap amounts at 1e15, so only hand-built input can get there), INVALID_VALUE (a hand-built table with a bad row), INVALID_ROW (a streamed row that
 * is not { customerId, day, amount }), and the reader's codes while streaming.
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2).
 * @example
 * const t = readTransactionsSync('customer_id,date,amount\nA,1997-01-01,10\nA,1997-01-01,5\nA,1997-01-15,20\nB,1997-01-08,7');
 * const s = summarizeCustomers(t, { observationEnd: '1997-01-29', timeUnit: 'week' });
 * s.frequency     // Float64Array [1, 0]
 * s.recency       // Float64Array [2, 0]
 * s.T             // Float64Array [4, 3]
 * s.monetaryValue // Float64Array [20, 0]
 */
export function summarizeCustomers(table: TransactionTable, options: SummarizeCustomersOptions): Displayed<CustomerSummary>;
export function summarizeCustomers(rows: TransactionRows, options: SummarizeCustomersOptions): Promise<Displayed<CustomerSummary>>;
export function summarizeCustomers(
  input: TransactionTable | TransactionRows,
  options: SummarizeCustomersOptions,
): Displayed<CustomerSummary> | Promise<Displayed<CustomerSummary>> {
  const { acc, finish } = setup(options);
  if (isTable(input)) {
    acc.reserve(input.customerIds.length);
    const { customer, day, amount } = input;
    const customers = input.customerIds.length;
    for (let i = 0; i < input.length; i++) {
      const c = customer[i]!;
      const a = amount[i]!;
      if (!(c < customers) || !Number.isFinite(a) || !Number.isInteger(day[i])) {
        throw new ClvkitError('INVALID_VALUE', 'table row has an unknown customer code, a non-integer day or a non-finite amount', {
          fn: FN,
          index: i,
          value: { customer: c, day: day[i], amount: a },
        });
      }
      acc.add(c, day[i]!, a);
    }
    return finish(input.customerIds, acc);
  }
  if (typeof input !== 'object' || input === null || !(Symbol.asyncIterator in input)) {
    throw new ClvkitError('INVALID_OPTIONS', 'expected a TransactionTable or an async iterable of transactions', { fn: FN, value: typeof input });
  }
  return summarizeStream(input, acc, finish);
}

async function summarizeStream(
  rows: TransactionRows,
  acc: SummaryAccumulator,
  finish: (ids: readonly string[], acc: SummaryAccumulator) => Displayed<CustomerSummary>,
): Promise<Displayed<CustomerSummary>> {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const code = (id: string): number => {
    let c = index.get(id);
    if (c === undefined) {
      c = ids.length;
      ids.push(id);
      index.set(id, c);
      acc.reserve(ids.length);
    }
    return c;
  };
  if (typeof rows.batches === 'function') {
    let known: readonly string[] = [];
    for await (const batch of rows.batches()) {
      const { customer, day, amount } = batch;
      known = batch.customerIds;
      acc.reserve(known.length);
      for (let i = 0; i < batch.length; i++) acc.add(customer[i]!, day[i]!, amount[i]!);
    }
    return finish(known, acc);
  } else {
    let line = 0;
    for await (const row of rows) {
      line++;
      if (typeof row !== 'object' || row === null || typeof row.customerId !== 'string' || !Number.isInteger(row.day) || !Number.isFinite(row.amount)) {
        throw new ClvkitError('INVALID_ROW', 'expected { customerId: string, day: integer epoch day, amount: finite number }', {
          fn: FN,
          index: line - 1,
          value: row,
        });
      }
      acc.add(code(row.customerId), row.day, row.amount);
    }
  }
  return finish(ids, acc);
}
