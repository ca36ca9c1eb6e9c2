import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import type { TransactionTable } from '../io/transaction-table.js';
import { daysFromCivil, daysInMonth, isoDate } from '../time.js';
import { parseOptions } from '../validate.js';
import type { Book, BookCustomers, BookPart, BookSnapshots } from './book.js';
import { monthLabel, monthOfDay, monthParser, numbers, Rejections, text, textAt } from './book-rows.js';
import type { BookReject } from './book-rows.js';
import type { BookSpec, ParsedBookSpec } from './book-spec.js';
import { keepSnapshotRows, productHoldings, snapshotColumns } from './snapshot-rows.js';
import { keepKnownCustomers, readHoldings, startReads } from './read-parts.js';
import { STDIN_PATH } from './read-source-table.js';
import { resolveBookSpec } from './resolve-book-spec.js';
import type { StdinSource } from './read-source-table.js';

const FN = 'readBook';

/** The annual margin on AUM + loans used as revenue when a book has none (1 %), unless given. */
export const DEFAULT_BOOK_MARGIN = 0.01;

const readBookSchema = z.strictObject({
  /** Folder relative paths in the spec are resolved against (default: the spec file's folder, or the working directory). */
  baseDir: z.string().min(1).optional(),
  /** 'throw' at the first bad row (default), or 'collect' every bad row in `reading.rejects`. */
  onInvalid: z.enum(['throw', 'collect']).default('throw'),
  /** Annual margin on AUM + loans for books without revenue (overrides the spec's `margin`). */
  margin: z.number().min(0).max(1).optional(),
  /**
   * The stream a part with `path: "-"` reads (the CLI passes standard input): a Node Readable or an
   * async iterable of text or byte chunks, read once (so at most one part may name it).
   */
  stdin: z
    .custom<StdinSource>((v) => v !== null && typeof v === 'object' && Symbol.asyncIterator in v, {
      message: 'expected a Readable or an async iterable of chunks',
    })
    .optional(),
});

/** Options of {@link readBook}. */
export type ReadBookOptions = z.input<typeof readBookSchema>;

/** What reading found: per part the source and its counts (`read === accepted + rejected`), and every rejected row. */
export interface BookReading {
  readonly parts: Readonly<
    Partial<Record<BookPart | 'holdings', { readonly source: string; readonly read: number; readonly accepted: number; readonly rejected: number }>>
  >;
  readonly rejects: readonly BookReject[];
  /** Product names met in the book, in dictionary order. */
  readonly productNames: readonly string[];
  /** Customer attribute names. */
  readonly attributes: readonly string[];
}

/** A book read by {@link readBook}: the book plus what reading found. */
export interface ReadBookResult extends Book {
  readonly reading: BookReading;
}

export { BOOK_FOLDER_FILES } from './read-parts.js';
export type { BookReject } from './book-rows.js';

/**
 * Read a bank book in clvkit's data contract from a spec (the object, or the path of its JSON file) or
 * a folder in the default layout (`customers.csv`, `snapshots.csv`, `transactions.csv`, `holdings.csv`,
 * each optional but one of transactions or snapshots; `.csv.gz` too). Sources: CSV, CSV.gz and Parquet
 * files, DuckDB tables or queries, PostgreSQL tables or queries. Vocabularies are open: customer
 * attributes are any columns; products any names, given as one column of delimited names, one column
 * per product (0/1 or a balance), or a long table (customer, month, product[, balance]). Months are
 * `YYYY-MM` or month-end dates, and the book's months must have no gap. AUM is deposits + wealth unless
 * given. Without revenue columns, monthly net revenue = margin × (AUM + loans) / 12 and cost to serve 0
 * (margin: the option, else the spec's, else {@link DEFAULT_BOOK_MARGIN}), stated in `book.revenue`.
 *
 * A part with `path: "-"` reads the `stdin` option (a Readable or async iterable of chunks; the CLI's
 * standard input), named `<stdin>` in messages; only one part may.
 *
 * Clean CSV (no quote character, every cell valid) is read in one pass straight into typed columns;
 * anything else goes through the general readers, which report each problem with its place.
 *
 * With `onInvalid: 'collect'` every bad row is set aside in `reading.rejects` (file, line, column, value,
 * reason) and the counts add up per part (read = accepted + rejected).
 *
 * @throws ClvkitError INVALID_OPTIONS (bad spec object: an unknown role is an unknown key; path "-" without
 *   `stdin`, or in two parts; INVALID_CONFIG for
 *   a spec file, naming it), IO_ERROR (a missing
 *   file), MISSING_COLUMN (a named column absent), and per row (unless collected): INVALID_ROW,
 *   INVALID_NUMBER, INVALID_DATE (a month that is neither `YYYY-MM` nor a month end), DUPLICATE_ID (a
 *   customer twice, two snapshots of one customer in one month), INVALID_VALUE (a negative balance, an
 *   unknown customer, a month gap, a product column contradicting the long table); EMPTY_INPUT.
 * @example
 * const book = await readBook('fixtures/bank');
 * [book.customers.length, book.months.length, book.snapshots.holdings.names.length] // [5000, 24, 10]
 */
export async function readBook(spec: BookSpec | string, options: ReadBookOptions = {}): Promise<ReadBookResult> {
  const o = parseOptions(readBookSchema, options, FN);
  const { parsed, baseDir } = await resolveBookSpec(spec, o.baseDir, FN);
  const fromStdin = (['customers', 'snapshots', 'transactions', 'holdings'] as const).filter((part) => parsed[part]?.path === STDIN_PATH);
  if (fromStdin.length > 1)
    throw new ClvkitError('INVALID_OPTIONS', `standard input can be read once; parts ${fromStdin.join(' and ')} both name path "-"`, {
      fn: FN,
      path: [fromStdin[1]!, 'path'],
    });
  return readParsed(parsed, baseDir, o.onInvalid, o.margin ?? parsed.margin ?? DEFAULT_BOOK_MARGIN, o.stdin);
}

async function readParsed(
  spec: ParsedBookSpec,
  baseDir: string,
  onInvalid: 'throw' | 'collect',
  margin: number,
  stdin: StdinSource | undefined,
): Promise<ReadBookResult> {
  const rejections = new Rejections(onInvalid, FN);
  const parts: Record<string, { source: string; read: number; accepted: number; rejected: number }> = {};
  const pending = startReads(spec, baseDir, onInvalid, stdin);
  // Let every part finish parsing before validating any: interleaving the checks with parsing in flight was
  // measured 1.4× slower on the bundled book (bench/read-book.ts) than checking after all reads are in.
  await Promise.allSettled([pending.customers, pending.snapshots, pending.transactions]);

  // --- customers -------------------------------------------------------------------------------
  const index = new Map<string, number>();
  const customerId: string[] = [];
  let attributes: Record<string, string[]> = {};
  let joinDay: Int32Array | undefined;
  let customersGiven = false;
  if (spec.customers !== undefined) {
    customersGiven = true;
    const c = spec.customers;
    const { src, t, names } = await pending.customers!;
    rejections.fromTable('customers', src.name, t.rejects);
    const lines = t.lines;
    const ids = text(t.columns.__id);
    const keep: number[] = [];
    for (let i = 0; i < t.length; i++) {
      const id = textAt(ids, i);
      if (id.trim() === '') rejections.add('customers', src.name, lines[i]!, 'INVALID_ROW', 'empty customer id', c.columns.customerId, id);
      else if (index.has(id)) rejections.add('customers', src.name, lines[i]!, 'DUPLICATE_ID', 'customer id appears twice', c.columns.customerId, id);
      else {
        index.set(id, customerId.length);
        customerId.push(id);
        keep.push(i);
      }
    }
    attributes = Object.fromEntries(
      names.map((name, k) => {
        const col = text(t.columns[`__a${k}`]);
        return [name, keep.map((i) => textAt(col, i))];
      }),
    );
    if (t.columns.__join !== undefined) joinDay = Int32Array.from(keep, (i) => (t.columns.__join as Int32Array)[i]!);
    parts.customers = { source: src.name, read: t.stats.read, accepted: keep.length, rejected: t.stats.read - keep.length };
    if (customerId.length === 0) throw new ClvkitError('EMPTY_INPUT', 'customers: no valid customer', { fn: FN, file: src.name });
  }
  /** Index of a customer id; without a customers part, customers are added as first seen. */
  const customerOf = (id: string): number | undefined => {
    const i = index.get(id);
    if (i !== undefined || customersGiven || id.trim() === '') return i;
    index.set(id, customerId.length);
    customerId.push(id);
    return customerId.length - 1;
  };

  let firstMonth = Number.POSITIVE_INFINITY;
  let lastMonth = Number.NEGATIVE_INFINITY;

  // --- snapshots -------------------------------------------------------------------------------
  let snap:
    | {
        customer: Int32Array;
        monthNumber: Int32Array;
        lines: Int32Array;
        cols: Record<string, Float64Array>;
        rows: Int32Array;
        rowsRead: number;
        productsOf: (row: number) => string[];
        names: string[];
        file: string;
      }
    | undefined;
  if (spec.snapshots !== undefined) {
    const s = spec.snapshots;
    const p = s.products;
    const { src, t } = await pending.snapshots!;
    rejections.fromTable('snapshots', src.name, t.rejects);
    const lines = t.lines;
    const ids = text(t.columns.__id);
    const monthText = text(t.columns.__month);
    const parseMonth = monthParser(s.dateFormat);
    const balances = (['deposits', 'wealth', 'loans', 'aum'] as const)
      .filter((r) => t.columns[r] !== undefined)
      .map((r) => [r, numbers(t.columns[r])] as const);
    const activity = t.columns.activity as Int32Array | undefined;
    const kept = keepSnapshotRows({
      length: t.length,
      lines,
      ids,
      monthText,
      parseMonth,
      balances,
      activity,
      customerOf,
      rejections,
      file: src.name,
      columns: s.columns,
    });
    const { rows, customer, monthNumber, lines: keptLines } = kept;
    if (kept.firstMonth < firstMonth) firstMonth = kept.firstMonth;
    if (kept.lastMonth > lastMonth) lastMonth = kept.lastMonth;
    // Products of a row (names), from the delimited column or the product columns.
    const productText = p !== undefined && 'column' in p ? text(t.columns.__products) : undefined;
    const separator = p !== undefined && 'column' in p ? p.separator : '|';
    const productCols = p !== undefined && 'columns' in p ? p.columns.map((name, k) => [name, numbers(t.columns[`__p${k}`])] as const) : [];
    // Each distinct text is split once (a book repeats a few hundred combinations over many rows).
    const split: (string[] | undefined)[] = new Array<string[] | undefined>(productText?.values.length ?? 0);
    const productsOf = (j: number): string[] => {
      if (productText !== undefined) {
        const code = productText.codes[j]!;
        let names = split[code];
        if (names === undefined) {
          const v = productText.values[code]!.trim();
          names =
            v === ''
              ? []
              : [
                  ...new Set(
                    v
                      .split(separator)
                      .map((x) => x.trim())
                      .filter((x) => x !== ''),
                  ),
                ];
          split[code] = names;
        }
        return names;
      }
      const held: string[] = [];
      for (const [name, values] of productCols) if (values[j]! > 0) held.push(name);
      return held;
    };
    const cols: Record<string, Float64Array> = {};
    for (const [role, values] of balances) cols[role] = values;
    for (const role of ['netRevenue', 'costToServe'] as const) if (t.columns[role] !== undefined) cols[role] = numbers(t.columns[role]);
    if (activity !== undefined) cols.activity = activity as unknown as Float64Array; // integers, read as numbers
    snap = {
      customer,
      monthNumber,
      lines: keptLines,
      cols,
      rows,
      rowsRead: t.length,
      productsOf: (r) => productsOf(rows[r]!),
      names: productCols.map(([n]) => n),
      file: src.name,
    };
    parts.snapshots = { source: src.name, read: t.stats.read, accepted: rows.length, rejected: t.stats.read - rows.length };
  }

  // --- transactions ----------------------------------------------------------------------------
  let transactions: TransactionTable | undefined;
  if (spec.transactions !== undefined) {
    const x = spec.transactions;
    const { src, table, lines } = await pending.transactions!;
    rejections.fromTable('transactions', src.name, table.rejects);
    transactions = keepKnownCustomers(table, lines, customerOf, rejections, src.name, x.columns.customerId);
    // Months grow with days: the first and last days give the span (no calendar conversion per row).
    if (transactions.length > 0) {
      let first = transactions.day[0]!;
      let last = first;
      for (let j = 1; j < transactions.length; j++) {
        const d = transactions.day[j]!;
        if (d < first) first = d;
        else if (d > last) last = d;
      }
      firstMonth = Math.min(firstMonth, monthOfDay(first));
      lastMonth = Math.max(lastMonth, monthOfDay(last));
    }
    parts.transactions = { source: src.name, read: table.stats.read, accepted: transactions.length, rejected: table.stats.read - transactions.length };
  }

  if (customerId.length === 0) throw new ClvkitError('EMPTY_INPUT', 'the book has no customers', { fn: FN });
  if (!Number.isFinite(firstMonth)) throw new ClvkitError('EMPTY_INPUT', 'the book has no valid snapshot or transaction', { fn: FN });
  const months: string[] = [];
  for (let k = firstMonth; k <= lastMonth; k++) months.push(monthLabel(k));
  if (months.length > 65535) throw new ClvkitError('INVALID_VALUE', 'the book spans more than 65,535 months', { fn: FN });

  let snapshots: BookSnapshots | undefined;
  let productNames: string[] = [];
  if (snap !== undefined) {
    // A month without any snapshot inside the book's span is a gap (a missing extract), not a quiet month.
    const withRows = new Set(snap.monthNumber);
    const firstSnap = Math.min(...withRows);
    const lastSnap = Math.max(...withRows);
    for (let k = firstSnap; k <= lastSnap; k++) {
      if (!withRows.has(k))
        throw new ClvkitError(
          'INVALID_VALUE',
          `snapshots: no rows for ${monthLabel(k)} between ${monthLabel(firstSnap)} and ${monthLabel(lastSnap)} (a month gap)`,
          { fn: FN, file: snap.file, column: spec.snapshots!.columns.month, value: monthLabel(k) },
        );
    }
    const holdingsRead = spec.holdings !== undefined ? await readHoldings(spec, baseDir, onInvalid, rejections, index, snap, parts, stdin) : undefined;
    const m = snap.rows.length;
    const order = [...(spec.productNames ?? []), ...snap.names];
    // Dictionary: the spec's order, then the product columns; else the simulator's names first, then others as met.
    const lists: string[][] = [];
    for (let r = 0; r < m; r++) {
      const fromRow = spec.snapshots!.products !== undefined ? snap.productsOf(r) : undefined;
      const fromLong = holdingsRead?.get(snap.customer[r]! * 2_000_000 + snap.monthNumber[r]!);
      if (fromRow !== undefined && fromLong !== undefined) {
        const a = [...new Set(fromRow)].sort();
        const b = [...fromLong].sort();
        if (a.join('\u0000') !== b.join('\u0000')) {
          throw new ClvkitError(
            'INVALID_VALUE',
            `snapshots: the products column (${a.join(', ') || 'none'}) contradicts the holdings table (${b.join(', ') || 'none'})`,
            {
              fn: FN,
              file: snap.file,
              line: snap.lines[r]!,
              column: 'products',
              value: customerId[snap.customer[r]!],
            },
          );
        }
      }
      lists.push(fromRow ?? (fromLong !== undefined ? [...fromLong] : []));
    }
    const holdings = productHoldings(lists, order);
    productNames = [...holdings.names];
    snapshots = snapshotColumns(snap, holdings, margin, firstMonth);
  }

  const customers: BookCustomers = {
    length: customerId.length,
    customerId,
    attributes,
    ...(joinDay !== undefined ? { joinDay } : {}),
  };
  const startYear = Math.floor(firstMonth / 12);
  const endYear = Math.floor(lastMonth / 12);
  const reading: BookReading = {
    parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, { ...v, rejected: v.read - v.accepted }])),
    rejects: [...rejections.list].sort((a, b) => (a.part === b.part ? a.line - b.line : a.part < b.part ? -1 : 1)),
    productNames,
    attributes: Object.keys(attributes),
  };
  return {
    customers,
    ...(snapshots !== undefined ? { snapshots } : {}),
    ...(transactions !== undefined ? { transactions } : {}),
    months,
    startDate: isoDate(daysFromCivil(startYear, (firstMonth % 12) + 1, 1)),
    endDate: isoDate(daysFromCivil(endYear, (lastMonth % 12) + 1, daysInMonth(endYear, (lastMonth % 12) + 1))),
    revenue: snapshots === undefined || spec.snapshots?.columns.netRevenue !== undefined ? { source: 'given' } : { source: 'margin', annualMargin: margin },
    ...(spec.currency !== undefined ? { currency: spec.currency } : {}),
    ...(spec.peerGroup !== undefined ? { peerGroup: spec.peerGroup } : {}),
    reading,
  };
}
