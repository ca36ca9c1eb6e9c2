import { ClvkitError } from '../errors.js';
import { decodeSourceSync, IngestCounter } from './decode-source.js';
import { IdDictionary } from './id-dictionary.js';
import { GrowableColumn } from '../growable-column.js';
import type { IngestSource } from './ingest-source.js';
import {
  parseTransactionReadOptions,
  openTransactionStream,
  toTransactionBatch,
  transactionFields,
  type TransactionBatch,
  type TransactionReadOptions,
} from './stream-transactions.js';
import type { DictionaryColumn, IngestStats, RejectedRow, TransactionTable } from './transaction-table.js';
import { TRANSACTION_TABLE_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/** Dictionary encoder: distinct strings in order of first appearance, a code per row. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  readonly codes = new GrowableColumn(Uint32Array);
  code(value: string): number {
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.index.set(value, c);
    }
    return c;
  }
  push(value: string): void {
    this.codes.push(this.code(value));
  }
  column(): DictionaryColumn {
    return { values: this.values, codes: this.codes.toArray() };
  }
}

/** Collects transaction batches into a columnar TransactionTable (no object per row). */
class TableBuilder {
  private customerIds: readonly string[] = [];
  private readonly customer = new GrowableColumn(Uint32Array);
  private readonly day = new GrowableColumn(Int32Array);
  private readonly amount = new GrowableColumn(Float64Array);
  private readonly attributes: [string, Dictionary][];

  constructor(attributeNames: readonly string[]) {
    this.attributes = attributeNames.map((name) => [name, new Dictionary()]);
  }

  add(batch: TransactionBatch): void {
    this.customerIds = batch.customerIds;
    for (let i = 0; i < batch.length; i++) {
      this.customer.push(batch.customer[i]!);
      this.day.push(batch.day[i]!);
      this.amount.push(batch.amount[i]!);
    }
    for (const [name, dict] of this.attributes) {
      const values = batch.attributes[name]!;
      for (let i = 0; i < values.length; i++) dict.push(values[i]!);
    }
  }

  table(stats: IngestStats, rejects: readonly RejectedRow[]): Displayed<TransactionTable> {
    const attributes: Record<string, DictionaryColumn> = {};
    for (const [name, dict] of this.attributes) attributes[name] = dict.column();
    return withDisplay(
      {
        length: this.day.length,
        customerIds: this.customerIds,
        customer: this.customer.toArray(),
        day: this.day.toArray(),
        amount: this.amount.toArray(),
        attributes,
        stats,
        rejects,
      },
      TRANSACTION_TABLE_DISPLAY,
    );
  }
}

/**
 * Read transactions into a columnar {@link TransactionTable}: typed arrays for day and amount,
 * customer ids and attribute columns dictionary-encoded. Same sources, options, checks and errors
 * as {@link streamTransactions} (it collects that stream).
 *
 * @throws ClvkitError INVALID_OPTIONS, MISSING_COLUMN, INVALID_ROW, INVALID_DATE, INVALID_NUMBER,
 * CSV_PARSE, EMPTY_INPUT, IO_ERROR
 * @example
 * const t = await readTransactions({ text: 'customer_id,date,amount\nA,1997-01-01,9.50\nA,1997-01-03,2\nB,x,1' }, { onInvalid: 'collect' });
 * t.customerIds // ['A']
 * t.day         // Int32Array [9862, 9864]
 * t.stats       // { read: 3, accepted: 2, rejected: 1, negativeAmounts: 0 }
 * t.rejects[0]  // { line: 4, code: 'INVALID_DATE', reason: 'not a calendar date in format YYYY-MM-DD or YYYYMMDD', raw: ['B', 'x', '1'], column: 'date', value: 'x' }
 */
export async function readTransactions(source: IngestSource, options: TransactionReadOptions = {}): Promise<Displayed<TransactionTable>> {
  const stream = openTransactionStream(source, options, 'readTransactions');
  const builder = new TableBuilder(stream.attributeNames);
  for await (const batch of stream.batches()) builder.add(batch);
  return builder.table(stream.stats, stream.rejects);
}

/**
 * {@link readTransactions} for data already in memory, synchronously: CSV text or an array of
 * plain-object rows (notebooks, tests).
 *
 * @throws ClvkitError like {@link readTransactions}; INVALID_OPTIONS for another kind of source.
 * @example
 * readTransactionsSync([{ customer_id: 'A', date: '1997-01-01', amount: 9.5 }]).day // Int32Array [9862]
 */
export function readTransactionsSync(
  source: string | readonly Readonly<Record<string, unknown>>[],
  options: TransactionReadOptions = {},
): Displayed<TransactionTable> {
  const fn = 'readTransactionsSync';
  const o = parseTransactionReadOptions(options, fn);
  if (typeof source !== 'string' && !Array.isArray(source)) {
    throw new ClvkitError('INVALID_OPTIONS', 'readTransactionsSync reads CSV text or an array of objects; use readTransactions for files and streams', {
      fn,
      value: typeof source,
    });
  }
  const counter = new IngestCounter();
  const ids = new IdDictionary();
  const { batch } = decodeSourceSync(source, transactionFields(o), o, fn, counter, ids);
  const names = transactionFields(o)
    .slice(3)
    .map((f) => f.name);
  const negatives = { negativeAmounts: 0 };
  const builder = new TableBuilder(names);
  builder.add(toTransactionBatch(batch, names, negatives, ids));
  return builder.table(
    { read: counter.read, accepted: counter.accepted, rejected: counter.rejected, negativeAmounts: negatives.negativeAmounts },
    counter.rejects,
  );
}
