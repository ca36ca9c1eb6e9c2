import { createReadStream, existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { ClvkitError } from '../errors.js';
import { quoteDouble, sqlString } from '../sql/sql-dialect.js';
import { loadDuckDb } from '../duckdb/load-duckdb.js';
import type { IngestSource } from '../io/ingest-source.js';

/** The source fields of a spec part (see book-spec.ts). */
export interface SourceSpec {
  readonly path?: string | undefined;
  readonly duckdb?: { readonly database: string; readonly table?: string | undefined; readonly query?: string | undefined } | undefined;
  readonly postgres?: { readonly connectionString: string; readonly table?: string | undefined; readonly query?: string | undefined } | undefined;
  readonly delimiter?: ',' | ';' | '\t' | '|' | undefined;
  readonly decimal?: '.' | ',' | undefined;
  readonly thousands?: ',' | '.' | ' ' | "'" | '_' | undefined;
  readonly dateFormat?: string | undefined;
}

/** An opened source: where it is (for messages), its column names, and how to read it. Internal. */
export interface OpenedSource {
  /** File path or a description such as `postgres:public.balances`. */
  readonly name: string;
  readonly header: readonly string[];
  /** What readTable / readTransactions open (the bytes of standard input, read once). */
  readonly source: IngestSource | Uint8Array;
  /** A CSV with a header line (line 1), so that the first row is line 2; false for database rows (row 1 is the first). */
  readonly csv: boolean;
  /** Reader options of the source (dialect, display name). */
  readonly dialect: {
    readonly file: string;
    readonly delimiter?: ',' | ';' | '\t' | '|';
    readonly decimal?: '.' | ',';
    readonly thousands?: ',' | '.' | ' ' | "'" | '_';
    readonly dateFormat?: string;
  };
}

/** A part named in messages: `snapshots.columns.deposits`, say. */
function missingFile(path: string, part: string, fn: string): ClvkitError {
  return new ClvkitError('IO_ERROR', `${part}: file not found`, { fn, file: path, path: [part, 'path'] });
}

/** The first line of a CSV file (decompressed for `.gz`), split on the delimiter (quotes stripped). */
async function csvHeader(path: string, delimiter: string): Promise<string[]> {
  const raw = createReadStream(path);
  const stream = /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw;
  let text = '';
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8');
      if (text.includes('\n') || text.length > 1 << 20) break;
    }
  } finally {
    raw.destroy();
  }
  return headerOf(text, delimiter);
}

/** The header names of CSV text: its first line split on the delimiter (BOM and quotes stripped). */
function headerOf(text: string, delimiter: string): string[] {
  const line = text.split(/\r?\n/, 1)[0]!.replace(/^\uFEFF/, '');
  return line.split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

/** The path that names standard input in a spec (the CLI's `-`). */
export const STDIN_PATH = '-';
/** How messages name standard input. */
export const STDIN_NAME = '<stdin>';

/** A stream a part with `path: '-'` reads: a Node Readable or an async iterable of text or byte chunks. */
export type StdinSource = AsyncIterable<string | Uint8Array>;

/** Every chunk of a stream, as one buffer (standard input is read once, then parsed like a file). */
async function readAll(stream: StdinSource, fn: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  } catch (cause) {
    throw new ClvkitError('IO_ERROR', `cannot read standard input: ${(cause as Error).message}`, { fn, file: STDIN_NAME });
  }
  return Buffer.concat(chunks);
}

/** The reader options of a CSV part. Internal (readBook, streamBook). */
export function csvDialect(file: string, delimiter: ',' | ';' | '\t' | '|', spec: SourceSpec): OpenedSource['dialect'] {
  return {
    file,
    delimiter,
    ...(spec.decimal !== undefined ? { decimal: spec.decimal } : {}),
    ...(spec.thousands !== undefined ? { thousands: spec.thousands } : {}),
    ...(spec.dateFormat !== undefined ? { dateFormat: spec.dateFormat } : {}),
  };
}

/** Plain string cells from database values (dates as ISO, NULL as empty: an error in required numeric columns). */
function cell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** Database rows as a source of the table readers (values as plain cells; row k is line k). Internal (readBook, streamBook). */
export function rowsSource(name: string, rows: readonly Record<string, unknown>[], header: readonly string[], dialect: SourceSpec, fn: string): OpenedSource {
  const clean = rows.map((r) => {
    const out: Record<string, string | number> = {};
    for (const k of header) out[k] = cell(r[k]);
    return out;
  });
  void fn;
  return { name, header, source: clean, csv: false, dialect: { file: name, ...(dialect.dateFormat !== undefined ? { dateFormat: dialect.dateFormat } : {}) } };
}

/** Rows of a DuckDB table or query (every column cast to text, so dates and decimals read as the CSV reader would). */
async function duckDbRows(database: string, sql: string, fn: string): Promise<{ header: string[]; rows: Record<string, unknown>[] }> {
  const duck = await loadDuckDb(fn);
  const instance = await duck.DuckDBInstance.create(database, database === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM (${sql})`);
    return { header: reader.columnNames(), rows: reader.getRowObjectsJS() as Record<string, unknown>[] };
  } catch (cause) {
    throw new ClvkitError('IO_ERROR', `DuckDB: ${(cause as Error).message}`, { fn, file: database });
  } finally {
    connection.closeSync();
  }
}

/** Rows of a PostgreSQL table or query, every value as the server's text (no time-zone conversion). */
async function postgresRows(connectionString: string, sql: string, fn: string): Promise<{ header: string[]; rows: Record<string, unknown>[] }> {
  let pg: {
    Client: new (
      o: unknown,
    ) => { connect(): Promise<void>; query(q: unknown): Promise<{ fields: { name: string }[]; rows: Record<string, unknown>[] }>; end(): Promise<void> };
  };
  try {
    pg = (await import(/* @vite-ignore */ 'pg' as string)) as typeof pg;
    pg = (pg as unknown as { default?: typeof pg }).default ?? pg;
  } catch {
    throw new ClvkitError('MISSING_DEPENDENCY', 'reading PostgreSQL needs the pg package: npm install pg', { fn });
  }
  const client = new pg.Client({ connectionString, types: { getTypeParser: () => (v: string) => v } });
  try {
    await client.connect();
    const result = await client.query({ text: sql });
    return { header: result.fields.map((f) => f.name), rows: result.rows };
  } catch (cause) {
    throw new ClvkitError('IO_ERROR', `PostgreSQL: ${(cause as Error).message}`, { fn });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A SQL identifier, quoted (a dotted name is schema.table). */
export function quoteIdentifier(name: string): string {
  return name.split('.').map(quoteDouble).join('.');
}

/**
 * Open one part's source: a CSV (or `.csv.gz`) file read by clvkit, a Parquet file or DuckDB table/query
 * read through DuckDB, or a PostgreSQL table/query. Internal to readBook.
 * @throws ClvkitError IO_ERROR (missing file, database error), MISSING_DEPENDENCY (DuckDB or pg absent).
 */
export async function openSource(spec: SourceSpec, part: string, baseDir: string, fn: string, stdin?: StdinSource): Promise<OpenedSource> {
  if (spec.path === STDIN_PATH) {
    if (stdin === undefined)
      throw new ClvkitError('INVALID_OPTIONS', `${part}: path "-" reads standard input; pass the stream as the stdin option`, { fn, path: [part, 'path'] });
    const bytes = await readAll(stdin, fn);
    const delimiter = spec.delimiter ?? ',';
    return {
      name: STDIN_NAME,
      header: headerOf(bytes.toString('utf8', 0, Math.min(bytes.length, 1 << 20)), delimiter),
      source: bytes,
      csv: true,
      dialect: csvDialect(STDIN_NAME, delimiter, spec),
    };
  }
  if (spec.path !== undefined) {
    const path = isAbsolute(spec.path) ? spec.path : resolve(baseDir, spec.path);
    if (!existsSync(path) || !statSync(path).isFile()) throw missingFile(path, part, fn);
    if (/\.parquet$/i.test(path)) {
      const { header, rows } = await duckDbRows(':memory:', `SELECT * FROM read_parquet(${sqlString(path)})`, fn);
      return rowsSource(path, rows, header, spec, fn);
    }
    const delimiter = spec.delimiter ?? ',';
    const header = await csvHeader(path, delimiter);
    return { name: path, header, source: path, csv: true, dialect: csvDialect(path, delimiter, spec) };
  }
  if (spec.duckdb !== undefined) {
    const d = spec.duckdb;
    const database = d.database === ':memory:' || isAbsolute(d.database) ? d.database : resolve(baseDir, d.database);
    if (database !== ':memory:' && !existsSync(database)) throw missingFile(database, part, fn);
    const sql = d.query ?? `SELECT * FROM ${quoteIdentifier(d.table!)}`;
    const { header, rows } = await duckDbRows(database, sql, fn);
    return rowsSource(`${database}:${d.table ?? 'query'}`, rows, header, spec, fn);
  }
  const p = spec.postgres!;
  const sql = p.query ?? `SELECT * FROM ${quoteIdentifier(p.table!)}`;
  const { header, rows } = await postgresRows(p.connectionString, sql, fn);
  return rowsSource(`postgres:${p.table ?? 'query'}`, rows, header, spec, fn);
}
