import { latestSnapshot } from '../book/latest-snapshot.js';
import type { BookRevenue } from '../book/book.js';
import { productMasksFor } from '../book/product-masks.js';
import { DEFAULT_BOOK_MARGIN } from '../book/read-book.js';
import { ClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import { summarizeCustomers } from '../io/summarize-customers.js';
import { type TIME_UNITS, daysInMonth, isoDate, parseIsoDay } from '../time.js';
import type { ScoringInput } from './customer-scores.js';
import { uniqueIds } from '../unique-ids.js';

type TimeUnit = (typeof TIME_UNITS)[number];

/** Snapshot columns as scoring uses them: only months up to the observation end, revenue filled, products as masks. Internal. */
export interface ScoringSnapshots {
  readonly length: number;
  readonly customer: Uint32Array;
  readonly month: Uint16Array;
  readonly deposits: Float64Array;
  readonly wealth: Float64Array;
  readonly loans: Float64Array;
  readonly aum: Float64Array;
  readonly netRevenue: Float64Array;
  readonly costToServe: Float64Array;
  readonly activity: ArrayLike<number> | undefined;
  /** Bit masks over `productNames`. */
  readonly products: Float64Array;
  readonly productNames: readonly string[];
}

/** Checked input plus the transaction summary and the customer table aligned with the customers. Internal. */
export interface Aligned {
  readonly n: number;
  readonly ids: readonly string[];
  readonly types: readonly string[] | null;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** Summary of the customers with transactions, in customer order. */
  readonly summary: CustomerSummary;
  /** Per customer: row of `summary`, or −1 without transactions. */
  readonly transactionRow: Int32Array;
  readonly hasTransactions: Uint8Array;
  /** Customer index of each summary row. */
  readonly buyers: Int32Array;
  readonly observationEnd: string;
  /** Latest snapshot + transaction columns for every customer (tags and clusters read it). */
  readonly table: Record<string, Float64Array | Uint32Array>;
  /** Month index of the latest snapshot used (−1 without snapshots). */
  readonly onBookMonth: number;
  /** The snapshots up to the observation end, or null when the input has none. */
  readonly snapshots: ScoringSnapshots | null;
  readonly snapshotsAfterEnd: number;
  readonly revenue: BookRevenue;
}

/** Check the input's shape: customers, and snapshots or transactions. */
export function checkInput(input: ScoringInput, fn: string): void {
  if (input === null || typeof input !== 'object')
    throw new ClvkitError('INVALID_VALUE', 'expected { customers, snapshots?, transactions? } (a Book)', { fn, value: input });
  if (input.customers === undefined || input.customers === null || typeof input.customers !== 'object')
    throw new ClvkitError('MISSING_COLUMN', 'input.customers is required', { fn, column: 'customers' });
  for (const part of ['snapshots', 'transactions'] as const) {
    if (input[part] !== undefined && (input[part] === null || typeof input[part] !== 'object'))
      throw new ClvkitError('INVALID_VALUE', `input.${part} must be an object when given`, { fn, column: part });
  }
  if (input.snapshots === undefined && input.transactions === undefined)
    throw new ClvkitError('MISSING_COLUMN', 'a book needs snapshots or transactions (or both)', { fn, column: 'snapshots' });
}

/**
 * The observation end: the option, else the input's endDate. An observation end after the book's last
 * day is rejected (the months after the data would read as silence: inactivity, dropout).
 */
export function observationEndOf(input: ScoringInput, given: string | undefined, fn: string): string {
  checkInput(input, fn);
  const end = given ?? input.endDate;
  if (end === undefined)
    throw new ClvkitError('INVALID_OPTIONS', 'give options.observationEnd or an input with endDate (a Book)', { fn, path: ['observationEnd'] });
  const day = parseIsoDay(end, fn);
  if (given !== undefined && input.endDate !== undefined && day > parseIsoDay(input.endDate, fn)) {
    throw new ClvkitError(
      'INVALID_OPTIONS',
      `observationEnd ${isoDate(day)} is after the book's last day ${input.endDate}: there is no data to score that far`,
      { fn, path: ['observationEnd'], value: given },
    );
  }
  return isoDate(day);
}

/** The summary of a book where nobody bought anything on or before the observation end. */
function emptySummary(observationEnd: string, timeUnit: TimeUnit, aggregateBy: 'day' | 'none', transactionsAfterEnd: number): CustomerSummary {
  return {
    length: 0,
    timeUnit,
    aggregateBy,
    observationEnd,
    customerId: [],
    frequency: new Float64Array(0),
    recency: new Float64Array(0),
    T: new Float64Array(0),
    monetaryValue: new Float64Array(0),
    firstDay: new Int32Array(0),
    lastDay: new Int32Array(0),
    transactionCount: new Uint32Array(0),
    totalAmount: new Float64Array(0),
    daysSinceLastPurchase: new Int32Array(0),
    transactionsAfterEnd,
  };
}

/** Month number (year × 12 + month − 1) of an ISO date. */
const monthNumber = (iso: string): number => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/**
 * The snapshots scoring may use: rows of months whose month end is on or before the observation end (no
 * look-ahead), revenue from the stated margin when the book has none, products as masks.
 */
function scoringSnapshots(
  input: ScoringInput,
  observationEnd: string,
  margin: number,
  fn: string,
  modelProducts?: readonly string[],
): { snapshots: ScoringSnapshots | null; after: number; revenue: BookRevenue } {
  const s = input.snapshots;
  const revenueGiven = s === undefined || s.netRevenue !== undefined;
  const revenue: BookRevenue = input.revenue ?? (revenueGiven ? { source: 'given' } : { source: 'margin', annualMargin: margin });
  if (s === undefined) return { snapshots: null, after: 0, revenue };
  if (s.customer === undefined || s.month === undefined)
    throw new ClvkitError('MISSING_COLUMN', 'snapshots need customer and month', { fn, column: 'snapshots' });
  // Last usable month index: the month of the observation end when it is that month's last day, else the month before.
  let lastIndex = Number.POSITIVE_INFINITY;
  const endIso = observationEnd;
  const endMonth = monthNumber(endIso);
  const isMonthEnd = Number(endIso.slice(8, 10)) === daysInMonth(Number(endIso.slice(0, 4)), Number(endIso.slice(5, 7)));
  const usable = isMonthEnd ? endMonth : endMonth - 1;
  if (input.months !== undefined && input.months.length > 0) {
    lastIndex = usable - monthNumber(`${input.months[0]!}-01`);
  } else if (input.endDate !== undefined) {
    let maxMonth = 0;
    for (let j = 0; j < s.length; j++) if (s.month[j]! > maxMonth) maxMonth = s.month[j]!;
    lastIndex = maxMonth - (monthNumber(input.endDate) - usable);
  }
  const own = productMasksFor(s, fn);
  // Legacy masks carry no names (their bits mean what the model's productNames say); a book's own dictionary is re-coded.
  const { names, masks } =
    modelProducts === undefined || modelProducts.length === 0 || s.holdings === undefined ? own : toModelProducts(own, modelProducts, fn);
  const keep: number[] = [];
  for (let j = 0; j < s.length; j++) if (s.month[j]! <= lastIndex) keep.push(j);
  const all = keep.length === s.length;
  const f64 = (col: ArrayLike<number>): Float64Array => (all && col instanceof Float64Array ? col : Float64Array.from(keep, (j) => col[j]!));
  const aum = f64(s.aum);
  const loans = f64(s.loans);
  const m = keep.length;
  const snapshots: ScoringSnapshots = {
    length: m,
    customer: all ? s.customer : Uint32Array.from(keep, (j) => s.customer[j]!),
    month: all ? s.month : Uint16Array.from(keep, (j) => s.month[j]!),
    deposits: f64(s.deposits),
    wealth: f64(s.wealth),
    loans,
    aum,
    netRevenue: s.netRevenue !== undefined ? f64(s.netRevenue) : Float64Array.from(aum, (a, r) => (margin * (a + loans[r]!)) / 12),
    costToServe: s.costToServe !== undefined ? f64(s.costToServe) : new Float64Array(m),
    activity: s.activity === undefined ? undefined : all ? s.activity : Uint16Array.from(keep, (j) => s.activity![j]!),
    products: all ? masks : Float64Array.from(keep, (j) => masks[j]!),
    productNames: names,
  };
  return { snapshots, after: s.length - m, revenue };
}

/**
 * Product masks over the book's own dictionary re-coded over a fitted model's product names, so that bit b
 * means the same product to the model's tags and value benchmarks whatever order this book met its products
 * in (a later month's book, a streamed chunk). A product the model was not fitted with cannot be scored by it.
 *
 * @throws ClvkitError INVALID_VALUE naming the products the model does not know.
 */
function toModelProducts(
  own: { names: readonly string[]; masks: Float64Array },
  target: readonly string[],
  fn: string,
): { names: readonly string[]; masks: Float64Array } {
  if (own.names.length === target.length && own.names.every((name, b) => name === target[b])) return { names: target, masks: own.masks };
  const bit = own.names.map((name) => target.indexOf(name));
  const unknown = own.names.filter((_, b) => bit[b]! < 0);
  if (unknown.length > 0) {
    throw new ClvkitError(
      'INVALID_VALUE',
      `the book holds products the scoring model was not fitted with: ${unknown.join(', ')} (the model knows ${target.join(', ') || 'no products'}); refit the model on a book with them`,
      { fn, column: 'products', value: unknown.join(', ') },
    );
  }
  const masks = new Float64Array(own.masks.length);
  for (let j = 0; j < masks.length; j++) {
    let m = own.masks[j]!;
    let out = 0;
    for (let b = 0; m > 0; b++, m = Math.floor(m / 2)) if (m % 2 === 1) out += 2 ** bit[b]!;
    masks[j] = out;
  }
  return { names: target, masks };
}

/**
 * Summarise the transactions, keep the rows in customer order, and build the per-customer table. Customers
 * without transactions get, in the table only (tags, clusters): frequency, transactionCount, totalAmount,
 * monetaryValue, recency and T = 0, and daysSinceLastPurchase = days from max(joinDay, first purchase day of
 * the book) to the observation end (the whole period observed when joinDay is not given).
 */
export function align(
  input: ScoringInput,
  observationEnd: string,
  timeUnit: TimeUnit,
  aggregateBy: 'day' | 'none',
  fn: string,
  margin = DEFAULT_BOOK_MARGIN,
  modelProducts?: readonly string[],
): Aligned {
  checkInput(input, fn);
  const ids = input.customers.customerId;
  if (ids === undefined) throw new ClvkitError('MISSING_COLUMN', 'customers.customerId is required', { fn, column: 'customerId' });
  if (!Array.isArray(ids)) throw new ClvkitError('INVALID_VALUE', 'customers.customerId must be an array', { fn, column: 'customerId' });
  const n = ids.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  const index = uniqueIds(ids, { fn, column: 'customerId' });
  const attributes: Record<string, readonly string[]> = { ...(input.customers.attributes ?? {}) };
  for (const [name, col] of Object.entries(attributes)) {
    if (!Array.isArray(col) || col.length !== n)
      throw new ClvkitError('LENGTH_MISMATCH', `customers.attributes.${name} must have ${n} entries`, { fn, column: name });
  }
  const types = input.customers.type ?? attributes.type ?? null;
  if (types !== null && (!Array.isArray(types) || types.length !== n)) {
    throw new ClvkitError('LENGTH_MISMATCH', `customers.type has ${Array.isArray(types) ? types.length : 'no'} entries, expected ${n}`, { fn, column: 'type' });
  }
  if (types !== null && attributes.type === undefined) attributes.type = types;
  const joinDay = input.customers.joinDay;
  if (joinDay !== undefined) {
    if (joinDay === null || typeof joinDay.length !== 'number' || joinDay.length !== n)
      throw new ClvkitError('LENGTH_MISMATCH', `customers.joinDay must have ${n} entries`, { fn, column: 'joinDay' });
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(joinDay[i]))
        throw new ClvkitError('INVALID_VALUE', 'joinDay must be an integer epoch day', { fn, column: 'joinDay', index: i, value: joinDay[i] });
    }
  }
  let raw: CustomerSummary;
  if (input.transactions === undefined) raw = emptySummary(observationEnd, timeUnit, aggregateBy, 0);
  else {
    try {
      raw = summarizeCustomers(input.transactions, { observationEnd, timeUnit, aggregateBy });
    } catch (error) {
      // No purchase at all on or before the observation end: every customer is scored without transactions.
      const noBuyers =
        error instanceof ClvkitError && error.code === 'EMPTY_INPUT' && (input.transactions.length === 0 || error.details.afterEnd !== undefined);
      if (!noBuyers) throw error;
      raw = emptySummary(observationEnd, timeUnit, aggregateBy, Number(error.details.afterEnd ?? 0));
    }
  }
  // Reorder the summary rows into customer order; every buyer must be a customer.
  const rowOf = new Int32Array(n).fill(-1);
  for (let r = 0; r < raw.length; r++) {
    const i = index.get(raw.customerId[r]!);
    if (i === undefined)
      throw new ClvkitError('INVALID_VALUE', 'transactions of a customer who is not in the customer table', {
        fn,
        column: 'customerId',
        value: raw.customerId[r],
      });
    rowOf[i] = r;
  }
  const hasTransactions = new Uint8Array(n);
  const transactionRow = new Int32Array(n).fill(-1);
  const buyerList: number[] = [];
  for (let i = 0; i < n; i++) {
    if (rowOf[i]! < 0) continue;
    hasTransactions[i] = 1;
    transactionRow[i] = buyerList.length;
    buyerList.push(i);
  }
  const buyers = Int32Array.from(buyerList);
  const m = buyers.length;
  const pick = <A extends Float64Array | Int32Array | Uint32Array>(col: A): A => {
    const out = new (col.constructor as new (k: number) => A)(m);
    for (let r = 0; r < m; r++) out[r] = col[rowOf[buyers[r]!]!]!;
    return out;
  };
  const summary: CustomerSummary = {
    length: m,
    timeUnit: raw.timeUnit,
    aggregateBy: raw.aggregateBy,
    observationEnd: raw.observationEnd,
    customerId: Array.from(buyers, (i) => ids[i]!),
    frequency: pick(raw.frequency),
    recency: pick(raw.recency),
    T: pick(raw.T),
    monetaryValue: pick(raw.monetaryValue),
    firstDay: pick(raw.firstDay),
    lastDay: pick(raw.lastDay),
    transactionCount: pick(raw.transactionCount),
    totalAmount: pick(raw.totalAmount),
    daysSinceLastPurchase: pick(raw.daysSinceLastPurchase),
    transactionsAfterEnd: raw.transactionsAfterEnd,
  };
  // Every customer's transaction columns; customers without transactions get the documented fill values.
  const endDay = parseIsoDay(observationEnd, fn);
  let periodStart = endDay;
  for (let r = 0; r < m; r++) if (summary.firstDay[r]! < periodStart) periodStart = summary.firstDay[r]!;
  const full = (col: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(n);
    for (let r = 0; r < m; r++) out[buyers[r]!] = col[r]!;
    return out;
  };
  const daysSinceLastPurchase = full(summary.daysSinceLastPurchase);
  for (let i = 0; i < n; i++) {
    if (hasTransactions[i] === 1) continue;
    const since = joinDay === undefined ? periodStart : Math.max(periodStart, joinDay[i]!);
    daysSinceLastPurchase[i] = Math.max(0, endDay - since);
  }
  const { snapshots, after, revenue } = scoringSnapshots(input, observationEnd, margin, fn, modelProducts);
  const table: Record<string, Float64Array | Uint32Array> = {
    frequency: full(summary.frequency),
    recency: full(summary.recency),
    T: full(summary.T),
    monetaryValue: full(summary.monetaryValue),
    totalAmount: full(summary.totalAmount),
    daysSinceLastPurchase,
    transactionCount: full(summary.transactionCount),
  };
  let onBookMonth = -1;
  if (snapshots !== null && snapshots.length > 0) {
    const latest = latestSnapshot(
      { ...snapshots, holdings: undefined, products: undefined, activity: snapshots.activity ?? new Uint16Array(snapshots.length) },
      { customers: n },
    );
    Object.assign(table, {
      aum: latest.aum,
      deposits: latest.deposits,
      wealth: latest.wealth,
      loans: latest.loans,
      netRevenue: latest.netRevenue,
      costToServe: latest.costToServe,
      products: gather(snapshots.products, snapshots, latest.month, n),
    });
    if (snapshots.activity !== undefined) table.activity = latest.activity;
    onBookMonth = latest.month;
  }
  return {
    n,
    ids,
    types,
    attributes,
    summary,
    transactionRow,
    hasTransactions,
    buyers,
    observationEnd,
    table,
    onBookMonth,
    snapshots,
    snapshotsAfterEnd: after,
    revenue,
  };
}

/** A per-row column's values in one month, aligned with the customers (0 off the book). */
function gather(values: Float64Array, s: ScoringSnapshots, month: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < s.length; j++) if (s.month[j] === month) out[s.customer[j]!] = values[j]!;
  return out;
}
