/**
 * clvkit ↔ danfo.js DataFrames (`clvkit/danfo`): duck-typed to the DataFrame API, so it works with
 * `danfojs` and `danfojs-node` alike and never imports either (danfo is an optional peer dependency).
 */
import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { readTransactionsSync } from '../io/read-transactions.js';
import type { TransactionTable } from '../io/transaction-table.js';
import { parseOptions } from '../validate.js';
import { recordCell } from '../display/records.js';
import { recordColumns } from '../display/with-display.js';

/** What clvkit reads of a DataFrame: its column names, shape and one column's values. */
export interface DataFrameLike {
  readonly columns: readonly string[];
  readonly shape: readonly number[];
  readonly dtypes?: readonly string[];
  /** danfo's `df.column(name)`; without it `df[name].values` is read. */
  column?(name: string): { readonly values: ArrayLike<unknown> };
}

/** The part of a danfo module `toDataFrame` uses: its DataFrame constructor. */
export interface DanfoModule<D = unknown> {
  readonly DataFrame: new (data: Record<string, unknown[]> | Record<string, unknown>[], options?: Record<string, unknown>) => D;
}

const columnName = z.string().min(1);

const fromDataFrameSchema = z.discriminatedUnion('as', [
  z.strictObject({
    /** Read the DataFrame as transactions, through the same checks as `readTransactionsSync` on object rows. */
    as: z.literal('transactions'),
    /** Which DataFrame columns hold the customer id, the date and the amount. */
    columns: z
      .strictObject({ customerId: columnName.default('customer_id'), date: columnName.default('date'), amount: columnName.default('amount') })
      .default({ customerId: 'customer_id', date: 'date', amount: 'amount' }),
    /** Extra columns kept as attributes (strings). */
    attributes: z.array(columnName).default([]),
    /** Date pattern of string dates ('auto': YYYY-MM-DD or YYYYMMDD); Date objects are their UTC day. */
    dateFormat: z.string().default('auto'),
    /** Decimal separator of amounts given as strings. */
    decimal: z.enum(['.', ',']).default('.'),
    /** 'throw' at the first bad row, or 'collect' bad rows in `rejects`. */
    onInvalid: z.enum(['throw', 'collect']).default('throw'),
  }),
  z.strictObject({
    /** Read columns as a column table (customer-level functions: segmentCustomers, paretoAnalysis, rfmScores, …). */
    as: z.literal('table'),
    /** Columns to take, in order; default every column. */
    columns: z.array(columnName).min(1).optional(),
  }),
]);

/** Options of {@link fromDataFrame}. */
export type FromDataFrameOptions = z.input<typeof fromDataFrameSchema>;

/** A column table from a DataFrame: numbers as Float64Array, text as string arrays. */
export interface DataFrameTable {
  readonly length: number;
  readonly columns: Readonly<Record<string, Float64Array | string[]>>;
}

function checkDataFrame(df: unknown, fn: string): DataFrameLike {
  const d = df as DataFrameLike | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.columns) || !Array.isArray(d.shape)) {
    throw new ClvkitError('INVALID_VALUE', 'expected a danfo DataFrame (an object with columns and shape)', { fn, value: d === null ? 'null' : typeof d });
  }
  return d;
}

function columnValues(df: DataFrameLike, name: string, fn: string): ArrayLike<unknown> {
  if (!df.columns.includes(name))
    throw new ClvkitError('MISSING_COLUMN', `column not in the DataFrame (columns: ${df.columns.join(', ')})`, { fn, column: name });
  const series = typeof df.column === 'function' ? df.column(name) : (df as unknown as Record<string, { values?: ArrayLike<unknown> } | undefined>)[name];
  const values = series?.values;
  if (values === undefined || typeof values.length !== 'number')
    throw new ClvkitError('INVALID_VALUE', 'cannot read the column’s values', { fn, column: name });
  const rows = df.shape[0];
  if (rows !== undefined && values.length !== rows)
    throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} values, the DataFrame ${rows} rows`, { fn, column: name });
  return values;
}

/**
 * Turn a danfo DataFrame into clvkit input.
 *
 * - `{ as: 'transactions', columns: { customerId, date, amount } }`: a {@link TransactionTable}, built by
 *   `readTransactionsSync` from the rows as plain objects — the same validation as every reader (a NaN
 *   or missing amount, an impossible date, an empty id are errors naming the DataFrame row and column).
 * - `{ as: 'table', columns? }`: a column table for the customer-level functions: each column all
 *   finite numbers (→ Float64Array) or all strings (→ string[]).
 *
 * @throws ClvkitError INVALID_OPTIONS bad options; INVALID_VALUE not a DataFrame, a mixed or non-finite
 *   column; MISSING_COLUMN; LENGTH_MISMATCH; and the transaction readers' codes (INVALID_DATE,
 *   INVALID_NUMBER, INVALID_ROW, EMPTY_INPUT), with `index` = the DataFrame row (0-based).
 * @example
 * const df = new dfd.DataFrame({ cust: ['A', 'A', 'B'], day: ['2024-01-01', '2024-01-15', '2024-01-03'], amt: [10, 5, 7] });
 * const t = fromDataFrame(df, { as: 'transactions', columns: { customerId: 'cust', date: 'day', amount: 'amt' } });
 * t.customerIds // ['A', 'B']
 * t.amount      // Float64Array [10, 5, 7]
 */
export function fromDataFrame(df: unknown, options: Extract<FromDataFrameOptions, { as: 'transactions' }>): TransactionTable;
export function fromDataFrame(df: unknown, options: Extract<FromDataFrameOptions, { as: 'table' }>): DataFrameTable;
export function fromDataFrame(df: unknown, options: FromDataFrameOptions): TransactionTable | DataFrameTable {
  const fn = 'fromDataFrame';
  const o = parseOptions(fromDataFrameSchema, options, fn);
  const frame = checkDataFrame(df, fn);
  const rows = frame.shape[0] ?? 0;
  if (o.as === 'table') {
    const names = o.columns ?? frame.columns;
    const columns: Record<string, Float64Array | string[]> = {};
    for (const name of names) columns[name] = typedColumn(columnValues(frame, name, fn), name, fn);
    return { length: rows, columns };
  }
  const names = [o.columns.customerId, o.columns.date, o.columns.amount, ...o.attributes];
  const values = names.map((n) => columnValues(frame, n, fn));
  const records: Record<string, unknown>[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const record: Record<string, unknown> = {};
    names.forEach((n, c) => (record[n] = values[c]![i]));
    records[i] = record;
  }
  try {
    return readTransactionsSync(records, {
      columns: o.columns,
      attributes: o.attributes,
      dateFormat: o.dateFormat,
      decimal: o.decimal,
      onInvalid: o.onInvalid,
    });
  } catch (error) {
    // The object reader counts rows from 1 as "lines"; a DataFrame user thinks in 0-based row indexes.
    if (error instanceof ClvkitError && typeof error.details.line === 'number') {
      const { line, fn: _fn, ...details } = error.details;
      const reason = error.message.replace(/^readTransactionsSync: /, '').replace(/ \(.*\)$/, '');
      throw new ClvkitError(error.code, reason, { ...details, fn, index: line - 1 });
    }
    throw error;
  }
}

function typedColumn(values: ArrayLike<unknown>, column: string, fn: string): Float64Array | string[] {
  if (values.length === 0) return new Float64Array(0);
  if (typeof values[0] === 'string') {
    const out: string[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'string') throw new ClvkitError('INVALID_VALUE', 'a text column holds a non-text value', { fn, column, index: i, value: String(v) });
      out[i] = v;
    }
    return out;
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number (a missing value is not silently dropped)', {
        fn,
        column,
        index: i,
        value: typeof v === 'number' ? String(v) : v,
      });
    }
    out[i] = v;
  }
  return out;
}

function isColumn(v: unknown, n: number): v is ArrayLike<unknown> {
  if (ArrayBuffer.isView(v)) return !(v instanceof DataView) && (v as unknown as ArrayLike<unknown>).length === n;
  if (!Array.isArray(v) || v.length !== n) return false;
  return v.every((x) => x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean');
}

/** Options of {@link toDataFrame}. */
export interface ToDataFrameOptions {
  /** Columns to take, in order; default every per-row column of the result. */
  readonly columns?: readonly string[];
}

/**
 * Put a clvkit result into a DataFrame of the caller's danfo (`import * as dfd from 'danfojs'` or
 * `danfojs-node`): a columnar result (a CustomerSummary, RfmScores, TierAssignment, CLV result, …:
 * every array or typed-array property with one entry per row becomes a column, through the records
 * converter every result shares: typed arrays as plain arrays, epoch-day columns such as `firstDay` as
 * ISO dates, a TransactionTable's customer codes as ids; scalars and nested objects are left out) or an array of records (segment tables, value
 * decomposition rows).
 *
 * @throws ClvkitError INVALID_OPTIONS when `dfd` has no DataFrame constructor; INVALID_VALUE when the
 *   result has no per-row column; MISSING_COLUMN when a requested column is not one.
 * @example
 * const df = toDataFrame(summarizeCustomers(t, { observationEnd: '2024-01-31', timeUnit: 'week' }), dfd, { columns: ['customerId', 'frequency', 'T'] });
 * df.shape // [2, 3]
 */
export function toDataFrame<D>(result: unknown, dfd: DanfoModule<D>, options: ToDataFrameOptions = {}): D {
  const fn = 'toDataFrame';
  if (dfd === null || typeof dfd !== 'object' || typeof (dfd as { DataFrame?: unknown }).DataFrame !== 'function') {
    throw new ClvkitError('INVALID_OPTIONS', 'pass the danfo module (import * as dfd from "danfojs"), which has a DataFrame constructor', {
      fn,
      path: ['dfd'],
    });
  }
  if (Array.isArray(result)) {
    if (result.length === 0 || !result.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
      throw new ClvkitError('INVALID_VALUE', 'expected a non-empty array of records', { fn });
    }
    const names = options.columns ?? Object.keys(result[0] as object);
    return new dfd.DataFrame(result.map((r: Record<string, unknown>) => Object.fromEntries(names.map((n) => [n, r[n] ?? null]))));
  }
  if (result === null || typeof result !== 'object')
    throw new ClvkitError('INVALID_VALUE', 'expected a clvkit result (an object of columns or an array of records)', { fn, value: typeof result });
  const available = recordColumns(result).filter((c) => c.dictionary !== undefined || c.as !== undefined || isColumn(c.values, c.values.length));
  if (available.length === 0) throw new ClvkitError('INVALID_VALUE', 'the result has no per-row column', { fn });
  const byName = new Map(available.map((c) => [c.name, c]));
  const names = options.columns ?? available.map((c) => c.name);
  const data: Record<string, unknown[]> = {};
  for (const name of names) {
    const column = byName.get(name);
    if (column === undefined)
      throw new ClvkitError('MISSING_COLUMN', `not a per-row column of the result (columns: ${available.map((c) => c.name).join(', ')})`, { fn, column: name });
    data[name] = Array.from({ length: column.values.length }, (_, i) => recordCell(column, i));
  }
  return new dfd.DataFrame(data);
}
