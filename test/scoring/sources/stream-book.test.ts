import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { findPgBin, startPgServer, type PgTestServer } from '../../../scripts/pg-test-server.js';
import { readBook } from '../../../src/book/read-book.js';
import type { BookSpec } from '../../../src/book/book-spec.js';
import { ClvkitError } from '../../../src/errors.js';
import type { CustomerScoreRecord } from '../../../src/scoring/customer-scores.js';
import { applyScoringModel, scoreCustomers } from '../../../src/scoring/score-customers.js';
import { scoreStream } from '../../../src/scoring/score-stream.js';
import { streamBook } from '../../../src/scoring/sources/stream-book.js';
import type { BookStream } from '../../../src/scoring/sources/stream-book.js';

const fixture = fileURLToPath(new URL('../../../fixtures/bank', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clvkit-stream-book-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The bundled bank's first 1,500 customers (its files are sorted by customer id): a book small enough for fast tests.
const bank = join(dir, 'bank');
mkdirSync(bank);
for (const part of ['customers', 'snapshots', 'transactions']) {
  const [header, ...rows] = readFileSync(join(fixture, `${part}.csv`), 'utf8')
    .trimEnd()
    .split('\n');
  writeFileSync(join(bank, `${part}.csv`), `${[header, ...rows.filter((r) => r.split(',', 1)[0]! <= 'C001500')].join('\n')}\n`);
}
const file = (name: string) => join(bank, name);

/** The in-process scores of the whole bundled book, and its model (the reference every source must equal). */
const whole = (async () => {
  const book = await readBook(bank);
  const scores = scoreCustomers(book, {});
  return { book, model: scores.model, records: applyScoringModel(scores.model, book).toRecords() };
})();

/** The options every stream of the bundled book takes: the chunk size and the model's product order. */
const opts = async (chunkSize: number) => ({ chunkSize, productNames: [...(await whole).model.productNames] });

/**
 * Records equal up to the last bits of sums: a database hands a customer's rows over in its own order
 * within a day (ORDER BY id, date), so sums may differ in the last place; text, flags and lists exactly.
 */
function expectClose(got: readonly CustomerScoreRecord[], want: readonly CustomerScoreRecord[]): void {
  expect(got.length).toBe(want.length);
  let exact = 0;
  got.forEach((g, i) => {
    const w = want[i]!;
    for (const key of Object.keys(w) as (keyof CustomerScoreRecord)[]) {
      const a = g[key];
      const b = w[key];
      if (typeof a === 'number' && typeof b === 'number') {
        if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) expect([g.customerId, key, a]).toEqual([w.customerId, key, b]);
        if (a === b) exact++;
      } else expect([g.customerId, key, a]).toEqual([w.customerId, key, b]);
    }
  });
  expect(exact).toBeGreaterThan(0);
}

/** Stream a source through scoreStream; also checks that no customer is split across chunks. */
async function scoreAll(src: BookStream, chunkSize: number): Promise<CustomerScoreRecord[]> {
  const { model } = await whole;
  const out: CustomerScoreRecord[] = [];
  const seen = new Set<string>();
  for await (const chunk of src) {
    const ids = chunk.customers.customerId;
    expect(ids.length).toBeLessThanOrEqual(chunkSize);
    for (const id of ids) {
      expect(seen.has(id)).toBe(false); // a customer never appears in two chunks
      seen.add(id);
    }
    // every snapshot and transaction row of the chunk belongs to one of its customers
    expect(chunk.snapshots!.customer.every((c) => c < ids.length)).toBe(true);
    expect(chunk.transactions!.customer.every((c) => c < chunk.transactions!.customerIds.length)).toBe(true);
    for await (const records of scoreStream(model, [chunk], { firstPurchaseDay: src.extent.firstPurchaseDay })) out.push(...records);
  }
  return out;
}

describe('streamBook — sorted CSV files', () => {
  it('chunks of whole customers whose scores equal the in-process scores, for several chunk sizes', async () => {
    const { book, records } = await whole;
    for (const chunkSize of [397, 1500]) {
      const src = await streamBook(bank, await opts(chunkSize));
      expect(src.extent.months).toEqual(book.months);
      expect(src.extent.endDate).toBe(book.endDate);
      expect(await scoreAll(src, chunkSize)).toEqual(records);
    }
  }, 60_000);

  it('tiny chunks: the first 15 customers one by one equal the in-process records', async () => {
    const { records } = await whole;
    const src = await streamBook(bank, await opts(1));
    const { model } = await whole;
    const got: CustomerScoreRecord[] = [];
    for await (const chunk of src) {
      expect(chunk.customers.customerId.length).toBe(1);
      for await (const r of scoreStream(model, [chunk], { firstPurchaseDay: src.extent.firstPurchaseDay })) got.push(...r);
      if (got.length === 15) break; // leaving early closes the files and removes the chunk folder
    }
    expect(got).toEqual(records.slice(0, 15));
  }, 30_000);

  it('refuses an unsorted file, naming the file, the line and the id', async () => {
    const lines = readFileSync(file('transactions.csv'), 'utf8').split('\n');
    [lines[100], lines[3000]] = [lines[3000]!, lines[100]!];
    const path = join(dir, 'unsorted-transactions.csv');
    writeFileSync(path, lines.join('\n'));
    const spec: BookSpec = { customers: { path: file('customers.csv') }, transactions: { path } };
    const src = await streamBook(spec, await opts(500));
    let error: unknown;
    try {
      for await (const _ of src);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClvkitError);
    expect((error as ClvkitError).code).toBe('INVALID_VALUE');
    // line 101 now holds a later customer's row, so line 102 is the first out of order
    expect((error as ClvkitError).details).toMatchObject({ file: path, line: 102 });
    expect((error as ClvkitError).message).toMatch(/not sorted by customer id/);
  });

  it('rejects bad options (a product order is required with products)', async () => {
    await expect(streamBook(bank, { chunkSize: 0 })).rejects.toThrow(/INVALID_OPTIONS|chunkSize/);
    await expect(streamBook(bank, { bogus: 1 } as never)).rejects.toThrow(/bogus/);
    // products in the snapshots and no product order: each chunk would number them its own way
    await expect(streamBook(bank, { chunkSize: 10 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS', details: { path: ['productNames'] } });
    // a holdings table has products too
    await expect(streamBook({ snapshots: { path: file('snapshots.csv') }, holdings: { path: file('snapshots.csv') } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      details: { path: ['productNames'] },
    });
  });

  it('types', () => {
    expectTypeOf(streamBook).returns.resolves.toEqualTypeOf<BookStream>();
  });
});

describe('streamBook — DuckDB tables and Parquet files (rows in random order: DuckDB sorts)', () => {
  const db = join(dir, 'bank.duckdb');
  const pq = (part: string) => join(dir, `${part}.parquet`);
  beforeAll(async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run('SELECT setseed(0.42)');
    for (const part of ['customers', 'snapshots', 'transactions']) {
      // typed columns as DuckDB detects them (dates, doubles), rows shuffled
      await connection.run(`CREATE TABLE ${part} AS SELECT * FROM read_csv('${file(`${part}.csv`)}') ORDER BY random()`);
      await connection.run(`COPY ${part} TO '${pq(part)}' (FORMAT parquet)`);
    }
    connection.closeSync();
    instance.closeSync();
  }, 30_000);

  it('a DuckDB database: equal to the in-process scores', async () => {
    const { records } = await whole;
    const spec: BookSpec = {
      customers: { duckdb: { database: db, table: 'customers' }, columns: { joinDate: 'join_date' } },
      snapshots: {
        duckdb: { database: db, table: 'snapshots' },
        columns: { netRevenue: 'net_revenue', costToServe: 'cost_to_serve', activity: 'activity' },
        products: { column: 'products', separator: '|' },
      },
      transactions: { duckdb: { database: db, query: 'SELECT customer_id, date, amount, channel, product FROM transactions' } },
    };
    expectClose(await scoreAll(await streamBook(spec, await opts(400)), 400), records);
  }, 60_000);

  it('Parquet files: equal to the in-process scores', async () => {
    const { records } = await whole;
    const spec: BookSpec = {
      customers: { path: pq('customers'), columns: { joinDate: 'join_date' } },
      snapshots: {
        path: pq('snapshots'),
        columns: { netRevenue: 'net_revenue', costToServe: 'cost_to_serve', activity: 'activity' },
        products: { column: 'products', separator: '|' },
      },
      transactions: { path: pq('transactions') },
    };
    expectClose(await scoreAll(await streamBook(spec, await opts(700)), 700), records);
  }, 60_000);
});

const pgBin = findPgBin();
const describePg = pgBin !== undefined ? describe : describe.skip;
describePg(`streamBook on a live PostgreSQL server (cursor)${pgBin === undefined ? ' — skipped: PostgreSQL binaries not found' : ''}`, () => {
  let server: PgTestServer;
  beforeAll(async () => {
    server = await startPgServer();
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    for (const part of ['customers', 'snapshots', 'transactions']) {
      const [header, ...rows] = readFileSync(file(`${part}.csv`), 'utf8')
        .trimEnd()
        .split('\n');
      const cols = header!.split(',');
      await client.query(`CREATE TABLE ${part} (${cols.map((c) => `${c} text`).join(', ')})`);
      // shuffled (a fixed permutation), so the order comes from the cursor's ORDER BY
      const order = rows.map((_, i) => i).sort((a, b) => ((a * 7919) % rows.length) - ((b * 7919) % rows.length));
      for (let lo = 0; lo < rows.length; lo += 2000) {
        const batch = order.slice(lo, lo + 2000).map((i) => rows[i]!.split(','));
        const values: string[] = [];
        const params: string[] = [];
        batch.forEach((r, k) => values.push(`(${r.map((_, j) => `$${k * cols.length + j + 1}`).join(',')})`) && params.push(...r));
        await client.query(`INSERT INTO ${part} VALUES ${values.join(',')}`, params);
      }
    }
    await client.end();
  }, 120_000);
  afterAll(() => server?.stop());

  it('tables read through a cursor: equal to the in-process scores', async () => {
    const { records } = await whole;
    const connectionString = server.connectionString;
    const spec: BookSpec = {
      customers: { postgres: { connectionString, table: 'customers' }, columns: { joinDate: 'join_date' } },
      snapshots: {
        postgres: { connectionString, table: 'snapshots' },
        columns: { netRevenue: 'net_revenue', costToServe: 'cost_to_serve', activity: 'activity' },
        products: { column: 'products', separator: '|' },
      },
      transactions: { postgres: { connectionString, query: 'SELECT * FROM transactions' } },
    };
    expectClose(await scoreAll(await streamBook(spec, await opts(600)), 600), records);
  }, 60_000);
});

describe('streamBook — readBook rules and places for bad rows (the whole file read by readBook as the reference)', () => {
  /** A copy of the small bank with one part's lines changed. */
  function variant(name: string, part: string, change: (lines: string[]) => void): string {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    for (const p of ['customers', 'snapshots', 'transactions']) {
      const lines = readFileSync(file(`${p}.csv`), 'utf8').split('\n');
      if (p === part) change(lines);
      writeFileSync(join(folder, `${p}.csv`), lines.join('\n'));
    }
    return folder;
  }
  async function streamError(folder: string): Promise<ClvkitError> {
    const src = await streamBook(folder, await opts(400));
    try {
      for await (const _ of src);
    } catch (e) {
      return e as ClvkitError;
    }
    throw new Error('expected an error');
  }
  const place = (e: ClvkitError) => {
    const d = e.details as Record<string, unknown>;
    return { code: e.code, file: d.file, line: d.line, column: d.column, value: d.value };
  };
  /** The line (1-based) of the first row of customer `id` in a part, and of its last. */
  const rowsOf = (lines: string[], id: string) => {
    const first = lines.findIndex((l) => l.startsWith(`${id},`));
    let last = first;
    while (lines[last + 1]?.startsWith(`${id},`)) last++;
    return { first, last };
  };

  it.each([
    ['a negative balance (a row check of assembleBook)', 'snapshots', (l: string[]) => (l[9000] = l[9000]!.replace(/^([^,]+,[^,]+,)\d+/, '$1-5'))],
    ['a number that is not one (the table reader)', 'snapshots', (l: string[]) => (l[12001] = l[12001]!.replace(/^([^,]+,[^,]+,[^,]+,)\d+/, '$1abc'))],
    ['two snapshots of one customer in one month', 'snapshots', (l: string[]) => l.splice(5000, 0, l[4999]!)],
    ['a month that is no month', 'snapshots', (l: string[]) => (l[7000] = l[7000]!.replace(/^([^,]+,)\d{4}-\d{2}/, '$12024-13'))],
    [
      'a transaction of a customer not in the customers table',
      'transactions',
      (l: string[]) => {
        const { last } = rowsOf(l, 'C000700');
        l.splice(last + 1, 0, 'C000700A,2024-01-05,10.5,mobile,savings');
      },
    ],
    // a blank id sorts first, so the file stays sorted
    ['an empty customer id', 'customers', (l: string[]) => l.splice(1, 0, ' ,individual,rural,40,2023-01-01')],
  ])(
    '%s: the code, file, line, column and value readBook gives',
    async (name, part, change) => {
      const folder = variant(name.replace(/\W+/g, '-'), part, change);
      const want = await readBook(folder).catch((e: unknown) => e as ClvkitError);
      expect(want).toBeInstanceOf(ClvkitError);
      const got = await streamError(folder);
      expect(got).toBeInstanceOf(ClvkitError);
      expect(place(got)).toEqual(place(want as ClvkitError));
      expect((got.details as { fn?: string }).fn).toBe('streamBook');
      expect(got.message).toMatch(/^streamBook: chunk \d+: /);
      // the reason is readBook's, named once (no place repeated inside the message)
      expect(got.message.split(' (')[0]!.replace(/^streamBook: chunk \d+: /, '')).toBe((want as ClvkitError).message.split(' (')[0]!.replace(/^\w+: /, ''));
    },
    30_000,
  );

  it('a month gap in the snapshots is refused at the call, as readBook refuses it', async () => {
    const folder = variant('gap', 'snapshots', (l) => {
      for (let i = l.length - 1; i > 0; i--) if (l[i]!.split(',')[1] === '2024-06') l.splice(i, 1);
    });
    const want = (await readBook(folder).catch((e: unknown) => e)) as ClvkitError;
    const got = (await streamBook(folder, await opts(400)).catch((e: unknown) => e)) as ClvkitError;
    expect(want.code).toBe('INVALID_VALUE');
    expect(place(got)).toEqual(place(want));
  });

  it('quoted fields and CRLF line ends: the same scores as readBook of the same files', async () => {
    const folder = variant('quoted', 'customers', (l) => {
      for (let i = 1; i < l.length; i++) if (l[i] !== '') l[i] = l[i]!.replace(/,(rural|urban)(?=,)/, i % 3 === 0 ? ',"$1, ""north"""' : ',"$1"');
    });
    const crlf = join(folder, 'snapshots.csv');
    writeFileSync(crlf, readFileSync(crlf, 'utf8').replaceAll('\n', '\r\n'));
    const book = await readBook(folder);
    expect(book.customers.attributes!.region).toContain('rural, "north"');
    const { model } = await whole;
    const want = applyScoringModel(model, book).toRecords();
    const src = await streamBook(folder, await opts(333));
    const got: CustomerScoreRecord[] = [];
    for await (const r of scoreStream(model, src, { firstPurchaseDay: src.extent.firstPurchaseDay })) got.push(...r);
    expect(got).toEqual(want);
  }, 30_000);
});

describe('streamBook — a holdings long table', () => {
  it('products from a long table (sorted by customer id), as a fourth streamed part: the scores readBook gives', async () => {
    // the bundled bank's products column, as one row per customer, month and product
    const [, ...rows] = readFileSync(file('snapshots.csv'), 'utf8').trimEnd().split('\n');
    const long = ['customer_id,month,product'];
    for (const r of rows) {
      const cells = r.split(',');
      for (const product of cells[8]!.split('|').filter((p) => p !== '')) long.push(`${cells[0]},${cells[1]},${product}`);
    }
    const holdings = join(dir, 'holdings.csv');
    writeFileSync(holdings, `${long.join('\n')}\n`);
    const spec: BookSpec = {
      customers: { path: file('customers.csv'), columns: { joinDate: 'join_date' } },
      snapshots: { path: file('snapshots.csv'), columns: { netRevenue: 'net_revenue', costToServe: 'cost_to_serve', activity: 'activity' } },
      transactions: { path: file('transactions.csv') },
      holdings: { path: holdings },
    };
    const book = await readBook(spec);
    expect(book.reading.parts.holdings?.accepted).toBe(long.length - 1);
    const model = scoreCustomers(book, {}).model;
    const want = applyScoringModel(model, book).toRecords();
    const src = await streamBook(spec, { chunkSize: 450, productNames: [...model.productNames] });
    const got: CustomerScoreRecord[] = [];
    for await (const r of scoreStream(model, src, { firstPurchaseDay: src.extent.firstPurchaseDay })) got.push(...r);
    expect(got).toEqual(want);
    // a holding of a month without a snapshot: readBook's error and place
    const bad = [...long];
    const at = bad.findIndex((l) => l.startsWith('C000800,'));
    bad.splice(at, 0, 'C000800,2020-01,savings');
    writeFileSync(holdings, `${bad.join('\n')}\n`);
    const wantError = (await readBook(spec).catch((e: unknown) => e)) as ClvkitError;
    let gotError: ClvkitError | undefined;
    try {
      for await (const _ of await streamBook(spec, { chunkSize: 450, productNames: [...model.productNames] }));
    } catch (e) {
      gotError = e as ClvkitError;
    }
    expect(wantError.code).toBe('INVALID_VALUE');
    const place = (e: ClvkitError) => {
      const d = e.details as Record<string, unknown>;
      return [e.code, d.file, d.line, d.column, d.value];
    };
    expect(place(gotError!)).toEqual(place(wantError));
  }, 30_000);
});
