import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { isDateFormat } from '../io/parse-date.js';
import { DAYS_PER_UNIT, isoDate, TIME_UNITS, toEpochDay, type DateInput, type TimeUnit } from '../time.js';
import { parseOptions } from '../validate.js';
import { dialectRules, quoteIdentifier, SQL_DIALECTS, type DialectRules, type SqlDialect } from './sql-dialect.js';

const FN = 'summarySql';

const dateInput = z.union([z.string(), z.number().int(), z.date()]);
const identifier = z.string().min(1);

/** Options of {@link summarySql}. */
export const summarySqlSchema = z.strictObject({
  /** The transactions table: a name, `schema.table` (split on dots), or the parts as an array. */
  table: z.union([identifier, z.array(identifier).min(1).readonly()]),
  /** Source column names (never split on dots). `order`: optional tie-break of same-day rows with `aggregateBy: 'none'`. */
  columns: z
    .strictObject({
      customerId: identifier.default('customer_id'),
      date: identifier.default('date'),
      amount: identifier.default('amount'),
      order: identifier.optional(),
    })
    .default({ customerId: 'customer_id', date: 'date', amount: 'amount' }),
  /**
   * How the date column reads: 'date' (a DATE or TIMESTAMP column), 'auto' (text: ISO `YYYY-MM-DD[...]`
   * or compact `YYYYMMDD`, told apart by length), or a pattern such as 'YYYYMMDD' or 'DD/MM/YYYY'.
   */
  dateFormat: z
    .string()
    .refine((f) => f === 'date' || isDateFormat(f), { message: "expected 'date', 'auto' or a pattern of YYYY, MM, DD, e.g. 'YYYYMMDD'" })
    .default('auto'),
  /** Last day of the observation (inclusive). */
  observationEnd: dateInput,
  /** Last day of the calibration period (inclusive); adds the holdout columns. */
  calibrationEnd: dateInput.optional(),
  timeUnit: z.enum(TIME_UNITS),
  aggregateBy: z.enum(['day', 'none']).default('day'),
  dialect: z.enum(SQL_DIALECTS),
  /**
   * Sort the rows by customer_id (the warehouse's collation). Off by default: it sorts every row, and a
   * table created from the statement keeps no order in most warehouses anyway.
   */
  orderBy: z.boolean().default(false),
});

/** Options of {@link summarySql} (input form). */
export type SummarySqlOptions = z.input<typeof summarySqlSchema>;
type Parsed = z.output<typeof summarySqlSchema>;

/**
 * Output columns of the summary statement, in order. `first_day` and `last_day` are epoch days
 * (days since 1970-01-01). The last columns are bookkeeping, the same on every row:
 * `transactions_after_end`, `excluded_after_calibration` (with a calibration end) and `invalid_rows`
 * (rows whose customer id, date or amount is NULL or did not parse).
 */
export const SUMMARY_SQL_COLUMNS = [
  'customer_id',
  'frequency',
  'recency',
  'T',
  'monetary_value',
  'first_day',
  'last_day',
  'transaction_count',
  'total_amount',
  'days_since_last_purchase',
] as const;

/** Holdout columns, present with a calibration end. */
export const SUMMARY_SQL_HOLDOUT_COLUMNS = ['holdout_frequency', 'holdout_monetary_value', 'excluded_after_calibration'] as const;

/** The resolved plan behind a statement (used by the DuckDB engine). */
export interface SummaryPlan {
  readonly dialect: SqlDialect;
  readonly observationEnd: number;
  readonly calibrationEnd: number | undefined;
  readonly timeUnit: TimeUnit;
  readonly aggregateBy: 'day' | 'none';
}

/** Parse and check summarySql options into a plan plus the parsed options. */
export function planSummarySql(options: SummarySqlOptions, fn = FN): { plan: SummaryPlan; parsed: Parsed } {
  const o = parseOptions(summarySqlSchema, options, fn);
  const end = toEpochDay(o.observationEnd as DateInput, fn);
  const cal = o.calibrationEnd === undefined ? undefined : toEpochDay(o.calibrationEnd as DateInput, fn);
  if (cal !== undefined && cal >= end) {
    throw new ClvkitError('INVALID_OPTIONS', 'calibrationEnd must be before observationEnd', { fn, path: ['calibrationEnd'], value: isoDate(cal) });
  }
  return { plan: { dialect: o.dialect, observationEnd: end, calibrationEnd: cal, timeUnit: o.timeUnit, aggregateBy: o.aggregateBy }, parsed: o };
}

/**
 * The converted transactions as a SELECT: customer_id (text), d (epoch day), amount (double) and,
 * with `columns.order`, ord. Unparsable dates and amounts are NULL where the dialect has safe casts.
 */
export function transactionsSql(o: Parsed, plan: SummaryPlan, fn = FN): string {
  const r = dialectRules(plan.dialect);
  const q = (name: string): string => quoteIdentifier([name], plan.dialect, fn);
  const table = quoteIdentifier(o.table, plan.dialect, fn);
  const id = q(o.columns.customerId);
  const date = q(o.columns.date);
  const amount = q(o.columns.amount);
  const str = `CAST(${date} AS ${r.stringType})`;
  let dateExpr: string;
  if (o.dateFormat === 'date') dateExpr = `CAST(${date} AS DATE)`;
  else if (o.dateFormat === 'auto') {
    dateExpr = `CASE WHEN ${r.length(str)} = 8 THEN ${r.parseDate(str, 'YYYYMMDD')} ELSE ${r.safeCast(r.substring(str, 1, 10), 'DATE')} END`;
  } else dateExpr = r.parseDate(str, o.dateFormat);
  const order = o.columns.order === undefined ? '' : `,\n    ${q(o.columns.order)} AS ord`;
  return `SELECT
    CAST(${id} AS ${r.stringType}) AS customer_id,
    ${r.epochDay(dateExpr)} AS d,
    ${r.safeCast(amount, r.doubleType)} AS amount${order}
  FROM ${table}`;
}

/**
 * Conditional aggregates: FILTER where the dialect gains from it (DuckDB), else the portable CASE form.
 * Both give NULL for MIN/MAX over no row and 0 for counts and sums, so every dialect returns the same.
 */
function conditionalAggregates(r: DialectRules): {
  when: (agg: 'MIN' | 'MAX', expr: string, cond: string) => string;
  count: (cond: string) => string;
  sum: (expr: string, cond: string) => string;
} {
  const f = r.filterClause;
  return {
    when: (agg, expr, cond) => (f ? `${agg}(${expr}) FILTER (WHERE ${cond})` : `${agg}(CASE WHEN ${cond} THEN ${expr} END)`),
    count: (cond) => (f ? `COUNT(*) FILTER (WHERE ${cond})` : `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`),
    sum: (expr, cond) => (f ? `COALESCE(SUM(${expr}) FILTER (WHERE ${cond}), 0)` : `SUM(CASE WHEN ${cond} THEN ${expr} ELSE 0 END)`),
  };
}

/**
 * The per-customer layout the DuckDB engine reads: CTEs up to `per` with one row per customer id seen,
 * each with its own bookkeeping (after_end, bad_rows: the engine also counts customers whose only rows are
 * late), and the output columns and comment {@link buildSummarySql} shares. The statement itself routes
 * those rows to one group instead (see buildStatementCtes).
 */
export interface SummaryParts {
  /** `WITH tx AS (...), days AS (...), per AS (...)` — follow it with a SELECT (or more CTEs after a comma). */
  readonly ctes: string;
  /** Output column expressions over `per` (customer columns only, no bookkeeping), aliased and quoted. */
  readonly columns: readonly string[];
  /** The statement's first line, a comment saying what it computes. */
  readonly comment: string;
}

/** Build the per-customer layout from parsed options (the DuckDB engine's CTEs; the statement's columns and comment). */
export function buildSummaryParts(o: Parsed, plan: SummaryPlan, fn = FN): SummaryParts {
  const r = dialectRules(plan.dialect);
  const end = plan.observationEnd;
  const cal = plan.calibrationEnd ?? end;
  const dbl = r.doubleType;
  const int = r.integerType;
  const dpu = `CAST(${DAYS_PER_UNIT[plan.timeUnit]} AS ${dbl})`;
  const byDay = plan.aggregateBy === 'day';
  const a = (name: string): string => r.quote(name);

  const days = byDay
    ? `days AS (
  SELECT customer_id, d, SUM(amount) AS amount, COUNT(amount) AS n, COUNT(*) - COUNT(amount) AS bad
  FROM tx
  GROUP BY customer_id, d
)`
    : `days AS (
  SELECT customer_id, d, amount,
    CASE WHEN amount IS NULL THEN 0 ELSE 1 END AS n,
    CASE WHEN amount IS NULL THEN 1 ELSE 0 END AS bad,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY d${o.columns.order === undefined ? '' : ', ord'}, amount) AS rn
  FROM tx
)`;
  const firstAmount = byDay ? r.amountAtFirstDay('amount', 'd') : 'SUM(CASE WHEN rn = 1 THEN amount ELSE 0 END)';
  const inCal = `n > 0 AND d <= ${cal}`;
  const inHold = `n > 0 AND d > ${cal} AND d <= ${end}`;
  const holdout = plan.calibrationEnd !== undefined;

  const columns = [
    `customer_id AS ${a('customer_id')}`,
    `CAST(purchases - 1 AS ${dbl}) AS ${a('frequency')}`,
    `CAST(last_day - first_day AS ${dbl}) / ${dpu} AS ${a('recency')}`,
    `CAST(${cal} - first_day AS ${dbl}) / ${dpu} AS ${a('T')}`,
    `CASE WHEN purchases > 1 THEN (total_amount - first_amount) / CAST(purchases - 1 AS ${dbl}) ELSE CAST(0 AS ${dbl}) END AS ${a('monetary_value')}`,
    `CAST(first_day AS ${int}) AS ${a('first_day')}`,
    `CAST(last_day AS ${int}) AS ${a('last_day')}`,
    `CAST(transaction_count AS ${int}) AS ${a('transaction_count')}`,
    `total_amount AS ${a('total_amount')}`,
    `CAST(${cal} - last_day AS ${int}) AS ${a('days_since_last_purchase')}`,
  ];
  if (holdout) {
    columns.push(
      `CAST(holdout_purchases AS ${dbl}) AS ${a('holdout_frequency')}`,
      `CASE WHEN holdout_purchases > 0 THEN holdout_amount / CAST(holdout_purchases AS ${dbl}) ELSE CAST(0 AS ${dbl}) END AS ${a('holdout_monetary_value')}`,
    );
  }
  const comment = `-- clvkit summary: one row per customer (${plan.aggregateBy === 'day' ? 'same-day purchases merged' : 'every transaction a purchase'}), time unit ${plan.timeUnit}, observation end ${isoDate(end)} (epoch day ${end})${holdout ? `, calibration end ${isoDate(cal)} (epoch day ${cal})` : ''}`;
  const { when, count, sum } = conditionalAggregates(r);
  const f = r.filterClause;
  // Without a calibration end the holdout window is empty: DuckDB skips those aggregates.
  const noHoldout = f && !holdout;
  const ctes = `WITH tx AS (
  ${transactionsSql(o, plan, fn)}
),
${days},
per AS (
  SELECT customer_id,
    ${when('MIN', 'd', inCal)} AS first_day,
    ${when('MAX', 'd', inCal)} AS last_day,
    ${count(inCal)} AS purchases,
    ${sum('n', `d <= ${cal}`)} AS transaction_count,
    ${sum('amount', inCal)} AS total_amount,
    ${firstAmount} AS first_amount,
    ${noHoldout ? '0' : count(inHold)} AS holdout_purchases,
    ${noHoldout ? `CAST(0 AS ${dbl})` : sum('amount', inHold)} AS holdout_amount,
    ${sum('n', `d > ${end}`)} AS after_end,
    SUM(CASE WHEN d IS NULL OR customer_id IS NULL THEN n + bad ELSE bad END) AS bad_rows
  FROM days
  GROUP BY customer_id
)`;
  return { ctes, columns, comment };
}

/**
 * The statement's CTEs (what {@link summarySql} runs), built so that a customer's aggregates need no
 * condition: every row that is not a purchase in the period (customer id, date or amount NULL or
 * unparsable; date after the observation end) is routed, before the first GROUP BY, to one bookkeeping
 * group whose customer_id is NULL and whose day says why (0: unusable, 1: after the end). Each real
 * customer's (customer, day) rows are then purchases up to the period end, so MIN, MAX, COUNT and SUM
 * run unfiltered (only the calibration/holdout split keeps a condition), and the bookkeeping totals come
 * from the NULL group: SUM(n) counts its rows and SUM(n * day) those after the end. On 7.4M rows this
 * is what brings the statement near a hand-written two-stage GROUP BY (bench/peers).
 */
function buildStatementCtes(o: Parsed, plan: SummaryPlan, fn: string): string {
  const r = dialectRules(plan.dialect);
  const end = plan.observationEnd;
  const cal = plan.calibrationEnd ?? end;
  const holdout = plan.calibrationEnd !== undefined;
  const byDay = plan.aggregateBy === 'day';
  const unusable = 'customer_id IS NULL OR d IS NULL OR amount IS NULL';
  const routed = `routed AS (
  SELECT
    CASE WHEN ${unusable} OR d > ${end} THEN NULL ELSE customer_id END AS customer_id,
    CASE WHEN ${unusable} THEN 0 WHEN d > ${end} THEN 1 ELSE d END AS d,
    amount${o.columns.order === undefined ? '' : ', ord'}
  FROM tx
)`;
  const days = byDay
    ? `days AS (
  SELECT customer_id, d, SUM(amount) AS amount, COUNT(*) AS n
  FROM routed
  GROUP BY customer_id, d
)`
    : `days AS (
  SELECT customer_id, d, amount, 1 AS n,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY d${o.columns.order === undefined ? '' : ', ord'}, amount) AS rn
  FROM routed
)`;
  const firstAmount = byDay ? r.amountAtFirstDay('amount', 'd') : 'SUM(CASE WHEN rn = 1 THEN amount ELSE 0 END)';
  const { when, count, sum } = conditionalAggregates(r);
  const inCal = `d <= ${cal}`;
  const inHold = `d > ${cal}`;
  // With a calibration end a customer's days split at it; without one, every day counts.
  const aggregates = holdout
    ? [
        `${when('MIN', 'd', inCal)} AS first_day`,
        `${when('MAX', 'd', inCal)} AS last_day`,
        `${count(inCal)} AS purchases`,
        `${sum('n', inCal)} AS transaction_count`,
        `${sum('amount', inCal)} AS total_amount`,
        `${firstAmount} AS first_amount`,
        `${count(inHold)} AS holdout_purchases`,
        `${sum('amount', inHold)} AS holdout_amount`,
      ]
    : [
        'MIN(d) AS first_day',
        'MAX(d) AS last_day',
        'COUNT(*) AS purchases',
        'SUM(n) AS transaction_count',
        'SUM(amount) AS total_amount',
        `${firstAmount} AS first_amount`,
      ];
  return `WITH tx AS (
  ${transactionsSql(o, plan, fn)}
),
${routed},
${days},
per AS (
  SELECT customer_id,
    ${aggregates.join(',\n    ')},${holdout ? '\n    SUM(n) AS rows_routed,' : ''}
    SUM(n * d) AS rows_after_end
  FROM days
  GROUP BY customer_id
)`;
}

/** Build the statement from parsed options; `orderBy: true` sorts the rows by customer_id. */
export function buildSummarySql(o: Parsed, plan: SummaryPlan, orderBy: boolean, fn = FN): string {
  const { columns, comment } = buildSummaryParts(o, plan, fn);
  const r = dialectRules(plan.dialect);
  const int = r.integerType;
  const a = (name: string): string => r.quote(name);
  const holdout = plan.calibrationEnd !== undefined;
  const all = [
    ...columns,
    ...(holdout ? [`CAST(excluded_after_calibration AS ${int}) AS ${a('excluded_after_calibration')}`] : []),
    `CAST(transactions_after_end AS ${int}) AS ${a('transactions_after_end')}`,
    `CAST(invalid_rows AS ${int}) AS ${a('invalid_rows')}`,
  ];
  // The bookkeeping totals, the same on every row, from the NULL group (its rows: rows_routed, which is
  // transaction_count without a calibration end; rows_after_end means something only there): a window over
  // `per`, or (DuckDB) a one-row aggregate joined on.
  const routedRows = holdout ? 'rows_routed' : 'transaction_count';
  const over = r.totalsByJoin ? '' : ' OVER ()';
  const bookkeeping = (expr: string): string => `COALESCE(SUM(CASE WHEN customer_id IS NULL THEN ${expr} ELSE 0 END)${over}, 0)`;
  const where = holdout ? 'customer_id IS NOT NULL AND purchases > 0' : 'customer_id IS NOT NULL';
  return `${comment}
${buildStatementCtes(o, plan, fn)},
totals AS (
  SELECT${r.totalsByJoin ? '' : ' per.*,'}
    ${bookkeeping('rows_after_end')} AS transactions_after_end,${
      holdout
        ? `\n    SUM(CASE WHEN customer_id IS NOT NULL AND purchases = 0 AND holdout_purchases > 0 THEN 1 ELSE 0 END)${over} AS excluded_after_calibration,`
        : ''
    }
    ${bookkeeping(`${routedRows} - rows_after_end`)} AS invalid_rows
  FROM per
)
SELECT
  ${all.join(',\n  ')}
FROM ${r.totalsByJoin ? 'per CROSS JOIN totals' : 'totals'}
WHERE ${where}${orderBy ? '\nORDER BY customer_id' : ''}`;
}

/**
 * The per-customer RFM/T summary of {@link summarizeCustomers} as ONE SQL statement, to run where
 * the transactions live (DuckDB, PostgreSQL, Spark SQL, Trino, BigQuery), so that billions of rows
 * never leave the warehouse: only one row per customer comes back (read it with `readSummaries`).
 *
 * Same definitions as the in-process path, on epoch days (d) in integer arithmetic: with
 * `aggregateBy: 'day'` a purchase is a distinct (customer, day) worth the day's sum; frequency =
 * purchases − 1 up to the period end (calibrationEnd if given, else observationEnd), recency =
 * (last − first) / d_u, T = (end − first) / d_u, monetary_value = (total − first purchase's value) /
 * frequency (0 when frequency = 0), days_since_last_purchase = end − last; holdout_frequency and
 * holdout_monetary_value count the purchases in (calibrationEnd, observationEnd]. With
 * `aggregateBy: 'none'`, first-day ties are broken by `columns.order` (then by amount): give an
 * order column to reproduce "first in input order". Rows come in no particular order unless
 * `orderBy: true` (then by customer_id, in the warehouse's collation). Identifiers are quoted per
 * dialect (`"x"` with `""`, Spark `` `x` `` with doubled backticks, BigQuery `` `x` `` with
 * backslash escapes); dates and periods are integer literals, so no option text reaches the SQL
 * unquoted. Where the dialect has safe casts
 * (DuckDB, Spark, Trino, BigQuery), an unparsable date or amount becomes NULL and is counted in
 * `invalid_rows`; PostgreSQL fails the statement instead.
 *
 * @throws ClvkitError INVALID_OPTIONS (bad options, empty identifier or control characters in one,
 * calibrationEnd ≥ observationEnd), INVALID_DATE (a bad date option).
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2).
 * @example
 * summarySql({ table: 'sales.tx', observationEnd: '1997-09-30', timeUnit: 'week', dialect: 'postgres' })
 *   .split('\n')[0]
 * // '-- clvkit summary: one row per customer (same-day purchases merged), time unit week, observation end 1997-09-30 (epoch day 10134)'
 */
export function summarySql(options: SummarySqlOptions): string {
  const { plan, parsed } = planSummarySql(options);
  return buildSummarySql(parsed, plan, parsed.orderBy);
}
