import { isUtf8 } from 'node:buffer';
import { parse, type CsvError, type Options as CsvParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { finished } from 'node:stream/promises';
import { ClvkitError } from '../errors.js';
import { DEFAULT_MAX_RECORD_LENGTH } from './ingest-options.js';
import { LineTracker } from './line-tracker.js';

export { LineTracker } from './line-tracker.js';

/**
 * Records parsed from one or more chunks, stored flat (no array per record): record r has fields
 * `recordField[r] .. recordField[r + 1] - 1`; field f is `text.slice(fieldStart[f], fieldEnd[f])`,
 * or `values[f]` when the batch came from csv-parse (then `text` is empty). `lines[r]` is the
 * 1-based file line record r starts on (a quoted field may carry it over several lines).
 */
export interface CsvBatch {
  text: string;
  values: string[] | undefined;
  readonly fieldStart: number[];
  readonly fieldEnd: number[];
  readonly recordField: number[];
  readonly lines: number[];
}

/** An empty batch to append records to. */
export function newBatch(): CsvBatch {
  return { text: '', values: undefined, fieldStart: [], fieldEnd: [], recordField: [0], lines: [] };
}

/** Number of records in a batch. */
export function batchSize(batch: CsvBatch): number {
  return batch.lines.length;
}

/** The fields of record r as strings (for headers and rejected rows). */
export function recordFields(batch: CsvBatch, r: number): string[] {
  const out: string[] = [];
  for (let f = batch.recordField[r]!; f < batch.recordField[r + 1]!; f++) out.push(fieldText(batch, f));
  return out;
}

/** Field f of a batch as a string. */
export function fieldText(batch: CsvBatch, f: number): string {
  return batch.values !== undefined ? batch.values[f]! : batch.text.slice(batch.fieldStart[f], batch.fieldEnd[f]);
}

function appendRecord(batch: CsvBatch, record: string[], line: number): void {
  const values = (batch.values ??= []);
  for (let i = 0; i < record.length; i++) {
    batch.fieldStart.push(0);
    batch.fieldEnd.push(record[i]!.length);
    values.push(record[i]!);
  }
  batch.recordField.push(values.length);
  batch.lines.push(line);
}

/** The CSV dialect shared by every reader. */
export interface CsvDialect {
  readonly delimiter: string;
  readonly quote: string;
  readonly fn: string;
  readonly file?: string;
  /** Longest record in characters (default DEFAULT_MAX_RECORD_LENGTH): longer is CSV_PARSE. */
  readonly maxRecordLength?: number;
}

/** The CSV_PARSE error of a record longer than the limit. */
function recordTooLong(dialect: CsvDialect, line: number): ClvkitError {
  return new ClvkitError('CSV_PARSE', `a record longer than ${maxRecord(dialect)} characters (option maxRecordLength): not a CSV line`, {
    fn: dialect.fn,
    ...(dialect.file !== undefined ? { file: dialect.file } : {}),
    line,
  });
}

function maxRecord(dialect: CsvDialect): number {
  return dialect.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
}

/**
 * How lines end. `'lf'`: a line ends at '\n' (a '\r' before it is dropped; a lone '\r' is data,
 * as in the fast path). `'cr'`: a file whose first line break is a lone '\r' (old Mac exports);
 * then '\r\n', '\n' and a lone '\r' all end a line.
 */
export type LineStyle = 'lf' | 'cr';

/**
 * The line style from the first line break of the input, or undefined while it is not known yet
 * (no line break so far, or a '\r' that is the last byte seen).
 */
export function lineStyleOf(data: Uint8Array | string): LineStyle | undefined {
  const cr = typeof data === 'string' ? data.indexOf('\r') : data.indexOf(13);
  const lf = typeof data === 'string' ? data.indexOf('\n') : data.indexOf(10);
  if (cr < 0) return lf < 0 ? undefined : 'lf';
  if (lf >= 0 && lf < cr) return 'lf';
  if (cr + 1 >= data.length) return undefined;
  return lf === cr + 1 ? 'lf' : 'cr';
}

function parserOptions(dialect: CsvDialect, style: LineStyle, tracker: LineTracker, sink: (record: string[], line: number) => void): CsvParseOptions {
  return {
    delimiter: dialect.delimiter,
    quote: dialect.quote,
    // Fixed record delimiters (no auto-detection from the first line break csv-parse sees), so that
    // a file mixing LF and CRLF lines keeps its row boundaries, as in the fast path.
    record_delimiter: style === 'cr' ? ['\r\n', '\n', '\r'] : ['\r\n', '\n'],
    bom: true,
    // Rows with the wrong number of fields are checked (and rejected or thrown) by the readers.
    relax_column_count: true,
    skip_empty_lines: true,
    cast: false,
    max_record_size: maxRecord(dialect),
    on_record: (record: string[], context: { bytes: number }) => {
      sink(record, tracker.recordLine(context.bytes));
      return null;
    },
  };
}

/**
 * csv-parse's error as a CSV_PARSE ClvkitError carrying the file line. csv-parse counts lines from
 * where it took over (`lineOffset` lines into the file): the line numbers in its message are
 * rewritten as file lines. For a quote that is never closed, the line is where the quote opened
 * (from `tracker`), and `endLine` where the input ended.
 */
export function csvParseError(error: unknown, dialect: CsvDialect, lineOffset = 0, tracker?: LineTracker): ClvkitError {
  if (error instanceof ClvkitError) return error;
  const e = error as Partial<CsvError> & { lines?: number; message?: string };
  const where = { fn: dialect.fn, ...(dialect.file !== undefined ? { file: dialect.file } : {}) };
  const endLine = typeof e.lines === 'number' ? e.lines + lineOffset : undefined;
  const opened = tracker?.openQuoteLine;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED' && opened !== undefined) {
    return new ClvkitError('CSV_PARSE', 'malformed CSV: Quote Not Closed: a quoted field opens on this line and is never closed', {
      ...where,
      line: opened,
      endLine: tracker!.lastLine,
      csvCode: e.code,
    });
  }
  const text = (e.message ?? String(error)).replace(/\b(at|on) line (\d+)/g, (_, word: string, n: string) => `${word} line ${Number(n) + lineOffset}`);
  return new ClvkitError('CSV_PARSE', `malformed CSV: ${text}`, {
    ...where,
    ...(endLine !== undefined ? { line: endLine } : {}),
    csvCode: e.code,
  });
}

/** Offset of the first byte that is not part of valid UTF-8 (slow path, only after isUtf8 failed). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if ((c & 0xc0) !== 0x80) return i;
    }
    // Overlongs and surrogates: let TextDecoder decide for this one sequence.
    if (n >= 2) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + n + 1));
      } catch {
        return i;
      }
    }
    i += n + 1;
  }
  return bytes.length;
}

/** Length of an incomplete UTF-8 sequence at the end of `bytes` (0..3), to carry to the next chunk. */
function incompleteTail(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

function newlinesIn(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) n++;
  return n;
}

/**
 * The fast path for the common case, unquoted lines: split complete lines on '\n' (a trailing '\r'
 * dropped) and fields on the delimiter with native string methods. Blank lines are skipped, as
 * csv-parse's `skip_empty_lines` does. Returns the next line number.
 */
function splitLines(text: string, dialect: CsvDialect, firstLine: number, batch: CsvBatch): number {
  const delimiter = dialect.delimiter;
  const max = maxRecord(dialect);
  let line = firstLine;
  let start = 0;
  const n = text.length;
  const { fieldStart, fieldEnd, recordField, lines } = batch;
  batch.text = text;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    if (stop - start > max) throw recordTooLong(dialect, line);
    if (stop > start) {
      let s = start;
      for (;;) {
        const d = text.indexOf(delimiter, s);
        if (d < 0 || d >= stop) {
          fieldStart.push(s);
          fieldEnd.push(stop);
          break;
        }
        fieldStart.push(s);
        fieldEnd.push(d);
        s = d + 1;
      }
      recordField.push(fieldStart.length);
      lines.push(line);
    }
    line++;
    start = end + 1;
  }
  return line;
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Stream CSV chunks and yield the records in batches with their line numbers.
 *
 * The line style is fixed by the first line break of the input (see {@link LineStyle}), whatever
 * the chunk boundaries. Lines are split by a fast path (native string split) as long as the input
 * has no quote character and ends its first line with '\n'; from the first line that contains a
 * quote (or from the start, for a lone-'\r' file) the rest of the input goes through csv-parse (its
 * stream `parse()`, fed chunk by chunk, line numbers offset), which handles quoted fields, embedded
 * delimiters and newlines, and reports malformed CSV. Both give the same records for unquoted
 * input, with LF, CRLF or mixed LF/CRLF line ends. Bytes are checked to be UTF-8 first (invalid
 * bytes would otherwise turn silently into U+FFFD). Throws CSV_PARSE for malformed CSV or encoding.
 */
export async function* csvBatches(chunks: AsyncIterable<string | Uint8Array>, dialect: CsvDialect, onBytes?: (n: number) => void): AsyncGenerator<CsvBatch> {
  let ready: CsvBatch[] = [];
  let current = newBatch();
  /** The batch the fast path writes to: a fresh one (one text per batch). */
  const fastBatch = (): CsvBatch => {
    if (batchSize(current) > 0) ready.push(current);
    if (batchSize(current) > 0 || current.text !== '') current = newBatch();
    return current;
  };
  const parseSink = (record: string[], l: number): void => {
    if (current.values === undefined && batchSize(current) > 0) {
      ready.push(current);
      current = newBatch();
    }
    appendRecord(current, record, l);
  };
  const quote = dialect.quote.charCodeAt(0);
  let fast = true;
  /** Bytes held until the first line break tells the line style. */
  let head: Uint8Array | undefined;
  let style: LineStyle | undefined;
  let line = 1; // next line number of the fast path
  let offset = 0; // lines before csv-parse's first line
  let pending: Uint8Array | undefined;
  let parser: ReturnType<typeof parse> | undefined;
  let tracker: LineTracker | undefined;
  const startParser = (firstLine: number, lineStyle: LineStyle): ReturnType<typeof parse> => {
    offset = firstLine - 1;
    const t = new LineTracker(firstLine, quote, lineStyle);
    tracker = t;
    const p = parse(parserOptions(dialect, lineStyle, t, parseSink));
    p.on('error', () => {}); // read synchronously from p.errored below
    return p;
  };
  /** Feed valid UTF-8 bytes (`end`: no more input, decide the line style now); returns a CSV_PARSE error if csv-parse failed. */
  const feed = (input: Uint8Array, end = false): ClvkitError | undefined => {
    let bytes = input;
    if (style === undefined) {
      const data = head === undefined ? bytes : Buffer.concat([head, bytes]);
      const found = lineStyleOf(data) ?? (end ? 'lf' : undefined);
      if (found === undefined) {
        if (data.length > 4 * maxRecord(dialect)) throw recordTooLong(dialect, 1);
        head = data;
        return undefined;
      }
      head = undefined;
      style = found;
      bytes = data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2] ? data.subarray(3) : data;
      if (style === 'cr') {
        fast = false;
        parser = startParser(1, style);
      }
    }
    if (fast) {
      const data = pending === undefined ? bytes : Buffer.concat([pending, bytes]);
      pending = undefined;
      const q = data.indexOf(quote);
      const limit = (q >= 0 ? data.lastIndexOf(10, q) : data.lastIndexOf(10)) + 1;
      if (limit > 0) line = splitLines(Buffer.from(data.buffer, data.byteOffset, limit).toString('utf8'), dialect, line, fastBatch());
      if (q < 0) {
        if (limit < data.length) pending = Uint8Array.prototype.slice.call(data, limit);
        if (pending !== undefined && pending.length > 4 * maxRecord(dialect)) throw recordTooLong(dialect, line);
        if (end && pending !== undefined) {
          line = splitLines(Buffer.from(pending).toString('utf8'), dialect, line, fastBatch());
          pending = undefined;
        }
        return undefined;
      }
      fast = false;
      parser = startParser(line, style);
      bytes = data.subarray(limit);
    }
    tracker!.feed(bytes);
    parser!.write(bytes);
    return parser!.errored ? csvParseError(parser!.errored, dialect, offset, tracker) : undefined;
  };
  /** File line of the next byte to be fed. */
  const where = (): number => {
    if (style === undefined) return 1 + (head === undefined ? 0 : newlinesIn(head, head.length));
    if (fast) return line + (pending === undefined ? 0 : newlinesIn(pending, pending.length));
    return tracker!.line;
  };
  let carry: Uint8Array | undefined;
  let failure: ClvkitError | undefined;
  const take = (): CsvBatch[] => {
    if (batchSize(current) > 0) {
      ready.push(current);
      current = newBatch();
    }
    const out = ready;
    ready = [];
    return out;
  };
  let index = 0;
  for await (const chunk of chunks) {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      // A stream in object mode or an async source mixing text with something else (a number, an
      // object after text chunks): say so, instead of Buffer.from's TypeError.
      throw new ClvkitError(
        'INVALID_VALUE',
        `a CSV source yielded ${chunk === null ? 'null' : typeof chunk} at chunk ${index}; expected strings or Uint8Array/Buffer chunks`,
        {
          fn: dialect.fn,
          ...(dialect.file !== undefined ? { file: dialect.file } : {}),
          index,
        },
      );
    }
    index++;
    let bytes: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    onBytes?.(bytes.length);
    if (typeof chunk !== 'string') {
      if (carry !== undefined) {
        bytes = Buffer.concat([carry, bytes]);
        carry = undefined;
      }
      const tail = incompleteTail(bytes);
      if (tail > 0) {
        carry = bytes.slice(bytes.length - tail);
        bytes = bytes.subarray(0, bytes.length - tail);
      }
      if (!isUtf8(bytes)) {
        const bad = firstInvalidUtf8(bytes);
        failure = feed(bytes.subarray(0, bad));
        const at = where();
        failure ??= new ClvkitError('CSV_PARSE', 'invalid UTF-8 byte sequence', {
          fn: dialect.fn,
          ...(dialect.file !== undefined ? { file: dialect.file } : {}),
          line: at,
          byte: bytes[bad],
        });
        break;
      }
    }
    failure = feed(bytes);
    if (failure !== undefined) break;
    for (const batch of take()) yield batch;
  }
  if (failure === undefined) {
    if (carry !== undefined) {
      failure = new ClvkitError('CSV_PARSE', 'invalid UTF-8: truncated multi-byte sequence at end of input', {
        fn: dialect.fn,
        ...(dialect.file !== undefined ? { file: dialect.file } : {}),
        line: where(),
      });
    } else {
      failure = feed(new Uint8Array(0), true);
      if (failure === undefined && !fast) {
        const p = parser!;
        p.end();
        p.resume();
        try {
          await finished(p);
        } catch (error) {
          failure = csvParseError(error, dialect, offset, tracker);
        }
      }
    }
  }
  for (const batch of take()) yield batch;
  parser?.destroy();
  if (failure !== undefined) throw failure;
}

/** The synchronous twin of {@link csvBatches} for CSV text in memory (fast path, then csv-parse/sync). */
export function csvBatchSync(input: string, dialect: CsvDialect): CsvBatch[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const style = lineStyleOf(text) ?? 'lf';
  const q = style === 'cr' ? 0 : text.indexOf(dialect.quote);
  const limit = q < 0 ? text.length : q === 0 ? 0 : text.lastIndexOf('\n', q) + 1;
  const fast = newBatch();
  const line = splitLines(text.slice(0, limit), dialect, 1, fast);
  if (q < 0) return [fast];
  const offset = line - 1;
  const rest = newBatch();
  const tail = text.slice(limit);
  const tracker = new LineTracker(line, dialect.quote.charCodeAt(0), style);
  const bytes = Buffer.from(tail, 'utf8');
  tracker.feed(bytes);
  try {
    parseSync(
      bytes,
      parserOptions(dialect, style, tracker, (record, l) => appendRecord(rest, record, l)),
    );
  } catch (error) {
    throw csvParseError(error, dialect, offset, tracker);
  }
  return batchSize(fast) > 0 ? [fast, rest] : [rest];
}
