import { ClvkitError } from '../errors.js';
import type { ClvkitErrorCode } from '../errors.js';
import { IdDictionary } from '../io/id-dictionary.js';
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

/**
 * A text column dictionary-encoded: the distinct values in order of first appearance and a code per row
 * (`values[codes[i]]` is row i). A book repeats ids, months and product lists over many rows: each
 * distinct text is then checked once, and no string is made per row on the fast path.
 */
export interface CodedText {
  readonly values: readonly string[];
  readonly codes: Uint32Array;
}

/** A column of a {@link BookTable}: numbers as typed arrays, text dictionary-encoded. */
export type BookColumn = Float64Array | Int32Array | CodedText;

/** A table read for a book part: {@link TableData} with text columns dictionary-encoded. Internal. */
export interface BookTable {
  readonly length: number;
  readonly columns: Readonly<Record<string, BookColumn>>;
  /** File line of each row (line 1 is the header; for database rows, row k is line k). */
  readonly lines: Int32Array;
  readonly stats: TableData['stats'];
  readonly rejects: TableData['rejects'];
}

/** The text column of a general read, dictionary-encoded. */
export function codedText(strings: readonly string[]): CodedText {
  const ids = new IdDictionary();
  const codes = new Uint32Array(strings.length);
  for (let i = 0; i < strings.length; i++) codes[i] = ids.code(strings[i]!, 0, strings[i]!.length);
  return { values: ids.values, codes };
}

export const text = (c: BookColumn | undefined): CodedText => c as CodedText;
/** Row i of a coded text column. */
export const textAt = (c: CodedText, i: number): string => c.values[c.codes[i]!]!;
export const numbers = (c: BookColumn | TableColumn | undefined): Float64Array => (c instanceof Float64Array ? c : Float64Array.from(c as ArrayLike<number>));

/** Month number (year × 12 + month − 1) of `YYYY-MM` or a month-end date; NaN otherwise. */
export function monthParser(dateFormat: string | undefined): (value: string) => number {
  const day = createDayParser(dateFormat ?? 'auto');
  // A book repeats a few dozen month labels over many rows: parse each once.
  const cache = new Map<string, number>();
  return (value: string): number => {
    // YYYY-MM straight from the character codes (the common case, no lookup).
    if (value.length === 7 && value.charCodeAt(4) === 45) {
      const y = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
      const mm = digit(value, 5) * 10 + digit(value, 6);
      if (y >= 0 && mm >= 1 && mm <= 12) return y * 12 + mm - 1;
    }
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

/** The digit at `i`, or a large negative number for any other character (so a sum with it is negative). */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1e6;
}

export const monthLabel = (k: number): string => `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`;

/** Month number of an epoch day. */
export function monthOfDay(day: number): number {
  const iso = isoDate(day);
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}
