import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { holdoutValidation, type HoldoutValidation } from '../../../src/clv/holdout/holdout-validation.js';
import type { FittedTransactionModel, RfmColumns, SerializedModel } from '../../../src/clv/transaction-model.js';
import type { CustomerSummary } from '../../../src/io/customer-summary.js';
import { summarizeCustomers } from '../../../src/io/summarize-customers.js';
import type { TransactionTable } from '../../../src/io/transaction-table.js';
import { daysFromCivil, parseIsoDay } from '../../../src/time.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import type { Displayed } from '../../../src/display/with-display.js';
import { codeOf } from '../../helpers/expect-code.js';

/** A TransactionTable built directly (independent of the CSV reader under test elsewhere). */
function tableOf(rows: readonly (readonly [string, number, number])[]): TransactionTable {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const customer = new Uint32Array(rows.length);
  const day = new Int32Array(rows.length);
  const amount = new Float64Array(rows.length);
  rows.forEach(([id, d, a], i) => {
    let c = index.get(id);
    if (c === undefined) {
      c = ids.length;
      ids.push(id);
      index.set(id, c);
    }
    customer[i] = c;
    day[i] = d;
    amount[i] = a;
  });
  return {
    length: rows.length,
    customerIds: ids,
    customer,
    day,
    amount,
    attributes: {},
    stats: { read: rows.length, accepted: rows.length, rejected: 0, negativeAmounts: 0 },
    rejects: [],
  };
}

/** Poisson buying at a constant weekly rate, no dropout: E[X(t)] = λt, E[Y(t) | ·] = λt. */
function poissonModel(rate: number, timeUnit: 'week' | 'day' = 'week'): FittedTransactionModel<'rate'> {
  return {
    kind: 'bg-nbd',
    timeUnit,
    params: { rate },
    standardErrors: null,
    logLikelihood: 0,
    converged: true,
    iterations: 0,
    customers: 0,
    expectedTransactions: (t) => rate * t,
    conditionalExpectedTransactions: (t, c: RfmColumns) => new Float64Array(c.frequency.length).fill(rate * t),
    probabilityAlive: (c) => new Float64Array(c.frequency.length).fill(1),
    probabilityOfTransactions: () => 0,
    toJSON: () => ({}) as SerializedModel,
  };
}

const D = (iso: string) => parseIsoDay(iso);
// A: buys 2024-01-01, twice on 01-08 (merged by day), 01-22 (holdout). B: 01-08 only. C: 01-03, 01-20 (holdout), 01-29 (after end).
const small = tableOf([
  ['A', D('2024-01-01'), 10],
  ['A', D('2024-01-08'), 5],
  ['A', D('2024-01-08'), 7],
  ['C', D('2024-01-03'), 4],
  ['B', D('2024-01-08'), 9],
  ['A', D('2024-01-22'), 3],
  ['C', D('2024-01-20'), 8],
  ['C', D('2024-01-29'), 8],
  ['Z', D('2024-01-25'), 1], // first purchase after calibrationEnd: not in the summary
]);
const smallSummary = summarizeCustomers(small, { observationEnd: '2024-01-28', calibrationEnd: '2024-01-14', timeUnit: 'week' });

describe('holdoutValidation', () => {
  it('worked example: per-customer errors, buckets and totals by hand', () => {
    const model = poissonModel(0.25);
    const r = holdoutValidation(model, smallSummary, { maxFrequency: 1 });
    expect(smallSummary.holdoutDuration).toBe(2);
    // Predicted 0.25 · 2 weeks = 0.5 each; actual A 1, B 0, C 1.
    const order = smallSummary.customerId;
    const actual = Object.fromEntries(order.map((id, i) => [id, r.actual[i]]));
    expect(actual).toEqual({ A: 1, B: 0, C: 1 });
    expect(Array.from(r.predicted)).toEqual([0.5, 0.5, 0.5]);
    expect(r.mae).toBeCloseTo(0.5, 15);
    expect(r.rmse).toBeCloseTo(0.5, 15);
    expect(r.totalActual).toBe(2);
    expect(r.totalPredicted).toBeCloseTo(1.5, 15);
    // A has 1 calibration repeat (bucket "1+"), B and C have 0.
    expect(r.buckets).toEqual([
      { label: '0', minFrequency: 0, customers: 2, meanPredicted: 0.5, meanActual: 0.5 },
      { label: '1+', minFrequency: 1, customers: 1, meanPredicted: 0.5, meanActual: 1 },
    ]);
    expect(r.tracking).toBeUndefined();
  });

  it('tracks cumulative repeat purchases step by step, merging same-day purchases as the summary did', () => {
    const r = holdoutValidation(poissonModel(0.25), smallSummary, { transactions: small });
    const t = r.tracking!;
    // Start 2024-01-01 (earliest first purchase); weeks end 01-07, 01-14, 01-21, 01-28.
    expect(t.endDate).toEqual(['2024-01-07', '2024-01-14', '2024-01-21', '2024-01-28']);
    expect(t.calibrationSteps).toBe(2);
    // Repeats: A on 01-08 (one merged day) → week 2; C on 01-20 → week 3; A on 01-22 → week 4.
    expect(Array.from(t.actual)).toEqual([0, 1, 2, 3]);
    expect(t.transactionsOutsideSummary).toBe(1);
    expect(t.transactionsAfterEnd).toBe(1);
    // Expected: Σ_i 0.25 · (end − first_i)/7 over customers already born (A 01-01, C 01-03, B 01-08).
    const first = [D('2024-01-01'), D('2024-01-03'), D('2024-01-08')];
    t.endDate.forEach((iso, s) => {
      const end = D(iso);
      const expected = first.reduce((sum, f) => sum + (end > f ? (0.25 * (end - f)) / 7 : 0), 0);
      expect(t.expected[s]).toBeCloseTo(expected, 12);
    });
    // Every transaction its own purchase: A's second 01-08 purchase now counts too.
    const none = summarizeCustomers(small, { observationEnd: '2024-01-28', calibrationEnd: '2024-01-14', timeUnit: 'week', aggregateBy: 'none' });
    expect(Array.from(holdoutValidation(poissonModel(0.25), none, { transactions: small }).tracking!.actual)).toEqual([0, 2, 3, 4]);
    // Daily steps end on every day.
    expect(holdoutValidation(poissonModel(0.25), smallSummary, { transactions: small, trackingStep: 'day' }).tracking!.endDate).toHaveLength(28);
  });

  it('reports each error code', () => {
    const plain = summarizeCustomers(small, { observationEnd: '2024-01-28', timeUnit: 'week' });
    expect(codeOf(() => holdoutValidation(poissonModel(0.25), plain))).toBe('INVALID_VALUE');
    expect(codeOf(() => holdoutValidation(poissonModel(0.25, 'day'), smallSummary))).toBe('UNIT_MISMATCH');
    expect(codeOf(() => holdoutValidation(poissonModel(0.25), smallSummary, { maxFrequency: -1 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => holdoutValidation(poissonModel(0.25), smallSummary, { transactions: {} as never }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => holdoutValidation({} as never, smallSummary))).toBe('INVALID_VALUE');
    const empty: CustomerSummary = { ...smallSummary, length: 0 };
    expect(codeOf(() => holdoutValidation(poissonModel(0.25), empty))).toBe('EMPTY_INPUT');
    const broken: CustomerSummary = { ...smallSummary, holdoutFrequency: Float64Array.of(1, Number.NaN, 0) };
    expect(codeOf(() => holdoutValidation(poissonModel(0.25), broken))).toBe('INVALID_VALUE');
  });

  it('has the public types', () => {
    expectTypeOf(holdoutValidation).returns.toEqualTypeOf<Displayed<HoldoutValidation>>();
  });
});

/** The CDNOW sample as a TransactionTable, parsed with csv-parse directly (date YYYYMMDD). */
function cdnowTable(): TransactionTable {
  const rows = parse(readFileSync(sharedFile('cdnow_sample_transactions.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  return tableOf(rows.map((r) => [r.customer_id!, daysFromCivil(+r.date!.slice(0, 4), +r.date!.slice(4, 6), +r.date!.slice(6, 8)), +r.amount!] as const));
}

describeWithSharedData('holdoutValidation of BG/NBD on CDNOW (FHL 2005)', () => {
  const table = cdnowTable();
  const summary = summarizeCustomers(table, { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' });
  const model = fitBgNbd(summary);
  const check = holdoutValidation(model, summary, { transactions: table });

  it('is the FHL 2005 setting: 2,357 customers, 39 + 39 weeks, the published BG/NBD fit', () => {
    expect(summary.length).toBe(2357);
    expect(summary.holdoutDuration).toBe(39);
    expect(model.params.r).toBeCloseTo(0.243, 3);
    expect(model.params.alpha).toBeCloseTo(4.414, 3);
    expect(model.params.a).toBeCloseTo(0.793, 3);
    expect(model.params.b).toBeCloseTo(2.426, 3);
  });

  it('predicts the holdout well by calibration-frequency bucket (FHL 2005 Fig. 4) and in total', () => {
    // Actual holdout repeat purchases, counted from the transactions.
    expect(check.totalActual).toBe(1882);
    // The model tracks the holdout within 15% in total and within 0.4 transactions per customer in every bucket.
    expect(Math.abs(check.totalPredicted - check.totalActual) / check.totalActual).toBeLessThan(0.15);
    expect(check.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(check.buckets.map((b) => b.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    for (const b of check.buckets) expect(Math.abs(b.meanPredicted - b.meanActual)).toBeLessThan(0.4);
    // Conditional expectations rise with calibration frequency, as the actuals do.
    for (let i = 1; i < check.buckets.length; i++) expect(check.buckets[i]!.meanPredicted).toBeGreaterThan(check.buckets[i - 1]!.meanPredicted);
    expect(check.mae).toBeLessThan(1);
  });

  it('tracking series agrees with the summary at both period ends and with Σ E[X(T_i)] (FHL 2005 Fig. 1)', () => {
    const t = check.tracking!;
    expect(t.endDate).toHaveLength(78);
    expect(t.calibrationSteps).toBe(39);
    expect(t.endDate[38]).toBe('1997-09-30');
    const calibrationRepeats = summary.frequency.reduce((s, v) => s + v, 0);
    expect(t.actual[38]).toBe(calibrationRepeats);
    expect(t.actual[77]).toBe(calibrationRepeats + check.totalActual);
    let direct = 0;
    for (let i = 0; i < summary.length; i++) direct += model.expectedTransactions(summary.T[i]!);
    expect(t.expected[38]).toBeCloseTo(direct, 6);
    // The model's cumulative curve stays within 10% of the actual one from week 20 on.
    for (let w = 19; w < 78; w++) expect(Math.abs(t.expected[w]! - t.actual[w]!) / t.actual[w]!).toBeLessThan(0.1);
  });
});
