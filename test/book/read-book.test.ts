import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { findPgBin, startPgServer, type PgTestServer } from '../../scripts/pg-test-server.js';
import { productMasks } from '../../src/book/product-masks.js';
import { DEFAULT_BOOK_MARGIN, readBook, type ReadBookResult } from '../../src/book/read-book.js';
import type { BookSpec } from '../../src/book/book-spec.js';
import { ClvkitError, type ClvkitErrorCode } from '../../src/errors.js';
import { readBankBook } from '../../src/simulate/read-bank-book.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OWN = join(ROOT, 'fixtures/own-vocabulary');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clvkit-book-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write files into a fresh folder; returns its path. */
function folder(name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, file), text);
  }
  return d;
}

async function rejects(run: () => Promise<unknown>, code: ClvkitErrorCode): Promise<ClvkitError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ClvkitError);
    expect((error as ClvkitError).code).toBe(code);
    return error as ClvkitError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

const CUSTOMERS = 'id,segment\nA,retail\nB,sme\nC,private\n';
const SNAPSHOTS =
  'id,month,deposits,wealth,loans,products\nA,2024-01,100,50,0,savings;card\nB,2024-01,10,0,5,\nA,2024-02,120,50,0,savings\nB,2024-02,0,0,5,loan\nC,2024-02,7,3,0,savings\n';
const spec = (d: string, extra: Partial<BookSpec> = {}): BookSpec => ({
  customers: { path: join(d, 'c.csv'), columns: { customerId: 'id' } },
  snapshots: { path: join(d, 's.csv'), columns: { customerId: 'id' }, products: { column: 'products', separator: ';' } },
  ...extra,
});

describe('readBook — the bundled fixture', () => {
  it('reads fixtures/bank into exactly the columns readBankBook reads (independent reader), with open holdings', async () => {
    const [book, legacy] = await Promise.all([readBook(join(ROOT, 'fixtures/bank')), readBankBook(join(ROOT, 'fixtures/bank'))]);
    expect(book.customers.customerId).toEqual(legacy.customers.customerId);
    expect(book.customers.attributes!.type).toEqual(legacy.customers.type);
    expect(book.customers.attributes!.region).toEqual(legacy.customers.region);
    expect(Array.from(book.customers.joinDay!)).toEqual(Array.from(legacy.customers.joinDay));
    expect(book.months).toEqual(legacy.months);
    expect([book.startDate, book.endDate]).toEqual([legacy.startDate, legacy.endDate]);
    const s = book.snapshots!;
    for (const col of ['customer', 'month', 'deposits', 'wealth', 'loans', 'aum', 'netRevenue', 'costToServe', 'activity'] as const) {
      expect(Array.from(s[col] as ArrayLike<number>), col).toEqual(Array.from(legacy.snapshots[col]));
    }
    const { names, masks } = productMasks(s);
    expect(names).toEqual(legacy.snapshots.holdings!.names);
    expect(Array.from(masks)).toEqual(Array.from(legacy.snapshots.products));
    expect(Array.from(book.transactions!.day)).toEqual(Array.from(legacy.transactions.day));
    expect(book.revenue).toEqual({ source: 'given' });
    expect(book.reading.parts.snapshots).toMatchObject({ read: 50113, accepted: 50113, rejected: 0 });
  });
});

describe('readBook — a book in its own words', () => {
  it('reads the own-vocabulary fixture: its segments, areas, 14 products (some unknown to the simulator), its AUM column', async () => {
    const book = await readBook(join(OWN, 'book.json'));
    expect(book.customers.length).toBe(240);
    expect([...new Set(book.customers.attributes!.segment)].sort()).toEqual(['private', 'retail', 'sme']);
    expect([...new Set(book.customers.attributes!.area)].sort()).toEqual(['east', 'north', 'south']);
    const names = book.snapshots!.holdings!.names;
    expect(names).toHaveLength(14);
    expect(names).toEqual(expect.arrayContaining(['savings', 'gold_account', 'pension_plan', 'fx_account', 'home_loan']));
    const s = book.snapshots!;
    // AUM is the book's own column (deposits + wealth + custody), not deposits + wealth.
    let differs = 0;
    for (let j = 0; j < s.length; j++) if (s.aum[j] !== s.deposits[j]! + s.wealth[j]!) differs++;
    expect(differs).toBeGreaterThan(0);
    expect(book.months).toHaveLength(12);
    expect(book.peerGroup).toBe('segment');
    expect(book.currency).toBe('EUR');
    // Decimal commas and DD/MM/YYYY in the transactions.
    expect(book.transactions!.amount[0]).toBe(1336.86);
  });

  it('takes months as YYYY-MM or month-end dates, products as a column, as 0/1 columns or as balances', async () => {
    const d = folder('forms', {
      'c.csv': CUSTOMERS,
      's.csv': SNAPSHOTS.replace('A,2024-01,', 'A,2024-01-31,'),
      'flags.csv': 'id,month,deposits,wealth,loans,savings,card\nA,2024-01,1,1,0,1,0\nA,2024-02,1,1,0,1,1\n',
    });
    const book = await readBook(spec(d));
    expect(book.months).toEqual(['2024-01', '2024-02']);
    const h = book.snapshots!.holdings!;
    expect(h.names).toEqual(['savings', 'card', 'loan']);
    expect(Array.from(h.index.subarray(h.offsets[0], h.offsets[1]))).toEqual([0, 1]);
    const flags = await readBook({ snapshots: { path: join(d, 'flags.csv'), columns: { customerId: 'id' }, products: { columns: ['savings', 'card'] } } });
    expect(Array.from(productMasks(flags.snapshots!).masks)).toEqual([1, 3]);
    expect(flags.customers.customerId).toEqual(['A']);
    const mid = folder('midmonth', { 's.csv': 'customer_id,month,deposits,wealth,loans\nA,2024-01-15,1,1,1\n' });
    const e = await rejects(() => readBook({ snapshots: { path: join(mid, 's.csv') } }), 'INVALID_DATE');
    expect(e.details).toMatchObject({ line: 2, column: 'month', value: '2024-01-15' });
  });

  it('states the margin assumption when the book has no revenue', async () => {
    const d = folder('margin', { 'c.csv': CUSTOMERS, 's.csv': SNAPSHOTS });
    const book = await readBook(spec(d));
    expect(book.revenue).toEqual({ source: 'margin', annualMargin: DEFAULT_BOOK_MARGIN });
    // A: aum 150, loans 0 → 0.01 × 150 / 12.
    expect(book.snapshots!.netRevenue![0]).toBeCloseTo((0.01 * 150) / 12, 15);
    const custom = await readBook(spec(d, { margin: 0.024 }));
    expect(custom.revenue).toEqual({ source: 'margin', annualMargin: 0.024 });
    expect((await readBook(spec(d), { margin: 0.03 })).snapshots!.netRevenue![1]).toBeCloseTo((0.03 * 15) / 12, 15);
  });
});

describe('readBook — bad input names the place', () => {
  it('a missing file, a missing column, an unknown role', async () => {
    const d = folder('bad1', { 'c.csv': CUSTOMERS, 's.csv': SNAPSHOTS });
    const missing = await rejects(() => readBook({ ...spec(d), transactions: { path: join(d, 'nope.csv') } }), 'IO_ERROR');
    expect(missing.details.file).toBe(join(d, 'nope.csv'));
    const column = await rejects(
      () => readBook({ ...spec(d), snapshots: { path: join(d, 's.csv'), columns: { customerId: 'id', deposits: 'dep_bal' } } }),
      'MISSING_COLUMN',
    );
    expect(String(column.details.column)).toContain('dep_bal');
    const role = await rejects(
      () => readBook({ snapshots: { path: join(d, 's.csv'), columns: { customerId: 'id', savings: 'x' } } } as never),
      'INVALID_OPTIONS',
    );
    expect(role.message).toContain('savings');
    await rejects(() => readBook({ currency: 'EUR' } as never), 'INVALID_OPTIONS');
  });

  it('duplicate (customer, month) rows, a month gap, a product column contradicting the long table', async () => {
    const d = folder('bad2', {
      'c.csv': CUSTOMERS,
      'dup.csv': `${SNAPSHOTS}A,2024-02,1,1,1,\n`,
      'gap.csv': 'id,month,deposits,wealth,loans,products\nA,2024-01,1,1,1,\nA,2024-03,1,1,1,\n',
      's.csv': SNAPSHOTS,
      'h.csv': 'id,month,product\nA,2024-01,savings\nA,2024-01,card\nA,2024-02,savings\nB,2024-02,mortgage\nC,2024-02,savings\n',
    });
    const dup = await rejects(() => readBook(spec(d, { snapshots: { path: join(d, 'dup.csv'), columns: { customerId: 'id' } } })), 'DUPLICATE_ID');
    expect(dup.details).toMatchObject({ line: 7, column: 'id', value: 'A' });
    const gap = await rejects(() => readBook(spec(d, { snapshots: { path: join(d, 'gap.csv'), columns: { customerId: 'id' } } })), 'INVALID_VALUE');
    expect(gap.message).toContain('2024-02');
    const contra = await rejects(() => readBook(spec(d, { holdings: { path: join(d, 'h.csv'), columns: { customerId: 'id' } } })), 'INVALID_VALUE');
    // Line 5 of s.csv: B in 2024-02 holds "loan"; the long table says "mortgage".
    expect(contra.details).toMatchObject({ line: 5, column: 'products', value: 'B' });
    expect(contra.message).toMatch(/loan.*mortgage/);
  });

  it('a blank line or a quoted field over two lines does not shift the line a message names (fast and general path)', async () => {
    const tx = 'customer_id,date,amount,note\nA,2024-01-05,10,x\n\nB,2024-01-06,5,x\nZ,2024-01-07,5,x\n';
    const d = folder('lines', {
      'c.csv': 'customer_id,segment\nA,retail\nB,retail\n',
      'plain.csv': tx,
      'quoted.csv': tx.replace('B,2024-01-06,5,x', 'B,2024-01-06,5,"two\nlines"'),
      'snap.csv': 'customer_id,month,deposits,wealth,loans\nA,2024-01,1,0,0\n\nA,2024-02,1,0,0\n"A",2024-02,1,0,0\n',
    });
    const customers = { path: join(d, 'c.csv') };
    // Z is not a customer: line 5 of plain.csv (the blank line 3 counts), line 6 of quoted.csv (B's note spans lines 4–5).
    const plain = await rejects(() => readBook({ customers, transactions: { path: join(d, 'plain.csv') } }), 'INVALID_VALUE');
    expect(plain.details).toMatchObject({ line: 5, value: 'Z' });
    const quoted = await rejects(() => readBook({ customers, transactions: { path: join(d, 'quoted.csv') } }), 'INVALID_VALUE');
    expect(quoted.details).toMatchObject({ line: 6, value: 'Z' });
    const collected = await readBook({ customers, transactions: { path: join(d, 'quoted.csv') } }, { onInvalid: 'collect' });
    expect(collected.reading.rejects.map((r) => r.line)).toEqual([6]);
    // Two snapshots of A in 2024-02, the second on line 5 (after a blank line, quoted id: the general path).
    const dup = await rejects(() => readBook({ customers, snapshots: { path: join(d, 'snap.csv') } }), 'DUPLICATE_ID');
    expect(dup.details).toMatchObject({ line: 5, value: 'A' });
  });

  it('--on-invalid collect: every rejected row with its place, read = accepted + rejected per part', async () => {
    const d = folder('bad3', {
      'c.csv': `${CUSTOMERS}A,again\n,blank\n`,
      's.csv': `${SNAPSHOTS}Z,2024-02,1,1,1,\nA,2024-02,1,1,1,\nC,2024-13,1,1,1,\nC,2024-01,-5,1,1,\nC,2024-01,x,1,1,\n`,
      't.csv': 'id,date,amount\nA,2024-01-05,10\nQ,2024-01-06,3\nB,2024-02-30,4\nC,2024-02-01,7\n',
    });
    const book: ReadBookResult = await readBook(
      { ...spec(d), transactions: { path: join(d, 't.csv'), columns: { customerId: 'id' } } },
      { onInvalid: 'collect' },
    );
    for (const part of ['customers', 'snapshots', 'transactions'] as const) {
      const p = book.reading.parts[part]!;
      expect(p.read, part).toBe(p.accepted + p.rejected);
      expect(
        book.reading.rejects.filter((r) => r.part === part),
        part,
      ).toHaveLength(p.rejected);
    }
    const where = book.reading.rejects.map((r) => [r.part, r.line, r.code]);
    expect(where).toEqual([
      ['customers', 5, 'DUPLICATE_ID'],
      ['customers', 6, 'INVALID_ROW'],
      ['snapshots', 7, 'INVALID_VALUE'],
      ['snapshots', 8, 'DUPLICATE_ID'],
      ['snapshots', 9, 'INVALID_DATE'],
      ['snapshots', 10, 'INVALID_VALUE'],
      ['snapshots', 11, 'INVALID_NUMBER'],
      ['transactions', 3, 'INVALID_VALUE'],
      ['transactions', 4, 'INVALID_DATE'],
    ]);
    expect(book.reading.parts.snapshots).toMatchObject({ read: 10, accepted: 5, rejected: 5 });
    expect(book.transactions!.length).toBe(2);
  });

  it('types', () => {
    expectTypeOf(readBook).returns.resolves.toEqualTypeOf<ReadBookResult>();
  });
});

describe('readBook — databases', () => {
  it('reads a DuckDB table and a Parquet file like the CSV', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const d = folder('duck', { 's.csv': SNAPSHOTS });
    const db = join(d, 'bank.duckdb');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    const csv = join(d, 's.csv').replaceAll("'", "''");
    await connection.run(
      `CREATE TABLE balances AS SELECT id, strptime(month, '%Y-%m')::DATE + INTERVAL 1 MONTH - INTERVAL 1 DAY AS month_end, deposits, wealth, loans, products FROM read_csv('${csv}', all_varchar = true)`,
    );
    await connection.run(`COPY balances TO '${join(d, 's.parquet').replaceAll("'", "''")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const fromCsv = await readBook({ snapshots: { path: join(d, 's.csv'), columns: { customerId: 'id' }, products: { column: 'products', separator: ';' } } });
    const fromDuck = await readBook({
      snapshots: {
        duckdb: { database: db, table: 'balances' },
        columns: { customerId: 'id', month: 'month_end' },
        products: { column: 'products', separator: ';' },
      },
    });
    const fromParquet = await readBook({
      snapshots: { path: join(d, 's.parquet'), columns: { customerId: 'id', month: 'month_end' }, products: { column: 'products', separator: ';' } },
    });
    for (const other of [fromDuck, fromParquet]) {
      expect(other.months).toEqual(fromCsv.months);
      expect(Array.from(other.snapshots!.aum)).toEqual(Array.from(fromCsv.snapshots!.aum));
      expect(Array.from(productMasks(other.snapshots!).masks)).toEqual(Array.from(productMasks(fromCsv.snapshots!).masks));
    }
  });
});

const pgBin = findPgBin();
const describePg = pgBin !== undefined ? describe : describe.skip;
describePg(`readBook on a live PostgreSQL server${pgBin === undefined ? ' — skipped: PostgreSQL binaries not found' : ''}`, () => {
  let server: PgTestServer;
  beforeAll(async () => {
    server = await startPgServer();
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    await client.query('CREATE TABLE balances (cust text, period date, dep numeric, wm numeric, loan numeric)');
    await client.query(
      "INSERT INTO balances VALUES ('A','2024-01-31',100,50,0),('B','2024-01-31',10,0,5),('A','2024-02-29',120,50,0),('B','2024-02-29',0,0,5)",
    );
    await client.query('CREATE TABLE tx (cust text, day date, amt double precision)');
    await client.query("INSERT INTO tx VALUES ('A','2024-01-03',9.5),('A','2024-02-10',4),('B','2024-02-11',1.25)");
    await client.end();
  }, 60_000);
  afterAll(() => server?.stop());

  it('reads a table and a query (dates as the server writes them, no time-zone shift)', async () => {
    const book = await readBook({
      snapshots: {
        postgres: { connectionString: server.connectionString, table: 'balances' },
        columns: { customerId: 'cust', month: 'period', deposits: 'dep', wealth: 'wm', loans: 'loan' },
      },
      transactions: {
        postgres: { connectionString: server.connectionString, query: 'SELECT cust, day, amt FROM tx ORDER BY day' },
        columns: { customerId: 'cust', date: 'day', amount: 'amt' },
      },
    });
    expect(book.customers.customerId).toEqual(['A', 'B']);
    expect(book.months).toEqual(['2024-01', '2024-02']);
    expect(Array.from(book.snapshots!.aum)).toEqual([150, 10, 170, 0]);
    expect(Array.from(book.transactions!.amount)).toEqual([9.5, 4, 1.25]);
    await rejects(() => readBook({ transactions: { postgres: { connectionString: server.connectionString, table: 'missing_table' } } }), 'IO_ERROR');
  });
});
