import { createReadStream, existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { ClvkitError } from '../../errors.js';

const QUOTE = 0x22;
/** Bytes read per file read (the text held between reads is one read plus the open chunk's rows). */
const READ_BYTES = 1 << 22;

/** The rows of one chunk of a CSV part: the file's header line and the chunk's records, as one CSV text. Internal. */
export interface CsvChunkText {
  /** Header line, then the chunk's records exactly as in the file (a contiguous run of its lines). */
  readonly text: string;
  /** File line of the text's line 2 (its first record); line L of the text is file line L + firstLine − 2. */
  readonly firstLine: number;
  /** Records in the text. */
  readonly rows: number;
}

/**
 * A CSV (or `.csv.gz`) file sorted by customer id, read forward record by record in bounded memory, with the
 * records of whole customers cut out as CSV text: streamBook's reader for CSV parts. No cell is parsed here
 * (only the key column is found in each record); the chunk's text is parsed by readBook's own table readers.
 *
 * Records follow RFC 4180 as the general reader reads them: a quoted field may hold delimiters, quotes ("")
 * and line breaks; blank lines are skipped; lines end with LF or CRLF (or CR when the first line ends so).
 * Internal.
 */
export class CsvPartCursor {
  /** The header's names, trimmed and unquoted. */
  readonly header: readonly string[];
  private buf: string;
  private pos: number;
  private eof = false;
  /** File line of the character at `pos`. */
  private line: number;
  private nextQuote = -1;
  // The record looked at (not yet taken): bounds, key, file line and line breaks it spans.
  private recId: string | null | undefined = undefined;
  private recStart = 0;
  private recNext = 0;
  private recLine = 0;
  private recBreaks = 0;
  // The chunk being cut: its text before `buf` (earlier reads), its start in `buf`, first line and records.
  private pieces: string[] = [];
  private chunkStart = -1;
  private chunkLine = 0;
  private chunkRows = 0;
  // The sort check: the last key taken and its line.
  private last: string | null = null;
  private lastLine = 0;
  private keyAt = -1;

  private constructor(
    readonly name: string,
    readonly part: string,
    private readonly fn: string,
    private readonly delimiter: string,
    private readonly breakChar: string,
    private readonly headerText: string,
    /** The header's own line break (CRLF, LF or CR), so a chunk's text keeps the file's line style. */
    private readonly headerBreak: string,
    private readonly input: AsyncIterator<Buffer>,
    private readonly decoder: StringDecoder,
    private readonly close: () => void,
    state: { buf: string; pos: number; line: number; header: string[] },
  ) {
    this.buf = state.buf;
    this.pos = state.pos;
    this.line = state.line;
    this.header = state.header;
  }

  /**
   * Open a CSV part and read its header.
   *
   * @throws ClvkitError IO_ERROR (a missing or unreadable file), EMPTY_INPUT (no header line).
   */
  static async open(path: string, baseDir: string, delimiter: string, part: string, fn: string): Promise<CsvPartCursor> {
    const file = isAbsolute(path) ? path : resolve(baseDir, path);
    if (!existsSync(file) || !statSync(file).isFile()) throw new ClvkitError('IO_ERROR', `${part}: file not found`, { fn, file, path: [part, 'path'] });
    const raw = createReadStream(file, { highWaterMark: READ_BYTES });
    const stream = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
    const input = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const decoder = new StringDecoder('utf8');
    const close = () => {
      raw.destroy();
      if (stream !== raw) stream.destroy();
    };
    const read = async (): Promise<string | null> => {
      let next: IteratorResult<Buffer>;
      try {
        next = await input.next();
      } catch (cause) {
        close();
        throw new ClvkitError('IO_ERROR', `${part}: ${(cause as Error).message}`, { fn, file });
      }
      return next.done ? null : decoder.write(next.value);
    };
    // The header: the first record (it may be quoted), after a byte-order mark. Its line break sets the line
    // style (the general reader's: a first line break that is a lone CR makes every CR a line end).
    let buf = '';
    let eof = false;
    let breakChar = '\n';
    let end = -1;
    for (;;) {
      const quotes = buf.indexOf('"') >= 0;
      const lf = recordEnd(buf, 0, '\n', quotes);
      const cr = recordEnd(buf, 0, '\r', quotes);
      if (cr >= 0 && (lf < 0 || cr < lf) && (cr + 1 < buf.length || eof)) {
        breakChar = buf.charCodeAt(cr + 1) === 10 ? '\n' : '\r';
        end = breakChar === '\n' ? cr + 1 : cr;
        break;
      }
      if (lf >= 0 && (cr < 0 || lf < cr)) {
        end = lf;
        break;
      }
      if (eof) break;
      const more = await read();
      if (more === null) {
        buf += decoder.end();
        eof = true;
      } else buf += more;
    }
    let start = 0;
    if (buf.charCodeAt(0) === 0xfeff) start = 1;
    let stop = end < 0 ? buf.length : end;
    if (breakChar === '\n' && stop > start && buf.charCodeAt(stop - 1) === 13) stop--;
    const headerText = buf.slice(start, stop);
    if (headerText.trim() === '') {
      close();
      throw new ClvkitError('EMPTY_INPUT', `${part}: the file is empty`, { fn, file });
    }
    const header = splitRecord(headerText, 0, headerText.length, delimiter).map((h) => h.trim());
    const cursor = new CsvPartCursor(file, part, fn, delimiter, breakChar, headerText, end < 0 ? breakChar : buf.slice(stop, end + 1), input, decoder, close, {
      buf,
      pos: end < 0 ? buf.length : end + 1,
      line: 2 + countBreaks(buf, start, end < 0 ? buf.length : end, breakChar),
      header,
    });
    cursor.eof = eof;
    return cursor;
  }

  /** Look at records by the column `name` (the customer id, or a column read by {@link distinct}). */
  keyOn(name: string): void {
    this.keyAt = this.header.indexOf(name);
    if (this.keyAt < 0) {
      this.close();
      throw new ClvkitError('MISSING_COLUMN', `${this.part}: no column "${name}"`, { fn: this.fn, file: this.name, column: name });
    }
  }

  /** Release the file. */
  release(): void {
    this.close();
  }

  /** Append the next read to the text held (the text before `pos` dropped, the open chunk's records kept in `pieces`). */
  private async fill(): Promise<void> {
    if (this.eof) return;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.input.next();
    } catch (cause) {
      this.close();
      throw new ClvkitError('IO_ERROR', `${this.part}: ${(cause as Error).message}`, { fn: this.fn, file: this.name });
    }
    let more: string;
    if (next.done) {
      more = this.decoder.end();
      this.eof = true;
    } else more = this.decoder.write(next.value);
    if (this.chunkStart >= 0) {
      if (this.pos > this.chunkStart) this.pieces.push(this.buf.slice(this.chunkStart, this.pos));
      this.chunkStart = 0;
    }
    this.buf = this.buf.slice(this.pos) + more;
    this.pos = 0;
    this.nextQuote = -1;
  }

  /**
   * The key of the next record (null after the last), reading on when the text held ends mid-record. A key
   * before the last one taken is refused: the file is not sorted.
   *
   * @throws ClvkitError INVALID_VALUE (unsorted), IO_ERROR.
   */
  peek(): string | null | Promise<string | null> {
    if (this.recId !== undefined) return this.recId;
    for (;;) {
      const buf = this.buf;
      const pos = this.pos;
      if (pos >= buf.length) {
        if (this.eof) return (this.recId = null);
        return this.fill().then(() => this.peek());
      }
      if (this.nextQuote >= 0 && this.nextQuote < pos) this.nextQuote = -1;
      if (this.nextQuote < 0) {
        this.nextQuote = buf.indexOf('"', pos);
        if (this.nextQuote < 0) this.nextQuote = Number.MAX_SAFE_INTEGER;
      }
      let end = buf.indexOf(this.breakChar, pos);
      const quoted = this.nextQuote < (end < 0 ? buf.length : end);
      if (quoted) end = recordEnd(buf, pos, this.breakChar, true);
      if (end < 0) {
        if (!this.eof) return this.fill().then(() => this.peek());
        end = buf.length;
      }
      let stop = end;
      if (this.breakChar === '\n' && stop > pos && buf.charCodeAt(stop - 1) === 13) stop--;
      const breaks = quoted ? 1 + countBreaks(buf, pos, end, this.breakChar) : 1;
      if (stop === pos) {
        // A blank line: skipped (inside a chunk it stays in the chunk's text, keeping the lines).
        this.pos = end + 1;
        this.line += breaks;
        continue;
      }
      const id = quoted ? (splitRecord(buf, pos, stop, this.delimiter)[this.keyAt] ?? '') : this.field(buf, pos, stop);
      if (this.last !== null && id < this.last && this.sorted) {
        this.close();
        throw new ClvkitError(
          'INVALID_VALUE',
          `${this.part}: rows are not sorted by customer id ("${id}" on line ${this.line} after "${this.last}" on line ${this.lastLine}); sort the files by customer id ('clvkit sort-book', or sortBookCsv from clvkit/duckdb, writes a sorted copy of a book)`,
          { fn: this.fn, file: this.name, line: this.line, value: id, path: [this.part] },
        );
      }
      this.recStart = pos;
      this.recNext = end + 1;
      this.recLine = this.line;
      this.recBreaks = breaks;
      return (this.recId = id);
    }
  }

  /** Whether keys must not decrease (false while reading a column's distinct values). */
  private sorted = true;

  /** The key field of an unquoted record [s, stop): the last key is reused when equal (no new string). */
  private field(buf: string, s: number, stop: number): string {
    for (let k = 0; k < this.keyAt; k++) {
      const d = buf.indexOf(this.delimiter, s);
      if (d < 0 || d >= stop) return '';
      s = d + 1;
    }
    let e = buf.indexOf(this.delimiter, s);
    if (e < 0 || e > stop) e = stop;
    const last = this.last;
    if (last !== null && last.length === e - s && buf.startsWith(last, s)) return last;
    return buf.slice(s, e);
  }

  /** Step past the record looked at. */
  private consume(): void {
    this.pos = this.recNext;
    this.line += this.recBreaks;
    this.last = this.recId!;
    this.lastLine = this.recLine;
    this.recId = undefined;
  }

  /** Take every record of the customer `id` (the key looked at) into the chunk being cut. */
  take(id: string): void | Promise<void> {
    if (this.chunkStart < 0) {
      this.chunkStart = this.recStart;
      this.chunkLine = this.recLine;
    }
    for (;;) {
      this.consume();
      this.chunkRows++;
      const next = this.peek();
      if (next instanceof Promise) return next.then((k) => (k === id ? this.take(id) : undefined));
      if (next !== id) return;
    }
  }

  /** The chunk cut so far, as the header line and its records; the next chunk starts empty. */
  cut(): CsvChunkText {
    const upTo = this.recId === undefined || this.recId === null ? this.pos : this.recStart;
    const rows = this.chunkStart < 0 ? '' : this.pieces.join('') + this.buf.slice(this.chunkStart, upTo);
    const out = { text: `${this.headerText}${this.headerBreak}${rows}`, firstLine: this.chunkLine, rows: this.chunkRows };
    this.pieces = [];
    this.chunkStart = -1;
    this.chunkRows = 0;
    return out;
  }

  /** Every distinct value of the key column, reading the file to its end (no order required). */
  async distinct(): Promise<Set<string>> {
    this.sorted = false;
    const out = new Set<string>();
    try {
      for (;;) {
        let k = this.peek();
        if (k instanceof Promise) k = await k;
        if (k === null) return out;
        out.add(k);
        this.consume();
      }
    } finally {
      this.close();
    }
  }
}

/** End of the record starting at `pos` (the index of its line break), quotes respected when `quotes`; -1 when the text ends first. */
function recordEnd(buf: string, pos: number, breakChar: string, quotes: boolean): number {
  if (!quotes) return buf.indexOf(breakChar, pos);
  const b = breakChar.charCodeAt(0);
  let inside = false;
  for (let i = pos; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === QUOTE) inside = !inside;
    else if (c === b && !inside) return i;
  }
  return -1;
}

/** Line breaks in [s, e) (a quoted field may span lines). */
function countBreaks(buf: string, s: number, e: number, breakChar: string): number {
  let n = 0;
  for (let i = buf.indexOf(breakChar, s); i >= 0 && i < e; i = buf.indexOf(breakChar, i + 1)) n++;
  return n;
}

/** The fields of a record [s, stop), RFC 4180 quotes removed ("" inside quotes is one quote). */
function splitRecord(buf: string, s: number, stop: number, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let inside = false;
  const d = delimiter.charCodeAt(0);
  for (let i = s; i < stop; i++) {
    const c = buf.charCodeAt(i);
    if (inside) {
      if (c === QUOTE) {
        if (buf.charCodeAt(i + 1) === QUOTE) {
          field += '"';
          i++;
        } else inside = false;
      } else field += buf[i];
    } else if (c === QUOTE) inside = true;
    else if (c === d) {
      out.push(field);
      field = '';
    } else field += buf[i];
  }
  out.push(field);
  return out;
}
