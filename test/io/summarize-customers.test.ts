import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { readTransactions, readTransactionsSync } from '../../src/io/read-transactions.js';
import { streamTransactions } from '../../src/io/stream-transactions.js';
import { summarizeCustomers, type SummarizeCustomersOptions } from '../../src/io/summarize-customers.js';
import type { TransactionTable } from '../../src/io/transaction-table.js';
import { createRandom } from '../../src/random.js';
import { DAYS_PER_UNIT, epochDay, parseIsoDay, type TimeUnit } from '../../src/time.js';
import { describeWithSharedData, sharedFile } from '../helpers/shared-data.js';
import type { Displayed } from '../../src/display/with-display.js';
import { codeOf } from '../helpers/expect-code.js';

const csv = (lines: string[]): string => ['customer_id,date,amount', ...lines].join('\n');

/** Naive summary: group rows per customer and per day in plain objects, then compute directly. */
function bruteForce(
  rows: { id: string; day: number; amount: number }[],
  end: number,
  unit: TimeUnit,
  cal?: number,
): Map<string, { f: number; r: number; T: number; m: number; hf: number; hm: number; ds: number; n: number; total: number }> {
  const periodEnd = cal ?? end;
  const byCustomer = new Map<string, Map<number, number[]>>();
  for (const row of rows) {
    if (row.day > end) continue;
    const days = byCustomer.get(row.id) ?? new Map<number, number[]>();
    byCustomer.set(row.id, days);
    days.set(row.day, [...(days.get(row.day) ?? []), row.amount]);
  }
  const out = new Map<string, { f: number; r: number; T: number; m: number; hf: number; hm: number; ds: number; n: number; total: number }>();
  const d = DAYS_PER_UNIT[unit];
  for (const [id, days] of byCustomer) {
    const calDays = [...days.keys()].filter((x) => x <= periodEnd).sort((a, b) => a - b);
    if (calDays.length === 0) continue;
    const value = (x: number): number => days.get(x)!.reduce((s, v) => s + v, 0);
    const repeat = calDays.slice(1);
    const hold = [...days.keys()].filter((x) => x > periodEnd);
    out.set(id, {
      f: repeat.length,
      r: (calDays.at(-1)! - calDays[0]!) / d,
      T: (periodEnd - calDays[0]!) / d,
      m: repeat.length === 0 ? 0 : repeat.reduce((s, x) => s + value(x), 0) / repeat.length,
      hf: hold.length,
      hm: hold.length === 0 ? 0 : hold.reduce((s, x) => s + value(x), 0) / hold.length,
      ds: periodEnd - calDays.at(-1)!,
      n: calDays.reduce((s, x) => s + days.get(x)!.length, 0),
      total: calDays.reduce((s, x) => s + value(x), 0),
    });
  }
  return out;
}

function expectMatches(s: CustomerSummary, expected: ReturnType<typeof bruteForce>, holdout: boolean): void {
  expect(s.length).toBe(expected.size);
  for (let i = 0; i < s.length; i++) {
    const e = expected.get(s.customerId[i]!)!;
    expect(s.frequency[i]).toBe(e.f);
    expect(s.recency[i]).toBeCloseTo(e.r, 10);
    expect(s.T[i]).toBeCloseTo(e.T, 10);
    expect(s.monetaryValue[i]).toBeCloseTo(e.m, 8);
    expect(s.daysSinceLastPurchase[i]).toBe(e.ds);
    expect(s.transactionCount[i]).toBe(e.n);
    expect(s.totalAmount[i]).toBeCloseTo(e.total, 8);
    if (holdout) {
      expect(s.holdoutFrequency![i]).toBe(e.hf);
      expect(s.holdoutMonetaryValue![i]).toBeCloseTo(e.hm, 8);
    }
  }
}

describe('summarizeCustomers: worked example', () => {
  const t = readTransactionsSync(csv(['A,1997-01-01,10', 'A,1997-01-01,5', 'A,1997-01-15,20', 'B,1997-01-08,7']));
  const s = summarizeCustomers(t, { observationEnd: '1997-01-29', timeUnit: 'week' });

  it('merges same-day purchases and computes frequency, recency, T, monetary value', () => {
    expect(s.customerId).toEqual(['A', 'B']);
    expect([...s.frequency]).toEqual([1, 0]);
    expect([...s.recency]).toEqual([2, 0]);
    expect([...s.T]).toEqual([4, 3]);
    expect([...s.monetaryValue]).toEqual([20, 0]);
    expect([...s.transactionCount]).toEqual([3, 1]);
    expect([...s.totalAmount]).toEqual([35, 7]);
    expect([...s.daysSinceLastPurchase]).toEqual([14, 21]);
    expect([...s.firstDay]).toEqual([epochDay(1997, 1, 1), epochDay(1997, 1, 8)]);
    expect(s.observationEnd).toBe('1997-01-29');
    expect(s.aggregateBy).toBe('day');
    expect(s.calibrationEnd).toBeUndefined();
    expect(s.holdoutFrequency).toBeUndefined();
    expect(s.transactionsAfterEnd).toBe(0);
  });

  it("aggregateBy 'none' counts every transaction (first in input order is the first purchase)", () => {
    const n = summarizeCustomers(t, { observationEnd: '1997-01-29', timeUnit: 'day', aggregateBy: 'none' });
    expect([...n.frequency]).toEqual([2, 0]);
    expect([...n.recency]).toEqual([14, 0]);
    expect([...n.monetaryValue]).toEqual([12.5, 0]);
  });

  it('month is 365.25/12 days', () => {
    const m = summarizeCustomers(t, { observationEnd: '1997-01-29', timeUnit: 'month' });
    expect(m.T[0]).toBeCloseTo(28 / 30.4375, 12);
  });

  it('has the public types', () => {
    expectTypeOf(s).toEqualTypeOf<Displayed<CustomerSummary>>();
    const lazy = () => summarizeCustomers(streamTransactions({ text: 'x' }), { observationEnd: 0, timeUnit: 'day' });
    expectTypeOf(lazy).returns.toEqualTypeOf<Promise<Displayed<CustomerSummary>>>();
    expectTypeOf<SummarizeCustomersOptions['timeUnit']>().toEqualTypeOf<TimeUnit>();
  });
});

describe('summarizeCustomers: edges', () => {
  it('one purchase: frequency 0, recency 0, monetary 0', () => {
    const s = summarizeCustomers(readTransactionsSync(csv(['A,2020-01-01,5'])), { observationEnd: '2020-01-08', timeUnit: 'week' });
    expect([s.frequency[0], s.recency[0], s.T[0], s.monetaryValue[0]]).toEqual([0, 0, 1, 0]);
  });

  it('excludes and counts transactions after observationEnd', () => {
    const s = summarizeCustomers(readTransactionsSync(csv(['A,2020-01-01,5', 'A,2020-02-01,9', 'B,2020-03-01,1'])), {
      observationEnd: '2020-01-31',
      timeUnit: 'day',
    });
    expect(s.customerId).toEqual(['A']);
    expect(s.frequency[0]).toBe(0);
    expect(s.transactionsAfterEnd).toBe(2);
  });

  it('a customer whose rows are all after observationEnd does not vanish silently: counted in customersOnlyAfterEnd (table and stream)', async () => {
    const text = csv(['A,2020-01-01,5', 'A,2020-02-01,9', 'B,2020-03-01,1', 'B,2020-03-02,1', 'C,2020-02-10,4', 'D,2020-01-02,3']);
    const options = { observationEnd: '2020-01-31', timeUnit: 'day' } as const;
    const fromTable = summarizeCustomers(readTransactionsSync(text), options);
    const fromStream = await summarizeCustomers(streamTransactions({ text }), options);
    for (const s of [fromTable, fromStream]) {
      expect(s.customerId).toEqual(['A', 'D']);
      expect(s.transactionsAfterEnd).toBe(4);
      expect(s.customersOnlyAfterEnd).toBe(2);
    }
    // With a calibration end: customers first seen in the holdout are excludedAfterCalibration, not "only after end".
    const s = summarizeCustomers(readTransactionsSync(text), { observationEnd: '2020-02-15', calibrationEnd: '2020-01-31', timeUnit: 'day' });
    expect([s.excludedAfterCalibration, s.customersOnlyAfterEnd, s.transactionsAfterEnd]).toEqual([1, 1, 2]);
    // No customer left at all: EMPTY_INPUT carries the counts.
    try {
      summarizeCustomers(readTransactionsSync(text), { observationEnd: '2019-12-31', timeUnit: 'day' });
      expect.unreachable();
    } catch (e) {
      expect((e as ClvkitError).details).toMatchObject({ afterEnd: 6, customersOnlyAfterEnd: 4 });
    }
  });

  it('observationEnd is inclusive', () => {
    const s = summarizeCustomers(readTransactionsSync(csv(['A,2020-01-01,5', 'A,2020-01-31,9'])), { observationEnd: '2020-01-31', timeUnit: 'day' });
    expect([s.frequency[0], s.T[0], s.daysSinceLastPurchase[0]]).toEqual([1, 30, 0]);
  });

  it('splits at calibrationEnd; a customer first seen after it is excluded and counted', () => {
    const t = readTransactionsSync(
      csv(['A,2020-01-01,5', 'A,2020-01-05,7', 'A,2020-02-03,4', 'A,2020-02-03,6', 'A,2020-02-10,2', 'C,2020-02-05,3', 'A,2020-04-01,1']),
    );
    const s = summarizeCustomers(t, { observationEnd: '2020-02-29', calibrationEnd: '2020-01-31', timeUnit: 'day' });
    expect(s.customerId).toEqual(['A']);
    expect([s.frequency[0], s.recency[0], s.T[0], s.monetaryValue[0]]).toEqual([1, 4, 30, 7]);
    expect([s.holdoutFrequency![0], s.holdoutMonetaryValue![0]]).toEqual([2, 6]);
    expect(s.holdoutDuration).toBe(29);
    expect(s.excludedAfterCalibration).toBe(1);
    expect(s.transactionsAfterEnd).toBe(1);
    expect(s.calibrationEnd).toBe('2020-01-31');
    expect(s.daysSinceLastPurchase[0]).toBe(26);
  });

  it('keeps negative amounts: a customer whose repeat purchases net to a loss has a negative monetary value', () => {
    const t = readTransactionsSync(csv(['A,2020-01-01,50', 'A,2020-01-03,-30', 'A,2020-01-03,10', 'A,2020-01-09,-4']));
    const s = summarizeCustomers(t, { observationEnd: '2020-01-10', timeUnit: 'day' });
    expect(s.frequency[0]).toBe(2); // a refund-only day is still a purchase day
    expect(s.monetaryValue[0]).toBe(-12); // ((-30 + 10) + (-4)) / 2
    expect(s.totalAmount[0]).toBe(26);
    expect(t.stats.negativeAmounts).toBe(2);
  });

  it('works on unsorted input (same result as sorted)', () => {
    const lines = ['A,2020-01-09,4', 'B,2020-01-02,1', 'A,2020-01-01,50', 'A,2020-01-03,2', 'A,2020-01-09,6', 'A,2020-01-03,3'];
    const opts = { observationEnd: '2020-01-10', timeUnit: 'day' } as const;
    const a = summarizeCustomers(readTransactionsSync(csv(lines)), opts);
    const b = summarizeCustomers(readTransactionsSync(csv([...lines].sort())), opts);
    expect([...a.frequency]).toEqual([2, 0]);
    expect([...a.monetaryValue]).toEqual([7.5, 0]);
    expect([...a.recency]).toEqual([...b.recency]);
    expect([...a.monetaryValue]).toEqual([...b.monetaryValue]);
  });

  it('streams plain async iterables of rows too', async () => {
    async function* rows(): AsyncGenerator<{ customerId: string; day: number; amount: number }> {
      yield { customerId: 'A', day: 10, amount: 1 };
      yield { customerId: 'A', day: 12, amount: 3 };
    }
    const s = await summarizeCustomers(rows(), { observationEnd: 20, timeUnit: 'day' });
    expect([s.frequency[0], s.monetaryValue[0], s.T[0]]).toEqual([1, 3, 10]);
  });

  it('throws on bad options and empty input', async () => {
    const t = readTransactionsSync(csv(['A,2020-01-01,5']));
    expect(codeOf(() => summarizeCustomers(t, { timeUnit: 'day' } as never))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => summarizeCustomers(t, { observationEnd: '2020-01-31' } as never))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => summarizeCustomers(t, { observationEnd: '2020-02-30', timeUnit: 'day' }))).toBe('INVALID_DATE');
    expect(codeOf(() => summarizeCustomers(t, { observationEnd: '2020-01-31', calibrationEnd: '2020-01-31', timeUnit: 'day' }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => summarizeCustomers(t, { observationEnd: '2019-01-31', timeUnit: 'day' }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => summarizeCustomers(readTransactionsSync('customer_id,date,amount'), { observationEnd: '2019-01-31', timeUnit: 'day' }))).toBe(
      'EMPTY_INPUT',
    );
    expect(codeOf(() => summarizeCustomers(42 as never, { observationEnd: '2019-01-31', timeUnit: 'day' }))).toBe('INVALID_OPTIONS');
    const broken = { ...t, amount: new Float64Array([Number.NaN]) };
    expect(codeOf(() => summarizeCustomers(broken, { observationEnd: '2020-01-31', timeUnit: 'day' }))).toBe('INVALID_VALUE');
    async function* bad(): AsyncGenerator<unknown> {
      yield { customerId: 'A', day: 1.5, amount: 1 };
    }
    await expect(summarizeCustomers(bad() as never, { observationEnd: 20, timeUnit: 'day' })).rejects.toMatchObject({ code: 'INVALID_ROW' });
  });

  it('NUMERIC_FAILURE naming the customer when finite amounts sum beyond a double (never Infinity or NaN)', async () => {
    const table = (amount: number[], customer = amount.map(() => 0)): TransactionTable => ({
      length: amount.length,
      customerIds: ['A', 'B'],
      customer: new Uint32Array(customer),
      day: new Int32Array(amount.map((_, i) => 18262 + i)),
      amount: new Float64Array(amount),
      attributes: {},
      stats: { read: amount.length, accepted: amount.length, rejected: 0, negativeAmounts: 0 },
      rejects: [],
    });
    const o = { observationEnd: '2020-12-31', timeUnit: 'day' } as const;
    const big = 1e308;
    // total overflows; total finite but (total − first) overflows; holdout mean of an overflowing sum
    for (const [t, opts] of [
      [table([1, big, big], [1, 0, 0]), o],
      [table([-big, big, big]), o],
      [table([1, big, big]), { ...o, calibrationEnd: '2020-01-01' }],
    ] as const) {
      let error: unknown;
      try {
        summarizeCustomers(t, opts);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClvkitError);
      expect(error).toMatchObject({ code: 'NUMERIC_FAILURE', details: { fn: 'summarizeCustomers', customerId: 'A' } });
      expect((error as Error).message).toContain('customer "A"');
    }
    async function* rows(): AsyncGenerator<{ customerId: string; day: number; amount: number }> {
      yield { customerId: 'A', day: 1, amount: big };
      yield { customerId: 'A', day: 2, amount: big };
    }
    await expect(summarizeCustomers(rows(), { observationEnd: 20, timeUnit: 'day' })).rejects.toMatchObject({ code: 'NUMERIC_FAILURE' });
    // Large but finite sums are fine.
    const s = summarizeCustomers(table([big / 4, big / 4, big / 4]), o);
    expect(s.totalAmount[0]).toBeCloseTo(0.75 * big, -300);
    expect(Number.isFinite(s.monetaryValue[0]!)).toBe(true);
  });
});

describe('summarizeCustomers: brute-force cross-check on random transactions', () => {
  const rng = createRandom(20261123);
  const rows: { id: string; day: number; amount: number }[] = [];
  for (let i = 0; i < 3000; i++) {
    rows.push({ id: `c${rng.int(150)}`, day: 18000 + rng.int(120), amount: Math.round(rng.uniform(-20, 200) * 100) / 100 });
  }
  const text = csv(rows.map((r) => `${r.id},${isoOf(r.day)},${r.amount}`));

  it('matches the naive computation (day merging, with and without holdout, table and stream)', async () => {
    const t = readTransactionsSync(text);
    expectMatches(summarizeCustomers(t, { observationEnd: 18100, timeUnit: 'week' }), bruteForce(rows, 18100, 'week'), false);
    expectMatches(summarizeCustomers(t, { observationEnd: 18110, calibrationEnd: 18060, timeUnit: 'day' }), bruteForce(rows, 18110, 'day', 18060), true);
    const streamed = await summarizeCustomers(streamTransactions({ text }), { observationEnd: 18110, calibrationEnd: 18060, timeUnit: 'month' });
    expectMatches(streamed, bruteForce(rows, 18110, 'month', 18060), true);
  });
});

function isoOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

describeWithSharedData('summarizeCustomers: CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  const expected = readFileSync(sharedFile('cdnow_sample_summary.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

  it('reproduces cdnow_sample_summary.csv for all 2,357 customers (weekly, same-day merging, end 1997-09-30)', async () => {
    const t = await readTransactions(sharedFile('cdnow_sample_transactions.csv'));
    const s = summarizeCustomers(t, { observationEnd: '1997-09-30', timeUnit: 'week' });
    expect(expected.length).toBe(2357);
    expect(s.length).toBe(2357);
    expect(s.transactionsAfterEnd).toBeGreaterThan(0);
    const row = new Map(s.customerId.map((id, i) => [id, i]));
    for (const [id, f, r, T, m] of expected) {
      const i = row.get(id!)!;
      expect(i, `customer ${id}`).toBeDefined();
      expect(s.frequency[i]).toBe(Number(f));
      expect(Math.abs(s.recency[i]! - Number(r))).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(s.T[i]! - Number(T))).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(s.monetaryValue[i]! - Number(m))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('the streaming form gives the same summary', async () => {
    const t = await readTransactions(sharedFile('cdnow_sample_transactions.csv'));
    const a = summarizeCustomers(t, { observationEnd: '1997-09-30', timeUnit: 'week' });
    const b = await summarizeCustomers(streamTransactions(sharedFile('cdnow_sample_transactions.csv')), { observationEnd: '1997-09-30', timeUnit: 'week' });
    expect(b.customerId).toEqual(a.customerId);
    expect(b.monetaryValue).toEqual(a.monetaryValue);
    expect(b.transactionsAfterEnd).toBe(a.transactionsAfterEnd);
  });

  it('calibration 1997-09-30 / holdout to 1998-06-30: holdout frequency matches a brute-force count', async () => {
    const t = await readTransactions(sharedFile('cdnow_sample_transactions.csv'));
    const cal = parseIsoDay('1997-09-30');
    const end = parseIsoDay('1998-06-30');
    const s = summarizeCustomers(t, { observationEnd: end, calibrationEnd: cal, timeUnit: 'week' });
    // Independent count straight from the file text: distinct (customer, YYYYMMDD) after 19970930.
    const lines = readFileSync(sharedFile('cdnow_sample_transactions.csv'), 'utf8').trim().split('\n').slice(1);
    const holdoutDays = new Map<string, Set<string>>();
    for (const l of lines) {
      const [id, date] = l.split(',');
      if (date! > '19970930' && date! <= '19980630') {
        const set = holdoutDays.get(id!) ?? new Set<string>();
        set.add(date!);
        holdoutDays.set(id!, set);
      }
    }
    expect(s.length).toBe(2357);
    expect(s.excludedAfterCalibration).toBe(0);
    expect(s.holdoutDuration).toBeCloseTo(273 / 7, 12);
    let total = 0;
    for (let i = 0; i < s.length; i++) {
      expect(s.holdoutFrequency![i]).toBe(holdoutDays.get(s.customerId[i]!)?.size ?? 0);
      total += s.holdoutFrequency![i]!;
    }
    expect(total).toBeGreaterThan(1000);
    expect(s.transactionsAfterEnd).toBe(0);
  });
});
