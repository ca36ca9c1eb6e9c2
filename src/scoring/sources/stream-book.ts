import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { checkMonthGaps } from '../../book/assemble-book.js';
import { monthLabel, monthOfDay, monthParser } from '../../book/book-rows.js';
import type { BookSpec, ParsedBookSpec } from '../../book/book-spec.js';
import { DEFAULT_BOOK_MARGIN } from '../../book/read-book.js';
import { resolveBookSpec } from '../../book/resolve-book-spec.js';
import { ClvkitError } from '../../errors.js';
import { createDayParser } from '../../io/parse-date.js';
import { isoDate } from '../../time.js';
import { parseOptions } from '../../validate.js';
import type { ScoringInput } from '../customer-scores.js';
import { chunkBook, STREAM_PARTS } from './chunk-book.js';
import type { ChunkPartRows, StreamPart } from './chunk-book.js';
import { CsvPartCursor } from './csv-part-cursor.js';
import { distinctValues, isCsvPart, openPartRows } from './part-rows.js';
import type { PartSource } from './part-rows.js';
import { RowsPartCursor } from './rows-part-cursor.js';

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

/** A part being read: a CSV file's records, or a database's ordered rows. */
type Cursor = { readonly part: StreamPart; readonly csv: CsvPartCursor } | { readonly part: StreamPart; readonly db: RowsPartCursor };

const peekOf = (c: Cursor) => ('csv' in c ? c.csv.peek() : c.db.peek());

/** The source fields of a parsed part (for the row readers). */
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
 * Each chunk's rows are parsed by readBook's own table readers (a CSV chunk is the run of the file's lines
 * holding its customers, read on readBook's fast path when it is clean) and checked and built by readBook's
 * own rules (`assembleBook`: same data contract, same error codes), so its customers equal the whole book's;
 * an error names the chunk, the file, the file's line (a database's row in the ordered result), the column and
 * the value. Before the first chunk the book's extent is read (the distinct months of the snapshots and dates
 * of the transactions: one extra pass over a CSV file, a `SELECT DISTINCT` for a database), the snapshots'
 * months are checked for a gap (readBook's INVALID_VALUE), and the extent is available as `extent` (its
 * `firstPurchaseDay` is `scoreStream`'s option). A holdings long table is streamed as a fourth part (sorted by
 * customer id too; checked against the chunk's snapshots as readBook checks it).
 *
 * @throws ClvkitError INVALID_OPTIONS (options; productNames missing with products), INVALID_CONFIG (a spec file that is not JSON),
 *   MISSING_COLUMN, IO_ERROR, MISSING_DEPENDENCY
 *   (DuckDB or pg absent), EMPTY_INPUT, INVALID_VALUE (a month gap in the snapshots); while iterating INVALID_VALUE
 *   (unsorted rows, naming file, line and id) and readBook's codes for the chunk's rows.
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
  if ((parsed.snapshots?.products !== undefined || parsed.holdings !== undefined) && parsed.productNames === undefined)
    throw new ClvkitError(
      'INVALID_OPTIONS',
      "the book has products (a products column or a holdings table): give productNames (the scoring model's model.productNames) so every chunk numbers them alike",
      { fn, path: ['productNames'] },
    );

  // --- the book's extent -------------------------------------------------------------------------
  const snap = parsed.snapshots;
  const tx = parsed.transactions;
  let firstMonth = Number.POSITIVE_INFINITY;
  let lastMonth = Number.NEGATIVE_INFINITY;
  if (snap !== undefined) {
    const toMonth = monthParser(snap.dateFormat);
    const withRows = new Set<number>();
    for (const v of await distinctValues(sourceOf(snap), baseDir, fn, 'snapshots', snap.columns.month)) {
      const k = toMonth(v.trim());
      if (!Number.isFinite(k)) continue; // readBook's rules report the bad row when its chunk is read
      withRows.add(k);
      firstMonth = Math.min(firstMonth, k);
      lastMonth = Math.max(lastMonth, k);
    }
    checkMonthGaps(
      withRows,
      snap.path !== undefined
        ? isAbsolute(snap.path)
          ? snap.path
          : resolve(baseDir, snap.path)
        : snap.duckdb !== undefined
          ? `${snap.duckdb.database}:${snap.duckdb.table ?? 'query'}`
          : `postgres:${snap.postgres?.table ?? 'query'}`,
      snap.columns.month,
      fn,
    );
  }
  let firstDay: number | undefined;
  if (tx !== undefined) {
    const dayOf = createDayParser(tx.dateFormat ?? 'auto');
    let lastDay: number | undefined;
    for (const v of await distinctValues(sourceOf(tx), baseDir, fn, 'transactions', tx.columns.date)) {
      const d = dayOf(v.trim(), 0, v.trim().length);
      if (!Number.isFinite(d)) continue;
      if (firstDay === undefined || d < firstDay) firstDay = d;
      if (lastDay === undefined || d > lastDay) lastDay = d;
    }
    if (firstDay !== undefined && lastDay !== undefined) {
      firstMonth = Math.min(firstMonth, monthOfDay(firstDay));
      lastMonth = Math.max(lastMonth, monthOfDay(lastDay));
    }
  }
  if (!Number.isFinite(firstMonth)) throw new ClvkitError('EMPTY_INPUT', 'the book has no valid snapshot or transaction', { fn });
  const months: string[] = [];
  for (let k = firstMonth; k <= lastMonth; k++) months.push(monthLabel(k));
  const extent: BookExtent = {
    months,
    startDate: `${months[0]}-01`,
    endDate: endOfMonth(months[months.length - 1]!),
    firstPurchaseDay: firstDay === undefined ? undefined : isoDate(firstDay),
  };
  const chunkSize = o.chunkSize;
  const margin = o.margin ?? parsed.margin ?? DEFAULT_BOOK_MARGIN;
  return {
    extent,
    [Symbol.asyncIterator]: () => chunksOf(parsed, baseDir, chunkSize, margin, { firstMonth, lastMonth }, fn),
  };
}

function endOfMonth(label: string): string {
  const y = Number(label.slice(0, 4));
  const m = Number(label.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${label}-${String(last).padStart(2, '0')}`;
}

async function* chunksOf(
  spec: ParsedBookSpec,
  baseDir: string,
  chunkSize: number,
  margin: number,
  span: { readonly firstMonth: number; readonly lastMonth: number },
  fn: string,
): AsyncGenerator<ScoringInput> {
  const cursors: Cursor[] = [];
  try {
    for (const part of STREAM_PARTS) {
      const p = spec[part];
      if (p === undefined) continue;
      const src = sourceOf(p);
      if (isCsvPart(src)) {
        const csv = await CsvPartCursor.open(src.path!, baseDir, src.delimiter ?? ',', part, fn);
        cursors.push({ part, csv });
        csv.keyOn(p.columns.customerId);
        continue;
      }
      const time = part === 'transactions' ? spec.transactions!.columns.date : part === 'customers' ? undefined : spec[part]!.columns.month;
      const rows = await openPartRows(src, baseDir, fn, part, time === undefined ? [p.columns.customerId] : [p.columns.customerId, time]);
      const idAt = rows.header.indexOf(p.columns.customerId);
      const db = new RowsPartCursor(part, rows, idAt, fn);
      cursors.push({ part, db });
      if (idAt < 0)
        throw new ClvkitError('MISSING_COLUMN', `${part}: no customer id column "${p.columns.customerId}"`, {
          fn,
          file: rows.name,
          column: p.columns.customerId,
        });
    }
    const heads: (string | null)[] = new Array<string | null>(cursors.length);
    let index = 0;
    for (;;) {
      let customers = 0;
      // Take whole customers, the smallest id first, until the chunk is full.
      while (customers < chunkSize) {
        let id: string | null = null;
        for (let q = 0; q < cursors.length; q++) {
          let h = peekOf(cursors[q]!);
          if (h instanceof Promise) h = await h;
          heads[q] = h;
          if (h !== null && (id === null || h < id)) id = h;
        }
        if (id === null) break;
        for (let q = 0; q < cursors.length; q++) {
          if (heads[q] !== id) continue;
          const c = cursors[q]!;
          const taken = 'csv' in c ? c.csv.take(id) : c.db.take(id);
          if (taken instanceof Promise) await taken;
        }
        customers++;
      }
      if (customers === 0) return;
      const rows = new Map<StreamPart, ChunkPartRows>();
      for (const c of cursors) {
        if ('csv' in c) rows.set(c.part, { kind: 'csv', file: c.csv.name, header: c.csv.header, chunk: c.csv.cut() });
        else rows.set(c.part, { kind: 'rows', file: c.db.name, header: c.db.header, chunk: c.db.cut() });
      }
      yield await chunkBook(spec, rows, span, margin, index, fn);
      index++;
    }
  } finally {
    for (const c of cursors) {
      if ('csv' in c) c.csv.release();
      else await c.db.release();
    }
  }
}
