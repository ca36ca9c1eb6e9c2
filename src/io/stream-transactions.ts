import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { decodeSource, IngestCounter, type DecodedBatch } from './decode-source.js';
import { checkSeparators, columnRef, readerOptionsShape } from './ingest-options.js';
import type { IngestSource } from './ingest-source.js';
import { IdDictionary } from './id-dictionary.js';
import type { FieldSpec } from './record-decoder.js';
import type { IngestStats, RejectedRow } from './transaction-table.js';

/** Options of {@link streamTransactions}, {@link readTransactions} and `readTransactionsSync`. */
export const transactionReadSchema = z
  .strictObject({
    ...readerOptionsShape,
    /** Which source columns hold the id, date and amount (header names, or 0-based indexes). */
    columns: z
      .strictObject({
        customerId: columnRef.default('customer_id'),
        date: columnRef.default('date'),
        amount: columnRef.default('amount'),
      })
      .default({ customerId: 'customer_id', date: 'date', amount: 'amount' }),
    /** Extra columns kept per row as strings: `['product']` or `{ outName: sourceColumn }`. */
    attributes: z.union([z.array(z.string().min(1)), z.record(z.string().min(1), columnRef)]).default([]),
  })
  .superRefine(checkSeparators);

/** Options of the transaction readers (input form). */
export type TransactionReadOptions = z.input<typeof transactionReadSchema>;
type ParsedReadOptions = z.output<typeof transactionReadSchema>;

/** One validated transaction. */
export interface TransactionRow {
  readonly customerId: string;
  /** Calendar day, days since 1970-01-01 (UTC). */
  readonly day: number;
  readonly amount: number;
  /** 1-based source line (header is line 1), or object index + 1. */
  readonly line: number;
  /** Attribute values by output name (empty object when no attributes are kept). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A batch of validated transactions, column by column: the fast path for bulk consumers. */
export interface TransactionBatch {
  readonly length: number;
  /** Per row: the customer's code, an index into `customerIds`. */
  readonly customer: readonly number[];
  /** Distinct customer ids seen so far in the stream, by code (grows as the stream is read). */
  readonly customerIds: readonly string[];
  readonly day: readonly number[];
  readonly amount: readonly number[];
  readonly lines: readonly number[];
  /** Attribute columns by output name. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/**
 * Validated transactions as they are read. Iterate it once, row by row (`for await`), or batch by
 * batch with `batches()`. `stats` and `rejects` fill in as rows are read and are final at the end.
 */
export interface TransactionStream extends AsyncIterable<TransactionRow> {
  readonly stats: IngestStats;
  readonly rejects: readonly RejectedRow[];
  /** Names of the attribute columns kept, in output order. */
  readonly attributeNames: readonly string[];
  batches(): AsyncIterable<TransactionBatch>;
}

/** Attribute outName → source column. */
function attributeMap(attributes: ParsedReadOptions['attributes']): [string, string | number][] {
  return Array.isArray(attributes) ? attributes.map((a) => [a, a]) : Object.entries(attributes);
}

/** The field specs of a transaction read: id, date, amount, then the attributes. */
export function transactionFields(o: ParsedReadOptions): FieldSpec[] {
  return [
    { name: 'customerId', source: o.columns.customerId, kind: 'id' },
    { name: 'date', source: o.columns.date, kind: 'date' },
    { name: 'amount', source: o.columns.amount, kind: 'amount' },
    ...attributeMap(o.attributes).map(([name, source]): FieldSpec => ({ name, source, kind: 'string' })),
  ];
}

/** Parse and check the transaction read options (INVALID_OPTIONS names the function). */
export function parseTransactionReadOptions(options: unknown, fn: string): ParsedReadOptions {
  const o = parseOptions(transactionReadSchema, options, fn);
  const names = new Set(['customerId', 'date', 'amount']);
  for (const [name] of attributeMap(o.attributes)) {
    if (names.has(name))
      throw new ClvkitError('INVALID_OPTIONS', `attribute name "${name}" is used twice or clashes with a core field`, { fn, path: ['attributes'] });
    names.add(name);
  }
  return o;
}

/** Turn one decoded batch into a TransactionBatch, counting negative amounts. */
export function toTransactionBatch(
  decoded: DecodedBatch,
  attributeNames: readonly string[],
  stats: { negativeAmounts: number },
  ids: IdDictionary,
): TransactionBatch {
  const amount = decoded.columns[2] as number[];
  let negative = 0;
  for (let i = 0; i < amount.length; i++) if (amount[i]! < 0) negative++;
  stats.negativeAmounts += negative;
  const attributes: Record<string, string[]> = {};
  for (let a = 0; a < attributeNames.length; a++) attributes[attributeNames[a]!] = decoded.columns[3 + a] as string[];
  return {
    length: decoded.length,
    customer: decoded.columns[0] as number[],
    customerIds: ids.values,
    day: decoded.columns[1] as number[],
    amount,
    lines: decoded.lines,
    attributes,
  };
}

class Stream implements TransactionStream {
  private readonly counter = new IngestCounter();
  private readonly negatives = { negativeAmounts: 0 };
  private used = false;
  private readonly ids = new IdDictionary();
  readonly attributeNames: readonly string[];

  constructor(
    private readonly source: IngestSource,
    private readonly options: ParsedReadOptions,
    private readonly fn: string,
  ) {
    this.attributeNames = attributeMap(options.attributes).map(([name]) => name);
  }

  get stats(): IngestStats {
    const c = this.counter;
    return { read: c.read, accepted: c.accepted, rejected: c.rejected, negativeAmounts: this.negatives.negativeAmounts };
  }

  get rejects(): readonly RejectedRow[] {
    return this.counter.rejects;
  }

  async *batches(): AsyncGenerator<TransactionBatch> {
    if (this.used) throw new ClvkitError('UNSUPPORTED', 'a transaction stream can be iterated only once; call streamTransactions again', { fn: this.fn });
    this.used = true;
    const fields = transactionFields(this.options);
    for await (const item of decodeSource(this.source, fields, this.options, this.fn, this.counter, this.ids)) {
      if (!('columns' in item)) continue; // the bound decoder: every transaction field is required
      yield toTransactionBatch(item, this.attributeNames, this.negatives, this.ids);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<TransactionRow> {
    const names = this.attributeNames;
    for await (const batch of this.batches()) {
      for (let i = 0; i < batch.length; i++) {
        const attributes: Record<string, string> = {};
        for (const name of names) attributes[name] = batch.attributes[name]![i]!;
        yield { customerId: batch.customerIds[batch.customer[i]!]!, day: batch.day[i]!, amount: batch.amount[i]!, line: batch.lines[i]!, attributes };
      }
    }
  }
}

/**
 * Stream validated transactions from a CSV file (`.gz` gunzipped on the fly), CSV text, a Readable,
 * an async iterable of chunks, or plain-object rows, in one pass and constant memory: the streaming
 * core of {@link readTransactions} and of the streaming `summarizeCustomers`.
 *
 * Each row is checked: a non-empty customer id, a real calendar day (`dateFormat`; a time of day after
 * the date — `T` or a space, `HH:MM[:SS[.fff]]`, optional `Z` or `±HH:MM` — is checked and ignored:
 * the calendar day is the date as written, an offset does not convert it to UTC; any other text
 * after the date is INVALID_DATE), a strict decimal amount (no exponent, no empty field, no
 * thousands separators unless `thousands` is set, magnitude at most 1e15, `MAX_AMOUNT`;
 * negative amounts are kept and counted in `stats.negativeAmounts`). Blank lines are skipped (they are not rows). A header-only
 * file gives no rows (stats 0/0/0); an empty file throws EMPTY_INPUT. Options are checked at the
 * call; the source is opened when iteration starts.
 *
 * @throws ClvkitError INVALID_OPTIONS (at the call); while iterating: MISSING_COLUMN, INVALID_ROW,
 * INVALID_DATE, INVALID_NUMBER (with `onInvalid: 'throw'`), CSV_PARSE, EMPTY_INPUT, IO_ERROR.
 * @example
 * const rows = streamTransactions({ text: 'customer_id,date,amount\nA,1997-01-01,9.50\nB,19970102,-2' });
 * for await (const row of rows) console.log(row.customerId, row.day, row.amount);
 * // A 9862 9.5
 * // B 9863 -2
 * rows.stats // { read: 2, accepted: 2, rejected: 0, negativeAmounts: 1 }
 */
export function streamTransactions(source: IngestSource, options: TransactionReadOptions = {}): TransactionStream {
  return openTransactionStream(source, options, 'streamTransactions');
}

/** {@link streamTransactions} on behalf of another public function (named in errors). */
export function openTransactionStream(source: IngestSource, options: TransactionReadOptions, fn: string): TransactionStream {
  return new Stream(source, parseTransactionReadOptions(options, fn), fn);
}
