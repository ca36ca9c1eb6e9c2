import { assembleBook } from '../../book/assemble-book.js';
import type { BookPartReads, ReadBookResult } from '../../book/assemble-book.js';
import type { ParsedBookSpec } from '../../book/book-spec.js';
import { checkHoldings, readCustomersTable, readHoldingsTable, readSnapshotsTable, readTransactionsTable, quiet } from '../../book/read-parts.js';
import type { PartSourceRead } from '../../book/read-parts.js';
import { csvDialect, rowsSource } from '../../book/read-source-table.js';
import { ClvkitError, formatPlace } from '../../errors.js';
import { bookChunks } from '../book-chunks.js';
import type { ScoringInput } from '../customer-scores.js';
import type { CsvChunkText } from './csv-part-cursor.js';
import type { RowsChunk } from './rows-part-cursor.js';

/** The parts of a book streamBook reads. */
export const STREAM_PARTS = ['customers', 'snapshots', 'transactions', 'holdings'] as const;
export type StreamPart = (typeof STREAM_PARTS)[number];

/** One part's rows of a chunk: a run of a CSV file's records, or a database's rows. Internal. */
export type ChunkPartRows =
  | { readonly kind: 'csv'; readonly file: string; readonly header: readonly string[]; readonly chunk: CsvChunkText }
  | { readonly kind: 'rows'; readonly file: string; readonly header: readonly string[]; readonly chunk: RowsChunk };

/** The reason of a ClvkitError, without its `fn: ` prefix and ` (place)` suffix (as it was given). */
export function reasonOf(error: ClvkitError): string {
  const d = error.details as { fn?: string };
  const prefix = d.fn !== undefined ? `${d.fn}: ` : '';
  const place = formatPlace(error.details);
  const suffix = place !== '' ? ` (${place})` : '';
  const m = error.message;
  return m.startsWith(prefix) && m.endsWith(suffix) ? m.slice(prefix.length, m.length - suffix.length) : m;
}

/** The source the table readers read for a chunk's part, and how its lines map to the file's (or the ordered result's). */
function chunkSource(
  spec: NonNullable<ParsedBookSpec[StreamPart]>,
  rows: ChunkPartRows,
  fn: string,
): { src: PartSourceRead; lineOf: (line: number) => number } {
  if (rows.kind === 'csv') {
    const delimiter = spec.delimiter ?? ',';
    const offset = rows.chunk.firstLine - 2;
    return {
      src: { name: rows.file, header: rows.header, source: { text: rows.chunk.text }, dialect: csvDialect(rows.file, delimiter, spec) },
      lineOf: (line) => line + offset,
    };
  }
  const { cells, lines } = rows.chunk;
  const header = rows.header;
  const records = cells.map((r) => {
    const o: Record<string, unknown> = {};
    for (let k = 0; k < header.length; k++) o[header[k]!] = r[k];
    return o;
  });
  return { src: rowsSource(rows.file, records, header, spec, fn), lineOf: (line) => lines[line - 1] ?? line };
}

/**
 * Read one part of a chunk with readBook's table reader for that part, its lines (and the line of a
 * reader's error) mapped back to the file's lines.
 */
async function readChunkPart<T extends { readonly src: PartSourceRead }>(
  read: (src: PartSourceRead) => Promise<T>,
  spec: NonNullable<ParsedBookSpec[StreamPart]>,
  rows: ChunkPartRows,
  linesOf: (t: T) => Int32Array,
  fn: string,
): Promise<T> {
  const { src, lineOf } = chunkSource(spec, rows, fn);
  let out: T;
  try {
    out = await read(src);
  } catch (error) {
    const line = error instanceof ClvkitError ? (error.details as { line?: number }).line : undefined;
    if (error instanceof ClvkitError && line !== undefined) throw new ClvkitError(error.code, reasonOf(error), { ...error.details, line: lineOf(line) });
    throw error;
  }
  const lines = linesOf(out);
  for (let r = 0; r < lines.length; r++) lines[r] = lineOf(lines[r]!);
  return out;
}

/** Whether the book's rows already come in customer order (then it is the chunk as it is, with no copy). */
function inCustomerOrder(book: ReadBookResult): boolean {
  const s = book.snapshots;
  if (s !== undefined) for (let j = 1; j < s.length; j++) if (s.customer[j]! < s.customer[j - 1]!) return false;
  const t = book.transactions;
  if (t === undefined) return true;
  // The dictionary must list the customers with transactions in customer order, and rows be grouped by it.
  const index = new Map<string, number>();
  book.customers.customerId.forEach((id, i) => index.set(id, i));
  let before = -1;
  for (const id of t.customerIds) {
    const i = index.get(id);
    if (i === undefined || i <= before) return false;
    before = i;
  }
  for (let j = 1; j < t.length; j++) if (t.customer[j]! < t.customer[j - 1]!) return false;
  return true;
}

/**
 * A chunk of whole customers as a scoring input: each part's rows read by readBook's table readers and
 * checked and built by readBook's own rules (`assembleBook`), over the whole book's months; the same input
 * `bookChunks` cuts from the whole book read at once. An error names the chunk, the file and the file's line.
 *
 * @throws ClvkitError readBook's row codes, naming file, line, column and value.
 */
export async function chunkBook(
  spec: ParsedBookSpec,
  rows: ReadonlyMap<StreamPart, ChunkPartRows>,
  span: { readonly firstMonth: number; readonly lastMonth: number },
  margin: number,
  index: number,
  fn: string,
): Promise<ScoringInput> {
  const c = spec.customers;
  const s = spec.snapshots;
  const x = spec.transactions;
  const reads: BookPartReads = {
    customers:
      c === undefined
        ? undefined
        : quiet(
            readChunkPart(
              (src) => readCustomersTable(c, src, 'throw'),
              c,
              rows.get('customers')!,
              (r) => r.t.lines,
              fn,
            ),
          ),
    snapshots:
      s === undefined
        ? undefined
        : quiet(
            readChunkPart(
              (src) => readSnapshotsTable(s, src, 'throw'),
              s,
              rows.get('snapshots')!,
              (r) => r.t.lines,
              fn,
            ),
          ),
    transactions:
      x === undefined
        ? undefined
        : quiet(
            readChunkPart(
              (src) => readTransactionsTable(x, src, 'throw'),
              x,
              rows.get('transactions')!,
              (r) => r.lines,
              fn,
            ),
          ),
  };
  let book: ReadBookResult;
  try {
    const h = spec.holdings;
    book = await assembleBook(spec, reads, {
      fn,
      onInvalid: 'throw',
      margin,
      span,
      readHoldings:
        h === undefined
          ? undefined
          : async (rejections, index, snap, parts) => {
              const { src, t } = await readChunkPart(
                (src) => readHoldingsTable(h, src, 'throw'),
                h,
                rows.get('holdings')!,
                (r) => r.t.lines,
                fn,
              );
              return checkHoldings(h, src.name, t, rejections, index, snap, parts);
            },
    });
  } catch (error) {
    if (error instanceof ClvkitError) throw new ClvkitError(error.code, `chunk ${index}: ${reasonOf(error)}`, { ...error.details, fn, chunk: index });
    throw error;
  }
  if (!inCustomerOrder(book)) {
    const first = bookChunks(book, { chunkSize: book.customers.length }).next();
    return first.value as ScoringInput;
  }
  const t = book.transactions;
  let negativeAmounts = 0;
  if (t !== undefined) for (let j = 0; j < t.length; j++) if (t.amount[j]! < 0) negativeAmounts++;
  const customers = book.customers;
  return {
    customers: {
      length: customers.length,
      customerId: customers.customerId,
      ...(customers.attributes !== undefined ? { attributes: customers.attributes } : {}),
      ...(customers.joinDay !== undefined ? { joinDay: customers.joinDay } : {}),
    },
    ...(book.snapshots !== undefined ? { snapshots: book.snapshots } : {}),
    ...(t !== undefined
      ? {
          transactions: {
            length: t.length,
            customerIds: t.customerIds,
            customer: t.customer,
            day: t.day,
            amount: t.amount,
            attributes: {},
            stats: { read: t.length, accepted: t.length, rejected: 0, negativeAmounts },
            rejects: [],
          },
        }
      : {}),
    endDate: book.endDate,
    months: book.months,
    ...(book.revenue !== undefined ? { revenue: book.revenue } : {}),
  };
}
