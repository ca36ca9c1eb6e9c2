// Property tests of ingestion + summarizeCustomers against a brute-force summary written here from
// the definitions (Fader, Hardie & Lee 2005): recency ≤ T, frequency = distinct purchase days − 1,
// totals preserved (calibration + holdout + after-end = everything read), rows read = accepted +
// rejected, the table and the streaming forms agree, and input order does not matter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { readTransactionsSync } from '../../src/io/read-transactions.js';
import { streamTransactions } from '../../src/io/stream-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { DAYS_PER_UNIT, isoDate, type TimeUnit } from '../../src/time.js';

const SEED = 777;
const END = 20_000; // 2024-10-04
const txArb = fc.record({
  id: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'),
  day: fc.integer({ min: END - 400, max: END + 30 }),
  amount: fc.oneof(fc.integer({ min: -500, max: 5_000 }), fc.double({ min: -100, max: 1e6, noNaN: true, noDefaultInfinity: true })),
});
const txsArb = fc.array(txArb, { minLength: 1, maxLength: 150 });
const unitArb = fc.constantFrom<TimeUnit>('day', 'week', 'month');

interface Brute {
  frequency: number;
  recency: number;
  T: number;
  total: number;
  count: number;
  monetary: number;
  holdoutFrequency: number;
}

/** The summary from its definitions, one customer at a time (aggregateBy 'day'). */
function brute(txs: readonly { id: string; day: number; amount: number }[], unit: TimeUnit, end: number, calibrationEnd?: number): Map<string, Brute> {
  const periodEnd = calibrationEnd ?? end;
  const out = new Map<string, Brute>();
  const ids = [...new Set(txs.map((t) => t.id))];
  for (const id of ids) {
    const mine = txs.filter((t) => t.id === id && t.day <= periodEnd);
    if (mine.length === 0) continue;
    const byDay = new Map<number, number>();
    for (const t of mine) byDay.set(t.day, (byDay.get(t.day) ?? 0) + t.amount);
    const days = [...byDay.keys()].sort((a, b) => a - b);
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const total = mine.reduce((a, t) => a + t.amount, 0);
    const repeats = days.length - 1;
    const holdDays = new Set(txs.filter((t) => t.id === id && t.day > periodEnd && t.day <= end).map((t) => t.day));
    out.set(id, {
      frequency: repeats,
      recency: (last - first) / DAYS_PER_UNIT[unit],
      T: (periodEnd - first) / DAYS_PER_UNIT[unit],
      total,
      count: mine.length,
      monetary: repeats > 0 ? (total - byDay.get(first)!) / repeats : 0,
      holdoutFrequency: holdDays.size,
    });
  }
  return out;
}

function table(txs: readonly { id: string; day: number; amount: number }[]) {
  return readTransactionsSync(txs.map((t) => ({ customer_id: t.id, date: isoDate(t.day), amount: t.amount })));
}

function rowsOf(s: CustomerSummary) {
  return s.customerId.map((id, i) => ({
    id,
    frequency: s.frequency[i]!,
    recency: s.recency[i]!,
    T: s.T[i]!,
    total: s.totalAmount[i]!,
    count: s.transactionCount[i]!,
    monetary: s.monetaryValue[i]!,
    daysSince: s.daysSinceLastPurchase[i]!,
  }));
}

const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * (1 + scale);

describe('summarizeCustomers (aggregateBy day) against a brute-force summary', () => {
  it('matches the definitions; recency ≤ T; counts and totals are preserved', () => {
    fc.assert(
      fc.property(txsArb, unitArb, fc.boolean(), (txs, unit, withHoldout) => {
        const calibrationEnd = withHoldout ? END - 60 : undefined;
        const want = brute(txs, unit, END, calibrationEnd);
        const options = { observationEnd: isoDate(END), timeUnit: unit, ...(calibrationEnd !== undefined ? { calibrationEnd: isoDate(calibrationEnd) } : {}) };
        let s: CustomerSummary;
        try {
          s = summarizeCustomers(table(txs), options);
        } catch (error) {
          expect(isClvkitError(error, 'EMPTY_INPUT'), String(error)).toBe(true);
          expect(want.size).toBe(0);
          return;
        }
        expect(s.length).toBe(want.size);
        const scale = txs.reduce((a, t) => a + Math.abs(t.amount), 0);
        for (const [i, row] of rowsOf(s).entries()) {
          const b = want.get(row.id)!;
          expect(row.frequency).toBe(b.frequency);
          expect(row.recency).toBeCloseTo(b.recency, 9);
          expect(row.T).toBeCloseTo(b.T, 9);
          expect(row.recency).toBeLessThanOrEqual(row.T);
          expect(row.recency).toBeGreaterThanOrEqual(0);
          expect(row.count).toBe(b.count);
          expect(close(row.total, b.total, scale)).toBe(true);
          expect(close(row.monetary, b.monetary, scale)).toBe(true);
          expect(row.frequency).toBeLessThanOrEqual(row.count - 1);
          expect(row.daysSince).toBe((calibrationEnd ?? END) - s.lastDay[i]!);
          if (calibrationEnd !== undefined) expect(s.holdoutFrequency![i]).toBe(b.holdoutFrequency);
        }
        // Nothing lost: every transaction is in the calibration totals, the holdout, after the end,
        // or belongs to a customer excluded for having no calibration purchase (counted).
        const after = txs.filter((t) => t.day > END).length;
        expect(s.transactionsAfterEnd).toBe(after);
        const inCal = txs.filter((t) => t.day <= (calibrationEnd ?? END)).length;
        expect(s.transactionCount.reduce((a, b) => a + b, 0)).toBe(inCal);
        for (const v of [...s.frequency, ...s.recency, ...s.T, ...s.monetaryValue, ...s.totalAmount]) expect(Number.isFinite(v)).toBe(true);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it("aggregateBy 'none': frequency = transactions − 1 and still recency ≤ T", () => {
    fc.assert(
      fc.property(txsArb, unitArb, (txs, unit) => {
        const inPeriod = txs.filter((t) => t.day <= END);
        if (inPeriod.length === 0) return;
        const s = summarizeCustomers(table(txs), { observationEnd: isoDate(END), timeUnit: unit, aggregateBy: 'none' });
        for (const row of rowsOf(s)) {
          expect(row.frequency).toBe(row.count - 1);
          expect(row.recency).toBeLessThanOrEqual(row.T);
          const days = new Set(inPeriod.filter((t) => t.id === row.id).map((t) => t.day));
          expect(row.frequency).toBeGreaterThanOrEqual(days.size - 1);
        }
      }),
      { seed: SEED + 1, numRuns: 150 },
    );
  });

  it('the streaming form over CSV text gives the same summary as the table form', async () => {
    await fc.assert(
      fc.asyncProperty(txsArb, unitArb, async (txs, unit) => {
        if (!txs.some((t) => t.day <= END)) return;
        // Amounts as exact decimal text so that both forms parse the same numbers.
        const rows = txs.map((t) => ({ ...t, amount: Math.round(t.amount * 100) / 100 }));
        const text = 'customer_id,date,amount\n' + rows.map((t) => `${t.id},${isoDate(t.day)},${t.amount.toFixed(2)}`).join('\n');
        const stream = streamTransactions({ text });
        const streamed = await summarizeCustomers(stream, { observationEnd: isoDate(END), timeUnit: unit });
        const direct = summarizeCustomers(readTransactionsSync(text), { observationEnd: isoDate(END), timeUnit: unit });
        expect(rowsOf(streamed)).toEqual(rowsOf(direct));
        expect(stream.stats.read).toBe(stream.stats.accepted + stream.stats.rejected);
        expect(stream.stats.read).toBe(rows.length);
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });

  it('input order does not matter (customers compared by id)', () => {
    fc.assert(
      fc.property(
        txsArb.chain((txs) => fc.tuple(fc.constant(txs), fc.shuffledSubarray(txs, { minLength: txs.length, maxLength: txs.length }))),
        unitArb,
        ([txs, shuffled], unit) => {
          if (!txs.some((t) => t.day <= END)) return;
          // Integer amounts: sums are exact in any order.
          const ints = (a: typeof txs) => a.map((t) => ({ ...t, amount: Math.round(t.amount) }));
          const byId = (s: CustomerSummary) => rowsOf(s).sort((a, b) => (a.id < b.id ? -1 : 1));
          const a = summarizeCustomers(table(ints(txs)), { observationEnd: isoDate(END), timeUnit: unit });
          const b = summarizeCustomers(table(ints(shuffled)), { observationEnd: isoDate(END), timeUnit: unit });
          expect(byId(b)).toEqual(byId(a));
        },
      ),
      { seed: SEED + 3, numRuns: 150 },
    );
  });

  it('input order does not matter with amounts in cents either: every number bit for bit, with and without a holdout', () => {
    // Cents up to 100,000.00, few customers so each has many rows: plain double sums of these differ by order.
    const centsArb = fc.array(
      fc.record({
        id: fc.constantFrom('A', 'B', 'C'),
        day: fc.integer({ min: END - 100, max: END + 10 }),
        amount: fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100),
      }),
      { minLength: 3, maxLength: 120 },
    );
    fc.assert(
      fc.property(
        centsArb.chain((txs) => fc.tuple(fc.constant(txs), fc.shuffledSubarray(txs, { minLength: txs.length, maxLength: txs.length }))),
        unitArb,
        fc.boolean(),
        ([txs, shuffled], unit, holdout) => {
          if (!txs.some((t) => t.day <= END - 40)) return;
          const options = { observationEnd: isoDate(END), timeUnit: unit, ...(holdout ? { calibrationEnd: isoDate(END - 40) } : {}) };
          const byId = (s: CustomerSummary) => rowsOf(s).sort((a, b) => (a.id < b.id ? -1 : 1));
          const a = summarizeCustomers(table(txs), options);
          const b = summarizeCustomers(table(shuffled), options);
          expect(byId(b)).toEqual(byId(a));
          if (holdout) {
            const holdoutById = (s: CustomerSummary) => new Map(s.customerId.map((id, i) => [id, s.holdoutMonetaryValue![i]!]));
            expect(holdoutById(b)).toEqual(holdoutById(a));
          }
        },
      ),
      { seed: SEED + 4, numRuns: 150 },
    );
  });

  it('sums 0.1, 0.2 and 0.3 to the same total in every row order', () => {
    const rows = [
      { id: 'A', day: END - 10, amount: 0.1 },
      { id: 'A', day: END - 9, amount: 0.2 },
      { id: 'A', day: END - 8, amount: 0.3 },
    ];
    const totals = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ].map((order) => {
      const s = summarizeCustomers(table(order.map((i) => rows[i]!)), { observationEnd: isoDate(END), timeUnit: 'day' });
      return [s.totalAmount[0], s.monetaryValue[0]];
    });
    expect(0.1 + 0.2 + 0.3 === 0.3 + 0.2 + 0.1).toBe(false); // plain double sums differ
    expect(totals).toEqual([
      [0.6, 0.25],
      [0.6, 0.25],
      [0.6, 0.25],
    ]);
  });
});
