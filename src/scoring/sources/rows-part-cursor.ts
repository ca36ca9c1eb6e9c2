import { ClvkitError } from '../../errors.js';
import type { PartRow, PartRows } from './part-rows.js';

/** The rows of one chunk of a database part: each row's cells and its row number in the ordered result. Internal. */
export interface RowsChunk {
  readonly cells: (readonly (string | null)[])[];
  readonly lines: number[];
}

/**
 * A database part (Parquet, DuckDB, PostgreSQL) ordered by customer id, read forward row by row, with the rows
 * of whole customers collected per chunk: streamBook's reader for database parts. Internal.
 */
export class RowsPartCursor {
  private head: PartRow | null | undefined = undefined;
  private last: string | null = null;
  private lastLine = 0;
  private chunk: RowsChunk = { cells: [], lines: [] };

  constructor(
    readonly part: string,
    readonly rows: PartRows,
    private readonly idAt: number,
    private readonly fn: string,
  ) {}

  get name(): string {
    return this.rows.name;
  }

  get header(): readonly string[] {
    return this.rows.header;
  }

  /** Read the next row into `head`, checking the order (a database's collation may differ from the merge's). */
  private async advance(): Promise<void> {
    const next = await this.rows.rows.next();
    this.head = next.done ? null : next.value;
    if (this.head === null) return;
    const id = this.head.cells[this.idAt] ?? '';
    if (this.last !== null && id < this.last) {
      await this.release();
      throw new ClvkitError(
        'INVALID_VALUE',
        `${this.part}: rows are not sorted by customer id ("${id}" on row ${this.head.line} after "${this.last}" on row ${this.lastLine}); the database's order by customer id differs from plain string order`,
        { fn: this.fn, file: this.rows.name, line: this.head.line, value: id, path: [this.part] },
      );
    }
    this.last = id;
    this.lastLine = this.head.line;
  }

  /** The customer id of the next row (null after the last). */
  peek(): string | null | Promise<string | null> {
    if (this.head === undefined) return this.advance().then(() => this.peek());
    return this.head === null ? null : (this.head.cells[this.idAt] ?? '');
  }

  /** Take every row of the customer `id` (the id looked at) into the chunk. */
  async take(id: string): Promise<void> {
    while (this.head !== null && this.head !== undefined && (this.head.cells[this.idAt] ?? '') === id) {
      this.chunk.cells.push(this.head.cells);
      this.chunk.lines.push(this.head.line);
      await this.advance();
    }
  }

  /** The chunk's rows; the next chunk starts empty. */
  cut(): RowsChunk {
    const out = this.chunk;
    this.chunk = { cells: [], lines: [] };
    return out;
  }

  /** Release the connection. */
  async release(): Promise<void> {
    await this.rows.rows.return?.(undefined);
  }
}
