import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { DAYS_PER_UNIT, isoDate, TIME_UNITS, toEpochDay, type DateInput } from '../time.js';
import { parseOptions } from '../validate.js';
import type { CustomerSummary } from './customer-summary.js';
import { checkSeparators, readerOptionsShape } from './ingest-options.js';
import type { IngestSource } from './ingest-source.js';
import { readTable, type TableColumn } from './read-table.js';
import type { RejectedRow } from './transaction-table.js';
import { CUSTOMER_SUMMARY_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';

const FN = 'readSummaries';

const dateInput = z.union([z.string(), z.number().int(), z.date()]);

/** Options of {@link readSummaries}: the period the rows describe, plus the reader's CSV options. */
export const readSummariesSchema = z
  .strictObject({
    ...readerOptionsShape,
    /** Last day of the observation (inclusive), as given to `summarySql`. */
    observationEnd: dateInput,
    /** Last day of the calibration period, when the rows have holdout columns. */
    calibrationEnd: dateInput.optional(),
    timeUnit: z.enum(TIME_UNITS),
    aggregateBy: z.enum(['day', 'none']).default('day'),
    /** How first_day/last_day read: 'epoch' (days since 1970-01-01, as summarySql writes) or 'date' (ISO dates or Date objects). */
    days: z.enum(['epoch', 'date']).default('epoch'),
  })
  .superRefine(checkSeparators);

/** Options of {@link readSummaries} (input form). */
export type ReadSummariesOptions = z.input<typeof readSummariesSchema>;

/** A summary read back from a warehouse, with the reader's counts and rejected rows. */
export type SummaryReadResult = CustomerSummary & {
  /** Rows read, accepted and rejected; `read === accepted + rejected`. */
  readonly stats: { readonly read: number; readonly accepted: number; readonly rejected: number };
  /** Rejected rows (with `onInvalid: 'collect'`). */
  readonly rejects: readonly RejectedRow[];
};

const NUMBER_COLUMNS = ['frequency', 'recency', 'T', 'monetary_value', 'total_amount'] as const;
const INTEGER_COLUMNS = ['transaction_count', 'days_since_last_purchase'] as const;
const HOLDOUT_COLUMNS = ['holdout_frequency', 'holdout_monetary_value'] as const;
const BOOKKEEPING = ['transactions_after_end', 'excluded_after_calibration', 'invalid_rows'] as const;

function isObjectRow(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !(x instanceof Uint8Array) && !Array.isArray(x);
}

/** Object rows with bigint values (DuckDB, some drivers) as numbers; the first row tells which optional columns exist. */
async function* normaliseRows(first: unknown, rest: Iterator<unknown> | AsyncIterator<unknown>): AsyncGenerator<unknown> {
  const convert = (row: unknown): unknown => {
    if (!isObjectRow(row)) return row;
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
      if (typeof v === 'bigint') {
        out ??= { ...(row as Record<string, unknown>) };
        out[k] = Number(v);
      }
    }
    return out ?? row;
  };
  yield convert(first);
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield convert(next.value);
  }
}

/**
 * Read per-customer summary rows — the output of `summarySql` run in a warehouse, exported as CSV
 * or streamed from a database driver as row objects — into a validated {@link CustomerSummary}, so
 * that models fit and score here on one row per customer. Columns (by name): customer_id,
 * frequency, recency, T, monetary_value, first_day, last_day, transaction_count, total_amount,
 * days_since_last_purchase; with `calibrationEnd` also holdout_frequency and holdout_monetary_value;
 * optional bookkeeping transactions_after_end, excluded_after_calibration, invalid_rows (0 when absent).
 * Numbers may come as numbers, numeric strings (PostgreSQL's BIGINT) or bigints.
 *
 * Every row is checked against the summary's definitions: frequency a non-negative integer, 0 ≤
 * recency ≤ T, first_day ≤ last_day ≤ period end, T = (period end − first_day) / d_u, recency =
 * (last_day − first_day) / d_u and days_since_last_purchase = period end − last_day (to 1e-9, so a
 * summary made with another unit or period end is caught), transaction_count ≥ frequency + 1,
 * holdout_frequency a non-negative integer, customer ids unique. A bad row throws (`onInvalid:
 * 'throw'`) or is collected in `rejects` (`'collect'`), as in the transaction readers.
 *
 * @throws ClvkitError INVALID_OPTIONS, MISSING_COLUMN, INVALID_ROW (also when `invalid_rows` > 0: the
 * warehouse met unparsable transactions), INVALID_NUMBER, INVALID_DATE, INVALID_VALUE, DUPLICATE_ID,
 * CSV_PARSE, EMPTY_INPUT, IO_ERROR
 * @example
 * const s = await readSummaries({ text: 'customer_id,frequency,recency,T,monetary_value,first_day,last_day,transaction_count,total_amount,days_since_last_purchase\nA,1,2,4,20,9862,9876,3,35,14' },
 *   { observationEnd: '1997-01-29', timeUnit: 'week' });
 * s.frequency // Float64Array [1]
 * s.T         // Float64Array [4]
 */
export async function readSummaries(source: IngestSource, options: ReadSummariesOptions): Promise<SummaryReadResult> {
  const o = parseOptions(readSummariesSchema, options, FN);
  const end = toEpochDay(o.observationEnd as DateInput, FN);
  const cal = o.calibrationEnd === undefined ? undefined : toEpochDay(o.calibrationEnd as DateInput, FN);
  if (cal !== undefined && cal >= end) {
    throw new ClvkitError('INVALID_OPTIONS', 'calibrationEnd must be before observationEnd', { fn: FN, path: ['calibrationEnd'], value: isoDate(cal) });
  }
  const periodEnd = cal ?? end;
  const dpu = DAYS_PER_UNIT[o.timeUnit];
  const holdout = cal !== undefined;

  // Object rows: peek the first row (to learn which optional columns exist) and turn bigints into numbers.
  let input: unknown = source;
  let present: Set<string> | undefined;
  const iterable = typeof source === 'object' && source !== null && !('path' in source) && !('text' in source) && !('pipe' in source);
  if (iterable && (Symbol.asyncIterator in source || Symbol.iterator in source)) {
    const it = Symbol.asyncIterator in source ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (source as Iterable<unknown>)[Symbol.iterator]();
    const first = await it.next();
    if (first.done === true) throw new ClvkitError('EMPTY_INPUT', 'no summary rows', { fn: FN });
    if (isObjectRow(first.value)) present = new Set(Object.keys(first.value as object));
    input = normaliseRows(first.value, it);
  }
  const optional = (name: string): boolean => (present === undefined ? true : !present.has(name));

  const dayKind = o.days === 'epoch' ? 'integer' : 'date';
  const columns: Record<string, { type: 'string' | 'number' | 'integer' | 'date'; optional: boolean }> = {
    customer_id: { type: 'string', optional: false },
    first_day: { type: dayKind, optional: false },
    last_day: { type: dayKind, optional: false },
  };
  for (const c of NUMBER_COLUMNS) columns[c] = { type: 'number', optional: false };
  for (const c of INTEGER_COLUMNS) columns[c] = { type: 'integer', optional: false };
  if (holdout) for (const c of HOLDOUT_COLUMNS) columns[c] = { type: 'number', optional: false };
  for (const c of BOOKKEEPING) if (present === undefined || present.has(c)) columns[c] = { type: 'number', optional: optional(c) };

  const { delimiter, quote, header, decimal, thousands, dateFormat, onInvalid, file, onProgress } = o;
  const table = await readTable(input as IngestSource, {
    delimiter,
    quote,
    header,
    decimal,
    ...(thousands !== undefined ? { thousands } : {}),
    dateFormat,
    onInvalid,
    ...(file !== undefined ? { file } : {}),
    ...(onProgress !== undefined ? { onProgress } : {}),
    columns,
  });
  const col = (name: string): TableColumn | undefined => table.columns[name];
  const num = (name: string): ArrayLike<number> => col(name) as ArrayLike<number>;

  const invalid = col('invalid_rows') as Float64Array | undefined;
  if (invalid !== undefined && invalid.length > 0 && invalid[0]! > 0) {
    throw new ClvkitError('INVALID_ROW', `the warehouse met ${invalid[0]} transaction rows with an empty or unparsable customer id, date or amount`, {
      fn: FN,
      rows: invalid[0],
    });
  }

  // Line of accepted row i: lines in order, skipping the rejected ones (header is line 1).
  const rejectedLines = new Set(table.rejects.map((r) => r.line));
  const rejects: RejectedRow[] = [...table.rejects];
  const ids = col('customer_id') as string[];
  const freq = num('frequency');
  const rec = num('recency');
  const T = num('T');
  const mon = num('monetary_value');
  const first = num('first_day');
  const last = num('last_day');
  const txc = num('transaction_count');
  const total = num('total_amount');
  const dsl = num('days_since_last_purchase');
  const hf = holdout ? num('holdout_frequency') : undefined;
  const hm = holdout ? num('holdout_monetary_value') : undefined;
  const keep: number[] = [];
  const seen = new Set<string>();
  let line = present === undefined && header ? 1 : 0;
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  for (let i = 0; i < table.length; i++) {
    do line++;
    while (rejectedLines.has(line));
    const id = ids[i]!;
    const row = { customer_id: id, frequency: freq[i], recency: rec[i], T: T[i], first_day: first[i], last_day: last[i] };
    let problem: [ClvkitError['code'], string, string] | undefined;
    const f = freq[i]!;
    if (id.trim() === '') problem = ['INVALID_ROW', 'empty customer_id', 'customer_id'];
    else if (seen.has(id)) problem = ['DUPLICATE_ID', 'customer_id appears more than once', 'customer_id'];
    else if (!Number.isInteger(f) || f < 0) problem = ['INVALID_VALUE', 'frequency must be a non-negative integer', 'frequency'];
    else if (!(first[i]! <= last[i]!) || last[i]! > periodEnd)
      problem = ['INVALID_VALUE', `need first_day ≤ last_day ≤ period end ${isoDate(periodEnd)}`, 'last_day'];
    else if (!(rec[i]! >= 0 && rec[i]! <= T[i]!)) problem = ['INVALID_VALUE', 'need 0 ≤ recency ≤ T', 'recency'];
    else if (!close(T[i]!, (periodEnd - first[i]!) / dpu))
      problem = ['INVALID_VALUE', `T is not (period end − first_day) in ${o.timeUnit}s: wrong time unit or period end?`, 'T'];
    else if (!close(rec[i]!, (last[i]! - first[i]!) / dpu)) problem = ['INVALID_VALUE', `recency is not (last_day − first_day) in ${o.timeUnit}s`, 'recency'];
    else if (dsl[i] !== periodEnd - last[i]!) problem = ['INVALID_VALUE', 'days_since_last_purchase is not period end − last_day', 'days_since_last_purchase'];
    else if (txc[i]! < f + 1) problem = ['INVALID_VALUE', 'transaction_count must be at least frequency + 1', 'transaction_count'];
    else if (f === 0 && mon[i] !== 0) problem = ['INVALID_VALUE', 'monetary_value must be 0 when frequency is 0', 'monetary_value'];
    else if (hf !== undefined && (!Number.isInteger(hf[i]!) || hf[i]! < 0))
      problem = ['INVALID_VALUE', 'holdout_frequency must be a non-negative integer', 'holdout_frequency'];
    else if (hf !== undefined && hf[i] === 0 && hm![i] !== 0)
      problem = ['INVALID_VALUE', 'holdout_monetary_value must be 0 when holdout_frequency is 0', 'holdout_monetary_value'];
    if (problem === undefined) {
      seen.add(id);
      keep.push(i);
      continue;
    }
    const [code, reason, column] = problem;
    const value = (row as Record<string, unknown>)[column] ?? mon[i];
    if (onInvalid === 'throw') throw new ClvkitError(code, reason, { fn: FN, ...(file !== undefined ? { file } : {}), line, column, value });
    rejects.push({ line, code, reason, column, value, raw: row });
  }
  rejects.sort((a, b) => a.line - b.line);
  const m = keep.length;
  if (m === 0) throw new ClvkitError('EMPTY_INPUT', 'no valid summary rows', { fn: FN, rejected: rejects.length });
  const pick = <A extends Float64Array | Int32Array | Uint32Array>(make: new (n: number) => A, src: ArrayLike<number>): A => {
    const out = new make(m);
    for (let k = 0; k < m; k++) out[k] = src[keep[k]!]!;
    return out;
  };
  const firstValue = (name: string): number => {
    const c = col(name) as Float64Array | undefined;
    return c !== undefined && c.length > 0 ? c[0]! : 0;
  };
  const base = {
    length: m,
    timeUnit: o.timeUnit,
    aggregateBy: o.aggregateBy,
    observationEnd: isoDate(end),
    customerId: keep.map((i) => ids[i]!),
    frequency: pick(Float64Array, freq),
    recency: pick(Float64Array, rec),
    T: pick(Float64Array, T),
    monetaryValue: pick(Float64Array, mon),
    firstDay: pick(Int32Array, first),
    lastDay: pick(Int32Array, last),
    transactionCount: pick(Uint32Array, txc),
    totalAmount: pick(Float64Array, total),
    daysSinceLastPurchase: pick(Int32Array, dsl),
    transactionsAfterEnd: firstValue('transactions_after_end'),
    stats: { read: table.stats.read, accepted: m, rejected: table.stats.read - m },
    rejects,
  };
  if (!holdout) return base;
  return withDisplay(
    {
      ...base,
      calibrationEnd: isoDate(cal),
      holdoutFrequency: pick(Float64Array, hf!),
      holdoutMonetaryValue: pick(Float64Array, hm!),
      holdoutDuration: (end - cal) / dpu,
      excludedAfterCalibration: firstValue('excluded_after_calibration'),
    },
    CUSTOMER_SUMMARY_DISPLAY,
  );
}
