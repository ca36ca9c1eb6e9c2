import * as dfd from 'danfojs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import { fromDataFrame, toDataFrame, type DataFrameTable } from '../../src/danfo/index.js';
import { isClvkitError, type ClvkitError } from '../../src/errors.js';
import { readTransactionsSync } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import type { TransactionTable } from '../../src/io/transaction-table.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';

const rows = {
  cust: ['A', 'A', 'B', 'C', 'A'],
  day: ['2024-01-01', '2024-01-15', '2024-01-03', '2024-01-20', '2024-01-29'],
  amt: [10, 5, 7, -2.5, 20],
  channel: ['app', 'branch', 'app', 'app', 'web'],
};

function caught(f: () => unknown): ClvkitError {
  try {
    f();
  } catch (e) {
    if (isClvkitError(e)) return e;
    throw e;
  }
  throw new Error('expected a ClvkitError');
}

describe('fromDataFrame (danfojs 1.1.2)', () => {
  it('transactions: the same table as readTransactionsSync on the same rows as objects', () => {
    const df = new dfd.DataFrame(rows);
    const t = fromDataFrame(df, { as: 'transactions', columns: { customerId: 'cust', date: 'day', amount: 'amt' }, attributes: ['channel'] });
    const objects = rows.cust.map((c, i) => ({ cust: c, day: rows.day[i], amt: rows.amt[i], channel: rows.channel[i] }));
    const direct = readTransactionsSync(objects, { columns: { customerId: 'cust', date: 'day', amount: 'amt' }, attributes: ['channel'] });
    expect(t).toEqual(direct);
    expect(t.customerIds).toEqual(['A', 'B', 'C']);
    expect(t.stats).toEqual({ read: 5, accepted: 5, rejected: 0, negativeAmounts: 1 });
    const s = summarizeCustomers(t, { observationEnd: '2024-01-31', timeUnit: 'week' });
    expect(Array.from(s.frequency)).toEqual([2, 0, 0]);
  });

  it('Date objects (danfo’s toDateTime) are their UTC day', () => {
    const df = new dfd.DataFrame({ customer_id: ['A'], date: [new Date(Date.UTC(2024, 0, 31, 23, 30))], amount: [1] });
    expect(Array.from(fromDataFrame(df, { as: 'transactions' }).day)).toEqual([19753]);
  });

  it('bad rows are errors naming the DataFrame row (0-based) and column; nothing is dropped', () => {
    const nan = new dfd.DataFrame({ customer_id: ['A', 'B', 'C'], date: ['2024-01-01', '2024-01-02', '2024-01-03'], amount: [1, Number.NaN, 3] });
    const e = caught(() => fromDataFrame(nan, { as: 'transactions' }));
    expect(e.code).toBe('INVALID_NUMBER');
    expect(e.details).toMatchObject({ fn: 'fromDataFrame', index: 1, column: 'amount' });
    expect(e.message).toMatch(/^fromDataFrame: .*\(row 1, column amount/);
    const date = new dfd.DataFrame({ customer_id: ['A', 'B'], date: ['2024-02-30', '2024-01-02'], amount: [1, 2] });
    expect(caught(() => fromDataFrame(date, { as: 'transactions' })).details).toMatchObject({ index: 0, column: 'date' });
    const collected = fromDataFrame(nan, { as: 'transactions', onInvalid: 'collect' });
    expect(collected.stats).toEqual({ read: 3, accepted: 2, rejected: 1, negativeAmounts: 0 });
    expect(caught(() => fromDataFrame(nan, { as: 'transactions', columns: { customerId: 'id' } })).code).toBe('MISSING_COLUMN');
    expect(caught(() => fromDataFrame({ rows: [] }, { as: 'transactions' })).code).toBe('INVALID_VALUE');
    expect(caught(() => fromDataFrame(nan, { as: 'nope' } as never)).code).toBe('INVALID_OPTIONS');
  });

  it('table: numeric and text columns for the customer-level functions', () => {
    const df = new dfd.DataFrame({ id: ['a', 'b', 'c', 'd', 'e', 'f'], aum: [100, 120, 90, 50000, 60000, 55000], activity: [30, 25, 28, 2, 1, 3] });
    const t = fromDataFrame(df, { as: 'table' });
    expect(t.length).toBe(6);
    expect(t.columns.aum).toBeInstanceOf(Float64Array);
    expect(t.columns.id).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const seg = segmentCustomers(t.columns, { features: ['aum', 'activity'], money: ['aum'], k: 2, seed: 1, id: 'id' });
    expect(Array.from(seg.segment)).toEqual([0, 0, 0, 1, 1, 1]);
    const only = fromDataFrame(df, { as: 'table', columns: ['aum'] });
    expect(Object.keys(only.columns)).toEqual(['aum']);
    const holes = new dfd.DataFrame({ x: [1, Number.NaN] });
    expect(caught(() => fromDataFrame(holes, { as: 'table' })).details).toMatchObject({ column: 'x', index: 1 });
  });

  it('duck typing: any object with columns, shape and column(name).values or df[name].values', () => {
    const viaColumn = { columns: ['x'], shape: [2, 1], column: (n: string) => ({ values: n === 'x' ? [1, 2] : [] }) };
    const viaIndex = { columns: ['x'], shape: [2, 1], x: { values: [3, 4] } };
    expect(Array.from(fromDataFrame(viaColumn, { as: 'table' }).columns.x as Float64Array)).toEqual([1, 2]);
    expect(Array.from(fromDataFrame(viaIndex, { as: 'table' }).columns.x as Float64Array)).toEqual([3, 4]);
    const short = { columns: ['x'], shape: [3, 1], x: { values: [3, 4] } };
    expect(caught(() => fromDataFrame(short, { as: 'table' })).code).toBe('LENGTH_MISMATCH');
  });

  it('types', () => {
    const table = (): DataFrameTable => fromDataFrame(null, { as: 'table' });
    const transactions = () => fromDataFrame(null, { as: 'transactions' });
    expectTypeOf(table).returns.toEqualTypeOf<DataFrameTable>();
    expectTypeOf(transactions).returns.toEqualTypeOf<TransactionTable>();
  });
});

describe('toDataFrame', () => {
  const t = readTransactionsSync(rows.cust.map((c, i) => ({ customer_id: c, date: rows.day[i], amount: rows.amt[i] })));
  const summary = summarizeCustomers(t, { observationEnd: '2024-01-31', timeUnit: 'week' });

  it('a columnar result: every per-row column, typed arrays as numbers', () => {
    const df = toDataFrame(summary, dfd);
    expect(df.shape).toEqual([3, 10]); // customerId + 9 typed-array columns
    expect(df.columns).toContain('customerId');
    expect(df.columns).not.toContain('timeUnit');
    expect(df.column('frequency').values).toEqual(Array.from(summary.frequency));
    expect(df.column('customerId').values).toEqual(['A', 'B', 'C']);
  });

  it('chosen columns in order; RFM scores; an array of records', () => {
    const picked = toDataFrame(summary, dfd, { columns: ['customerId', 'T'] });
    expect(picked.columns).toEqual(['customerId', 'T']);
    const scores = rfmScores(summary, { bins: 3 });
    const sdf = toDataFrame(scores, dfd, { columns: ['customerId', 'cell'] });
    expect(sdf.column('cell').values).toEqual(scores.cell);
    const records = toDataFrame(
      [
        { k: 'a', n: 1 },
        { k: 'b', n: 2 },
      ],
      dfd,
    );
    expect(records.shape).toEqual([2, 2]);
  });

  it('errors: not a danfo module, no per-row column, an unknown column', () => {
    expect(caught(() => toDataFrame(summary, {} as never)).code).toBe('INVALID_OPTIONS');
    expect(caught(() => toDataFrame({ length: 2, a: 1 }, dfd)).code).toBe('INVALID_VALUE');
    expect(caught(() => toDataFrame(summary, dfd, { columns: ['nope'] })).code).toBe('MISSING_COLUMN');
    expect(caught(() => toDataFrame([], dfd)).code).toBe('INVALID_VALUE');
  });
});
