import { describe, expect, expectTypeOf, it } from 'vitest';
import { loadDuckDb, type DuckDbModule } from '../../src/duckdb/load-duckdb.js';
import { ClvkitError } from '../../src/errors.js';

describe('loadDuckDb', () => {
  it('loads @duckdb/node-api and runs a query', async () => {
    const duck = await loadDuckDb();
    const instance = await duck.DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll('SELECT 40 + 2 AS answer');
    expect(reader.getColumns()[0]![0]).toBe(42);
    connection.closeSync();
    instance.closeSync();
    expect(await loadDuckDb()).toBe(duck);
  });

  it('throws MISSING_DEPENDENCY when the package cannot be imported', async () => {
    const error = await loadDuckDb('summarizeCustomersDuckDb', '@duckdb/not-installed-package').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClvkitError);
    expect((error as ClvkitError).code).toBe('MISSING_DEPENDENCY');
    expect((error as ClvkitError).message).toMatch(/^summarizeCustomersDuckDb: .*npm install @duckdb\/node-api/);
    expectTypeOf(loadDuckDb).returns.toEqualTypeOf<Promise<DuckDbModule>>();
  });
});
