import { ClvkitError } from '../errors.js';
import type { ClvkitErrorCode } from '../errors.js';
import { createDayParser } from '../io/parse-date.js';
import type { TableColumn, TableData } from '../io/read-table.js';
import type { RejectedRow } from '../io/transaction-table.js';
import { daysInMonth, isoDate } from '../time.js';
import type { BookPart } from './book.js';

/** A rejected row of one part, with the file or table it came from. */
export type BookReject = RejectedRow & { readonly part: BookPart | 'holdings'; readonly file: string };

/** Rejected rows of a read: thrown at once ('throw') or set aside with their place ('collect'). Internal. */
export class Rejections {
  readonly list: BookReject[] = [];
  constructor(
    readonly onInvalid: 'throw' | 'collect',
    readonly fn: string,
  ) {}
  /** Throw, or set the row aside. */
  add(part: BookReject['part'], file: string, line: number, code: ClvkitErrorCode, reason: string, column: string, value: unknown): void {
    if (this.onInvalid === 'throw') throw new ClvkitError(code, `${part}: ${reason}`, { fn: this.fn, file, line, column, value });
    this.list.push({ part, file, line, code, reason, column, value, raw: { [column]: value } });
  }
  fromTable(part: BookReject['part'], file: string, rejects: readonly RejectedRow[]): void {
    for (const r of rejects) this.list.push({ ...r, part, file });
  }
}

/** Line of each accepted row of a table: lines in order skipping rejected ones (header line 1 for files, rows from 1 for object rows). */
export function linesOf(table: TableData, fromFile: boolean): Int32Array {
  const rejected = new Set(table.rejects.map((r) => r.line));
  const out = new Int32Array(table.length);
  let line = fromFile ? 1 : 0;
  for (let i = 0; i < table.length; i++) {
    do line++;
    while (rejected.has(line));
    out[i] = line;
  }
  return out;
}

export const text = (c: TableColumn | undefined): string[] => c as string[];
export const numbers = (c: TableColumn | undefined): Float64Array => (c instanceof Float64Array ? c : Float64Array.from(c as ArrayLike<number>));

/** Month number (year × 12 + month − 1) of `YYYY-MM` or a month-end date; NaN otherwise. */
export function monthParser(dateFormat: string | undefined): (value: string) => number {
  const day = createDayParser(dateFormat ?? 'auto');
  // A book repeats a few dozen month labels over many rows: parse each once.
  const cache = new Map<string, number>();
  return (value: string): number => {
    let k = cache.get(value);
    if (k === undefined) cache.set(value, (k = parse(value)));
    return k;
  };
  function parse(value: string): number {
    const m = /^(\d{4})-(\d{2})$/.exec(value);
    if (m !== null) {
      const mm = Number(m[2]);
      return mm >= 1 && mm <= 12 ? Number(m[1]) * 12 + mm - 1 : Number.NaN;
    }
    const d = day(value, 0, value.length);
    if (!Number.isFinite(d)) return Number.NaN;
    const iso = isoDate(d);
    const y = Number(iso.slice(0, 4));
    const mo = Number(iso.slice(5, 7));
    return Number(iso.slice(8, 10)) === daysInMonth(y, mo) ? y * 12 + mo - 1 : Number.NaN;
  }
}

export const monthLabel = (k: number): string => `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`;

/** Month number of an epoch day. */
export function monthOfDay(day: number): number {
  const iso = isoDate(day);
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}
