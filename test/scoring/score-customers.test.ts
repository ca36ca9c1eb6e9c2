import { parse } from 'csv-parse/sync';
import { sampleRankCorrelation } from 'simple-statistics';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { customerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import { modelFromJSON } from '../../src/clv/model-from-json.js';
import type { FittedGammaGammaModel } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { applyScoringModel, scoreCustomers } from '../../src/scoring/score-customers.js';
import type { CustomerScoreRecord, CustomerScores, ScoreCustomersOptions, ScoringInput } from '../../src/scoring/score-customers.js';
import { scoringModelFromJSON } from '../../src/scoring/scoring-model.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { expectCode } from '../tiers/expect-code.js';

// 1,200 customers joining over the whole year: two of them make their first purchase on the last day (T = 0).
const book = simulateBank({ customers: 1200, months: 12, seed: 1, acquisitionMonths: 12 });
const scores = scoreCustomers(book, {});
const records = scores.toRecords();

describe('scoreCustomers — one table with everything', () => {
  it('one record per customer, in customer order, every number finite', () => {
    expect(records.length).toBe(book.customers.length);
    expect(records.map((r) => r.customerId)).toEqual(book.customers.customerId);
    for (const r of records) {
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number') expect(Number.isFinite(v), `${r.customerId}.${k}`).toBe(true);
      expect(r.pAlive).toBeGreaterThanOrEqual(0);
      expect(r.pAlive).toBeLessThanOrEqual(1);
    }
  });

  it('the value parts add up to the total, and the matrix keeps BZC exactly the negative explicit values', () => {
    for (const r of records) {
      expect(r.totalValue).toBe(r.explicitValue + r.growthValue + r.potentialValue);
      if (r.valueCell === 'bzc') expect(r.explicitValue).toBeLessThan(0);
      if (r.explicitValue < 0) expect(r.valueCell).toBe('bzc');
      if (!r.onBook) expect([r.valueCell, r.totalValue, r.behaviorStatus, r.tier]).toEqual(['off_book', 0, 'lost', null]);
    }
    expect(scores.matrixTable.reduce((s, row) => s + row.count, 0)).toBe(records.length);
  });

  it('RFM with the stored breakpoints equals rfmScores on the training book', () => {
    const direct = rfmScores(scores.summary, {});
    expect(Array.from(scores.rfm.recencyScore)).toEqual(Array.from(direct.recencyScore));
    expect(Array.from(scores.rfm.frequencyScore)).toEqual(Array.from(direct.frequencyScore));
    expect(Array.from(scores.rfm.monetaryScore)).toEqual(Array.from(direct.monetaryScore));
    expect(scores.rfm.emptyBins).toEqual(direct.emptyBins);
  });

  it('the transaction model matches a direct BG/NBD fit on the customers with T > 0', () => {
    const keep = Array.from({ length: scores.summary.length }, (_, i) => i).filter((i) => scores.summary.T[i]! > 0);
    const cols = {
      frequency: keep.map((i) => scores.summary.frequency[i]!),
      recency: keep.map((i) => scores.summary.recency[i]!),
      T: keep.map((i) => scores.summary.T[i]!),
    };
    const direct = fitBgNbd(cols, { timeUnit: 'week' });
    expect(scores.model.transactionModel.params).toEqual(direct.params);
    const alive = direct.probabilityAlive(cols);
    keep.forEach((i, q) => expect(records[i]!.pAlive).toBe(alive[q]));
  });

  it('T = 0 customers are kept and predicted as new customers, visibly flagged', () => {
    const fresh = records.filter((r) => r.newCustomerPrediction);
    expect(fresh.length).toBe(scores.diagnostics.newCustomerPredictions);
    expect(fresh.length).toBeGreaterThan(0);
    const model = modelFromJSON(scores.model.transactionModel) as FittedTransactionModel;
    const spend = modelFromJSON(scores.model.spendModel) as FittedGammaGammaModel;
    for (const r of fresh) {
      expect([r.T, r.frequency, r.pAlive]).toEqual([0, 0, 1]);
      expect(r.expectedSpend).toBeCloseTo(spend.expectedAverageSpend(), 8);
      // Cross-check: the limit T → 0 of customerLifetimeValue for x = 0 is the new customer's value.
      const limit = customerLifetimeValue({
        transactionModel: model,
        spend: [r.expectedSpend],
        customers: { frequency: [0], recency: [0], T: [1e-9] },
        horizon: { value: 36, unit: 'month' },
        discountRate: { rate: 0.08, per: 'year' },
      });
      expect(r.transactionClv).toBeCloseTo(limit.clv[0]!, 4);
      expect(r.expectedTransactions).toBeCloseTo(limit.expectedTransactions[0]!, 6);
    }
  });

  it('applying the model to the training input gives identical results, also after a JSON round trip', () => {
    const again = applyScoringModel(scores.model, book);
    expect(again.toRecords()).toEqual(records);
    const restored = scoringModelFromJSON(JSON.stringify(scores.model));
    expect(JSON.stringify(applyScoringModel(restored, book).toJSON())).toBe(JSON.stringify(scores.toJSON()));
  });

  it('next month is scored with this month’s model, without refitting', () => {
    const next = simulateBank({ customers: 1200, months: 13, seed: 1, acquisitionMonths: 12 });
    const s = applyScoringModel(scores.model, next);
    expect(s.diagnostics.observationEnd).toBe(next.endDate);
    expect(s.model.transactionModel).toEqual(scores.model.transactionModel);
    expect(s.rfm.breakpoints).toEqual(scores.rfm.breakpoints);
    expect(s.model.matrix).toEqual(scores.model.matrix);
  });

  it('the three parts can be given separately, with observationEnd as an option', () => {
    const parts: ScoringInput = { customers: book.customers, snapshots: book.snapshots, transactions: book.transactions };
    const s = scoreCustomers(parts, { observationEnd: book.endDate, clusters: false, peerGroup: 'rfmSegment' });
    expect(s.length).toBe(records.length);
    expect(s.toRecords()[0]!.cluster).toBeNull();
    expect(s.model.cluster).toBeNull();
  });

  it('customers whose repeat purchases net to ≤ 0 get the population mean spend, counted', () => {
    const t = book.transactions;
    const first = new Set<number>();
    const amount = Float64Array.from(t.amount);
    const victim = records.findIndex((r) => r.frequency >= 2);
    for (let j = 0; j < t.length; j++) {
      if (t.customer[j] !== victim) continue;
      if (first.has(victim)) amount[j] = -Math.abs(amount[j]!);
      first.add(victim);
    }
    const s = scoreCustomers({ ...book, transactions: { ...t, amount } }, { clusters: false });
    expect(s.diagnostics.nonPositiveSpend).toBe(1);
    const spend = modelFromJSON(s.model.spendModel) as FittedGammaGammaModel;
    expect(s.toRecords()[victim]!.expectedSpend).toBeCloseTo(spend.expectedAverageSpend(), 8);
  });
});

describe('scoreCustomers — outputs', () => {
  it('CSV: a header and one line per customer; negative numbers stay numbers, text is neutralised', () => {
    const csv = scores.toCsv();
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(records.length);
    const neg = records.findIndex((r) => r.explicitValue < 0);
    expect(Number(rows[neg]!.explicitValue)).toBe(records[neg]!.explicitValue);
    expect(rows[0]!.tags).toBe(records[0]!.tags.join('|'));
    const evil = { ...book, customers: { ...book.customers, customerId: book.customers.customerId.map((id, i) => (i === 0 ? '=1+2' : id)) } };
    const tx = { ...book.transactions, customerIds: book.transactions.customerIds.map((id) => (id === book.customers.customerId[0] ? '=1+2' : id)) };
    const e = applyScoringModel(scores.model, { ...evil, transactions: tx });
    expect(e.toCsv().split('\n')[1]!.startsWith("'=1+2,")).toBe(true);
  });

  it('JSON: records, matrix and diagnostics, with no NaN or Infinity', () => {
    const json = JSON.parse(JSON.stringify(scores)) as ReturnType<CustomerScores['toJSON']>;
    expect(json.format).toBe('clvkit-scores');
    expect(json.customers.length).toBe(records.length);
    expect(JSON.stringify(scores)).not.toMatch(/NaN|Infinity/);
  });
});

describe('scoreCustomers — realised value on the synthetic bank (truth known)', () => {
  it('predicted total value ranks the realised discounted contribution of the next 12 months', () => {
    const N = 1500;
    const full = simulateBank({ customers: N, months: 36, seed: 11 });
    const first = simulateBank({ customers: N, months: 24, seed: 11 });
    const s = scoreCustomers(first, { clusters: false });
    const d = 1.08 ** (1 / 12) - 1;
    const realised = new Float64Array(N);
    const snap = full.snapshots;
    for (let j = 0; j < snap.length; j++) {
      const m = snap.month[j]!;
      if (m >= 24) realised[snap.customer[j]!]! += (snap.netRevenue[j]! - snap.costToServe[j]!) / (1 + d) ** (m - 23);
    }
    const rho = (a: ArrayLike<number>) => sampleRankCorrelation(Array.from(a), Array.from(realised));
    const total = rho(s.value.total);
    const explicit = rho(s.value.explicit);
    const explicitGrowth = rho(s.value.explicit.map((e, i) => e + s.value.growth[i]!));
    // Reported figures (seed 11, 1,500 customers): see the README / demo section `value`.
    console.log(`Spearman vs realised months 25–36: total ${total.toFixed(3)}, explicit ${explicit.toFixed(3)}, explicit + growth ${explicitGrowth.toFixed(3)}`);
    expect(total).toBeGreaterThan(0.5);
    expect(explicit).toBeGreaterThan(0.5);
    // Growth against the truth: the fitted trend g ranks the realised change in monthly contribution
    // (mean of months 25–36 minus the current contribution) of the customers on the book all year.
    const sum = new Float64Array(N);
    const months = new Float64Array(N);
    for (let j = 0; j < snap.length; j++) {
      if (snap.month[j]! < 24) continue;
      sum[snap.customer[j]!]! += snap.netRevenue[j]! - snap.costToServe[j]!;
      months[snap.customer[j]!]!++;
    }
    const stay = Array.from({ length: N }, (_, i) => i).filter((i) => s.value.onBook[i] === 1 && months[i] === 12);
    const growthRho = sampleRankCorrelation(
      stay.map((i) => s.value.slope[i]!),
      stay.map((i) => sum[i]! / 12 - s.value.currentContribution[i]!),
    );
    console.log(`Spearman of the growth trend g vs the realised change in monthly contribution: ${growthRho.toFixed(3)} (${stay.length} customers)`);
    expect(growthRho).toBeGreaterThan(0.3);
  });
});

describe('scoreCustomers — bad input', () => {
  it('throws the documented codes', () => {
    expectCode(() => scoreCustomers(book, { horizonMonths: 0 }), 'INVALID_OPTIONS');
    expectCode(() => scoreCustomers({ customers: book.customers, snapshots: book.snapshots, transactions: book.transactions }, {}), 'INVALID_OPTIONS');
    expectCode(() => scoreCustomers({ ...book, endDate: '2023-02-30' }, {}), 'INVALID_DATE');
    expectCode(() => scoreCustomers({ ...book, customers: { ...book.customers, customerId: [], length: 0 } }, {}), 'EMPTY_INPUT');
    const extra = { ...book.customers, length: book.customers.length + 1, customerId: [...book.customers.customerId, 'X'], type: [...book.customers.type, 'individual' as const] };
    expectCode(() => scoreCustomers({ ...book, customers: extra }, {}), 'INVALID_VALUE');
    const fewer = { ...book.customers, length: 1, customerId: book.customers.customerId.slice(0, 1), type: book.customers.type.slice(0, 1) };
    expectCode(() => scoreCustomers({ ...book, customers: fewer }, {}), 'INVALID_VALUE');
    expectCode(() => scoreCustomers({ ...book, customers: { ...book.customers, type: ['individual'] } }, {}), 'LENGTH_MISMATCH');
    expectCode(() => scoreCustomers({ ...book, customers: { ...book.customers, type: undefined } } as never, {}), 'MISSING_COLUMN');
    expectCode(() => scoreCustomers(book, { clusters: false, peerGroup: 'cluster' }), 'INVALID_CONFIG');
    const dup = [...book.customers.customerId];
    dup[1] = dup[0]!;
    expectCode(() => scoreCustomers({ ...book, customers: { ...book.customers, customerId: dup } }, {}), 'DUPLICATE_ID');
    expectCode(() => applyScoringModel({ ...scores.model.toJSON(), version: 2 } as never, book), 'INVALID_MODEL');
  });

  it('types', () => {
    expectTypeOf(scoreCustomers).returns.toEqualTypeOf<CustomerScores>();
    expectTypeOf<ScoreCustomersOptions['peerGroup']>().toEqualTypeOf<'customerType' | 'rfmSegment' | 'cluster' | 'none' | undefined>();
    expectTypeOf<CustomerScoreRecord['valueCell']>().toEqualTypeOf<'mvc' | 'maintain' | 'mgc' | 'low_value' | 'bzc' | 'off_book'>();
  });
});
