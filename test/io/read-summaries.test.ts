import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { readSummaries, type SummaryReadResult } from '../../src/io/read-summaries.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { summarySql } from '../../src/sql/summary-sql.js';
import { expectSameSummary } from '../sql/expect-same-summary.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/bank/transactions.csv', import.meta.url));
const HEADER = 'customer_id,frequency,recency,T,monetary_value,first_day,last_day,transaction_count,total_amount,days_since_last_purchase';
const week = { observationEnd: '1997-01-29', timeUnit: 'week' } as const;

async function failure(p: Promise<unknown>): Promise<ClvkitError> {
  const e = await p.catch((x: unknown) => x);
  if (!(e instanceof ClvkitError)) throw new Error(`expected a ClvkitError, got ${String(e)}`);
  return e;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clvkit-summaries-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readSummaries', () => {
  it('reads the worked example', async () => {
    // A: first purchase 1997-01-01 (day 9862), last 1997-01-15 (9876), period end 1997-01-29 (9890).
    const s = await readSummaries({ text: `${HEADER}\nA,1,2,4,20,9862,9876,3,35,14\nB,0,0,3,0,9869,9869,1,7,21` }, week);
    expect(s.customerId).toEqual(['A', 'B']);
    expect([...s.frequency]).toEqual([1, 0]);
    expect([...s.T]).toEqual([4, 3]);
    expect([...s.firstDay]).toEqual([9862, 9869]);
    expect(s.transactionsAfterEnd).toBe(0);
    expect(s.stats).toEqual({ read: 2, accepted: 2, rejected: 0 });
  });

  it('reads ISO dates with days: "date", and bigint / numeric-string values from drivers', async () => {
    const rows = [
      {
        customer_id: 'A',
        frequency: '1',
        recency: 2,
        T: 4n,
        monetary_value: '20',
        first_day: '1997-01-01',
        last_day: new Date(Date.UTC(1997, 0, 15)),
        transaction_count: 3n,
        total_amount: 35,
        days_since_last_purchase: '14',
      },
    ];
    const s = await readSummaries(rows, { ...week, days: 'date' });
    expect([...s.lastDay]).toEqual([9876]);
    expect([...s.transactionCount]).toEqual([3]);
  });

  it('round trip: summarySql in DuckDB → CSV export and row objects → readSummaries equals the in-process summary', async () => {
    const options = { observationEnd: '2024-12-31', calibrationEnd: '2024-06-30', timeUnit: 'week' } as const;
    const expected = summarizeCustomers(await readTransactions(FIXTURE), options);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TABLE tx AS SELECT * FROM read_csv('${FIXTURE}', all_varchar = true)`);
      const sql = summarySql({ ...options, table: 'tx', dialect: 'duckdb' });
      const csv = join(dir, 'summary.csv');
      await connection.run(`COPY (${sql}) TO '${csv}' (HEADER, DELIMITER ',')`);
      const fromCsv = await readSummaries(csv, options);
      expectSameSummary(fromCsv, expected);
      expect(fromCsv.excludedAfterCalibration).toBeGreaterThan(0);
      const reader = await connection.runAndReadAll(sql);
      expectSameSummary(await readSummaries(reader.getRowObjects(), options), expected);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('checks each row against the definitions, and collects or throws like the readers', async () => {
    const rows = [
      `${HEADER}`,
      'A,1,2,4,20,9862,9876,3,35,14', // line 2 fine
      'B,1,5,4,20,9862,9897,3,35,-7', // line 3: last_day after the period end
      'C,0,0,3,0,9869,9869,1,7,21', // line 4 fine
      'A,0,0,3,0,9869,9869,1,7,21', // line 5 duplicate
      'D,1.5,2,4,20,9862,9876,3,35,14', // line 6 non-integer frequency
      'E,1,2,4,x,9862,9876,3,35,14', // line 7 not a number
      'F,1,0.2857142857142857,4,20,9862,9864,3,35,26', // line 8: days as weeks? recency fine, T fine
      'G,1,2,28,20,9862,9876,3,35,14', // line 9: T given in days, not weeks
    ].join('\n');
    const e = await failure(readSummaries({ text: rows }, week));
    expect(e.code).toBe('INVALID_NUMBER');
    expect(e.details.line).toBe(7);
    const s = await readSummaries({ text: rows }, { ...week, onInvalid: 'collect' });
    expect(s.customerId).toEqual(['A', 'C', 'F']);
    expect(s.rejects.map((r) => [r.line, r.code])).toEqual([
      [3, 'INVALID_VALUE'],
      [5, 'DUPLICATE_ID'],
      [6, 'INVALID_VALUE'],
      [7, 'INVALID_NUMBER'],
      [9, 'INVALID_VALUE'],
    ]);
    expect(s.stats).toEqual({ read: 8, accepted: 3, rejected: 5 });
    const ordered = await failure(readSummaries({ text: `${HEADER}\nA,1,5,4,20,9862,9897,3,35,-7` }, { ...week, observationEnd: '1997-02-28' }));
    expect(ordered.code).toBe('INVALID_VALUE');
  });

  it('throws for warehouse-side invalid rows, missing columns, empty input and bad options', async () => {
    const invalid = await failure(
      readSummaries(
        [
          {
            customer_id: 'A',
            frequency: 0,
            recency: 0,
            T: 3,
            monetary_value: 0,
            first_day: 9869,
            last_day: 9869,
            transaction_count: 1,
            total_amount: 7,
            days_since_last_purchase: 21,
            invalid_rows: 2,
          },
        ],
        week,
      ),
    );
    expect(invalid.code).toBe('INVALID_ROW');
    expect((await failure(readSummaries({ text: 'customer_id,frequency\nA,1' }, week))).code).toBe('MISSING_COLUMN');
    expect((await failure(readSummaries([], week))).code).toBe('EMPTY_INPUT');
    expect((await failure(readSummaries({ text: HEADER }, week))).code).toBe('EMPTY_INPUT');
    expect((await failure(readSummaries({ text: HEADER }, { timeUnit: 'week' } as never))).code).toBe('INVALID_OPTIONS');
    expect((await failure(readSummaries({ text: HEADER }, { ...week, calibrationEnd: '1997-02-01' }))).code).toBe('INVALID_OPTIONS');
    expect((await failure(readSummaries({ text: `${HEADER}\nA,1,2,4,20,9862,9876,3,35,14` }, { ...week, calibrationEnd: '1997-01-15' }))).code).toBe(
      'MISSING_COLUMN',
    );
    expect((await failure(readSummaries(join(dir, 'missing.csv'), week))).code).toBe('IO_ERROR');
  });

  it('has typed results', () => {
    expectTypeOf(readSummaries).returns.toEqualTypeOf<Promise<SummaryReadResult>>();
    expectTypeOf<SummaryReadResult['frequency']>().toEqualTypeOf<Float64Array>();
  });
});
