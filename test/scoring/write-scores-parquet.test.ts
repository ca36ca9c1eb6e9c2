import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { bookFirstPurchaseDay } from '../../src/scoring/book-first-purchase-day.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { SCORE_RECORD_COLUMNS } from '../../src/scoring/score-records-csv.js';
import { scoreStream } from '../../src/scoring/score-stream.js';
import { writeScoresParquet } from '../../src/scoring/write-scores-parquet.js';
import type { WrittenScores } from '../../src/scoring/write-scores.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';

/** Every row of a Parquet file, read back by DuckDB as plain JS values (lists as arrays, NULL as null). */
async function readParquet(path: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}')`);
  const out = { columns: reader.columnNames(), rows: reader.getRowObjectsJS() as Record<string, unknown>[] };
  connection.closeSync();
  return out;
}

describe('writeScoresParquet', () => {
  const book = simulateBank({ customers: 700, months: 24, seed: 8 });
  const scores = scoreCustomers(book, {});
  const firstPurchaseDay = bookFirstPurchaseDay(book, book.endDate);
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-parquet-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the streamed records: same columns, same values bit for bit (lists, nulls, flags)', async () => {
    const path = join(dir, 'scores.parquet');
    const written = await writeScoresParquet(scoreStream(scores.model, book, { chunkSize: 250, firstPurchaseDay }), path);
    expect(written.customers).toBe(700);
    expect(written.chunks).toBe(3);
    expect(written.bytes).toBeGreaterThan(1000);
    const { columns, rows } = await readParquet(path);
    expect(columns).toEqual([...SCORE_RECORD_COLUMNS]);
    expect(rows).toEqual(JSON.parse(JSON.stringify(scores.toRecords())));
    expect(rows.some((r) => r.pAlive === null)).toBe(scores.toRecords().some((r) => r.pAlive === null));
    expect(readdirSync(dir)).toEqual(['scores.parquet']); // no partial file left
  }, 30_000);

  it('replaces an existing file only once the new one is complete; a failing stream leaves it untouched', async () => {
    const path = join(dir, 'keep.parquet');
    writeFileSync(path, 'old');
    async function* failing() {
      yield scores.toRecords().slice(0, 10);
      throw new ClvkitError('INVALID_VALUE', 'boom', { fn: 'test' });
    }
    await expect(writeScoresParquet(failing(), path)).rejects.toThrow(/boom/);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.includes('keep'))).toEqual(['keep.parquet']);
  });

  it('rejects what is not a chunk stream or a path', async () => {
    await expect(writeScoresParquet(5 as never, join(dir, 'x.parquet'))).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(writeScoresParquet([scores.toRecords()], '' as never)).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(writeScoresParquet(['x' as never], join(dir, 'y.parquet'))).rejects.toMatchObject({ code: 'INVALID_VALUE', details: { chunk: 0 } });
  });

  it('types', () => {
    expectTypeOf(writeScoresParquet).returns.resolves.toEqualTypeOf<WrittenScores>();
  });
});
