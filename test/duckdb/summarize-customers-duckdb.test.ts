import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { summarizeCustomersDuckDb, type SummarizeCustomersDuckDbOptions } from '../../src/duckdb/index.js';
import { ClvkitError } from '../../src/errors.js';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { readTransactions, readTransactionsSync } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { describeWithSharedData, sharedFile } from '../helpers/shared-data.js';
import { expectSameSummary } from '../sql/expect-same-summary.js';
import type { Displayed } from '../../src/display/with-display.js';
import { codeOfAsync } from '../helpers/expect-code.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/bank/transactions.csv', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clvkit-duckdb-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('summarizeCustomersDuckDb on the bank fixture', () => {
  const cases: { name: string; options: SummarizeCustomersDuckDbOptions }[] = [
    { name: 'weekly, same-day merging', options: { observationEnd: '2024-12-31', timeUnit: 'week' } },
    { name: 'daily with holdout', options: { observationEnd: '2024-12-31', calibrationEnd: '2024-03-31', timeUnit: 'day' } },
    { name: 'monthly, every transaction a purchase, rows after the end', options: { observationEnd: '2024-08-31', timeUnit: 'month', aggregateBy: 'none' } },
  ];
  for (const c of cases) {
    it(`${c.name}: every column equal to the in-process summary`, async () => {
      const table = await readTransactions(FIXTURE);
      const { observationEnd, timeUnit, aggregateBy, calibrationEnd } = c.options;
      const expected = summarizeCustomers(table, {
        observationEnd,
        timeUnit,
        ...(aggregateBy ? { aggregateBy } : {}),
        ...(calibrationEnd ? { calibrationEnd } : {}),
      });
      const actual = await summarizeCustomersDuckDb(FIXTURE, c.options);
      expectSameSummary(actual, expected);
      expect(actual.observationEnd).toBe(expected.observationEnd);
      expect(actual.calibrationEnd).toBe(expected.calibrationEnd);
      // Documented order: by customer id.
      expect([...actual.customerId]).toEqual([...actual.customerId].sort());
    });
  }

  it('reads Parquet (glob) and a DuckDB table on the caller’s connection, including a hostile table name', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const parquet = join(dir, 'part-1.parquet');
      await connection.run(
        `COPY (SELECT customer_id, CAST("date" AS DATE) AS "date", CAST(amount AS DOUBLE) AS amount FROM read_csv('${FIXTURE}')) TO '${parquet}' (FORMAT parquet)`,
      );
      const options = { observationEnd: '2024-12-31', calibrationEnd: '2024-06-30', timeUnit: 'week' } as const;
      const expected = summarizeCustomers(await readTransactions(FIXTURE), options);
      expectSameSummary(await summarizeCustomersDuckDb(join(dir, '*.parquet'), options), expected);
      const hostile = 'tx"; DROP TABLE keep; --';
      await connection.run(`CREATE TABLE keep AS SELECT 1 AS x`);
      await connection.run(`CREATE TABLE "${hostile.replace(/"/g, '""')}" AS SELECT * FROM read_csv('${FIXTURE}', all_varchar = true)`);
      expectSameSummary(await summarizeCustomersDuckDb({ table: [hostile], connection }, options), expected);
      expect(Number((await connection.runAndReadAll('SELECT count(*) FROM keep')).getColumns()[0]![0])).toBe(1);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('falls back to per-value parsing for mixed date formats and matches the in-process reader', async () => {
    const text = 'customer_id,date,amount\nA,1997-01-01,10\nA,19970115,20.5\nB,1997-01-08,7\nA,1997-01-15,1.25\n';
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, text);
    const options = { observationEnd: '1997-01-29', timeUnit: 'week' } as const;
    const actual = await summarizeCustomersDuckDb(file, options);
    expectSameSummary(actual, summarizeCustomers(readTransactionsSync(text), options));
    // Worked example: A buys on day 0 (10) and day 14 (21.75): frequency 1, recency 2 weeks, T 4 weeks, monetary 21.75.
    expect([...actual.frequency]).toEqual([1, 0]);
    expect([...actual.recency]).toEqual([2, 0]);
    expect([...actual.T]).toEqual([4, 3]);
    expect([...actual.monetaryValue]).toEqual([21.75, 0]);
    expect([...actual.transactionCount]).toEqual([3, 1]);
  });

  it('reads a semicolon CSV without header by column index, with a DD/MM/YYYY pattern', async () => {
    const file = join(dir, 'eu.csv');
    writeFileSync(file, 'A;01/01/1997;10\nA;15/01/1997;20\nB;08/01/1997;7\n');
    const s = await summarizeCustomersDuckDb(file, {
      observationEnd: '1997-01-29',
      timeUnit: 'week',
      header: false,
      delimiter: ';',
      dateFormat: 'DD/MM/YYYY',
      columns: { customerId: 0, date: 1, amount: 2 },
    });
    expect(s.customerId).toEqual(['A', 'B']);
    expect([...s.frequency]).toEqual([1, 0]);
    expect([...s.firstDay]).toEqual([9862, 9869]);
  });
});

describeWithSharedData('summarizeCustomersDuckDb on the CDNOW sample', () => {
  it('weekly with the 39-week calibration and per transaction: equal to the in-process summary', async () => {
    const file = sharedFile('cdnow_sample_transactions.csv');
    const table = await readTransactions(file);
    const day = { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' } as const;
    const s = await summarizeCustomersDuckDb(file, day);
    expectSameSummary(s, summarizeCustomers(table, day));
    expect(s.length).toBe(2357);
    const none = { observationEnd: '1997-09-30', timeUnit: 'day', aggregateBy: 'none' } as const;
    expectSameSummary(await summarizeCustomersDuckDb(file, none), summarizeCustomers(table, none));
  });
});

describe('summarizeCustomersDuckDb errors', () => {
  it('names the first bad row, never dropping it', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'customer_id,date,amount\nA,1997-01-01,10\nB,1997-02-30,5\nC,1997-01-03,x\n');
    const error = await summarizeCustomersDuckDb(file, { observationEnd: '1997-03-01', timeUnit: 'week' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClvkitError);
    expect((error as ClvkitError).code).toBe('INVALID_DATE');
    expect((error as ClvkitError).details).toMatchObject({ line: 3, column: 'date', rows: 2 });
    const empty = join(dir, 'empty-id.csv');
    writeFileSync(empty, 'customer_id,date,amount\nA,1997-01-01,10\n,1997-01-02,5\n');
    expect(await codeOfAsync(summarizeCustomersDuckDb(empty, { observationEnd: '1997-03-01', timeUnit: 'week' }))).toBe('INVALID_ROW');
  });

  it('maps missing files and columns, empty periods and bad options to their codes', async () => {
    const base = { observationEnd: '2024-12-31', timeUnit: 'week' } as const;
    expect(await codeOfAsync(summarizeCustomersDuckDb(join(dir, 'nope.csv'), base))).toBe('IO_ERROR');
    expect(await codeOfAsync(summarizeCustomersDuckDb(FIXTURE, { ...base, columns: { amount: 'value' } }))).toBe('MISSING_COLUMN');
    expect(await codeOfAsync(summarizeCustomersDuckDb(FIXTURE, { ...base, observationEnd: '2000-01-01' }))).toBe('EMPTY_INPUT');
    expect(await codeOfAsync(summarizeCustomersDuckDb(FIXTURE, { ...base, calibrationEnd: '2025-01-01' }))).toBe('INVALID_OPTIONS');
    expect(await codeOfAsync(summarizeCustomersDuckDb(FIXTURE, { timeUnit: 'week' } as never))).toBe('INVALID_OPTIONS');
    expect(await codeOfAsync(summarizeCustomersDuckDb([], base))).toBe('INVALID_OPTIONS');
    expect(await codeOfAsync(summarizeCustomersDuckDb(FIXTURE, { ...base, columns: { customerId: 0 } }))).toBe('INVALID_OPTIONS');
  });

  it('has typed options and result', () => {
    expectTypeOf(summarizeCustomersDuckDb).returns.toEqualTypeOf<Promise<Displayed<CustomerSummary>>>();
    expectTypeOf<SummarizeCustomersDuckDbOptions['aggregateBy']>().toEqualTypeOf<'day' | 'none' | undefined>();
  });
});
