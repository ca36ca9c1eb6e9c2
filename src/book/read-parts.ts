import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClvkitError } from '../errors.js';
import type { TransactionTable } from '../io/transaction-table.js';
import { parseSpecFor } from './book-spec.js';
import type { ParsedBookSpec } from './book-spec.js';
import { monthLabel, monthParser, text, textAt } from './book-rows.js';
import type { BookTable, Rejections } from './book-rows.js';
import { readTableFast, readTransactionsFast } from './read-csv-fast.js';
import { openSource } from './read-source-table.js';
import type { OpenedSource, StdinSource } from './read-source-table.js';

const FN = 'readBook';

/** Default file names of a book folder (each part optional; `.csv.gz` accepted too). */
export const BOOK_FOLDER_FILES = {
  customers: 'customers.csv',
  snapshots: 'snapshots.csv',
  transactions: 'transactions.csv',
  holdings: 'holdings.csv',
} as const;

/** The spec of a folder in the default layout: the files present, the optional columns present. */
export async function folderSpec(dir: string): Promise<ParsedBookSpec> {
  const find = (name: string): string | undefined => [name, `${name}.gz`].find((f) => existsSync(join(dir, f)));
  const spec: Record<string, unknown> = {};
  const tx = find(BOOK_FOLDER_FILES.transactions);
  if (tx !== undefined) spec.transactions = { path: tx };
  const cu = find(BOOK_FOLDER_FILES.customers);
  if (cu !== undefined) {
    const header = (await openSource({ path: cu }, 'customers', dir, FN)).header;
    spec.customers = { path: cu, columns: header.includes('join_date') ? { joinDate: 'join_date' } : {} };
  }
  const sn = find(BOOK_FOLDER_FILES.snapshots);
  if (sn !== undefined) {
    const header = (await openSource({ path: sn }, 'snapshots', dir, FN)).header;
    const optional = { aum: 'aum', netRevenue: 'net_revenue', costToServe: 'cost_to_serve', activity: 'activity' } as const;
    const columns: Record<string, string> = {};
    for (const [role, name] of Object.entries(optional)) if (header.includes(name)) columns[role] = name;
    spec.snapshots = { path: sn, columns, ...(header.includes('products') ? { products: { column: 'products', separator: '|' } } : {}) };
  }
  const ho = find(BOOK_FOLDER_FILES.holdings);
  if (ho !== undefined) spec.holdings = { path: ho };
  if (tx === undefined && sn === undefined) {
    throw new ClvkitError('IO_ERROR', `no ${BOOK_FOLDER_FILES.transactions} or ${BOOK_FOLDER_FILES.snapshots} in the folder`, { fn: FN, file: dir });
  }
  return parseSpecFor(spec, FN);
}

/** A part's source as the table readers take it: its name for messages, header, rows and CSV dialect. */
export type PartSourceRead = Pick<OpenedSource, 'name' | 'header' | 'source' | 'dialect'>;

/** The customers table of a part: id, join date and attribute columns (every other column unless listed). Internal. */
export async function readCustomersTable(c: NonNullable<ParsedBookSpec['customers']>, src: PartSourceRead, onInvalid: 'throw' | 'collect') {
  const names = c.attributes ?? src.header.filter((h) => h !== c.columns.customerId && h !== c.columns.joinDate && h !== '');
  const columns: Record<string, { source: string; type: 'string' | 'date' }> = { __id: { source: c.columns.customerId, type: 'string' } };
  if (c.columns.joinDate !== undefined) columns.__join = { source: c.columns.joinDate, type: 'date' };
  names.forEach((name, k) => (columns[`__a${k}`] = { source: name, type: 'string' }));
  return { src, names, t: await readTableFast(src.source, src.dialect, columns, onInvalid) };
}

/** The snapshots table of a part: id, month, balances, optional revenue, cost, activity and product columns. Internal. */
export async function readSnapshotsTable(s: NonNullable<ParsedBookSpec['snapshots']>, src: PartSourceRead, onInvalid: 'throw' | 'collect') {
  const columns: Record<string, { source: string; type: 'string' | 'number' | 'integer' }> = {
    __id: { source: s.columns.customerId, type: 'string' },
    __month: { source: s.columns.month, type: 'string' },
    deposits: { source: s.columns.deposits, type: 'number' },
    wealth: { source: s.columns.wealth, type: 'number' },
    loans: { source: s.columns.loans, type: 'number' },
  };
  for (const role of ['aum', 'netRevenue', 'costToServe'] as const) {
    const name = s.columns[role];
    if (name !== undefined) columns[role] = { source: name, type: 'number' };
  }
  if (s.columns.activity !== undefined) columns.activity = { source: s.columns.activity, type: 'integer' };
  const p = s.products;
  if (p !== undefined && 'column' in p) columns.__products = { source: p.column, type: 'string' };
  if (p !== undefined && 'columns' in p) p.columns.forEach((name, k) => (columns[`__p${k}`] = { source: name, type: 'number' }));
  return { src, t: await readTableFast(src.source, src.dialect, columns, onInvalid) };
}

/** The transactions of a part (customer id, date, amount) and the file line of each row. Internal. */
export async function readTransactionsTable(x: NonNullable<ParsedBookSpec['transactions']>, src: PartSourceRead, onInvalid: 'throw' | 'collect') {
  const { table, lines } = await readTransactionsFast(
    src.source,
    src.dialect,
    { customerId: x.columns.customerId, date: x.columns.date, amount: x.columns.amount },
    onInvalid,
  );
  return { src, table, lines };
}

/**
 * A read started now and awaited later: its rejection is marked handled here (no unhandled-rejection warning in
 * between) and still thrown where it is awaited.
 */
export function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * Open every part and start reading them at once (the CSV parsing and file reads of the parts overlap);
 * the promises are awaited in order by assembleBook. A part that fails is reported when awaited.
 */
export function startReads(spec: ParsedBookSpec, baseDir: string, onInvalid: 'throw' | 'collect', stdin?: StdinSource) {
  const c = spec.customers;
  const s = spec.snapshots;
  const x = spec.transactions;
  return {
    customers: c === undefined ? undefined : quiet(openSource(c, 'customers', baseDir, FN, stdin).then((src) => readCustomersTable(c, src, onInvalid))),
    snapshots: s === undefined ? undefined : quiet(openSource(s, 'snapshots', baseDir, FN, stdin).then((src) => readSnapshotsTable(s, src, onInvalid))),
    transactions:
      x === undefined ? undefined : quiet(openSource(x, 'transactions', baseDir, FN, stdin).then((src) => readTransactionsTable(x, src, onInvalid))),
  };
}

/** The transactions of known customers (every customer is known without a customers part); the others rejected, named by their file line. */
export function keepKnownCustomers(
  table: TransactionTable,
  lines: Int32Array,
  customerOf: (id: string) => number | undefined,
  rejections: Rejections,
  file: string,
  column: string,
): TransactionTable {
  const known = table.customerIds.map((id) => customerOf(id) !== undefined);
  if (known.every(Boolean)) return table;
  const keep: number[] = [];
  for (let j = 0; j < table.length; j++) {
    if (known[table.customer[j]!]) keep.push(j);
    else
      rejections.add(
        'transactions',
        file,
        lines[j]!,
        'INVALID_VALUE',
        'transaction of a customer not in the customers table',
        column,
        table.customerIds[table.customer[j]!],
      );
  }
  const used = new Map<number, number>();
  const ids: string[] = [];
  const customer = new Uint32Array(keep.length);
  keep.forEach((j, r) => {
    const c = table.customer[j]!;
    let code = used.get(c);
    if (code === undefined) {
      code = ids.length;
      used.set(c, code);
      ids.push(table.customerIds[c]!);
    }
    customer[r] = code;
  });
  const attributes = Object.fromEntries(
    Object.entries(table.attributes).map(([name, col]) => [name, { values: col.values, codes: Uint32Array.from(keep, (j) => col.codes[j]!) }]),
  );
  const negative = keep.reduce((n, j) => n + (table.amount[j]! < 0 ? 1 : 0), 0);
  return {
    length: keep.length,
    customerIds: ids,
    customer,
    day: Int32Array.from(keep, (j) => table.day[j]!),
    amount: Float64Array.from(keep, (j) => table.amount[j]!),
    attributes,
    stats: { read: table.stats.read, accepted: keep.length, rejected: table.stats.read - keep.length, negativeAmounts: negative },
    rejects: table.rejects,
  };
}

/** The long product table of a part: id, month, product and the optional balance columns. Internal. */
export async function readHoldingsTable(h: NonNullable<ParsedBookSpec['holdings']>, src: PartSourceRead, onInvalid: 'throw' | 'collect') {
  const columns: Record<string, { source: string; type: 'string' | 'number' }> = {
    __id: { source: h.columns.customerId, type: 'string' },
    __month: { source: h.columns.month, type: 'string' },
    __product: { source: h.columns.product, type: 'string' },
  };
  if (h.columns.balance !== undefined) columns.__balance = { source: h.columns.balance, type: 'number' };
  return { src, t: await readTableFast(src.source, src.dialect, columns, onInvalid) };
}

/** The long product table: per (customer, month) key the set of products held; its rows checked like the snapshots'. */
export async function readHoldings(
  spec: ParsedBookSpec,
  baseDir: string,
  onInvalid: 'throw' | 'collect',
  rejections: Rejections,
  index: Map<string, number>,
  snap: { customer: ArrayLike<number>; monthNumber: ArrayLike<number> },
  parts: Record<string, { source: string; read: number; accepted: number; rejected: number }>,
  stdin?: StdinSource,
): Promise<Map<number, Set<string>>> {
  const h = spec.holdings!;
  const src = await openSource(h, 'holdings', baseDir, FN, stdin);
  const { t } = await readHoldingsTable(h, src, onInvalid);
  return checkHoldings(h, src.name, t, rejections, index, snap, parts);
}

/**
 * Check the holdings rows (known customer, month, product name, balance ≥ 0, a snapshot of that customer in that
 * month) and give per (customer × 2,000,000 + month) key the products held (a zero balance is not held). Internal.
 */
export function checkHoldings(
  h: NonNullable<ParsedBookSpec['holdings']>,
  file: string,
  t: BookTable,
  rejections: Rejections,
  index: Map<string, number>,
  snap: { customer: ArrayLike<number>; monthNumber: ArrayLike<number> },
  parts: Record<string, { source: string; read: number; accepted: number; rejected: number }>,
): Map<number, Set<string>> {
  rejections.fromTable('holdings', file, t.rejects);
  const lines = t.lines;
  const parseMonth = monthParser(h.dateFormat);
  const snapshotKeys = new Set<number>();
  for (let r = 0; r < snap.customer.length; r++) snapshotKeys.add(snap.customer[r]! * 2_000_000 + snap.monthNumber[r]!);
  const out = new Map<number, Set<string>>();
  for (const key of snapshotKeys) out.set(key, new Set());
  const idCol = text(t.columns.__id);
  const monthCol = text(t.columns.__month);
  const productCol = text(t.columns.__product);
  const balance = t.columns.__balance as Float64Array | undefined;
  let accepted = 0;
  for (let j = 0; j < t.length; j++) {
    const line = lines[j]!;
    const id = textAt(idCol, j);
    const month = textAt(monthCol, j);
    const product = textAt(productCol, j);
    const c = index.get(id);
    const k = parseMonth(month);
    const name = product.trim();
    if (c === undefined) rejections.add('holdings', file, line, 'INVALID_VALUE', 'holding of an unknown customer', h.columns.customerId, id);
    else if (!Number.isFinite(k))
      rejections.add('holdings', file, line, 'INVALID_DATE', 'expected a month as YYYY-MM or a month-end date', h.columns.month, month);
    else if (name === '') rejections.add('holdings', file, line, 'INVALID_ROW', 'empty product name', h.columns.product, product);
    else if (balance !== undefined && !(balance[j]! >= 0))
      rejections.add('holdings', file, line, 'INVALID_VALUE', 'a balance must be ≥ 0', h.columns.balance!, balance[j]);
    else if (!snapshotKeys.has(c * 2_000_000 + k))
      rejections.add('holdings', file, line, 'INVALID_VALUE', `no snapshot of this customer in ${monthLabel(k)}`, h.columns.month, month);
    else {
      accepted++;
      // A zero balance is a product not held (the same rule as balance columns).
      if (balance === undefined || balance[j]! > 0) out.get(c * 2_000_000 + k)!.add(name);
    }
  }
  parts.holdings = { source: file, read: t.stats.read, accepted, rejected: t.stats.read - accepted };
  return out;
}
