import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { patternsSql } from '../../src/sql/patterns-sql.js';
import { scoringSql } from '../../src/sql/scoring-sql.js';
import { summarySql } from '../../src/sql/summary-sql.js';
import { expectCode } from '../helpers/expect-code.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/bank/transactions.csv', import.meta.url));
const PERIOD = { observationEnd: '2024-12-31', timeUnit: 'week' } as const;

describe('patternsSql', () => {
  it('writes the grouped statement per dialect, names quoted', () => {
    const pg = patternsSql({ table: ['s', 'sum"mary'], dialect: 'postgres' });
    expect(pg.split('\n')[1]).toBe(
      'SELECT CAST("frequency" AS DOUBLE PRECISION) AS "frequency", CAST("recency" AS DOUBLE PRECISION) AS "recency", CAST("T" AS DOUBLE PRECISION) AS "T", CAST(COUNT(*) AS BIGINT) AS "customers"',
    );
    expect(pg).toContain('FROM "s"."sum""mary"');
    expect(patternsSql({ table: 't', dialect: 'spark', columns: { T: 'age' } })).toContain('GROUP BY `frequency`, `recency`, `age`');
    expectCode(() => patternsSql({ table: 't', dialect: 'postgres', column: {} } as never), 'INVALID_OPTIONS');
    expectCode(() => patternsSql({ table: '', dialect: 'postgres' }), 'INVALID_OPTIONS');
  });

  it('on a live DuckDB: the weighted fit on the patterns is the fit on all customers, and scoringSql takes them', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TABLE tx AS SELECT * FROM read_csv('${FIXTURE.replace(/'/g, "''")}', all_varchar = true)`);
      await connection.run(`CREATE TABLE summary AS ${summarySql({ ...PERIOD, table: 'tx', dialect: 'duckdb' })}`);
      const rows = (await connection.runAndReadAll(patternsSql({ table: 'summary', dialect: 'duckdb' }))).getRowObjects();
      const summary = summarizeCustomers(await readTransactions(FIXTURE), PERIOD);
      expect(rows.length).toBeLessThan(summary.length);
      const column = (name: string): Float64Array => Float64Array.from(rows, (r) => Number(r[name]));
      const patterns = { frequency: column('frequency'), recency: column('recency'), T: column('T') };
      const weights = column('customers');
      expect(weights.reduce((a, b) => a + b, 0)).toBe(summary.length);
      const fromPatterns = fitBgNbd(patterns, { weights, timeUnit: 'week' });
      const fromAll = fitBgNbd(summary);
      for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(fromPatterns.params[k]).toBeCloseTo(fromAll.params[k], 9);
      expect(fromPatterns.logLikelihood).toBeCloseTo(fromAll.logLikelihood, 6);
      // The patterns are all scoringSql needs: every customer is scored.
      const { sql } = scoringSql({
        transactionModel: fromPatterns,
        patterns,
        table: 'summary',
        horizon: { value: 12, unit: 'month' },
        discountRate: { rate: 0.1, per: 'year' },
        dialect: 'duckdb',
      });
      const scores = (await connection.runAndReadAll(sql)).getRowObjects();
      expect(scores.length).toBe(summary.length);
      expect(scores.every((s) => typeof s.expected_transactions === 'number' && Number.isFinite(s.expected_transactions))).toBe(true);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
