import type { LineStyle } from './csv-batches.js';

/**
 * Physical lines and quote state of the bytes handed to csv-parse, counted the way the fast path
 * counts them: a line ends at '\n' or '\r\n' (with the 'cr' style also at a lone '\r'). csv-parse's
 * own count differs (it counts every '\r' and '\n', so '\r\n' inside a quoted field twice, and a
 * record is numbered by its last line), so the tracker gives each record the file line it starts
 * on (from csv-parse's byte offset of the record's end), the line of an invalid byte found between
 * two chunks, and the line where a quote that is never closed was opened.
 */
export class LineTracker {
  /** Line breaks seen so far. */
  breaks = 0;
  /** Bytes fed so far. */
  private fed = 0;
  /** Per line break not yet passed by a record: offset of its first byte and of the next line. */
  private breakStart: number[] = [];
  private nextStart: number[] = [];
  /** Index of the first break not yet passed by a record. */
  private head = 0;
  /** Breaks passed by records (and blank lines) so far, and where the line after the last one starts. */
  private passed = 0;
  private lineStart = 0;
  /** Count of line breaks before the last opening quote. */
  private openBreaks = -1;
  private inQuote = false;
  private justClosed = false;
  private prevCr = false;

  constructor(
    /** File line of the first byte fed. */
    readonly firstLine: number,
    private readonly quote: number,
    private readonly style: LineStyle,
  ) {}

  feed(bytes: Uint8Array): void {
    const q = this.quote;
    const bare = this.style === 'cr';
    if (this.head > 4096) {
      this.breakStart = this.breakStart.slice(this.head);
      this.nextStart = this.nextStart.slice(this.head);
      this.head = 0;
    }
    const { breakStart, nextStart } = this;
    let { breaks, inQuote, justClosed, prevCr, openBreaks } = this;
    const base = this.fed;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === q) {
        if (inQuote) {
          inQuote = false;
          justClosed = true;
        } else {
          inQuote = true;
          // A doubled quote inside a quoted field reopens it: the field still opened where it did.
          if (!justClosed) openBreaks = breaks;
          justClosed = false;
        }
      } else {
        justClosed = false;
        if (b === 10) {
          if (bare && prevCr)
            nextStart[nextStart.length - 1] = base + i + 1; // '\r\n': one break
          else {
            breaks++;
            breakStart.push(prevCr ? base + i - 1 : base + i);
            nextStart.push(base + i + 1);
          }
        } else if (b === 13 && bare) {
          breaks++;
          breakStart.push(base + i);
          nextStart.push(base + i + 1);
        }
      }
      prevCr = b === 13;
    }
    this.fed += bytes.length;
    Object.assign(this, { breaks, inQuote, justClosed, prevCr, openBreaks });
  }

  /**
   * The file line a record starts on, given csv-parse's byte offset just past the record (past
   * its record delimiter). Records must be given in order: blank lines before the record are
   * skipped, as csv-parse skips them.
   */
  recordLine(endOffset: number): number {
    const { breakStart, nextStart } = this;
    let h = this.head;
    let start = this.lineStart;
    const n = nextStart.length;
    while (h < n && breakStart[h] === start) start = nextStart[h++]!;
    const line = this.firstLine + this.passed + (h - this.head);
    while (h < n && nextStart[h]! <= endOffset) start = nextStart[h++]!;
    this.passed += h - this.head;
    this.head = h;
    this.lineStart = start;
    return line;
  }

  /** File line of the next byte to be fed. */
  get line(): number {
    return this.firstLine + this.breaks;
  }

  /** File line of the last byte fed. */
  get lastLine(): number {
    return this.line - (this.fed > 0 && this.nextStart[this.nextStart.length - 1] === this.fed ? 1 : 0);
  }

  /** File line of the last opening quote, when a quoted field is open. */
  get openQuoteLine(): number | undefined {
    return this.inQuote && this.openBreaks >= 0 ? this.firstLine + this.openBreaks : undefined;
  }
}
