import { ClvkitError } from '../errors.js';
import type { TransactionTable } from '../io/transaction-table.js';
import { daysFromCivil, daysInMonth, isoDate } from '../time.js';
import type { Book, BookCustomers, BookPart, BookSnapshots } from './book.js';
import { monthLabel, monthOfDay, monthParser, numbers, Rejections, text, textAt } from './book-rows.js';
import type { BookReject, BookTable } from './book-rows.js';
import type { ParsedBookSpec } from './book-spec.js';
import { keepSnapshotRows, productHoldings, snapshotColumns } from './snapshot-rows.js';
import { keepKnownCustomers } from './read-parts.js';

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

/** A book read by `readBook`: the book plus what reading found. */
export interface ReadBookResult extends Book {
  readonly reading: BookReading;
}

/** Where a part's rows were read from, for messages. */
interface ReadSource {
  readonly name: string;
}

/** The parts of a book as read (each a promise: a part that failed to read is reported when its turn comes). Internal. */
export interface BookPartReads {
  readonly customers?: Promise<{ readonly src: ReadSource; readonly names: readonly string[]; readonly t: BookTable }> | undefined;
  readonly snapshots?: Promise<{ readonly src: ReadSource; readonly t: BookTable }> | undefined;
  readonly transactions?: Promise<{ readonly src: ReadSource; readonly table: TransactionTable; readonly lines: Int32Array }> | undefined;
}

/** Per (customer × 2,000,000 + month) key, the products a holdings long table gives. */
export type HoldingsReader = (
  rejections: Rejections,
  index: Map<string, number>,
  snap: { customer: ArrayLike<number>; monthNumber: ArrayLike<number> },
  parts: Record<string, { source: string; read: number; accepted: number; rejected: number }>,
) => Promise<Map<number, Set<string>>>;

/** How {@link assembleBook} checks and builds. Internal. */
export interface AssembleOptions {
  readonly fn: string;
  readonly onInvalid: 'throw' | 'collect';
  /** Annual margin on AUM + loans for books without revenue. */
  readonly margin: number;
  /** Reads the holdings long table (readBook); without it a spec with holdings is UNSUPPORTED. */
  readonly readHoldings?: HoldingsReader | undefined;
  /**
   * A chunk of a larger book (streamBook): the whole book's month numbers (year × 12 + month − 1). The chunk
   * then spans those months, its month gaps are not checked (the whole book's are, once), and a customers
   * part without rows is not an empty book.
   */
  readonly span?: { readonly firstMonth: number; readonly lastMonth: number } | undefined;
}

/**
 * A month without any snapshot inside the span of the snapshots' months is a gap (a missing extract), not a
 * quiet month: throws INVALID_VALUE naming the first missing month. Internal (readBook, streamBook).
 */
export function checkMonthGaps(withRows: ReadonlySet<number>, file: string, column: string, fn: string): void {
  const firstSnap = Math.min(...withRows);
  const lastSnap = Math.max(...withRows);
  for (let k = firstSnap; k <= lastSnap; k++) {
    if (!withRows.has(k))
      throw new ClvkitError(
        'INVALID_VALUE',
        `snapshots: no rows for ${monthLabel(k)} between ${monthLabel(firstSnap)} and ${monthLabel(lastSnap)} (a month gap)`,
        {
          fn,
          file,
          column,
          value: monthLabel(k),
        },
      );
  }
}

/**
 * The book of parts already read into tables: every row check of the data contract (customers: empty or
 * repeated id; snapshots: known customer, month, balances ≥ 0, activity, one row per customer and month;
 * transactions: known customer), the month span and gaps, the product dictionary, the snapshot columns.
 * The one place readBook's rules live: `readBook` reads whole parts into tables and calls it; `streamBook`
 * calls it per chunk (with `span`). Internal.
 *
 * @throws ClvkitError the row codes of readBook (unless collected), EMPTY_INPUT, INVALID_VALUE (a month gap).
 */
export async function assembleBook(spec: ParsedBookSpec, reads: BookPartReads, o: AssembleOptions): Promise<ReadBookResult> {
  const rejections = new Rejections(o.onInvalid, o.fn);
  const parts: Record<string, { source: string; read: number; accepted: number; rejected: number }> = {};

  // --- customers -------------------------------------------------------------------------------
  const index = new Map<string, number>();
  const customerId: string[] = [];
  let attributes: Record<string, string[]> = {};
  let joinDay: Int32Array | undefined;
  let customersGiven = false;
  if (spec.customers !== undefined) {
    customersGiven = true;
    const c = spec.customers;
    const { src, t, names } = await reads.customers!;
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
    // A chunk's customers may all come from other parts (their rows then fail the known-customer checks below).
    if (customerId.length === 0 && o.span === undefined) throw new ClvkitError('EMPTY_INPUT', 'customers: no valid customer', { fn: o.fn, file: src.name });
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
    const { src, t } = await reads.snapshots!;
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
    const { src, table, lines } = await reads.transactions!;
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

  if (customerId.length === 0) throw new ClvkitError('EMPTY_INPUT', 'the book has no customers', { fn: o.fn });
  if (!Number.isFinite(firstMonth)) throw new ClvkitError('EMPTY_INPUT', 'the book has no valid snapshot or transaction', { fn: o.fn });
  if (o.span !== undefined) {
    // A chunk carries the whole book's months; its own rows lie inside them (the span was read from every row).
    if (firstMonth < o.span.firstMonth || lastMonth > o.span.lastMonth)
      throw new ClvkitError(
        'INVALID_VALUE',
        `a row's month (${monthLabel(firstMonth < o.span.firstMonth ? firstMonth : lastMonth)}) is outside the book's months`,
        {
          fn: o.fn,
          value: monthLabel(firstMonth < o.span.firstMonth ? firstMonth : lastMonth),
        },
      );
    firstMonth = o.span.firstMonth;
    lastMonth = o.span.lastMonth;
  }
  const months: string[] = [];
  for (let k = firstMonth; k <= lastMonth; k++) months.push(monthLabel(k));
  if (months.length > 65535) throw new ClvkitError('INVALID_VALUE', 'the book spans more than 65,535 months', { fn: o.fn });

  let snapshots: BookSnapshots | undefined;
  let productNames: string[] = [];
  if (snap !== undefined) {
    // A month without any snapshot inside the book's span is a gap (a missing extract), not a quiet month (a
    // chunk's gaps are the whole book's, checked once by its reader).
    if (o.span === undefined) checkMonthGaps(new Set(snap.monthNumber), snap.file, spec.snapshots!.columns.month, o.fn);
    let holdingsRead: Map<number, Set<string>> | undefined;
    if (spec.holdings !== undefined) {
      if (o.readHoldings === undefined) throw new ClvkitError('UNSUPPORTED', 'a holdings long table is not read here', { fn: o.fn, path: ['holdings'] });
      holdingsRead = await o.readHoldings(rejections, index, snap, parts);
    }
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
              fn: o.fn,
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
    snapshots = snapshotColumns(snap, holdings, o.margin, firstMonth);
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
    revenue: snapshots === undefined || spec.snapshots?.columns.netRevenue !== undefined ? { source: 'given' } : { source: 'margin', annualMargin: o.margin },
    ...(spec.currency !== undefined ? { currency: spec.currency } : {}),
    ...(spec.peerGroup !== undefined ? { peerGroup: spec.peerGroup } : {}),
    reading,
  };
}
