import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DEFAULT_MAX_FIELD_LENGTH, DEFAULT_MAX_RECORD_LENGTH } from '../io/ingest-options.js';
import type { IngestSource } from '../io/ingest-source.js';
import { IdDictionary } from '../io/id-dictionary.js';
import { createAmountParser } from '../io/parse-amount.js';
import { createDayParser } from '../io/parse-date.js';
import { MAX_AMOUNT } from '../io/record-decoder.js';
import { readTableSchema } from '../io/read-table.js';
import { decodeSource, IngestCounter } from '../io/decode-source.js';
import type { DecodedBatch } from '../io/decode-source.js';
import type { FieldSpec, RecordDecoder } from '../io/record-decoder.js';
import { openTransactionStream } from '../io/stream-transactions.js';
import { parseOptions } from '../validate.js';
import type { TransactionTable } from '../io/transaction-table.js';
import { TRANSACTION_TABLE_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import { codedText } from './book-rows.js';
import type { BookColumn, BookTable } from './book-rows.js';

/** A CSV dialect the book readers pass on (the subset of the readers' options a spec can set). */
export interface FastDialect {
  readonly file: string;
  readonly delimiter?: ',' | ';' | '\t' | '|';
  readonly decimal?: '.' | ',';
  readonly thousands?: ',' | '.' | ' ' | "'" | '_';
  readonly dateFormat?: string;
}

/** Output columns of a table read: name → source header name and type (as readTable's `columns`). */
export type FastColumns = Readonly<Record<string, { readonly source: string; readonly type: 'string' | 'number' | 'integer' | 'date' }>>;

const gunzipAsync = promisify(gunzip) as (data: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

/** Largest CSV (in bytes, after gunzip) the fast path reads whole: 256 MiB; larger input streams through the general reader. */
export const FAST_MAX_BYTES = 256 * 1024 * 1024;
const QUOTE = 0x22;
const NEWLINE = 10;
const CR = 13;

/**
 * The text of a CSV file (`.gz` gunzipped) when the fast path can read it: valid UTF-8, no quote
 * character anywhere, no lone-CR line ends; the BOM removed. Undefined otherwise (the general reader
 * then reads the file and reports whatever is wrong with it, with its place).
 */
async function plainText(source: IngestSource | Uint8Array): Promise<string | undefined> {
  let bytes: Buffer;
  if (source instanceof Uint8Array) bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  else if (typeof source === 'string') {
    try {
      // A file past the limit streams through the general reader (a string holds at most ~512 M characters).
      if ((await stat(source)).size > FAST_MAX_BYTES) return undefined;
      bytes = await readFile(source);
      if (/\.gz$/i.test(source)) bytes = await gunzipAsync(bytes, { maxOutputLength: FAST_MAX_BYTES });
    } catch {
      return undefined; // unreadable, corrupt or too large once gunzipped: the general reader names the problem
    }
  } else if (typeof source === 'object' && source !== null && typeof (source as { text?: unknown }).text === 'string' && !Array.isArray(source)) {
    const text = (source as { text: string }).text;
    return plainString(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } else return undefined;
  if (bytes.length > FAST_MAX_BYTES || bytes.indexOf(QUOTE) >= 0 || !isUtf8(bytes)) return undefined;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return plainString(bytes.toString('utf8', start));
}

function plainString(text: string): string | undefined {
  if (text.indexOf('"') >= 0) return undefined;
  // The general reader's line style: a first line break that is a lone CR makes every CR a line end.
  const cr = text.indexOf('\r');
  if (cr >= 0) {
    const lf = text.indexOf('\n');
    if (!(lf >= 0 && lf < cr) && text.charCodeAt(cr + 1) !== NEWLINE) return undefined;
  }
  return text;
}

interface LineBounds {
  readonly starts: Int32Array;
  readonly stops: Int32Array;
  /** File line (1-based) of each non-blank line. */
  readonly lineNo: Int32Array;
  readonly count: number;
}

/** Lines of `text` the way the general reader sees them: [start, stop) per non-blank line, a trailing CR dropped. Undefined for a line past the record limit. */
function lineBounds(text: string): LineBounds | undefined {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const starts = new Int32Array(lines);
  const stops = new Int32Array(lines);
  const lineNo = new Int32Array(lines);
  let count = 0;
  let start = 0;
  let line = 0;
  const n = text.length;
  while (start < n) {
    line++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === CR) stop--;
    if (stop - start > DEFAULT_MAX_RECORD_LENGTH) return undefined;
    if (stop > start) {
      starts[count] = start;
      stops[count] = stop;
      lineNo[count] = line;
      count++;
    }
    start = end + 1;
  }
  return { starts, stops, lineNo, count };
}

/** Header names of the first line (trimmed, as the general reader binds them); -1 per source not found once exactly. */
function bindHeader(text: string, start: number, stop: number, delimiter: string, sources: readonly string[]): { width: number; index: number[] } | undefined {
  const names: string[] = [];
  for (let s = start; ; ) {
    const d = text.indexOf(delimiter, s);
    const e = d < 0 || d >= stop ? stop : d;
    names.push(text.slice(s, e).trim());
    if (e === stop) break;
    s = d + 1;
  }
  const index: number[] = [];
  for (const source of sources) {
    const i = names.indexOf(source);
    if (i < 0 || names.indexOf(source, i + 1) >= 0) return undefined; // missing or named twice: the general reader's error
    index.push(i);
  }
  return { width: names.length, index };
}

type Sink = (row: number, text: string, start: number, end: number) => boolean;

/**
 * Walk the records after the header, calling `sinks[f]` for every field f that is read (field
 * position → sink); false from a sink, a wrong field count or an over-long field stops the walk.
 * Returns the number of records, or -1 when the fast path must give way.
 */
function walk(text: string, bounds: LineBounds, delimiter: string, sinks: (Sink | undefined)[], width: number): number {
  const { starts, stops, count } = bounds;
  const maxField = DEFAULT_MAX_FIELD_LENGTH;
  for (let r = 1; r < count; r++) {
    const stop = stops[r]!;
    let s = starts[r]!;
    let f = 0;
    for (;;) {
      const d = text.indexOf(delimiter, s);
      const e = d < 0 || d >= stop ? stop : d;
      if (f >= width || e - s > maxField) return -1;
      const sink = sinks[f];
      if (sink !== undefined && !sink(r - 1, text, s, e)) return -1;
      f++;
      if (e === stop) break;
      s = e + 1;
    }
    if (f !== width) return -1;
  }
  return count - 1;
}

/**
 * Read columns of a CSV source on the fast path: one pass over the text, straight into typed arrays,
 * for input the general reader would accept row by row without a reject (no quotes, every cell valid).
 * Returns undefined whenever the general path must decide (quotes, a bad cell, a missing column, …),
 * so errors and rejects always come from one place: {@link readTableFast} falls back to readTable.
 */
export async function readColumnsFast(source: IngestSource | Uint8Array, dialect: FastDialect, columns: FastColumns): Promise<BookTable | undefined> {
  const text = await plainText(source);
  return text === undefined ? undefined : columnsOfText(text, dialect, columns);
}

/** {@link readColumnsFast} on text already checked by plainText. Internal (exported for the fast-vs-general tests). */
export function columnsOfText(text: string, dialect: FastDialect, columns: FastColumns): BookTable | undefined {
  const delimiter = dialect.delimiter ?? ',';
  const bounds = lineBounds(text);
  if (bounds === undefined || bounds.count === 0) return undefined;
  const names = Object.keys(columns);
  const header = bindHeader(
    text,
    bounds.starts[0]!,
    bounds.stops[0]!,
    delimiter,
    names.map((n) => columns[n]!.source),
  );
  if (header === undefined) return undefined;
  const capacity = bounds.count - 1;
  const parseAmount = createAmountParser(dialect.decimal ?? '.', dialect.thousands);
  const parseDay = createDayParser(dialect.dateFormat ?? 'auto');
  const out: BookColumn[] = [];
  const sinks: (Sink | undefined)[] = new Array<Sink | undefined>(header.width);
  names.forEach((name, k) => {
    const type = columns[name]!.type;
    let sink: Sink;
    if (type === 'string') {
      const dictionary = new IdDictionary();
      const codes = new Uint32Array(capacity);
      out.push({ values: dictionary.values, codes });
      sink = (r, t, s, e) => {
        codes[r] = dictionary.code(t, s, e);
        return true;
      };
    } else if (type === 'number') {
      const col = new Float64Array(capacity);
      out.push(col);
      sink = (r, t, s, e) => {
        const v = parseAmount(t, s, e);
        col[r] = v;
        return !Number.isNaN(v);
      };
    } else if (type === 'integer') {
      const col = new Int32Array(capacity);
      out.push(col);
      sink = (r, t, s, e) => {
        const v = parseAmount(t, s, e);
        col[r] = v;
        return Number.isInteger(v) && v <= 2147483647 && v >= -2147483648;
      };
    } else {
      const col = new Int32Array(capacity);
      out.push(col);
      sink = (r, t, s, e) => {
        const v = parseDay(t, s, e);
        col[r] = v;
        return !Number.isNaN(v);
      };
    }
    const f = header.index[k]!;
    const before = sinks[f];
    // Two outputs from one source column: both sinks see the field.
    sinks[f] = before === undefined ? sink : (r, t, s, e) => before(r, t, s, e) && sink(r, t, s, e);
  });
  const n = walk(text, bounds, delimiter, sinks, header.width);
  if (n < 0) return undefined;
  const result: Record<string, BookColumn> = {};
  names.forEach((name, k) => (result[name] = out[k]!));
  return { length: n, columns: result, lines: bounds.lineNo.slice(1, bounds.count), stats: { read: n, accepted: n, rejected: 0 }, rejects: [] };
}

/**
 * readTable for a book part (text columns dictionary-encoded): the fast path when it applies (see {@link readColumnsFast}), else the
 * general reader (RFC 4180 quotes, rejects, errors naming file, line, column and value). Both give
 * the same table for input the fast path accepts (pinned by test/book/read-csv-fast.test.ts).
 */
export async function readTableFast(
  source: IngestSource | Uint8Array,
  dialect: FastDialect,
  columns: FastColumns,
  onInvalid: 'throw' | 'collect',
): Promise<BookTable> {
  return (await readColumnsFast(source, dialect, columns)) ?? readTableGeneral(general(source), dialect, columns, onInvalid);
}

/**
 * The general reader (readTable's options, checks, errors and rejects) keeping each accepted row's file
 * line, which readTable does not return: a blank line or a quoted field over several lines moves the
 * lines of the rows after it.
 */
export async function readTableGeneral(source: IngestSource, dialect: FastDialect, columns: FastColumns, onInvalid: 'throw' | 'collect'): Promise<BookTable> {
  const fn = 'readTable';
  const o = parseOptions(readTableSchema, { ...dialect, columns, onInvalid }, fn);
  const specs: FieldSpec[] = Object.entries(o.columns).map(([name, c]) => ({ name, source: c.source ?? name, kind: c.type, optional: c.optional }));
  const counter = new IngestCounter();
  const parts: DecodedBatch[] = [];
  let decoder: RecordDecoder | undefined;
  for await (const item of decodeSource(source, specs, o, fn, counter)) {
    if ('columns' in item) parts.push(item);
    else decoder = item;
  }
  const length = parts.reduce((n, p) => n + p.length, 0);
  const lines = new Int32Array(length);
  let at = 0;
  for (const p of parts) for (const line of p.lines) lines[at++] = line;
  const out: Record<string, BookColumn> = {};
  decoder!.fields.forEach((field, f) => {
    if (field.kind === 'string') {
      out[field.name] = codedText(parts.flatMap((p) => p.columns[f] as string[]));
      return;
    }
    const col = field.kind === 'number' ? new Float64Array(length) : new Int32Array(length);
    let i = 0;
    for (const p of parts) for (const v of p.columns[f] as number[]) col[i++] = v;
    out[field.name] = col;
  });
  return { length, columns: out, lines, stats: { read: counter.read, accepted: counter.accepted, rejected: counter.rejected }, rejects: counter.rejects };
}

/** The general readers' source for bytes already read (standard input): one chunk of a stream. */
function general(source: IngestSource | Uint8Array): IngestSource {
  if (!(source instanceof Uint8Array)) return source;
  // In slices, as a file is read: the general reader decodes each chunk to a string.
  return (async function* () {
    for (let at = 0; at < source.length; at += 1 << 20) yield source.subarray(at, at + (1 << 20));
  })();
}

/** Transactions read for a book: the table and the file line of each of its rows. */
export interface BookTransactions {
  readonly table: TransactionTable;
  readonly lines: Int32Array;
}

/** Transaction roles of a book: the source columns of customer id, date and amount. */
export interface TransactionColumns {
  readonly customerId: string;
  readonly date: string;
  readonly amount: string;
}

/** {@link transactionsOfText} on a source (a path or `{ text }`); undefined when the general reader must read it. */
export async function readTransactionsFastOnly(
  source: IngestSource | Uint8Array,
  dialect: FastDialect,
  columns: TransactionColumns,
): Promise<BookTransactions | undefined> {
  const text = await plainText(source);
  return text === undefined ? undefined : transactionsOfText(text, dialect, columns);
}

/**
 * Transactions on the fast path: the TransactionTable readTransactions gives for input it accepts
 * without a reject (ids non-blank without control characters, calendar days, amounts within ±1e15),
 * customer ids dictionary-encoded in order of first appearance. Undefined when the general path must decide.
 */
export function transactionsOfText(text: string, dialect: FastDialect, columns: TransactionColumns): BookTransactions | undefined {
  const delimiter = dialect.delimiter ?? ',';
  const bounds = lineBounds(text);
  if (bounds === undefined || bounds.count === 0) return undefined;
  const header = bindHeader(text, bounds.starts[0]!, bounds.stops[0]!, delimiter, [columns.customerId, columns.date, columns.amount]);
  if (header === undefined) return undefined;
  const [fi, fd, fa] = header.index as [number, number, number];
  if (fi === fd || fi === fa || fd === fa) return undefined;
  const capacity = bounds.count - 1;
  const parseAmount = createAmountParser(dialect.decimal ?? '.', dialect.thousands);
  const parseDay = createDayParser(dialect.dateFormat ?? 'auto');
  const ids = new IdDictionary();
  const customer = new Uint32Array(capacity);
  const day = new Int32Array(capacity);
  const amount = new Float64Array(capacity);
  let negative = 0;
  const sinks: (Sink | undefined)[] = new Array<Sink | undefined>(header.width);
  sinks[fi] = (r, t, s, e) => {
    let blank = true;
    for (let i = s; i < e; i++) {
      const c = t.charCodeAt(i);
      if (c < 32 || c === 127) return false;
      if (c !== 32) blank = false;
    }
    if (blank) return false;
    customer[r] = ids.code(t, s, e);
    return true;
  };
  sinks[fd] = (r, t, s, e) => {
    const v = parseDay(t, s, e);
    day[r] = v;
    return !Number.isNaN(v);
  };
  sinks[fa] = (r, t, s, e) => {
    const v = parseAmount(t, s, e);
    amount[r] = v;
    if (v < 0) negative++;
    return !Number.isNaN(v) && v <= MAX_AMOUNT && v >= -MAX_AMOUNT;
  };
  // Ids are decoded last in the general reader (a row rejected for its date adds no id); here any
  // bad row abandons the fast path, so the dictionary order is the same.
  const n = walk(text, bounds, delimiter, sinks, header.width);
  if (n < 0) return undefined;
  const table = withDisplay(
    {
      length: n,
      customerIds: ids.values,
      customer,
      day,
      amount,
      attributes: {},
      stats: { read: n, accepted: n, rejected: 0, negativeAmounts: negative },
      rejects: [],
    },
    TRANSACTION_TABLE_DISPLAY,
  );
  return { table, lines: bounds.lineNo.slice(1, bounds.count) };
}

/**
 * readTransactions (same options, checks, errors, rejects and table) keeping each accepted row's file
 * line, which readTransactions does not return.
 */
export async function readTransactionsGeneral(
  source: IngestSource,
  dialect: FastDialect,
  columns: TransactionColumns,
  onInvalid: 'throw' | 'collect',
): Promise<BookTransactions> {
  const stream = openTransactionStream(source, { ...dialect, columns, onInvalid }, 'readTransactions');
  const customer: number[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  const lines: number[] = [];
  let customerIds: readonly string[] = [];
  for await (const batch of stream.batches()) {
    customerIds = batch.customerIds;
    for (let i = 0; i < batch.length; i++) {
      customer.push(batch.customer[i]!);
      day.push(batch.day[i]!);
      amount.push(batch.amount[i]!);
      lines.push(batch.lines[i]!);
    }
  }
  const table = withDisplay(
    {
      length: day.length,
      customerIds,
      customer: Uint32Array.from(customer),
      day: Int32Array.from(day),
      amount: Float64Array.from(amount),
      attributes: {},
      stats: stream.stats,
      rejects: stream.rejects,
    },
    TRANSACTION_TABLE_DISPLAY,
  );
  return { table, lines: Int32Array.from(lines) };
}

/** readTransactions for a book part: the fast path when it applies, else the general reader. */
export async function readTransactionsFast(
  source: IngestSource | Uint8Array,
  dialect: FastDialect,
  columns: TransactionColumns,
  onInvalid: 'throw' | 'collect',
): Promise<BookTransactions> {
  return (await readTransactionsFastOnly(source, dialect, columns)) ?? readTransactionsGeneral(general(source), dialect, columns, onInvalid);
}
