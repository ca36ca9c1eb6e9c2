import { z } from 'zod';
import type { BookHoldings, BookSnapshots } from '../book/book.js';
import { ClvkitError } from '../errors.js';
import type { DictionaryColumn, TransactionTable } from '../io/transaction-table.js';
import { parseIsoDay } from '../time.js';
import { parseOptions } from '../validate.js';
import { observationEndOf } from './align-input.js';
import { bookChunks } from './book-chunks.js';
import type { CustomerScoreRecord, ScoringCustomers, ScoringInput } from './customer-scores.js';
import { scoreWith } from './score-with-model.js';
import { scoringModelFromJSON } from './scoring-model.js';
import type { ScoringModel, ScoringModelJson } from './scoring-model.js';

const streamSchema = z.strictObject({
  /** Customers scored per pass (default 50,000): a larger input chunk is cut with `bookChunks`. */
  chunkSize: z.number().int().min(1).max(100_000_000).default(50_000),
  /** Last observed day (ISO date); default each chunk's `endDate`. */
  observationEnd: z.string().optional(),
  /**
   * The whole book's first purchase day on or before the observation end (ISO date; `bookFirstPurchaseDay`).
   * In-process scoring counts a customer without transactions as silent since max(joinDay, that day); a
   * chunk alone cannot know it. Required when a chunk has transactions and a customer without any.
   */
  firstPurchaseDay: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

/** Options of {@link scoreStream}. */
export type ScoreStreamOptions = z.input<typeof streamSchema>;

/** Where {@link scoreStream} reads customers: one input, or chunks of inputs (sync or async). */
export type ScoringSource = ScoringInput | Iterable<ScoringInput> | AsyncIterable<ScoringInput>;

/** Id of the anchor customer added to every chunk (never a real id: it starts with a NUL character). */
export const STREAM_ANCHOR_ID = '\u0000clvkit-stream-anchor';

function isInput(x: unknown): x is ScoringInput {
  return typeof x === 'object' && x !== null && 'customers' in x;
}

/**
 * The chunk plus one anchor customer who pins what in-process scoring reads from the whole book: a
 * snapshot in every month of the book (so the latest month, the as-of month of the value model, and the
 * first month are the book's, even when no customer of the chunk is on the book at its end) and, with
 * `firstPurchaseDay`, one zero-amount transaction on that day (so customers without transactions count
 * their silence from the same day). Its record is dropped. Every other quantity is per customer given
 * the fitted model, so each customer's record equals the in-process one.
 */
function withAnchor(input: ScoringInput, firstPurchaseDay: number | undefined, index: number, fn: string): ScoringInput {
  const c = input.customers;
  const n = c.customerId.length;
  if (c.customerId.includes(STREAM_ANCHOR_ID)) throw new ClvkitError('INVALID_VALUE', 'a customer id equals the stream anchor id', { fn, chunk: index });
  const customers: ScoringCustomers = {
    length: n + 1,
    customerId: [...c.customerId, STREAM_ANCHOR_ID],
    ...(c.type !== undefined ? { type: [...c.type, c.type[0] ?? ''] } : {}),
    ...(c.attributes !== undefined ? { attributes: Object.fromEntries(Object.entries(c.attributes).map(([k, col]) => [k, [...col, col[0] ?? '']])) } : {}),
    ...(c.joinDay !== undefined
      ? { joinDay: Float64Array.from({ length: n + 1 }, (_, i) => (i < n ? c.joinDay![i]! : (firstPurchaseDay ?? c.joinDay![0] ?? 0))) }
      : {}),
  };
  let snapshots: BookSnapshots | undefined;
  const s = input.snapshots;
  if (s !== undefined) {
    const months = input.months;
    if (months === undefined || months.length === 0)
      throw new ClvkitError('MISSING_COLUMN', "a chunk with snapshots needs the book's months (Book.months)", { fn, chunk: index, column: 'months' });
    const k = months.length;
    const m = s.length + k;
    const grow = (col: ArrayLike<number>, fill: (q: number) => number) => {
      const out = new Float64Array(m);
      for (let j = 0; j < s.length; j++) out[j] = col[j]!;
      for (let q = 0; q < k; q++) out[s.length + q] = fill(q);
      return out;
    };
    const zero = () => 0;
    let holdings: BookHoldings | undefined;
    if (s.holdings !== undefined) {
      const offsets = new Uint32Array(m + 1);
      offsets.set(s.holdings.offsets.subarray(0, s.length + 1));
      offsets.fill(s.holdings.offsets[s.length]!, s.length + 1);
      holdings = { names: s.holdings.names, offsets, index: s.holdings.index };
    }
    const customer = new Uint32Array(m);
    customer.set(s.customer.subarray(0, s.length));
    customer.fill(n, s.length);
    const month = new Uint16Array(m);
    month.set(s.month.subarray(0, s.length));
    for (let q = 0; q < k; q++) month[s.length + q] = q;
    snapshots = {
      length: m,
      customer,
      month,
      deposits: grow(s.deposits, zero),
      wealth: grow(s.wealth, zero),
      loans: grow(s.loans, zero),
      aum: grow(s.aum, zero),
      ...(s.netRevenue !== undefined ? { netRevenue: grow(s.netRevenue, zero) } : {}),
      ...(s.costToServe !== undefined ? { costToServe: grow(s.costToServe, zero) } : {}),
      ...(s.activity !== undefined ? { activity: grow(s.activity, zero) } : {}),
      ...(holdings !== undefined ? { holdings } : {}),
      ...(s.products !== undefined ? { products: grow(s.products, zero) } : {}),
    };
  }
  let transactions: TransactionTable | undefined;
  const t = input.transactions;
  if (t !== undefined) {
    if (firstPurchaseDay === undefined) transactions = t;
    else {
      const m = t.length + 1;
      const customer = new Uint32Array(m);
      customer.set(t.customer.subarray(0, t.length));
      customer[t.length] = t.customerIds.length;
      const day = new Int32Array(m);
      day.set(t.day.subarray(0, t.length));
      day[t.length] = firstPurchaseDay;
      const amount = new Float64Array(m);
      amount.set(t.amount.subarray(0, t.length));
      const attributes: Record<string, DictionaryColumn> = {};
      for (const [name, col] of Object.entries(t.attributes)) {
        const codes = new Uint32Array(m);
        codes.set(col.codes.subarray(0, t.length));
        attributes[name] = { values: col.values, codes };
      }
      transactions = { ...t, length: m, customerIds: [...t.customerIds, STREAM_ANCHOR_ID], customer, day, amount, attributes };
    }
  }
  return { ...input, customers, ...(snapshots !== undefined ? { snapshots } : {}), ...(transactions !== undefined ? { transactions } : {}) };
}

/** Whether some customer of the chunk has no transaction row (then the book's first purchase day matters). */
function hasSilentCustomer(input: ScoringInput): boolean {
  const t = input.transactions;
  if (t === undefined) return false;
  const seen = new Set<number>();
  for (let j = 0; j < t.length; j++) seen.add(t.customer[j]!);
  return seen.size < input.customers.customerId.length;
}

async function* inputsOf(source: ScoringSource, chunkSize: number, fn: string): AsyncGenerator<ScoringInput> {
  if (isInput(source)) {
    yield* bookChunks(source, { chunkSize });
    return;
  }
  if (source === null || typeof source !== 'object' || !(Symbol.iterator in source || Symbol.asyncIterator in source)) {
    throw new ClvkitError('INVALID_VALUE', 'expected a scoring input or an (async) iterable of scoring inputs', { fn });
  }
  let index = 0;
  for await (const chunk of source as AsyncIterable<ScoringInput>) {
    if (!isInput(chunk))
      throw new ClvkitError('INVALID_VALUE', 'expected each chunk to be a scoring input (customers, snapshots, transactions)', { fn, chunk: index });
    if (chunk.customers.customerId.length > chunkSize) yield* bookChunks(chunk, { chunkSize });
    else yield chunk;
    index++;
  }
}

/**
 * Score customers chunk by chunk with a fitted {@link ScoringModel}, in bounded memory: the model is
 * checked once, then each chunk of at most `chunkSize` customers is scored by `applyScoringModel`'s code
 * path and its records are yielded, so peak memory depends on the chunk size, not on the number of
 * customers. Each record equals the record `applyScoringModel(model, wholeBook)` gives that customer
 * (tested on the bundled fixture for several chunk sizes): nothing in the scoring pass depends on other
 * customers once the model is fitted, except the book's month span and first purchase day, which an anchor
 * customer added to each chunk pins (see `firstPurchaseDay`; its record is never yielded).
 *
 * The source is one input (a Book in memory, cut with {@link bookChunks}) or an iterable / async iterable of
 * inputs, each a chunk of whole customers (every snapshot and transaction row of a customer in the same
 * chunk, with the book's `endDate` and `months`) — e.g. read from files sorted by customer, a database
 * cursor, or generated. Customer ids are checked for duplicates within a chunk, not across chunks.
 * Summaries of chunks (diagnostics, matrix counts) are not produced; count from the records.
 *
 * Fit first: `scoreCustomers(sample).model` on a seeded sample (or on all customers), then stream.
 *
 * @throws ClvkitError at the call: INVALID_OPTIONS, INVALID_MODEL, INVALID_VALUE (a source of another shape); while
 *   iterating: INVALID_VALUE (a chunk of another shape, an id
 *   equal to the anchor's), MISSING_COLUMN (a chunk with snapshots but no months; `firstPurchaseDay` missing
 *   when needed), plus the codes of `applyScoringModel`, naming the chunk.
 * @example
 * const book = simulateBank({ customers: 2000, months: 24, seed: 3 });
 * const model = scoreCustomers(book, {}).model;
 * let scored = 0;
 * for await (const records of scoreStream(model, book, { chunkSize: 500, firstPurchaseDay: bookFirstPurchaseDay(book, book.endDate) })) scored += records.length;
 * scored; // 2000
 */
export function scoreStream(
  model: ScoringModel | ScoringModelJson,
  source: ScoringSource,
  options: ScoreStreamOptions = {},
): AsyncGenerator<CustomerScoreRecord[]> {
  const fn = 'scoreStream';
  // Options, model and source shape are checked at the call; chunk errors surface while iterating.
  const o = parseOptions(streamSchema, options, fn);
  if (model === null || typeof model !== 'object') throw new ClvkitError('INVALID_MODEL', 'expected a scoring model (scoreCustomers(...).model)', { fn });
  const checked = scoringModelFromJSON(JSON.parse(JSON.stringify(model)) as unknown);
  const firstDay = o.firstPurchaseDay === undefined ? undefined : parseIsoDay(o.firstPurchaseDay, fn);
  if (!isInput(source) && (source === null || typeof source !== 'object' || !(Symbol.iterator in source || Symbol.asyncIterator in source))) {
    throw new ClvkitError('INVALID_VALUE', 'expected a scoring input or an (async) iterable of scoring inputs', { fn });
  }
  return scoreChunks(checked, source, o, firstDay, fn);
}

async function* scoreChunks(
  checked: ScoringModel,
  source: ScoringSource,
  o: z.output<typeof streamSchema>,
  firstDay: number | undefined,
  fn: string,
): AsyncGenerator<CustomerScoreRecord[]> {
  let index = 0;
  for await (const chunk of inputsOf(source, o.chunkSize, fn)) {
    const n = chunk.customers.customerId.length;
    if (firstDay === undefined && hasSilentCustomer(chunk)) {
      throw new ClvkitError(
        'MISSING_COLUMN',
        "chunk has customers without transactions: give firstPurchaseDay (the whole book's first purchase day, bookFirstPurchaseDay)",
        { fn, chunk: index, path: ['firstPurchaseDay'] },
      );
    }
    const observationEnd = observationEndOf(chunk, o.observationEnd, fn);
    if (firstDay !== undefined && firstDay > parseIsoDay(observationEnd, fn))
      throw new ClvkitError('INVALID_OPTIONS', 'firstPurchaseDay is after the observation end', { fn, path: ['firstPurchaseDay'], value: o.firstPurchaseDay });
    let records: CustomerScoreRecord[];
    try {
      records = scoreWith(checked, withAnchor(chunk, firstDay, index, fn), observationEnd, fn).toRecords();
    } catch (error) {
      if (error instanceof ClvkitError && error.details.chunk === undefined) {
        throw new ClvkitError(error.code, `chunk ${index}: ${error.message.replace(/^[A-Za-z]+: /, '')}`, { ...error.details, fn, chunk: index });
      }
      throw error;
    }
    records.length = n;
    yield records;
    index++;
  }
}
