import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadDuckDb } from '../../duckdb/load-duckdb.js';
import { ClvkitError } from '../../errors.js';
import { quoteIdentifier } from '../../book/read-source-table.js';
import { sqlString } from '../../sql/sql-dialect.js';
import { CsvPartCursor } from './csv-part-cursor.js';

/** Where one part of a book is read from (the source fields of a book spec part). Internal. */
export interface PartSource {
  readonly path?: string | undefined;
  readonly duckdb?: { readonly database: string; readonly table?: string | undefined; readonly query?: string | undefined } | undefined;
  readonly postgres?: { readonly connectionString: string; readonly table?: string | undefined; readonly query?: string | undefined } | undefined;
  readonly delimiter?: ',' | ';' | '\t' | '|' | undefined;
}

/** One row of a part: its cells as text (null for SQL NULL, an empty CSV field is '') and its line (files) or row number. */
export interface PartRow {
  readonly cells: readonly (string | null)[];
  readonly line: number;
}

/** A part opened for streaming: its name for messages, its header, and its rows in order. */
export interface PartRows {
  readonly name: string;
  readonly header: readonly string[];
  /** Rows in order (files: as written; databases: ordered by `orderBy`). Closing the iterator releases the source. */
  readonly rows: AsyncIterableIterator<PartRow>;
}

/** DuckDB's memory limit per streamed part (its sort spills to disk beyond it). */
const DUCKDB_MEMORY = '256MB';

/** Rows fetched per database round trip (DuckDB hands over its own chunks of 2,048). */
const FETCH_ROWS = 10_000;

/** The SQL of a DuckDB or Parquet part and the database it runs in. */
function duckDbSql(src: PartSource, baseDir: string, fn: string, part: string): { database: string; sql: string; name: string } {
  if (src.path !== undefined) {
    const path = isAbsolute(src.path) ? src.path : resolve(baseDir, src.path);
    return { database: ':memory:', sql: `SELECT * FROM read_parquet(${sqlString(path)})`, name: path };
  }
  const d = src.duckdb!;
  const database = d.database === ':memory:' || isAbsolute(d.database) ? d.database : resolve(baseDir, d.database);
  if (database !== ':memory:' && !existsSync(database))
    throw new ClvkitError('IO_ERROR', `${part}: file not found`, { fn, file: database, path: [part, 'duckdb'] });
  return { database, sql: d.query ?? `SELECT * FROM ${quoteIdentifier(d.table!)}`, name: `${database}:${d.table ?? 'query'}` };
}

/** Whether a part is a CSV file read by clvkit (not Parquet, not a database). */
export function isCsvPart(src: PartSource): boolean {
  return src.path !== undefined && !/\.parquet$/i.test(src.path);
}

/**
 * Stream a DuckDB table or query, or a Parquet file through DuckDB, every column cast to text (as readBook
 * reads them), ordered by `orderBy` — fetched chunk by chunk, never all at once.
 *
 * @throws ClvkitError MISSING_DEPENDENCY, IO_ERROR (a database error).
 */
async function duckDbRows(src: PartSource, baseDir: string, fn: string, part: string, orderBy: readonly string[]): Promise<PartRows> {
  const { database, sql, name } = duckDbSql(src, baseDir, fn, part);
  const duck = await loadDuckDb(fn);
  // Bounded memory: DuckDB's ORDER BY spills to a temporary folder beyond DUCKDB_MEMORY (its default limit is 80 % of RAM).
  const temp = mkdtempSync(join(tmpdir(), 'clvkit-stream-duckdb-'));
  const config: Record<string, string> = { memory_limit: DUCKDB_MEMORY, temp_directory: temp };
  if (database !== ':memory:') config.access_mode = 'READ_ONLY';
  const instance = await duck.DuckDBInstance.create(database, config);
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
    rmSync(temp, { recursive: true, force: true });
  };
  let result: Awaited<ReturnType<typeof connection.stream>>;
  try {
    result = await connection.stream(`SELECT COLUMNS(*)::VARCHAR FROM (${sql}) ORDER BY ${orderBy.map(quoteIdentifier).join(', ')}`);
  } catch (cause) {
    close();
    throw new ClvkitError('IO_ERROR', `${part}: DuckDB: ${(cause as Error).message}`, { fn, file: name });
  }
  const header = result.columnNames();
  async function* rows(): AsyncGenerator<PartRow> {
    let line = 0;
    try {
      while (true) {
        let chunk: Awaited<ReturnType<typeof result.fetchChunk>>;
        try {
          chunk = await result.fetchChunk();
        } catch (cause) {
          throw new ClvkitError('IO_ERROR', `${part}: DuckDB: ${(cause as Error).message}`, { fn, file: name });
        }
        if (chunk === null || chunk.rowCount === 0) return;
        for (const row of chunk.getRows()) yield { cells: row.map((v) => (v === null ? null : String(v))), line: ++line };
      }
    } finally {
      close();
    }
  }
  return { name, header, rows: rows() };
}

type PgClient = {
  connect(): Promise<void>;
  query(q: unknown): Promise<{ fields: { name: string }[]; rows: unknown[][] }>;
  end(): Promise<void>;
};

/**
 * Stream a PostgreSQL table or query through a server-side cursor (`DECLARE … NO SCROLL CURSOR`, `FETCH
 * 10000`) in a read-only transaction, ordered by `orderBy` in byte order (`COLLATE "C"`, the order the merge
 * expects), every value as the server's text.
 *
 * @throws ClvkitError MISSING_DEPENDENCY (no pg), IO_ERROR (a server error).
 */
async function postgresRows(src: PartSource, fn: string, part: string, orderBy: readonly string[]): Promise<PartRows> {
  let pg: { Client: new (o: unknown) => PgClient };
  try {
    pg = (await import(/* @vite-ignore */ 'pg' as string)) as typeof pg;
    pg = (pg as unknown as { default?: typeof pg }).default ?? pg;
  } catch {
    throw new ClvkitError('MISSING_DEPENDENCY', 'reading PostgreSQL needs the pg package: npm install pg', { fn });
  }
  const p = src.postgres!;
  const name = `postgres:${p.table ?? 'query'}`;
  const sql = p.query ?? `SELECT * FROM ${quoteIdentifier(p.table!)}`;
  const client = new pg.Client({ connectionString: p.connectionString, types: { getTypeParser: () => (v: string) => v } });
  const bad = (cause: unknown) => new ClvkitError('IO_ERROR', `${part}: PostgreSQL: ${(cause as Error).message}`, { fn, file: name });
  let header: string[];
  try {
    await client.connect();
    await client.query('BEGIN READ ONLY');
    await client.query(
      `DECLARE clvkit_rows NO SCROLL CURSOR FOR SELECT * FROM (${sql}) AS part ORDER BY ${orderBy.map((c) => `${quoteIdentifier(c)} COLLATE "C"`).join(', ')}`,
    );
    const first = await client.query({ text: `FETCH ${FETCH_ROWS} FROM clvkit_rows`, rowMode: 'array' });
    header = first.fields.map((f) => f.name);
    async function* rows(): AsyncGenerator<PartRow> {
      let line = 0;
      let batch = first.rows;
      try {
        while (batch.length > 0) {
          for (const r of batch) yield { cells: r.map((v) => (v === null || v === undefined ? null : String(v))), line: ++line };
          try {
            batch = (await client.query({ text: `FETCH ${FETCH_ROWS} FROM clvkit_rows`, rowMode: 'array' })).rows;
          } catch (cause) {
            throw bad(cause);
          }
        }
        await client.query('COMMIT').catch(() => undefined);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return { name, header, rows: rows() };
  } catch (cause) {
    await client.end().catch(() => undefined);
    throw cause instanceof ClvkitError ? cause : bad(cause);
  }
}

/**
 * Open one database part for streaming: a Parquet file, DuckDB table/query or PostgreSQL table/query,
 * ordered by `orderBy` (the customer id column, then the month or date: rows of a customer in time order, so
 * sums add up in a fixed order) by the database. Internal to streamBook (CSV files: {@link CsvPartCursor}).
 */
export function openPartRows(src: PartSource, baseDir: string, fn: string, part: string, orderBy: readonly string[]): Promise<PartRows> {
  if (src.path !== undefined || src.duckdb !== undefined) return duckDbRows(src, baseDir, fn, part, orderBy);
  return postgresRows(src, fn, part, orderBy);
}

/**
 * The distinct values of one column of a part (months of the snapshots, dates of the transactions): the
 * databases answer with `SELECT DISTINCT`, a CSV file is read once.
 */
export async function distinctValues(src: PartSource, baseDir: string, fn: string, part: string, column: string): Promise<Set<string>> {
  if (isCsvPart(src)) {
    const cursor = await CsvPartCursor.open(src.path!, baseDir, src.delimiter ?? ',', part, fn);
    cursor.keyOn(column);
    return cursor.distinct();
  }
  const rows = await openPartRows(
    src.path !== undefined || src.duckdb !== undefined
      ? {
          duckdb: {
            database: duckDbSql(src, baseDir, fn, part).database,
            query: `SELECT DISTINCT ${quoteIdentifier(column)} AS v FROM (${duckDbSql(src, baseDir, fn, part).sql})`,
          },
        }
      : {
          postgres: {
            connectionString: src.postgres!.connectionString,
            query: `SELECT DISTINCT ${quoteIdentifier(column)}::text AS v FROM (${src.postgres!.query ?? `SELECT * FROM ${quoteIdentifier(src.postgres!.table!)}`}) AS p`,
          },
        },
    baseDir,
    fn,
    part,
    ['v'],
  );
  const out = new Set<string>();
  for await (const r of rows.rows) if (r.cells[0] !== null) out.add(r.cells[0]!);
  return out;
}
