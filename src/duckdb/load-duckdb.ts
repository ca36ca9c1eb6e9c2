import { ClvkitError } from '../errors.js';

/** The part of `@duckdb/node-api` clvkit uses. */
export type DuckDbModule = typeof import('@duckdb/node-api');

let loaded: Promise<DuckDbModule> | undefined;

/**
 * Import the optional peer dependency `@duckdb/node-api` on first use (never at module load, so the
 * rest of clvkit works without it).
 *
 * @throws ClvkitError MISSING_DEPENDENCY when the package (or its native binary) is not installed.
 */
export async function loadDuckDb(fn = 'loadDuckDb', specifier = '@duckdb/node-api'): Promise<DuckDbModule> {
  if (specifier === '@duckdb/node-api' && loaded !== undefined) return loaded;
  const attempt = (import(/* @vite-ignore */ specifier) as Promise<DuckDbModule>).catch((cause: unknown) => {
    if (specifier === '@duckdb/node-api') loaded = undefined;
    throw new ClvkitError('MISSING_DEPENDENCY', `the DuckDB engine needs the optional peer dependency ${specifier}: npm install @duckdb/node-api`, {
      fn,
      cause: cause instanceof Error ? cause.message : String(cause),
    });
  });
  if (specifier === '@duckdb/node-api') loaded = attempt;
  return attempt;
}
