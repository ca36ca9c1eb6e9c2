import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { BookSpec } from '../book/book-spec.js';
import { resolveBookSpec } from '../book/resolve-book-spec.js';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { quoteDouble, sqlString } from '../sql/sql-dialect.js';
import { loadDuckDb } from './load-duckdb.js';

const sortBookCsvSchema = z.strictObject({
  /** Folder relative paths of the spec are resolved against (default the spec's folder, else the working directory). */
  baseDir: z.string().min(1).optional(),
});

/** Options of {@link sortBookCsv}. */
export type SortBookCsvOptions = z.input<typeof sortBookCsvSchema>;

/** One part written by {@link sortBookCsv}. */
export interface SortedBookPart {
  readonly part: 'customers' | 'snapshots' | 'transactions' | 'holdings';
  readonly input: string;
  readonly output: string;
  readonly rows: number;
}

/**
 * Write a copy of a book's CSV files sorted by customer id (plain byte order of the text, which is the order
 * `streamBook` requires for ids in the Basic Multilingual Plane), then by the month (snapshots, holdings) or the
 * date (transactions) as text, into `outDir` under the same file names. DuckDB sorts (spilling to disk when the
 * file is larger than memory); every cell is read and written as text, so values are kept as written
 * (a field is quoted in the copy only when it needs quotes). Each file is written under a temporary name and
 * renamed when complete; an input is never overwritten. Parts that are not CSV files (Parquet, databases) are
 * skipped: `streamBook` has their database sort them.
 *
 * @throws ClvkitError INVALID_OPTIONS (options; `outDir` that holds an input file), IO_ERROR (a missing file, a
 *   DuckDB error), MISSING_DEPENDENCY (DuckDB absent), plus readBook's spec errors.
 * @example
 * const parts = await sortBookCsv('bank/', 'bank-sorted/');
 * parts.map((p) => p.part); // ['customers', 'snapshots', 'transactions']
 * const book = await streamBook('bank-sorted/', { productNames: [...model.productNames] });
 */
export async function sortBookCsv(spec: BookSpec | string, outDir: string, options: SortBookCsvOptions = {}): Promise<SortedBookPart[]> {
  const fn = 'sortBookCsv';
  const o = parseOptions(sortBookCsvSchema, options, fn);
  if (typeof outDir !== 'string' || outDir === '') throw new ClvkitError('INVALID_OPTIONS', 'expected an output folder', { fn, path: ['outDir'] });
  const { parsed, baseDir } = await resolveBookSpec(spec, o.baseDir, fn);
  const out = resolve(outDir);
  const jobs: { part: SortedBookPart['part']; input: string; output: string; delimiter: string; order: string[] }[] = [];
  for (const part of ['customers', 'snapshots', 'transactions', 'holdings'] as const) {
    const p = parsed[part];
    if (p === undefined || p.path === undefined || /\.parquet$/i.test(p.path)) continue;
    if (p.path === '-') throw new ClvkitError('INVALID_OPTIONS', `${part}: standard input cannot be sorted here; give a file`, { fn, path: [part, 'path'] });
    const input = isAbsolute(p.path) ? p.path : resolve(baseDir, p.path);
    if (!existsSync(input) || !statSync(input).isFile())
      throw new ClvkitError('IO_ERROR', `${part}: file not found`, { fn, file: input, path: [part, 'path'] });
    const time = part === 'transactions' ? parsed.transactions!.columns.date : part === 'customers' ? undefined : parsed[part]!.columns.month;
    jobs.push({
      part,
      input,
      output: join(out, basename(input)),
      delimiter: p.delimiter ?? ',',
      order: time === undefined ? [p.columns.customerId] : [p.columns.customerId, time],
    });
  }
  for (const j of jobs)
    if (jobs.some((k) => k.input === j.output))
      throw new ClvkitError('INVALID_OPTIONS', `the sorted copy would overwrite an input (${j.output}); choose another folder`, {
        fn,
        file: j.output,
        path: ['outDir'],
      });
  if (jobs.length === 0) throw new ClvkitError('INVALID_OPTIONS', 'the book has no CSV part to sort', { fn });
  mkdirSync(out, { recursive: true });
  const duck = await loadDuckDb(fn);
  const instance = await duck.DuckDBInstance.create(':memory:', { temp_directory: join(out, '.clvkit-sort-tmp') });
  const connection = await instance.connect();
  const written: SortedBookPart[] = [];
  try {
    for (const j of jobs) {
      const gz = /\.gz$/i.test(j.output);
      const temp = join(out, `.${basename(j.output)}.${process.pid}.tmp${gz ? '.gz' : ''}`);
      const read = `read_csv(${sqlString(j.input)}, all_varchar = true, header = true, delim = ${sqlString(j.delimiter)}, quote = '"', escape = '"')`;
      // An empty cell reads as NULL: ordered as the empty text it is (first), as streamBook's merge orders it.
      const order = j.order.map((c) => `coalesce(${quoteDouble(c)}, '')`).join(', ');
      try {
        const reader = await connection.runAndReadAll(
          `COPY (SELECT * FROM ${read} ORDER BY ${order}) TO ${sqlString(temp)} (FORMAT csv, HEADER true, DELIMITER ${sqlString(j.delimiter)}${gz ? ", COMPRESSION 'gzip'" : ''})`,
        );
        const rows = Number(reader.getRows()[0]?.[0] ?? 0);
        renameSync(temp, j.output);
        written.push({ part: j.part, input: j.input, output: j.output, rows });
      } catch (cause) {
        rmSync(temp, { force: true });
        if (cause instanceof ClvkitError) throw cause;
        throw new ClvkitError('IO_ERROR', `${j.part}: DuckDB: ${(cause as Error).message}`, { fn, file: j.input });
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(join(out, '.clvkit-sort-tmp'), { recursive: true, force: true });
  }
  return written;
}
