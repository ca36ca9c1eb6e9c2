import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { checkLengths, parseOptions } from '../validate.js';
import type { BookSnapshots } from './book.js';
import { productMasksFor } from './product-masks.js';

/**
 * Each customer's snapshot values in one month (by default the book's latest), aligned with the
 * customers: entry i is customer i. Customers without a row that month (not yet joined, or left the
 * book) have `onBook[i] = 0` and zeros everywhere else.
 */
export interface LatestSnapshot {
  /** Number of customers (length of every column). */
  readonly length: number;
  /** Index (into BankBook.months) of the month the values are from. */
  readonly month: number;
  /** 1 when the customer has a snapshot row in that month, else 0. */
  readonly onBook: Uint8Array;
  /** Number of customers with a row that month. */
  readonly customersOnBook: number;
  readonly aum: Float64Array;
  readonly deposits: Float64Array;
  readonly wealth: Float64Array;
  readonly loans: Float64Array;
  readonly netRevenue: Float64Array;
  readonly costToServe: Float64Array;
  readonly activity: Uint32Array;
  /** Bit mask over the book's product dictionary (`holdings.names`, or PRODUCTS for a legacy mask); 0 without products. */
  readonly products: Float64Array;
}

/** Most customers latestSnapshot allocates columns for (nine columns of this length). */
export const MAX_CUSTOMERS = 50_000_000;

const latestSnapshotSchema = z.strictObject({
  /** Number of customers in the book (BankCustomers.length); 1 to 50,000,000 (columns are allocated for each). */
  customers: z.number().int().min(1).max(MAX_CUSTOMERS),
  /** Month index to take; default the largest month index present in the snapshots. */
  month: z.number().int().min(0).optional(),
});

/** Options of {@link latestSnapshot}. */
export type LatestSnapshotOptions = z.input<typeof latestSnapshotSchema>;

/**
 * Gather every customer's snapshot values in one month — the latest month present unless `month` is
 * given — into columns aligned with the customers (a scatter by `snapshots.customer`, O(rows)).
 *
 * @throws ClvkitError INVALID_OPTIONS (bad options), EMPTY_INPUT (no snapshot rows and no `month`),
 *   LENGTH_MISMATCH (snapshot columns of different lengths), INVALID_VALUE (a customer index ≥
 *   `customers`), DUPLICATE_ID (two rows for the same customer in the chosen month).
 * @example
 * const book = simulateBank({ customers: 3, months: 2, seed: 1 });
 * const latest = latestSnapshot(book.snapshots, { customers: book.customers.length });
 * [latest.month, Array.from(latest.aum)] // [1, [58946, 394393, 378371]]
 */
export function latestSnapshot(snapshots: BookSnapshots, options: LatestSnapshotOptions): LatestSnapshot {
  const fn = 'latestSnapshot';
  const o = parseOptions(latestSnapshotSchema, options, fn);
  const s = snapshots;
  checkLengths(
    {
      customer: s.customer,
      month: s.month,
      deposits: s.deposits,
      wealth: s.wealth,
      aum: s.aum,
      loans: s.loans,
      ...(s.netRevenue !== undefined ? { netRevenue: s.netRevenue } : {}),
      ...(s.costToServe !== undefined ? { costToServe: s.costToServe } : {}),
      ...(s.activity !== undefined ? { activity: s.activity } : {}),
      ...(s.products !== undefined ? { products: s.products } : {}),
    },
    s.length,
    fn,
  );
  let month = o.month;
  if (month === undefined) {
    if (s.length === 0) throw new ClvkitError('EMPTY_INPUT', 'no snapshot rows to take the latest month from', { fn });
    month = 0;
    for (let j = 0; j < s.length; j++) if (s.month[j]! > month) month = s.month[j]!;
  }
  const n = o.customers;
  const onBook = new Uint8Array(n);
  const aum = new Float64Array(n);
  const deposits = new Float64Array(n);
  const wealth = new Float64Array(n);
  const loans = new Float64Array(n);
  const netRevenue = new Float64Array(n);
  const costToServe = new Float64Array(n);
  const activity = new Uint32Array(n);
  const products = new Float64Array(n);
  const masks = productMasksFor(s, fn).masks;
  let count = 0;
  for (let j = 0; j < s.length; j++) {
    if (s.month[j] !== month) continue;
    const i = s.customer[j]!;
    if (i >= n)
      throw new ClvkitError('INVALID_VALUE', `customer index must be below the number of customers (${n})`, { fn, column: 'customer', index: j, value: i });
    if (onBook[i] === 1)
      throw new ClvkitError('DUPLICATE_ID', 'two snapshot rows for the same customer and month', { fn, column: 'customer', index: j, value: i, month });
    onBook[i] = 1;
    count++;
    aum[i] = s.aum[j]!;
    deposits[i] = s.deposits[j]!;
    wealth[i] = s.wealth[j]!;
    loans[i] = s.loans[j]!;
    netRevenue[i] = s.netRevenue?.[j] ?? 0;
    costToServe[i] = s.costToServe?.[j] ?? 0;
    activity[i] = s.activity?.[j] ?? 0;
    products[i] = masks[j]!;
  }
  return { length: n, month, onBook, customersOnBook: count, aum, deposits, wealth, loans, netRevenue, costToServe, activity, products };
}
