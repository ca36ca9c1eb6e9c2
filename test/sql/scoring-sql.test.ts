import { fileURLToPath } from 'node:url';
import { copyFileSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { findPgBin, startPgServer, type PgTestServer } from '../../scripts/pg-test-server.js';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitBgBb } from '../../src/clv/bg-bb/fit-bg-bb.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { scoringSql, type ScoringSql, type ScoringSqlOptions } from '../../src/sql/scoring-sql.js';
import { summarySql } from '../../src/sql/summary-sql.js';
import { expectCode } from '../helpers/expect-code.js';
import { hasSharedData, sharedFile } from '../helpers/shared-data.js';
import { expectSameScores, scoringCases, type ScoringCase } from './scoring-cases.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/bank/transactions.csv', import.meta.url));
const CDNOW = sharedFile('cdnow_sample_transactions.csv');
const FIXTURE_PERIOD = { observationEnd: '2024-12-31', timeUnit: 'week' } as const;
const CDNOW_PERIOD = { observationEnd: '1997-09-30', timeUnit: 'week' } as const;

const fitted = new Map<string, Promise<ScoringCase[]>>();
/** The fits and in-process scores of a data set, computed once for the whole file. */
function casesOf(file: string, period: typeof FIXTURE_PERIOD | typeof CDNOW_PERIOD, label: string): Promise<ScoringCase[]> {
  if (!fitted.has(label))
    fitted.set(
      label,
      readTransactions(file).then((t) => scoringCases(summarizeCustomers(t, period), label)),
    );
  return fitted.get(label)!;
}

describe('scoringSql: statement', () => {
  it('writes closed-form P(alive) and an integer-keyed lookup', async () => {
    const summary = summarizeCustomers(await readTransactions(FIXTURE), FIXTURE_PERIOD);
    const model = fitBgNbd(summary);
    const out: ScoringSql = scoringSql({
      transactionModel: model,
      patterns: summary,
      table: ['bank', 'summary'],
      horizon: { value: 1, unit: 'year' },
      discountRate: { rate: 0.05, per: 'year' },
      dialect: 'postgres',
    });
    expect(out.sql.split('\n')[0]).toMatch(/^-- clvkit scoring: bg-nbd in weeks \(r = /);
    expect(out.sql).toContain('FROM "bank"."summary"');
    expect(out.sql).toContain('CAST(ROUND(CAST("T" AS DOUBLE PRECISION) * CAST(7e+0 AS DOUBLE PRECISION)) AS BIGINT) AS t_days');
    expect(out.sql).toContain('ln(');
    expect(out.columns).toEqual(['customer_id', 'probability_alive', 'expected_transactions', 'discounted_transactions']);
    expect(out.lookup.columns).toEqual(['x', 't_days', 'k_horizon', 'k_discounted']);
    // One row per distinct (x, T): far fewer than customers.
    const distinct = new Set(Array.from(summary.frequency, (x, i) => `${x}|${Math.round(summary.T[i]! * 7)}`));
    expect(out.lookup.rows.length).toBe(distinct.size);
    for (const row of out.lookup.rows) for (const v of row) expect(Number.isFinite(v)).toBe(true);
    const bq = scoringSql({
      transactionModel: model,
      patterns: summary,
      table: 'd.summary',
      horizon: { value: 1, unit: 'year' },
      discountRate: { rate: 0.05, per: 'year' },
      dialect: 'bigquery',
    });
    expect(bq.sql).toContain('UNNEST(ARRAY<STRUCT<x INT64, t_days INT64, k_horizon FLOAT64, k_discounted FLOAT64>>[');
    const table = scoringSql({
      transactionModel: model,
      patterns: summary,
      table: 's',
      horizon: { value: 1, unit: 'year' },
      discountRate: { rate: 0.05, per: 'year' },
      dialect: 'spark',
      lookup: { table: 'lk' },
    });
    expect(table.sql).toContain('LEFT JOIN `lk` AS l ON');
    expect(table.sql).not.toContain('VALUES');
    expect(table.lookup.createTableSql).toBe('CREATE TABLE `lk` (`x` BIGINT, `t_days` BIGINT, `k_horizon` DOUBLE, `k_discounted` DOUBLE)');
  });

  it('rejects what it cannot write', async () => {
    const summary = summarizeCustomers(await readTransactions(FIXTURE), FIXTURE_PERIOD);
    const model = fitBgNbd(summary);
    const base = {
      transactionModel: model,
      patterns: summary,
      table: 's',
      horizon: { value: 1, unit: 'year' },
      discountRate: { rate: 0.05, per: 'year' },
      dialect: 'duckdb',
    } as const satisfies ScoringSqlOptions;
    expectCode(() => scoringSql({ ...base, margin: 0.5 }), 'INVALID_OPTIONS');
    const { discountRate: _, ...noRate } = base;
    expectCode(() => scoringSql(noRate as unknown as ScoringSqlOptions), 'INVALID_OPTIONS');
    expectCode(() => scoringSql({ ...base, dialect: 'mysql' as 'duckdb' }), 'INVALID_OPTIONS');
    expectCode(() => scoringSql({ ...base, horizn: 1 } as unknown as ScoringSqlOptions), 'INVALID_OPTIONS');
    expectCode(() => scoringSql({ ...base, patterns: { frequency: [1], recency: [1], T: [1.5] } }), 'INVALID_VALUE');
    expectCode(() => scoringSql({ ...base, patterns: { frequency: [1.5], recency: [1], T: [2] } }), 'INVALID_VALUE');
    expectCode(() => scoringSql({ ...base, patterns: { frequency: [], recency: [], T: [] } }), 'EMPTY_INPUT');
    const bgBb = fitBgBb({ frequency: [0, 1, 2, 3], recency: [0, 2, 4, 6], T: [6, 6, 6, 6] });
    expectCode(() => scoringSql({ ...base, transactionModel: bgBb }), 'UNSUPPORTED');
  });

  it('has typed options', () => {
    expectTypeOf(scoringSql).returns.toEqualTypeOf<ScoringSql>();
    expectTypeOf<ScoringSqlOptions['dialect']>().toEqualTypeOf<'duckdb' | 'postgres' | 'spark' | 'trino' | 'bigquery'>();
  });
});

describe('scoringSql on a live DuckDB: equal to the in-process scores', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run(`CREATE TABLE bank_tx AS SELECT * FROM read_csv('${FIXTURE.replace(/'/g, "''")}', all_varchar = true)`);
    await connection.run(`CREATE TABLE bank_summary AS ${summarySql({ ...FIXTURE_PERIOD, table: 'bank_tx', dialect: 'duckdb' })}`);
    if (hasSharedData) {
      await connection.run(`CREATE TABLE cdnow AS SELECT * FROM read_csv('${CDNOW.replace(/'/g, "''")}', all_varchar = true)`);
      await connection.run(`CREATE TABLE cdnow_summary AS ${summarySql({ ...CDNOW_PERIOD, table: 'cdnow', dialect: 'duckdb' })}`);
    }
  });
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  it('bank fixture: BG/NBD, MBG/NBD, Pareto/NBD with Gamma-Gamma, inline lookup', async () => {
    for (const c of await casesOf(FIXTURE, FIXTURE_PERIOD, 'fixture')) {
      const { sql } = scoringSql({ ...c.options, table: 'bank_summary', dialect: 'duckdb' });
      expectSameScores((await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[], c);
    }
  });

  it.runIf(hasSharedData)('CDNOW: the lookup loaded as a table', async () => {
    for (const c of await casesOf(CDNOW, CDNOW_PERIOD, 'cdnow')) {
      const out = scoringSql({ ...c.options, table: 'cdnow_summary', dialect: 'duckdb', lookup: { table: 'lk' } });
      await connection.run('DROP TABLE IF EXISTS lk');
      await connection.run(out.lookup.createTableSql);
      await connection.run(`INSERT INTO lk VALUES ${out.lookup.rows.map((r) => `(${r.map((v) => v.toExponential()).join(', ')})`).join(', ')}`);
      expectSameScores((await connection.runAndReadAll(out.sql)).getRowObjects() as Record<string, unknown>[], c);
    }
  });

  it('a customer whose pattern is not in the lookup gets NULL, never a guess', async () => {
    const [c] = await casesOf(FIXTURE, FIXTURE_PERIOD, 'fixture');
    const { sql } = scoringSql({ ...c!.options, patterns: { frequency: [0], recency: [0], T: [1] }, table: 'bank_summary', dialect: 'duckdb' });
    const rows = (await connection.runAndReadAll(sql)).getRowObjects();
    expect(rows.length).toBe(c!.customerId.length);
    expect(rows.some((r) => r.expected_transactions === null && r.clv === null && typeof r.probability_alive === 'number')).toBe(true);
  });
});

const pgBin = findPgBin();
const describePg = pgBin !== undefined ? describe : describe.skip;
describePg(
  `scoringSql on a live PostgreSQL server${pgBin === undefined ? ' — skipped: PostgreSQL binaries not found (apt-get install -y postgresql)' : ''}`,
  () => {
    let server: PgTestServer;
    let client: pg.Client;
    async function load(table: string, file: string, ddl: string): Promise<void> {
      const target = join(server.dir, `${table}.csv`);
      copyFileSync(file, target);
      chownSync(target, server.uid, server.gid);
      await client.query(ddl);
      await client.query(`COPY ${table} FROM '${target}' WITH (FORMAT csv, HEADER true)`);
    }
    beforeAll(async () => {
      server = await startPgServer();
      client = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database });
      await client.connect();
      await load('bank_tx', FIXTURE, 'CREATE TABLE bank_tx (customer_id text, date text, amount text, channel text, product text)');
      await client.query(`CREATE TABLE bank_summary AS ${summarySql({ ...FIXTURE_PERIOD, table: 'bank_tx', dialect: 'postgres' })}`);
      if (hasSharedData) {
        await load('cdnow', CDNOW, 'CREATE TABLE cdnow (customer_id text, date text, cds text, amount text)');
        await client.query(`CREATE TABLE cdnow_summary AS ${summarySql({ ...CDNOW_PERIOD, table: 'cdnow', dialect: 'postgres' })}`);
      }
    }, 60_000);
    afterAll(async () => {
      await client?.end();
      server?.stop();
    });

    it('bank fixture: BG/NBD, MBG/NBD, Pareto/NBD with Gamma-Gamma', async () => {
      for (const c of await casesOf(FIXTURE, FIXTURE_PERIOD, 'fixture')) {
        const { sql } = scoringSql({ ...c.options, table: 'bank_summary', dialect: 'postgres' });
        expectSameScores((await client.query(sql)).rows, c);
      }
    });

    it.runIf(hasSharedData)('CDNOW: inline and as a loaded table', async () => {
      for (const c of await casesOf(CDNOW, CDNOW_PERIOD, 'cdnow')) {
        expectSameScores((await client.query(scoringSql({ ...c.options, table: 'cdnow_summary', dialect: 'postgres' }).sql)).rows, c);
        const out = scoringSql({ ...c.options, table: 'cdnow_summary', dialect: 'postgres', lookup: { table: ['public', 'lk'] } });
        await client.query('DROP TABLE IF EXISTS lk');
        await client.query(out.lookup.createTableSql);
        await client.query(`INSERT INTO lk VALUES ${out.lookup.rows.map((r) => `(${r.map((v) => v.toExponential()).join(', ')})`).join(', ')}`);
        expectSameScores((await client.query(out.sql)).rows, c);
      }
    });
  },
);
