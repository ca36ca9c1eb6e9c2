import { DuckDBInstance, type DuckDBVector } from '@duckdb/node-api';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { copyDoubles, copyStrings } from '../../src/duckdb/read-columns.js';

/** Every chunk of a query, read both by the bulk readers and by the package's own getItem. */
async function readBoth(sql: string): Promise<{ bulkIds: (string | null)[]; itemIds: (string | null)[]; bulkX: Float64Array; itemX: (number | null)[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const result = await connection.run(sql);
    const rows = result.rowCount;
    const bulkIds = new Array<string | null>(rows);
    const bulkX = new Float64Array(rows);
    const itemIds: (string | null)[] = [];
    const itemX: (number | null)[] = [];
    let at = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      copyStrings(chunk.getColumnVector(0), n, bulkIds, at);
      copyDoubles(chunk.getColumnVector(1), n, bulkX, at);
      for (let k = 0; k < n; k++) {
        itemIds.push(chunk.getColumnVector(0).getItem(k) as string | null);
        itemX.push(chunk.getColumnVector(1).getItem(k) as number | null);
      }
      at += n;
    }
    expect(at).toBe(rows);
    return { bulkIds, itemIds, bulkX, itemX };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('copyStrings / copyDoubles', () => {
  it('worked example: short, long, non-ASCII and NULL values read as getItem reads them', async () => {
    const { bulkIds, bulkX } = await readBoth(
      `SELECT * FROM (VALUES ('C1', 1.5), (NULL, NULL), ('a-much-longer-customer-id', -2.25), ('Müller', 0.0), ('', 1e300), ('twelve-chars', 3.0)) AS t(id, x)`,
    );
    expect(bulkIds).toEqual(['C1', null, 'a-much-longer-customer-id', 'Müller', '', 'twelve-chars']);
    expect([...bulkX]).toEqual([1.5, Number.NaN, -2.25, 0, 1e300, 3]);
  });

  it('cross-check against getItem over many chunks with scattered NULLs', async () => {
    const { bulkIds, itemIds, bulkX, itemX } = await readBoth(
      `SELECT CASE WHEN i % 97 = 0 THEN NULL WHEN i % 13 = 0 THEN 'long-id-number-' || i ELSE 'C' || i END AS id,
              CASE WHEN i % 89 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS x
       FROM range(10000) AS r(i) ORDER BY i`,
    );
    expect(bulkIds).toEqual(itemIds);
    expect([...bulkX]).toEqual(itemX.map((v) => (v === null ? Number.NaN : v)));
    expect(bulkIds.filter((v) => v === null)).toHaveLength(104);
  });

  it('falls back to getItem for a vector of another shape', () => {
    const values: (string | number | bigint | null)[] = ['x', null, 2, 3n];
    const fake = { getItem: (k: number) => values[k] ?? null } as unknown as DuckDBVector;
    const ids = new Array<string | null>(4);
    copyStrings(fake, 4, ids, 0);
    expect(ids).toEqual(['x', null, '2', '3']);
    const xs = new Float64Array(5);
    copyDoubles(fake, 4, xs, 1);
    expect([...xs]).toEqual([0, Number.NaN, Number.NaN, 2, 3]);
  });

  it('has typed signatures', () => {
    expectTypeOf(copyDoubles).returns.toEqualTypeOf<void>();
    expectTypeOf(copyStrings).parameter(2).toEqualTypeOf<(string | null)[]>();
  });
});
