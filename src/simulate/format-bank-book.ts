import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ClvkitError, isClvkitError } from '../errors.js';
import { isoDate } from '../time.js';
import { parseOptions, requireArrayLike, requireColumn, requireTable } from '../validate.js';
import { productsOf } from './bank-book.js';
import type { BankBook } from './bank-book.js';

/** The files of a bank book on disk, by file name. */
export interface BankBookFiles {
  /** `customer_id,type,region,age,join_date`. */
  readonly 'customers.csv': string;
  /** `customer_id,month,deposits,wealth,loans,net_revenue,cost_to_serve,activity,products` (AUM = deposits + wealth is not written). */
  readonly 'snapshots.csv': string;
  /** `customer_id,date,amount,channel,product`. */
  readonly 'transactions.csv': string;
  /** The scalar truth (seed, parameters); absent when the book has no truth. Per-customer truth arrays are not written. */
  readonly 'truth.json'?: string;
}

const formatBankBookSchema = z.object({}).strict();

/** Options of {@link formatBankBook} (none yet). */
export type FormatBankBookOptions = z.input<typeof formatBankBookSchema>;

/**
 * Render a bank book as the CSV files {@link readBankBook} reads: ISO dates (`YYYY-MM-DD`), months as
 * `YYYY-MM`, products as a `|`-joined list of product names, numbers written with `String(number)`
 * (shortest round-trip form, locale-free). Rows keep the book's order. Numbers are written exactly as
 * held: a simulated book's balances are whole units and its money amounts are cents.
 *
 * @throws ClvkitError INVALID_VALUE when a number is not finite or would be written in exponent form
 *   (|x| ≥ 1e21 or 0 < |x| < 1e-6), a text field is not a string or a day not an integer, or `book` (or one of
 *   its tables) is not an object; MISSING_COLUMN when a table or column is absent; LENGTH_MISMATCH when a
 *   column disagrees with its table's length; INVALID_OPTIONS bad options.
 * @example
 * const files = formatBankBook(simulateBank({ customers: 2, months: 2, seed: 1 }), {});
 * files['customers.csv'].split('\n')[1] // 'C000001,individual,suburban,37,2023-01-15'
 */
export function formatBankBook(book: BankBook, options: FormatBankBookOptions = {}): BankBookFiles {
  const fn = 'formatBankBook';
  checkBookShape(book, fn);
  parseOptions(formatBankBookSchema, options, fn);
  const c = book.customers;
  const ids = c.customerId;
  const customers: string[] = ['customer_id,type,region,age,join_date'];
  for (let i = 0; i < c.length; i++) {
    customers.push(
      `${field(ids[i], 'customerId', i)},${field(c.type[i], 'type', i)},${field(c.region[i], 'region', i)},${num(c.age[i], 'age', i)},${day(c.joinDay[i], 'joinDay', i)}`,
    );
  }

  const s = book.snapshots;
  const productText = new Map<number, string>();
  const snapshots: string[] = ['customer_id,month,deposits,wealth,loans,net_revenue,cost_to_serve,activity,products'];
  for (let j = 0; j < s.length; j++) {
    const mask = s.products[j]!;
    let names = productText.get(mask);
    if (names === undefined) {
      names = productNames(mask, j);
      productText.set(mask, names);
    }
    const month = book.months[s.month[j]!];
    if (month === undefined) throw new ClvkitError('INVALID_VALUE', 'month index outside book.months', { fn, column: 'month', index: j, value: s.month[j] });
    snapshots.push(
      `${field(ids[s.customer[j]!], 'customer', j)},${month},${num(s.deposits[j], 'deposits', j)},${num(s.wealth[j], 'wealth', j)},${num(s.loans[j], 'loans', j)},${num(s.netRevenue[j], 'netRevenue', j)},${num(s.costToServe[j], 'costToServe', j)},${num(s.activity[j], 'activity', j)},${names}`,
    );
  }

  const t = book.transactions;
  const channel = t.attributes.channel;
  const product = t.attributes.product;
  const transactions: string[] = ['customer_id,date,amount,channel,product'];
  for (let j = 0; j < t.length; j++) {
    const ch = channel === undefined ? '' : field(channel.values[channel.codes[j]!], 'channel', j);
    const pr = product === undefined ? '' : field(product.values[product.codes[j]!], 'product', j);
    transactions.push(`${field(t.customerIds[t.customer[j]!], 'customer', j)},${day(t.day[j], 'day', j)},${num(t.amount[j], 'amount', j)},${ch},${pr}`);
  }

  const files: { -readonly [K in keyof BankBookFiles]: BankBookFiles[K] } = {
    'customers.csv': `${customers.join('\n')}\n`,
    'snapshots.csv': `${snapshots.join('\n')}\n`,
    'transactions.csv': `${transactions.join('\n')}\n`,
  };
  if (book.truth !== undefined) {
    // Scalar truth only: per-customer arrays (typed arrays) stay in memory.
    const scalar = Object.fromEntries(
      Object.entries(book.truth).filter(
        ([, v]) => !ArrayBuffer.isView(v) && !(typeof v === 'object' && v !== null && Object.values(v).some((x) => ArrayBuffer.isView(x))),
      ),
    );
    files['truth.json'] = `${JSON.stringify(scalar, null, 2)}\n`;
  }
  return files;
}

const writeBankBookSchema = z.object({ dir: z.string().min(1) }).strict();

/** Options of {@link writeBankBook}: `dir`, the folder to write into (created if needed). */
export type WriteBankBookOptions = z.input<typeof writeBankBookSchema>;

/**
 * Write a bank book as `customers.csv`, `snapshots.csv`, `transactions.csv` (and `truth.json` when the
 * book has a truth) into `dir`, in the format of {@link formatBankBook}. Returns the paths written.
 * @throws ClvkitError INVALID_OPTIONS, IO_ERROR, and the codes of formatBankBook.
 * @example writeBankBook(simulateBank({ customers: 10, months: 3, seed: 1 }), { dir: '/tmp/book' }) // ['/tmp/book/customers.csv', ...]
 */
export function writeBankBook(book: BankBook, options: WriteBankBookOptions): string[] {
  const o = parseOptions(writeBankBookSchema, options, 'writeBankBook');
  const files = formatBankBook(book);
  const written: string[] = [];
  try {
    mkdirSync(o.dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      if (text === undefined) continue;
      const path = join(o.dir, name);
      writeFileSync(path, text);
      written.push(path);
    }
  } catch (cause) {
    throw new ClvkitError('IO_ERROR', `cannot write the book: ${(cause as Error).message}`, { fn: 'writeBankBook', path: [o.dir], file: o.dir });
  }
  return written;
}

/**
 * Check the shape of a book before formatting it: the three tables with their columns (array-like,
 * entries checked while writing), a row count each, and the month labels. Throws INVALID_VALUE /
 * MISSING_COLUMN naming `fn`.
 */
function checkBookShape(book: unknown, fn: string): void {
  const b = requireTable(book, fn, 'a bank book (from simulateBank or readBankBook)');
  const parts: readonly [string, readonly string[]][] = [
    ['customers', ['customerId', 'type', 'region', 'age', 'joinDay']],
    ['snapshots', ['customer', 'month', 'deposits', 'wealth', 'loans', 'netRevenue', 'costToServe', 'activity', 'products']],
    ['transactions', ['customer', 'day', 'amount', 'customerIds']],
  ];
  for (const [part, columns] of parts) {
    const table = requireTable(requireColumnOrTable(b, part, fn), fn, `book.${part}: an object of columns`);
    requireArrayLike(table, part, fn);
    for (const column of columns) requireColumn(table, column, fn);
  }
  requireColumn(b, 'months', fn);
  const attributes = (b['transactions'] as Record<string, unknown>)['attributes'];
  const attributeTable = requireTable(attributes, fn, 'book.transactions.attributes: an object');
  for (const name of ['channel', 'product']) {
    const attribute = attributeTable[name];
    if (attribute === undefined) continue;
    const a = requireTable(attribute, fn, `book.transactions.attributes.${name}: { codes, values }`);
    requireColumn(a, 'codes', fn);
    requireColumn(a, 'values', fn);
  }
}

/** `table[name]`, MISSING_COLUMN when absent (the value itself is checked by the caller). */
function requireColumnOrTable(table: Readonly<Record<string, unknown>>, name: string, fn: string): unknown {
  if (table[name] === undefined) throw new ClvkitError('MISSING_COLUMN', `the book has no ${name}`, { fn, column: name });
  return table[name];
}

/** The `|`-joined product names of a mask; a bad mask is reported with its row, naming formatBankBook. */
function productNames(mask: number, index: number): string {
  try {
    return productsOf(mask).join('|');
  } catch (error) {
    if (!isClvkitError(error)) throw error;
    throw new ClvkitError(error.code, 'a product mask must be an integer in [0, 1024)', { fn: 'formatBankBook', column: 'products', index, value: mask });
  }
}

/** An epoch day as `YYYY-MM-DD` (INVALID_VALUE for a day that is not an integer). */
function day(value: number | undefined, column: string, index: number): string {
  if (value === undefined) throw new ClvkitError('LENGTH_MISMATCH', 'column is shorter than its table', { fn: 'formatBankBook', column, index });
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ClvkitError('INVALID_VALUE', 'an epoch day must be an integer', { fn: 'formatBankBook', column, index, value });
  }
  return isoDate(value);
}

function field(value: string | undefined, column: string, index: number): string {
  if (value === undefined) throw new ClvkitError('LENGTH_MISMATCH', 'column is shorter than its table', { fn: 'formatBankBook', column, index });
  if (typeof value !== 'string') throw new ClvkitError('INVALID_VALUE', 'expected a string', { fn: 'formatBankBook', column, index, value });
  if (/[",\n\r]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

function num(value: number | undefined, column: string, index: number): string {
  if (value === undefined) throw new ClvkitError('LENGTH_MISMATCH', 'column is shorter than its table', { fn: 'formatBankBook', column, index });
  const abs = typeof value === 'number' ? Math.abs(value) : Number.NaN;
  if (!Number.isFinite(abs) || abs >= 1e21 || (abs > 0 && abs < 1e-6)) {
    throw new ClvkitError('INVALID_VALUE', 'number cannot be written in plain decimal form', { fn: 'formatBankBook', column, index, value });
  }
  return String(value === 0 ? 0 : value);
}
