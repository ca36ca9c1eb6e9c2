import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { readBook } from '../../src/book/read-book.js';
import { sortBookCsv } from '../../src/duckdb/sort-book-csv.js';
import type { SortedBookPart } from '../../src/duckdb/sort-book-csv.js';
import type { CustomerScoreRecord } from '../../src/scoring/customer-scores.js';
import { applyScoringModel, scoreCustomers } from '../../src/scoring/score-customers.js';
import { scoreStream } from '../../src/scoring/score-stream.js';
import { streamBook } from '../../src/scoring/sources/stream-book.js';

const fixture = fileURLToPath(new URL('../../fixtures/bank', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clvkit-sort-book-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The bundled bank's first 600 customers, rows shuffled by a fixed permutation (a file straight from an export).
const shuffled = join(dir, 'shuffled');
mkdirSync(shuffled);
const original = new Map<string, string[]>();
for (const part of ['customers', 'snapshots', 'transactions']) {
  const [header, ...rows] = readFileSync(join(fixture, `${part}.csv`), 'utf8')
    .trimEnd()
    .split('\n');
  const kept = rows.filter((r) => r.split(',', 1)[0]! <= 'C000600');
  original.set(part, [header!, ...kept]);
  const order = kept.map((_, i) => i).sort((a, b) => ((a * 7919) % kept.length) - ((b * 7919) % kept.length));
  writeFileSync(join(shuffled, `${part}.csv`), `${[header, ...order.map((i) => kept[i]!)].join('\n')}\n`);
}

describe('sortBookCsv', () => {
  it('writes each CSV part sorted by customer id then month or date, values as written; streamBook then reads it', async () => {
    const out = join(dir, 'sorted');
    const parts = await sortBookCsv(shuffled, out);
    expect(parts.map((p) => [p.part, p.rows])).toEqual(['customers', 'snapshots', 'transactions'].map((p) => [p, original.get(p)!.length - 1]));
    for (const part of ['customers', 'snapshots', 'transactions']) {
      const lines = readFileSync(join(out, `${part}.csv`), 'utf8')
        .trimEnd()
        .split('\n');
      // the same lines (DuckDB writes every cell back as the text it read) …
      expect([...lines].sort()).toEqual([...original.get(part)!].sort());
      // … in order of customer id, then the month or date (compared as plain strings, as streamBook does)
      const keys = lines.slice(1).map((l) => l.split(',').slice(0, part === 'customers' ? 1 : 2));
      for (let i = 1; i < keys.length; i++) {
        const [a, b] = [keys[i - 1]!, keys[i]!];
        expect(a[0]! < b[0]! || (a[0] === b[0] && (a[1] ?? '') <= (b[1] ?? ''))).toBe(true);
      }
    }
    // the unsorted folder is refused by streamBook; the sorted copy scores as the in-process call on the original
    const book = await readBook(shuffled);
    const model = scoreCustomers(book, {}).model;
    const want = applyScoringModel(model, book).toRecords();
    const unsorted = await streamBook(shuffled, { chunkSize: 100, productNames: [...model.productNames] });
    await expect(
      (async () => {
        for await (const _ of unsorted);
      })(),
    ).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    const src = await streamBook(out, { chunkSize: 100, productNames: [...model.productNames] });
    const got: CustomerScoreRecord[] = [];
    for await (const r of scoreStream(model, src, { firstPurchaseDay: src.extent.firstPurchaseDay })) got.push(...r);
    const byId = (rs: readonly CustomerScoreRecord[]) => [...rs].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
    // equal up to the last bits of sums (the shuffled book adds a customer's amounts in another order)
    const [g, w] = [byId(got), byId(want)];
    expect(g.length).toBe(w.length);
    g.forEach((r, i) => {
      for (const [key, b] of Object.entries(w[i]!)) {
        const a = (r as unknown as Record<string, unknown>)[key];
        if (typeof a === 'number' && typeof b === 'number') expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
        else expect([r.customerId, key, a]).toEqual([w[i]!.customerId, key, b]);
      }
    });
  }, 30_000);

  it('quoted fields keep their text; a gzipped file stays gzipped; an empty id sorts first', async () => {
    const src = join(dir, 'quoted');
    mkdirSync(src);
    writeFileSync(join(src, 'customers.csv'), 'customer_id,region\nb,"north, ""upper"""\na,south\n,none\n');
    writeFileSync(join(src, 'transactions.csv.gz'), gzipSync('customer_id,date,amount\nb,2024-01-02,5\na,2024-01-03,1.50\nb,2024-01-01,7\n'));
    const out = join(dir, 'quoted-sorted');
    await sortBookCsv(src, out);
    expect(readFileSync(join(out, 'customers.csv'), 'utf8')).toBe('customer_id,region\n,none\na,south\nb,"north, ""upper"""\n');
    expect(gunzipSync(readFileSync(join(out, 'transactions.csv.gz'))).toString()).toBe(
      'customer_id,date,amount\na,2024-01-03,1.50\nb,2024-01-01,7\nb,2024-01-02,5\n',
    );
  });

  it('never overwrites an input; bad options', async () => {
    await expect(sortBookCsv(shuffled, shuffled)).rejects.toMatchObject({ code: 'INVALID_OPTIONS', details: { path: ['outDir'] } });
    await expect(sortBookCsv(shuffled, join(dir, 'x'), { bogus: 1 } as never)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(sortBookCsv(join(dir, 'absent'), join(dir, 'y'))).rejects.toMatchObject({ code: 'IO_ERROR' });
  });

  it('types', () => {
    expectTypeOf(sortBookCsv).returns.resolves.toEqualTypeOf<SortedBookPart[]>();
  });
});
