import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { monthLabel, monthOfDay, monthParser } from '../../book/book-rows.js';
import type { BookSpec, ParsedBookSpec } from '../../book/book-spec.js';
import { readBook } from '../../book/read-book.js';
import { resolveBookSpec } from '../../book/resolve-book-spec.js';
import { ClvkitError } from '../../errors.js';
import { createDayParser } from '../../io/parse-date.js';
import { isoDate } from '../../time.js';
import { parseOptions } from '../../validate.js';
import { bookChunks } from '../book-chunks.js';
import type { ScoringInput } from '../customer-scores.js';
import { distinctValues, openPartRows } from './part-rows.js';
import type { PartRow, PartRows, PartSource } from './part-rows.js';

const streamBookSchema = z.strictObject({
  /** Customers per chunk (default 50,000); a customer is never split across chunks. */
  chunkSize: z.number().int().min(1).max(10_000_000).default(50_000),
  /** Folder relative paths of the spec are resolved against (default the spec's folder, else the working directory). */
  baseDir: z.string().min(1).optional(),
  /** Annual margin used as revenue when the snapshots have no net revenue (as readBook's `margin`). */
  margin: z.number().min(0).max(1).optional(),
  /**
   * The product dictionary order every chunk uses (give the scoring model's `model.productNames`): each chunk is
   * read on its own, so without it a chunk's products would be numbered in the order they appear in that chunk.
   * Required when the snapshots have products and the spec has no `productNames`.
   */
  productNames: z.array(z.string().min(1)).min(1).optional(),
});

/** Options of {@link streamBook}. */
export type StreamBookOptions = z.input<typeof streamBookSchema>;

/** What the whole book spans, found before the first chunk (each chunk carries the same months and end date). */
export interface BookExtent {
  /** Month labels `YYYY-MM` of the whole book, oldest first. */
  readonly months: readonly string[];
  readonly startDate: string;
  readonly endDate: string;
  /** The first transaction day of the whole book (ISO), for `scoreStream`'s `firstPurchaseDay`; undefined without transactions. */
  readonly firstPurchaseDay: string | undefined;
}

/** A book read chunk by chunk: iterate it (for `scoreStream`), and read its extent first. */
export interface BookStream extends AsyncIterable<ScoringInput> {
  readonly extent: BookExtent;
}

const PARTS = ['customers', 'snapshots', 'transactions'] as const;
type Part = (typeof PARTS)[number];

/** Id of the anchor customer written into every chunk and cut off again (never a real id). */
const ANCHOR = '~clvkit-stream-anchor~';

/** A CSV field as RFC 4180 writes it (a comma, quote or line break quotes it). */
function field(v: string | null): string {
  if (v === null) return '';
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
const csvLine = (cells: readonly (string | null)[]) => `${cells.map(field).join(',')}\n`;

/** One part being merged: its rows, the id column, the row looked at, and the last id seen (the order check). */
interface Cursor {
  readonly part: Part;
  readonly rows: PartRows;
  readonly idAt: number;
  head: PartRow | null;
  last: string | null;
  lastLine: number;
}

async function advance(c: Cursor, fn: string): Promise<void> {
  const next = await c.rows.rows.next();
  c.head = next.done ? null : next.value;
  if (c.head === null) return;
  const id = c.head.cells[c.idAt] ?? '';
  if (c.last !== null && id < c.last) {
    await c.rows.rows.return?.(undefined);
    throw new ClvkitError(
      'INVALID_VALUE',
      `${c.part}: rows are not sorted by customer id ("${id}" on line ${c.head.line} after "${c.last}" on line ${c.lastLine}); sort the file by customer id (e.g. with DuckDB: COPY (SELECT * FROM read_csv('${c.part}.csv') ORDER BY customer_id) TO 'sorted.csv')`,
      { fn, file: c.rows.name, line: c.head.line, value: id, path: [c.part] },
    );
  }
  c.last = id;
  c.lastLine = c.head.line;
}

/** The source fields of a parsed part (for the row readers) and the same part pointing at a chunk file. */
function sourceOf(p: {
  path?: string | undefined;
  duckdb?: PartSource['duckdb'];
  postgres?: PartSource['postgres'];
  delimiter?: PartSource['delimiter'];
}): PartSource {
  return { path: p.path, duckdb: p.duckdb, postgres: p.postgres, delimiter: p.delimiter };
}

/**
 * Read a bank book chunk by chunk in bounded memory, for {@link scoreStream}: each chunk holds whole
 * customers (every customers, snapshots and transactions row of a customer), at most `chunkSize` of them,
 * as a {@link ScoringInput} with the whole book's months and end date. The spec is `readBook`'s (an object,
 * a JSON spec file or a folder), with each part a CSV / CSV.gz file, a Parquet file, a DuckDB table or
 * query, or a PostgreSQL table or query:
 *
 * - CSV files must be sorted by customer id (plain string order; every part the same order). They are
 *   streamed and merge-joined by customer id; an unsorted file is refused, naming file, line and id.
 * - Parquet files and DuckDB tables/queries are streamed by DuckDB (`ORDER BY` the customer id, then the month
 *   or date), PostgreSQL through a server-side cursor (the same `ORDER BY … COLLATE "C"`, fetched 10,000 rows at a
 *   time, in a read-only transaction).
 * - `productNames` (the model's `model.productNames`) is required when the snapshots hold products: each chunk is
 *   read alone, and must number the products as the model does.
 *
 * Each chunk is parsed by `readBook` itself (same data contract, same errors, naming the chunk's rows), so
 * its customers equal the whole book's. Before the first chunk the book's extent is read (the distinct
 * months of the snapshots and dates of the transactions: one extra pass over a CSV file, a `SELECT
 * DISTINCT` for a database) and is available as `extent` (its `firstPurchaseDay` is `scoreStream`'s option).
 * A holdings long table is not supported here (give products in the snapshots).
 *
 * @throws ClvkitError INVALID_OPTIONS (options; productNames missing with products), INVALID_CONFIG (a spec file that is not JSON),
 *   UNSUPPORTED (a holdings table), MISSING_COLUMN, IO_ERROR, MISSING_DEPENDENCY
 *   (DuckDB or pg absent), INVALID_VALUE (unsorted rows, naming file, line and id; an id equal to the anchor's),
 *   and while iterating readBook's codes for the chunk's rows.
 * @example
 * const model = scoreCustomers(await readBook('fixtures/bank'), {}).model; // or fitted on a sample
 * const book = await streamBook('fixtures/bank', { chunkSize: 1000, productNames: [...model.productNames] });
 * book.extent.months.length; // 24
 * await writeScoresCsv(scoreStream(model, book, { firstPurchaseDay: book.extent.firstPurchaseDay }), 'scores.csv');
 * // { customers: 5000, chunks: 5, bytes: ... }
 */
export async function streamBook(spec: BookSpec | string, options: StreamBookOptions = {}): Promise<BookStream> {
  const fn = 'streamBook';
  const o = parseOptions(streamBookSchema, options, fn);
  const resolved = await resolveBookSpec(spec, o.baseDir, fn);
  let parsed: ParsedBookSpec = resolved.parsed;
  const baseDir = resolved.baseDir;
  if (o.productNames !== undefined) parsed = { ...parsed, productNames: o.productNames };
  if (parsed.snapshots?.products !== undefined && parsed.productNames === undefined)
    throw new ClvkitError(
      'INVALID_OPTIONS',
      "the snapshots have products: give productNames (the scoring model's model.productNames) so every chunk numbers them alike",
      { fn, path: ['productNames'] },
    );
  if (parsed.holdings !== undefined)
    throw new ClvkitError('UNSUPPORTED', 'streamBook: a holdings long table is not supported; give products in the snapshots', { fn, path: ['holdings'] });

  // --- the book's extent -------------------------------------------------------------------------
  const snap = parsed.snapshots;
  const tx = parsed.transactions;
  let firstMonth = Number.POSITIVE_INFINITY;
  let lastMonth = Number.NEGATIVE_INFINITY;
  const rawMonth = new Map<number, string>();
  if (snap !== undefined) {
    const toMonth = monthParser(snap.dateFormat);
    for (const v of await distinctValues(sourceOf(snap), baseDir, fn, 'snapshots', snap.columns.month)) {
      const k = toMonth(v.trim());
      if (!Number.isFinite(k)) continue; // readBook reports the bad row when its chunk is read
      if (!rawMonth.has(k)) rawMonth.set(k, v);
      firstMonth = Math.min(firstMonth, k);
      lastMonth = Math.max(lastMonth, k);
    }
  }
  let firstDay: { day: number; raw: string } | undefined;
  let lastDay: { day: number; raw: string } | undefined;
  if (tx !== undefined) {
    const dayOf = createDayParser(tx.dateFormat ?? 'auto');
    for (const v of await distinctValues(sourceOf(tx), baseDir, fn, 'transactions', tx.columns.date)) {
      const d = dayOf(v.trim(), 0, v.trim().length);
      if (!Number.isFinite(d)) continue;
      if (firstDay === undefined || d < firstDay.day) firstDay = { day: d, raw: v };
      if (lastDay === undefined || d > lastDay.day) lastDay = { day: d, raw: v };
    }
    if (firstDay !== undefined && lastDay !== undefined) {
      firstMonth = Math.min(firstMonth, monthOfDay(firstDay.day));
      lastMonth = Math.max(lastMonth, monthOfDay(lastDay.day));
    }
  }
  if (!Number.isFinite(firstMonth)) throw new ClvkitError('EMPTY_INPUT', 'the book has no valid snapshot or transaction', { fn });
  const months: string[] = [];
  for (let k = firstMonth; k <= lastMonth; k++) months.push(monthLabel(k));
  const extent: BookExtent = {
    months,
    startDate: `${months[0]}-01`,
    endDate: endOfMonth(months[months.length - 1]!),
    firstPurchaseDay: firstDay === undefined ? undefined : isoDate(firstDay.day),
  };
  const chunkSize = o.chunkSize;
  const margin = o.margin;
  return {
    extent,
    [Symbol.asyncIterator]: () =>
      chunksOf(parsed, baseDir, chunkSize, margin, { firstMonth, lastMonth, rawMonth, firstDay: firstDay?.raw, lastDay: lastDay?.raw }, fn),
  };
}

function endOfMonth(label: string): string {
  const y = Number(label.slice(0, 4));
  const m = Number(label.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${label}-${String(last).padStart(2, '0')}`;
}

interface Span {
  readonly firstMonth: number;
  readonly lastMonth: number;
  readonly rawMonth: ReadonlyMap<number, string>;
  readonly firstDay: string | undefined;
  readonly lastDay: string | undefined;
}

async function* chunksOf(
  spec: ParsedBookSpec,
  baseDir: string,
  chunkSize: number,
  margin: number | undefined,
  span: Span,
  fn: string,
): AsyncGenerator<ScoringInput> {
  const cursors: Cursor[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-stream-book-'));
  try {
    for (const part of PARTS) {
      const p = spec[part];
      if (p === undefined) continue;
      const time = part === 'snapshots' ? spec.snapshots!.columns.month : part === 'transactions' ? spec.transactions!.columns.date : undefined;
      const rows = await openPartRows(sourceOf(p), baseDir, fn, part, time === undefined ? [p.columns.customerId] : [p.columns.customerId, time]);
      const idAt = rows.header.indexOf(p.columns.customerId);
      if (idAt < 0) {
        await rows.rows.return?.(undefined);
        throw new ClvkitError('MISSING_COLUMN', `${part}: no customer id column "${p.columns.customerId}"`, {
          fn,
          file: rows.name,
          column: p.columns.customerId,
        });
      }
      const c: Cursor = { part, rows, idAt, head: null, last: null, lastLine: 0 };
      cursors.push(c);
      await advance(c, fn);
    }
    // Templates of the anchor's rows: the first row of each part, with its role columns overwritten.
    const template = new Map<Part, readonly (string | null)[]>();
    const headers = new Map<Part, readonly string[]>();
    for (const c of cursors) {
      headers.set(c.part, c.rows.header);
      if (c.head !== null) template.set(c.part, c.head.cells);
    }
    let index = 0;
    while (cursors.some((c) => c.head !== null)) {
      const rows = new Map<Part, (readonly (string | null)[])[]>(cursors.map((c) => [c.part, []]));
      let customers = 0;
      // Take whole customers, the smallest id first, until the chunk is full.
      while (customers < chunkSize) {
        let id: string | null = null;
        for (const c of cursors) if (c.head !== null && (id === null || c.head.cells[c.idAt]! < id)) id = c.head.cells[c.idAt] ?? '';
        if (id === null) break;
        if (id === ANCHOR) throw new ClvkitError('INVALID_VALUE', `a customer id equals the stream anchor id ${ANCHOR}`, { fn, value: id });
        for (const c of cursors) {
          while (c.head !== null && (c.head.cells[c.idAt] ?? '') === id) {
            rows.get(c.part)!.push(c.head.cells);
            await advance(c, fn);
          }
        }
        customers++;
      }
      yield await chunkBook(spec, dir, rows, template, headers, customers, span, margin, index, fn);
      index++;
    }
  } finally {
    for (const c of cursors) await c.rows.rows.return?.(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One chunk as a book: its rows written to CSV files in the chunk folder, plus an anchor customer with a
 * snapshot in every month of the book and transactions on its first and last days (so readBook gives the
 * whole book's months and no month gap), read with readBook, then the anchor cut off with bookChunks.
 */
async function chunkBook(
  spec: ParsedBookSpec,
  dir: string,
  rows: ReadonlyMap<Part, (readonly (string | null)[])[]>,
  template: ReadonlyMap<Part, readonly (string | null)[]>,
  headers: ReadonlyMap<Part, readonly string[]>,
  customers: number,
  span: Span,
  margin: number | undefined,
  index: number,
  fn: string,
): Promise<ScoringInput> {
  const chunkSpec: Record<string, unknown> = {
    ...(spec.productNames !== undefined ? { productNames: spec.productNames } : {}),
    ...(spec.peerGroup !== undefined ? { peerGroup: spec.peerGroup } : {}),
    ...(spec.currency !== undefined ? { currency: spec.currency } : {}),
    ...(spec.margin !== undefined ? { margin: spec.margin } : {}),
  };
  for (const part of PARTS) {
    const p = spec[part];
    if (p === undefined) continue;
    const list = rows.get(part)!;
    const names = headers.get(part)!;
    let text = csvLine(names);
    for (const r of list) text += csvLine(r);
    const t = template.get(part);
    if (t !== undefined) {
      const at = (name: string | undefined) => (name === undefined ? -1 : names.indexOf(name));
      const anchorRow = (set: Record<number, string>): string => csvLine(t.map((v, k) => (k in set ? set[k]! : v)));
      const idAt = at(p.columns.customerId);
      if (part === 'customers') text += anchorRow({ [idAt]: ANCHOR });
      else if (part === 'snapshots') {
        const s = spec.snapshots!;
        const zero: Record<number, string> = { [idAt]: ANCHOR };
        for (const role of ['deposits', 'wealth', 'loans', 'aum', 'netRevenue', 'costToServe', 'activity'] as const) {
          const k = at(s.columns[role]);
          if (k >= 0) zero[k] = '0';
        }
        const pr = s.products;
        if (pr !== undefined) {
          if ('column' in pr) zero[at(pr.column)] = '';
          else for (const c of pr.columns) zero[at(c)] = '0';
        }
        const monthAt = at(s.columns.month);
        for (let k = span.firstMonth; k <= span.lastMonth; k++) {
          const raw = span.rawMonth.get(k);
          if (raw !== undefined) text += anchorRow({ ...zero, [monthAt]: raw });
        }
      } else {
        const x = spec.transactions!;
        for (const raw of [span.firstDay, span.lastDay])
          if (raw !== undefined) text += anchorRow({ [idAt]: ANCHOR, [at(x.columns.date)]: raw, [at(x.columns.amount)]: '0' });
      }
    }
    const file = join(dir, `${part}.csv`);
    writeFileSync(file, text);
    const {
      path: _p,
      duckdb: _d,
      postgres: _g,
      delimiter: _l,
      ...rest
    } = p as typeof p & { path?: string; duckdb?: unknown; postgres?: unknown; delimiter?: string };
    chunkSpec[part] = { ...rest, path: file };
  }
  let book: Awaited<ReturnType<typeof readBook>>;
  try {
    book = await readBook(chunkSpec as BookSpec, { baseDir: dir, ...(margin !== undefined ? { margin } : {}) });
  } catch (error) {
    if (error instanceof ClvkitError)
      throw new ClvkitError(error.code, `chunk ${index}: ${error.message.replace(/^[A-Za-z]+: /, '')}`, { ...error.details, fn, chunk: index });
    throw error;
  }
  const n = book.customers.customerId.length - 1;
  if (book.customers.customerId[n] !== ANCHOR || n !== customers)
    throw new ClvkitError('INVALID_VALUE', `chunk ${index}: expected ${customers} customers and the anchor last`, { fn, chunk: index });
  const first = bookChunks(book, { chunkSize: n }).next();
  if (first.done) throw new ClvkitError('EMPTY_INPUT', `chunk ${index}: no customers`, { fn, chunk: index });
  return first.value;
}
