import { copyFileSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from 'node-sql-parser';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { findPgBin, startPgServer, type PgTestServer } from '../../scripts/pg-test-server.js';
import { ClvkitError } from '../../src/errors.js';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { readSummaries } from '../../src/io/read-summaries.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { summarySql, type SummarySqlOptions } from '../../src/sql/summary-sql.js';
import { hasSharedData, sharedFile } from '../helpers/shared-data.js';
import { expectSameSummary } from './expect-same-summary.js';

const { Parser } = pkg;
const FIXTURE = fileURLToPath(new URL('../../fixtures/bank/transactions.csv', import.meta.url));
const HOSTILE_TABLE = 'a"; DROP TABLE x; --';
const HOSTILE_COLUMN = 'amt`"; DELETE FROM y; --';

const base = { table: 'sales.tx', observationEnd: '1997-09-30', timeUnit: 'week', dialect: 'postgres' } as const satisfies SummarySqlOptions;

describe('summarySql: statement text', () => {
  const dialects = ['duckdb', 'postgres', 'spark', 'trino', 'bigquery'] as const;
  const cases = [
    { name: 'day-weekly', options: {} },
    { name: 'none-holdout-compact', options: { aggregateBy: 'none', calibrationEnd: '1997-06-30', dateFormat: 'YYYYMMDD', columns: { order: 'seq' } } },
    { name: 'date-monthly', options: { dateFormat: 'date', timeUnit: 'month' } },
  ] as const;
  for (const dialect of dialects) {
    for (const c of cases) {
      it(`${dialect} ${c.name} matches its golden file`, async () => {
        const sql = summarySql({ ...base, ...c.options, dialect, table: ['sales', 'tx'] });
        await expect(sql).toMatchFileSnapshot(`./__golden__/${dialect}-${c.name}.sql`);
      });
    }
  }

  const parserDb = { postgres: 'postgresql', trino: 'trino', bigquery: 'bigquery', spark: 'hive' } as const;
  for (const [dialect, database] of Object.entries(parserDb) as [keyof typeof parserDb, string][]) {
    it(`${dialect} parses with node-sql-parser (${database}), hostile names included`, () => {
      const parser = new Parser();
      for (const aggregateBy of ['day', 'none'] as const) {
        // The parser's grammars do not take an escaped quote inside a quoted name (the live PostgreSQL and DuckDB
        // tests run those); here the names carry the other dialects' quote and comment/statement breakers.
        const other = dialect === 'spark' || dialect === 'bigquery' ? '"' : '`';
        let sql = summarySql({
          ...base,
          dialect,
          aggregateBy,
          calibrationEnd: '1997-06-30',
          table: ['s', `a${other}; DROP TABLE x; --`],
          columns: { amount: `amt${other} -- y`, order: 'seq' },
        });
        // node-sql-parser's hive grammar (the nearest to Spark SQL) lacks TRY_CAST; Spark has it since 3.2.
        if (dialect === 'spark') sql = sql.replace(/TRY_CAST\(/g, 'CAST(');
        const ast = parser.astify(sql, { database });
        expect(Array.isArray(ast) ? ast.length : 1).toBe(1);
        const tables = parser.tableList(sql, { database });
        expect(tables.some((t) => t.includes('DROP TABLE x'))).toBe(true);
      }
    });
  }

  it('quotes hostile identifiers so they stay one name', () => {
    const pgSql = summarySql({ ...base, table: ['s', HOSTILE_TABLE], columns: { customerId: 'id"x' } });
    expect(pgSql).toContain('FROM "s"."a""; DROP TABLE x; --"');
    expect(pgSql).toContain('CAST("id""x" AS TEXT)');
    const spark = summarySql({ ...base, dialect: 'spark', table: 'db.t`x', columns: { amount: HOSTILE_COLUMN } });
    expect(spark).toContain('FROM `db`.`t``x`');
    expect(spark).toContain('`amt``"; DELETE FROM y; --`');
    const bq = summarySql({ ...base, dialect: 'bigquery', table: ['p', 'd', 't`x\\'] });
    expect(bq).toContain('FROM `p`.`d`.`t\\`x\\\\`');
  });

  it('writes the dialect differences', () => {
    const of = (dialect: SummarySqlOptions['dialect']): string => summarySql({ ...base, dialect, dateFormat: 'YYYYMMDD' });
    expect(of('postgres')).toContain(`(to_date(CAST("date" AS TEXT), 'YYYYMMDD') - DATE '1970-01-01')`);
    expect(of('duckdb')).toContain(`CAST(CAST(try_strptime(CAST("date" AS VARCHAR), '%Y%m%d') AS DATE) - DATE '1970-01-01' AS INTEGER)`);
    // Rows that are not purchases in the period go to the NULL customer's group (day 0 unusable, 1 after the end),
    // so without a calibration end a customer's aggregates run unfiltered in every dialect.
    for (const dialect of ['duckdb', 'postgres', 'spark', 'trino', 'bigquery'] as const) {
      expect(of(dialect)).toContain('CASE WHEN customer_id IS NULL OR d IS NULL OR amount IS NULL THEN 0 WHEN d > 10134 THEN 1 ELSE d END AS d');
      expect(of(dialect)).toContain('COUNT(*) AS purchases');
      expect(of(dialect)).not.toContain('ORDER BY customer_id');
    }
    // With one, DuckDB's calibration/holdout split uses FILTER; the others keep the portable CASE form.
    const split = (dialect: SummarySqlOptions['dialect']): string => summarySql({ ...base, dialect, calibrationEnd: '1997-06-30' });
    expect(split('duckdb')).toContain('COUNT(*) FILTER (WHERE d <= 10042) AS purchases');
    expect(split('duckdb')).toContain('COUNT(*) FILTER (WHERE d > 10042) AS holdout_purchases');
    expect(split('postgres')).toContain('SUM(CASE WHEN d <= 10042 THEN 1 ELSE 0 END) AS purchases');
    expect(of('spark')).toContain(`datediff(to_date(CAST(\`date\` AS STRING), 'yyyyMMdd'), DATE '1970-01-01')`);
    expect(of('trino')).toContain(`TRY(CAST(date_parse(CAST("date" AS VARCHAR), '%Y%m%d') AS DATE))`);
    expect(of('bigquery')).toContain(`DATE_DIFF(SAFE.PARSE_DATE('%Y%m%d', CAST(\`date\` AS STRING)), DATE '1970-01-01', DAY)`);
    expect(of('bigquery')).toContain('ANY_VALUE(amount HAVING MIN d)');
    expect(of('spark')).toContain('min_by(amount, d)');
  });

  it('sorts by customer_id only when asked', () => {
    for (const dialect of ['duckdb', 'postgres', 'spark', 'trino', 'bigquery'] as const) {
      const sorted = summarySql({ ...base, dialect, orderBy: true });
      expect(sorted.endsWith('\nORDER BY customer_id')).toBe(true);
      expect(sorted.slice(0, -'\nORDER BY customer_id'.length)).toBe(summarySql({ ...base, dialect }));
    }
  });

  it('rejects bad options', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof ClvkitError ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => summarySql({ ...base, dialect: 'mysql' as 'postgres' }))).toBe('INVALID_OPTIONS');
    expect(code(() => summarySql({ ...base, table: 'a..b' }))).toBe('INVALID_OPTIONS');
    expect(code(() => summarySql({ ...base, table: 'a\u0000b' }))).toBe('INVALID_OPTIONS');
    expect(code(() => summarySql({ ...base, calibrationEnd: '1997-10-01' }))).toBe('INVALID_OPTIONS');
    expect(code(() => summarySql({ ...base, observationEnd: '1997-02-30' }))).toBe('INVALID_DATE');
    expect(code(() => summarySql({ ...base, dateFormat: 'YY/MM' }))).toBe('INVALID_OPTIONS');
  });

  it('has typed options', () => {
    expectTypeOf(summarySql).returns.toEqualTypeOf<string>();
    expectTypeOf<SummarySqlOptions['dialect']>().toEqualTypeOf<'duckdb' | 'postgres' | 'spark' | 'trino' | 'bigquery'>();
  });
});

describe('summarySql on a live DuckDB', () => {
  // The whole statement (bookkeeping totals included) in DuckDB, with and without a holdout.
  const cases = [
    { name: 'weekly with holdout', options: { observationEnd: '2024-12-31', calibrationEnd: '2024-06-30', timeUnit: 'week' } },
    { name: 'daily, rows after the end', options: { observationEnd: '2024-09-30', timeUnit: 'day' } },
    { name: 'monthly, every transaction a purchase', options: { observationEnd: '2024-12-31', timeUnit: 'month', aggregateBy: 'none' } },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: equal to the in-process summary`, async () => {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        await connection.run(`CREATE TABLE tx AS SELECT * FROM read_csv('${FIXTURE.replace(/'/g, "''")}', all_varchar = true)`);
        const rows = (await connection.runAndReadAll(summarySql({ ...c.options, table: 'tx', dialect: 'duckdb' }))).getRowObjects();
        const expected = summarizeCustomers(await readTransactions(FIXTURE), c.options);
        expectSameSummary(await readSummaries(rows as Record<string, unknown>[], c.options), expected);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    });
  }
});

describe('summarySql on a live DuckDB: bookkeeping totals (a one-row aggregate joined to every row)', () => {
  const options = { table: 'tx', observationEnd: '2024-12-31', calibrationEnd: '2024-06-30', timeUnit: 'day', dialect: 'duckdb' } as const;

  /** The statement's rows, sorted by customer id (it returns them in no particular order). */
  async function summaryOf(values: string, change: Partial<SummarySqlOptions> = {}): Promise<Record<string, unknown>[]> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE tx (customer_id VARCHAR, date VARCHAR, amount VARCHAR)');
      if (values !== '') await connection.run(`INSERT INTO tx VALUES ${values}`);
      const rows = (await connection.runAndReadAll(summarySql({ ...options, ...change }))).getRowObjects() as Record<string, unknown>[];
      return rows.sort((a, b) => String(a.customer_id).localeCompare(String(b.customer_id)));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  it('counts bad rows, rows after the end and holdout-only customers, the same on every row', async () => {
    // A: two purchases (same-day rows merged) and one row after the end; B: one purchase and an unparsable date;
    // C: only a holdout purchase (excluded); D: only an unparsable amount; one row without a customer id.
    const values = `('A', '2024-01-01', '10'), ('A', '2024-01-01', '5'), ('A', '2024-02-01', '7'), ('A', '2025-02-01', '1'),
      ('B', '2024-03-01', '3'), ('B', 'not a date', '4'), ('C', '2024-07-15', '9'), ('D', '2024-01-05', 'xx'), (NULL, '2024-01-01', '2')`;
    const rows = await summaryOf(values);
    expect(rows.map((r) => r.customer_id)).toEqual(['A', 'B']);
    for (const r of rows) {
      expect(Number(r.invalid_rows)).toBe(3);
      expect(Number(r.transactions_after_end)).toBe(1);
      expect(Number(r.excluded_after_calibration)).toBe(1);
    }
    expect(Number(rows[0]!.frequency)).toBe(1);
    expect(Number(rows[0]!.monetary_value)).toBe(7);
    expect(Number(rows[0]!.holdout_frequency)).toBe(0);
  });

  it('without a calibration end, and per transaction: the same totals, and a bad row never counts as a first purchase', async () => {
    // A's earliest row has an unparsable amount: its first purchase is the 10 on the same day, not the bad row.
    const values = `('A', '2024-01-01', 'xx'), ('A', '2024-01-01', '10'), ('A', '2024-03-01', '4'), ('A', '2025-03-01', '8'),
      ('B', '2024-05-01', '6'), ('B', NULL, '1'), ('E', '2025-01-02', '5'), (NULL, '2024-02-02', '3')`;
    for (const aggregateBy of ['day', 'none'] as const) {
      const rows = await summaryOf(values, { calibrationEnd: undefined, aggregateBy });
      expect(rows.map((r) => r.customer_id)).toEqual(['A', 'B']);
      for (const r of rows) {
        expect(Number(r.invalid_rows), aggregateBy).toBe(3);
        expect(Number(r.transactions_after_end), aggregateBy).toBe(2);
        expect(r.excluded_after_calibration).toBeUndefined();
      }
      expect(Number(rows[0]!.frequency)).toBe(1);
      expect(Number(rows[0]!.monetary_value), aggregateBy).toBe(4);
      expect(Number(rows[0]!.transaction_count)).toBe(2);
      expect(Number(rows[0]!.total_amount)).toBe(14);
    }
  });

  it('a calibration end on 1970-01-01 (the day rows after the end are routed to) still splits late from bad rows', async () => {
    const values = `('A', '1970-01-01', '1'), ('A', '1970-01-02', '2'), ('A', '1970-01-20', '3'), ('A', '1970-01-21', 'x')`;
    const rows = await summaryOf(values, { observationEnd: '1970-01-10', calibrationEnd: '1970-01-01' });
    expect(rows.map((r) => [r.customer_id, Number(r.holdout_frequency), Number(r.transactions_after_end), Number(r.invalid_rows)])).toEqual([['A', 1, 1, 1]]);
  });

  it('an empty table and a table of only bad rows give no rows', async () => {
    expect(await summaryOf('')).toEqual([]);
    expect(await summaryOf("('A', 'bad', '1'), ('B', '2024-01-01', 'bad')")).toEqual([]);
  });
});

const pgBin = findPgBin();
const describePg = pgBin !== undefined ? describe : describe.skip;
describePg(
  `summarySql on a live PostgreSQL server${pgBin === undefined ? ' — skipped: PostgreSQL binaries not found (apt-get install -y postgresql)' : ''}`,
  () => {
    let server: PgTestServer;
    let client: pg.Client;

    async function load(table: string, file: string, ddl: string, copyColumns: string): Promise<void> {
      const target = join(server.dir, `${table.replace(/\W/g, '_')}.csv`);
      copyFileSync(file, target);
      chownSync(target, server.uid, server.gid);
      await client.query(ddl);
      await client.query(`COPY ${table} (${copyColumns}) FROM '${target}' WITH (FORMAT csv, HEADER true)`);
    }

    async function run(options: SummarySqlOptions, read: Omit<Parameters<typeof readSummaries>[1], 'days'>): Promise<CustomerSummary> {
      const result = await client.query(summarySql(options));
      return readSummaries(result.rows, read);
    }

    beforeAll(async () => {
      server = await startPgServer();
      client = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
      await client.connect();
      await client.query('CREATE SCHEMA bank');
      await load(
        `bank."${HOSTILE_TABLE.replace(/"/g, '""')}"`,
        FIXTURE,
        `CREATE TABLE bank."${HOSTILE_TABLE.replace(/"/g, '""')}" (customer_id text, date text, "${HOSTILE_COLUMN.replace(/"/g, '""')}" text, channel text, product text)`,
        `customer_id, date, "${HOSTILE_COLUMN.replace(/"/g, '""')}", channel, product`,
      );
      await load(
        'bank.typed',
        FIXTURE,
        'CREATE TABLE bank.typed (customer_id text, day date, amount double precision, channel text, product text)',
        'customer_id, day, amount, channel, product',
      );
      if (hasSharedData) {
        await load(
          'cdnow',
          sharedFile('cdnow_sample_transactions.csv'),
          'CREATE TABLE cdnow (seq bigserial, customer_id text, date text, cds integer, amount numeric)',
          'customer_id, date, cds, amount',
        );
      }
    });

    afterAll(async () => {
      await client?.end();
      server?.stop();
    });

    it('bank fixture, hostile table and column names, holdout: equal to the in-process summary', async () => {
      const table = await readTransactions(FIXTURE);
      const options = { observationEnd: '2024-12-31', calibrationEnd: '2024-06-30', timeUnit: 'week' } as const;
      const expected = summarizeCustomers(table, options);
      const actual = await run({ ...options, table: ['bank', HOSTILE_TABLE], columns: { amount: HOSTILE_COLUMN }, dialect: 'postgres' }, options);
      expectSameSummary(actual, expected);
      // The hostile name was one identifier: the table is still there.
      const still = await client.query(`SELECT count(*)::int AS n FROM bank."${HOSTILE_TABLE.replace(/"/g, '""')}"`);
      expect(still.rows[0].n).toBe(table.length);
    });

    it('bank fixture from DATE and DOUBLE PRECISION columns, monthly, every transaction a purchase', async () => {
      const table = await readTransactions(FIXTURE);
      const options = { observationEnd: '2024-09-30', timeUnit: 'month', aggregateBy: 'none' } as const;
      const expected = summarizeCustomers(table, options);
      const actual = await run({ ...options, table: 'bank.typed', columns: { date: 'day' }, dateFormat: 'date', dialect: 'postgres' }, options);
      expect(actual.transactionsAfterEnd).toBeGreaterThan(0);
      // 'none' ties on the first day follow input order in-process; the fixture has no such ties with different amounts.
      expectSameSummary(actual, expected);
    });

    it.runIf(hasSharedData)('CDNOW sample (YYYYMMDD text), weekly with holdout and per transaction with an order column', async () => {
      const file = sharedFile('cdnow_sample_transactions.csv');
      const table = await readTransactions(file);
      const day = { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' } as const;
      expectSameSummary(await run({ ...day, table: 'cdnow', dialect: 'postgres' }, day), summarizeCustomers(table, day));
      const none = { observationEnd: '1997-09-30', timeUnit: 'day', aggregateBy: 'none' } as const;
      expectSameSummary(await run({ ...none, table: 'cdnow', columns: { order: 'seq' }, dialect: 'postgres' }, none), summarizeCustomers(table, none));
    });

    it('fails the statement on an unparsable date (PostgreSQL has no safe cast)', async () => {
      await client.query(
        "CREATE TABLE bad (customer_id text, date text, amount text); INSERT INTO bad VALUES ('A', '2024-01-01', '1'), ('B', 'not a date', '2')",
      );
      await expect(client.query(summarySql({ ...base, table: 'bad' }))).rejects.toThrow(/date/);
    });
  },
);
