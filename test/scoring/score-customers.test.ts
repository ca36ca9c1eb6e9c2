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
import type {
  CustomerScoreRecord,
  CustomerScores,
  ScoreCustomersOptions,
  ScoringCustomers,
  ScoringInput,
  ScoringTransactionModel,
} from '../../src/scoring/score-customers.js';
import { scoringModelFromJSON } from '../../src/scoring/scoring-model.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { expectCode } from '../helpers/expect-code.js';
import { fitModifiedBgNbd } from '../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { assignSegments, segmentModelFromJSON } from '../../src/clustering/segment-model.js';
import type { SegmentTable } from '../../src/clustering/segment-model.js';
import { DEFAULT_TAG_RULES } from '../../src/tags/default-tag-rules.js';
import { parseIsoDay } from '../../src/time.js';
import { withDepositors, withoutTransactionsOf } from './book-with-depositors.js';

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
      expect(r.totalValue).toBe(r.explicitValue! + r.growthValue! + r.potentialValue!);
      if (r.valueCell === 'bzc') expect(r.explicitValue).toBeLessThan(0);
      if (r.explicitValue! < 0) expect(r.valueCell).toBe('bzc');
      if (!r.onBook) expect([r.valueCell, r.totalValue, r.behaviorStatus, r.tier]).toEqual(['off_book', 0, 'lost', null]);
    }
    expect(scores.matrixTable.reduce((s, row) => s + row.count, 0)).toBe(records.length);
  });

  it('RFM with the stored breakpoints equals rfmScores on the training book', () => {
    const direct = rfmScores(scores.summary, {});
    expect(Array.from(scores.rfm!.recencyScore)).toEqual(Array.from(direct.recencyScore));
    expect(Array.from(scores.rfm!.frequencyScore)).toEqual(Array.from(direct.frequencyScore));
    expect(Array.from(scores.rfm!.monetaryScore)).toEqual(Array.from(direct.monetaryScore));
    expect(scores.rfm!.emptyBins).toEqual(direct.emptyBins);
  });

  it('the transaction model matches a direct BG/NBD fit on the customers with T > 0', () => {
    const keep = Array.from({ length: scores.summary.length }, (_, i) => i).filter((i) => scores.summary.T[i]! > 0);
    const cols = {
      frequency: keep.map((i) => scores.summary.frequency[i]!),
      recency: keep.map((i) => scores.summary.recency[i]!),
      T: keep.map((i) => scores.summary.T[i]!),
    };
    const direct = fitBgNbd(cols, { timeUnit: 'week' });
    expect(scores.model.transactionModel!.params).toEqual(direct.params);
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
        spend: [r.expectedSpend!],
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
    expect(s.rfm!.breakpoints).toEqual(scores.rfm!.breakpoints);
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
    const victim = records.findIndex((r) => (r.frequency ?? 0) >= 2);
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

describe('scoreCustomers — customers without transactions', () => {
  // Three hand-made customers with balances but no transaction: d0 joined mid-year and earns 60 − 10 a
  // month; d1, an enterprise, has been with the bank since before the book; d2 left the book in month 8.
  const joinD0 = parseIsoDay('2023-07-01');
  const joinD1 = parseIsoDay('2020-05-04');
  const handMade = withDepositors(book, [
    { id: 'd0', type: 'individual', joinDay: joinD0, months: [6, 7, 8, 9, 10, 11].map((m) => [m, 80_000, 60, 10, 1] as const) },
    { id: 'd1', type: 'enterprise', joinDay: joinD1, months: Array.from({ length: 12 }, (_, m) => [m, 3_000_000, 900, 100, 3] as const) },
    { id: 'd2', type: 'individual', joinDay: joinD1, months: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((m) => [m, 20_000, 30, 10, 1] as const) },
  ]);
  // Two extra tag rules read the transaction columns, to show the documented fill values.
  const fillTags = [
    { tag: 'no_repeat', label: 'No repeat purchase', labelZh: '无复购', description: 'frequency 0', when: { column: 'frequency', op: '==', value: 0 } },
    {
      tag: 'since_july',
      label: '183 days',
      labelZh: '183天',
      description: 'days since last purchase = 183',
      when: { column: 'daysSinceLastPurchase', op: '==', value: 183 },
    },
  ] as const;
  const s = scoreCustomers(handMade, { tagRules: [...DEFAULT_TAG_RULES, ...fillTags] });
  const recs = s.toRecords();
  const n0 = book.customers.length;
  const [d0, d1, d2] = [recs[n0]!, recs[n0 + 1]!, recs[n0 + 2]!];

  it('they are scored, with every transaction-model field null and flagged, never 0', () => {
    expect(recs.length).toBe(n0 + 3);
    expect(s.diagnostics).toMatchObject({ withTransactions: n0, withoutTransactions: 3, customers: n0 + 3 });
    for (const r of [d0, d1, d2]) {
      expect(r.hasTransactions).toBe(false);
      expect(r.newCustomerPrediction).toBe(false);
      for (const k of [
        'frequency',
        'recency',
        'T',
        'monetaryValue',
        'totalAmount',
        'daysSinceLastPurchase',
        'rfmRecencyScore',
        'rfmFrequencyScore',
        'rfmMonetaryScore',
        'rfmCell',
        'rfmSegment',
        'pAlive',
        'expectedTransactions',
        'expectedSpend',
        'transactionClv',
      ] as const) {
        expect(r[k], `${r.customerId}.${k}`).toBeNull();
      }
    }
    expect(recs.slice(0, n0).every((r) => r.hasTransactions && r.pAlive !== null && r.rfmSegment !== null)).toBe(true);
    expect(Array.from(s.hasTransactions.subarray(n0))).toEqual([0, 0, 0]);
    expect(Array.from(s.transactionRow.subarray(n0))).toEqual([-1, -1, -1]);
    // summary and rfm hold the customers with transactions only, in customer order.
    expect(s.summary.length).toBe(n0);
    expect(s.summary.customerId).toEqual(book.customers.customerId);
    expect(s.rfm!.length).toBe(n0);
  });

  it('the snapshot-based parts are computed as for everyone: tier, behaviour, tags, cluster, value, matrix cell', () => {
    expect([d0.tier, d1.tier, d2.tier]).toEqual(['mass', s.value!.tier[n0 + 1], null]);
    expect(d1.tier).not.toBe('mass');
    expect([d0.onBook, d1.onBook, d2.onBook]).toEqual([true, true, false]);
    expect(d2.behaviorStatus).toBe('lost');
    expect([d2.valueCell, d2.totalValue]).toEqual(['off_book', 0]);
    expect(d0.cluster).not.toBeNull();
    expect(d1.cluster).not.toBeNull();
    expect(d0.currentContribution).toBe(50);
    expect(d1.currentContribution).toBe(800);
    // Survival is the tier retention alone (no P(alive)): explicit = c · Σ_k (ρ/(1+d))^k, in closed form.
    const v = s.value;
    for (const [i, c] of [
      [n0, 50],
      [n0 + 1, 800],
    ] as const) {
      expect(v!.pAlive[i]).toBe(1);
      const q = v!.monthlyRetention[i]! / (1 + v!.assumptions.monthlyDiscountRate);
      expect(recs[i]!.explicitValue).toBeCloseTo((c * q * (1 - q ** 36)) / (1 - q), 6);
      expect(recs[i]!.totalValue).toBe(recs[i]!.explicitValue! + recs[i]!.growthValue! + recs[i]!.potentialValue!);
    }
    expect(d0.valueCell).not.toBe('off_book');
  });

  it('fill values of the transaction columns (tags and clusters read them): frequency 0, days since joining (capped at the period)', () => {
    expect(d0.tags).toContain('no_repeat');
    expect(d0.tags).toContain('since_july'); // 2023-07-01 .. 2023-12-31
    expect(d1.tags).toContain('no_repeat');
    expect(d1.tags).not.toContain('since_july');
    // d1 joined before the book: the days of the whole period observed (from the book's first purchase day).
    let first = Infinity;
    for (let j = 0; j < book.transactions.length; j++) first = Math.min(first, book.transactions.day[j]!);
    const seg = segmentModelFromJSON(s.model.cluster!);
    const row = (i: number, days: number): SegmentTable => {
      const table = {
        aum: [s.value!.currentContribution[i]! === 50 ? 80_000 : 3_000_000],
        loans: [0],
        activity: [0],
        frequency: [0],
        daysSinceLastPurchase: [days],
      };
      return table as unknown as SegmentTable;
    };
    expect(assignSegments(seg, row(n0, 183)).segment[0]).toBe(d0.cluster);
    expect(assignSegments(seg, row(n0 + 1, parseIsoDay(book.endDate) - first)).segment[0]).toBe(d1.cluster);
  });

  it('the transaction model is fitted on the customers with transactions only', () => {
    const plain = scoreCustomers(book, {});
    expect(s.model.transactionModel!.params).toEqual(plain.model.transactionModel!.params);
    expect(s.model.spendModel!.params).toEqual(plain.model.spendModel!.params);
    expect(s.model.rfm!.breakpoints).toEqual(plain.model.rfm!.breakpoints);
  });

  it('CSV leaves the not-applicable cells empty; JSON has null; applying the saved model reproduces the scores', () => {
    const rows = parse(s.toCsv(), { columns: true }) as Record<string, string>[];
    expect(rows[n0]).toMatchObject({ customerId: 'd0', hasTransactions: 'false', pAlive: '', transactionClv: '', rfmSegment: '', frequency: '' });
    expect(rows[0]!.hasTransactions).toBe('true');
    const json = JSON.parse(JSON.stringify(s)) as { customers: CustomerScoreRecord[] };
    expect(json.customers[n0]!.pAlive).toBeNull();
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
    const restored = scoringModelFromJSON(JSON.stringify(s.model));
    expect(JSON.stringify(applyScoringModel(restored, handMade).toJSON())).toBe(JSON.stringify(s.toJSON()));
  });

  it("peerGroup 'rfmSegment': customers without transactions are their own peer group", () => {
    const r = scoreCustomers(handMade, { peerGroup: 'rfmSegment', clusters: false });
    expect(r.value!.peerGroup[n0]).toBe('no_transactions');
    expect(r.value!.peerGroup[n0 + 2]).toBeNull(); // off the book
    expect(r.value!.peerGroup[0]).toBe(r.toRecords()[0]!.rfmSegment);
  });

  it('a book whose transactions are all gone is applied with every customer scored without transactions', () => {
    const none = withoutTransactionsOf(
      book,
      book.customers.customerId.map((_, i) => i),
    );
    const r = applyScoringModel(scores.model, none);
    expect(r.diagnostics).toMatchObject({ withTransactions: 0, withoutTransactions: book.customers.length });
    expect(r.summary.length).toBe(0);
    expect(r.toRecords().every((x) => x.pAlive === null && x.transactionClv === null)).toBe(true);
    expect(Array.from(r.value!.tier)).toEqual(Array.from(scores.value!.tier));
  });
});

describe('scoreCustomers — a simulated book with a few customers’ transactions removed', () => {
  const big = simulateBank({ customers: 1500, months: 24, seed: 5 });
  const full = scoreCustomers(big, { clusters: false });
  const fullRecs = full.toRecords();
  // Five customers on the book with P(alive) well below 1, so the survival fallback is visible.
  const victims = fullRecs.flatMap((r, i) => (r.onBook && r.pAlive! < 0.9 && r.explicitValue! > 0 ? [i] : [])).slice(0, 5);
  const cut = withoutTransactionsOf(big, victims);
  const part = scoreCustomers(cut, { clusters: false });
  const partRecs = part.toRecords();

  it('the victims are scored without transactions; everyone else keeps theirs', () => {
    expect(victims.length).toBe(5);
    expect(part.diagnostics.withoutTransactions).toBe(5);
    for (let i = 0; i < partRecs.length; i++) expect(partRecs[i]!.hasTransactions).toBe(!victims.includes(i));
  });

  it('their snapshot-based parts are unchanged and their survival drops P(alive): value = value with transactions / P(alive)', () => {
    for (const i of victims) {
      const before = fullRecs[i]!;
      const after = partRecs[i]!;
      expect([after.tier, after.behaviorStatus, after.tags, after.currentContribution]).toEqual([
        before.tier,
        before.behaviorStatus,
        before.tags,
        before.currentContribution,
      ]);
      expect(after.pAlive).toBeNull();
      // The value model's retention, slopes and benchmarks do not depend on transactions (peer group = customer type),
      // so the only change is P(alive) → 1 in S(k) = P(alive) · ρ^k: each part scales by 1 / P(alive).
      expect(after.explicitValue).toBeCloseTo(before.explicitValue! / before.pAlive!, 6);
      expect(after.growthValue).toBeCloseTo(before.growthValue! / before.pAlive!, 6);
      expect(after.potentialValue).toBeCloseTo(before.potentialValue! / before.pAlive!, 6);
    }
    expect(part.model.value!.retention).toEqual(full.model.value!.retention);
  });
});

describe('scoreCustomers — choice of transaction model', () => {
  const keep = Array.from({ length: scores.summary.length }, (_, i) => i).filter((i) => scores.summary.T[i]! > 0);
  const cols = {
    frequency: keep.map((i) => scores.summary.frequency[i]!),
    recency: keep.map((i) => scores.summary.recency[i]!),
    T: keep.map((i) => scores.summary.T[i]!),
  };
  const direct = {
    'bg-nbd': () => fitBgNbd(cols, { timeUnit: 'week' }),
    'mbg-nbd': () => fitModifiedBgNbd(cols, { timeUnit: 'week' }),
    'pareto-nbd': () => fitParetoNbd(cols, { timeUnit: 'week' }),
  } as const;
  for (const kind of ['bg-nbd', 'mbg-nbd', 'pareto-nbd'] as const) {
    it(`${kind}: fitted as a direct fit, restored from JSON, and applying the model reproduces the scores`, () => {
      const s = scoreCustomers(book, { transactionModel: kind, clusters: false });
      const model = direct[kind]();
      expect(s.model.transactionModel!.kind).toBe(kind);
      expect(s.model.transactionModel!.params).toEqual(model.params);
      const alive = model.probabilityAlive(cols);
      const recs = s.toRecords();
      keep.forEach((i, q) => expect(recs[i]!.pAlive).toBe(alive[q]));
      const json = JSON.stringify(s.model);
      const restored = scoringModelFromJSON(json);
      expect(restored.transactionModel!.kind).toBe(kind);
      expect((modelFromJSON(restored.transactionModel) as FittedTransactionModel).kind).toBe(kind);
      expect(JSON.stringify(applyScoringModel(restored, book).toJSON())).toBe(JSON.stringify(s.toJSON()));
      expect(JSON.stringify(applyScoringModel(JSON.parse(json) as never, book).toJSON())).toBe(JSON.stringify(s.toJSON()));
    });
  }

  it('the models differ, so the choice is not ignored', () => {
    const pa = (kind: 'bg-nbd' | 'pareto-nbd') =>
      scoreCustomers(book, { transactionModel: kind, clusters: false })
        .toRecords()
        .map((r) => r.pAlive);
    expect(pa('pareto-nbd')).not.toEqual(pa('bg-nbd'));
    expect(scores.model.transactionModel!.kind).toBe('bg-nbd'); // the default
  });
});

describe('scoreCustomers — outputs', () => {
  it('CSV: a header and one line per customer; negative numbers stay numbers, text is neutralised', () => {
    const csv = scores.toCsv();
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(records.length);
    const neg = records.findIndex((r) => r.explicitValue! < 0);
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
    const total = rho(s.value!.total);
    const explicit = rho(s.value!.explicit);
    const explicitGrowth = rho(s.value!.explicit.map((e, i) => e + s.value!.growth[i]!));
    // Reported figures (seed 11, 1,500 customers): see the README / demo section `value`.
    console.log(
      `Spearman vs realised months 25–36: total ${total.toFixed(3)}, explicit ${explicit.toFixed(3)}, explicit + growth ${explicitGrowth.toFixed(3)}`,
    );
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
    const stay = Array.from({ length: N }, (_, i) => i).filter((i) => s.value!.onBook[i] === 1 && months[i] === 12);
    const growthRho = sampleRankCorrelation(
      stay.map((i) => s.value!.slope[i]!),
      stay.map((i) => sum[i]! / 12 - s.value!.currentContribution[i]!),
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
    const extra = {
      ...book.customers,
      length: book.customers.length + 1,
      customerId: [...book.customers.customerId, 'X'],
      type: [...book.customers.type, 'individual' as const],
    };
    expectCode(() => scoreCustomers({ ...book, customers: extra }, {}), 'LENGTH_MISMATCH'); // joinDay has one entry too few
    const badJoin = Int32Array.from(book.customers.joinDay) as unknown as number[];
    expectCode(
      () => scoreCustomers({ ...book, customers: { ...book.customers, joinDay: Array.from(badJoin, (d, i) => (i === 3 ? d + 0.5 : d)) } }, {}),
      'INVALID_VALUE',
    );
    // Nothing to fit a transaction model on: an error only when asked to throw (by default the part is skipped).
    expectCode(
      () =>
        scoreCustomers(
          withoutTransactionsOf(
            book,
            book.customers.customerId.map((_, i) => i),
          ),
          { onModelFailure: 'throw' },
        ),
      'TOO_FEW_VALUES',
    );
    expectCode(() => scoreCustomers(undefined as never, {}), 'INVALID_VALUE');
    expectCode(() => scoreCustomers({ ...book, snapshots: undefined, transactions: undefined } as never, {}), 'MISSING_COLUMN');
    expectCode(() => applyScoringModel(undefined as never, book), 'INVALID_MODEL');
    expectCode(() => applyScoringModel(scores.model, null as never), 'INVALID_VALUE');
    expectCode(() => scoreCustomers(book, { transactionModel: 'bg-bb' as never }), 'INVALID_OPTIONS');
    const fewer = {
      ...book.customers,
      length: 1,
      customerId: book.customers.customerId.slice(0, 1),
      type: book.customers.type.slice(0, 1),
      joinDay: book.customers.joinDay.slice(0, 1),
      attributes: {},
    };
    expectCode(() => scoreCustomers({ ...book, customers: fewer }, {}), 'INVALID_VALUE');
    expectCode(() => scoreCustomers({ ...book, customers: { ...book.customers, type: ['individual'] } }, {}), 'LENGTH_MISMATCH');
    expectCode(
      () => scoreCustomers({ ...book, customers: { ...book.customers, type: undefined, attributes: {} } } as never, { peerGroup: 'customerType' }),
      'MISSING_COLUMN',
    );
    expectCode(() => scoreCustomers(book, { peerGroup: { attribute: 'branch' } }), 'MISSING_COLUMN');
    expectCode(() => scoreCustomers(book, { clusters: false, peerGroup: 'cluster' }), 'INVALID_CONFIG');
    const dup = [...book.customers.customerId];
    dup[1] = dup[0]!;
    expect(expectCode(() => scoreCustomers({ ...book, customers: { ...book.customers, customerId: dup } }, {}), 'DUPLICATE_ID').details).toMatchObject({
      column: 'customerId',
      index: 1,
    });
    expectCode(() => scoreCustomers({ ...book, customers: { ...book.customers, customerId: 'c0' as never } }, {}), 'INVALID_VALUE');
    expectCode(() => applyScoringModel({ ...scores.model.toJSON(), version: 2 } as never, book), 'INVALID_MODEL');
  });

  it('types', () => {
    expectTypeOf(scoreCustomers).returns.toEqualTypeOf<CustomerScores>();
    expectTypeOf<ScoreCustomersOptions['peerGroup']>().toEqualTypeOf<'customerType' | 'rfmSegment' | 'cluster' | 'none' | { attribute: string } | undefined>();
    expectTypeOf<CustomerScoreRecord['valueCell']>().toEqualTypeOf<'mvc' | 'maintain' | 'mgc' | 'low_value' | 'bzc' | 'off_book' | null>();
    expectTypeOf<ScoreCustomersOptions['transactionModel']>().toEqualTypeOf<ScoringTransactionModel | undefined>();
    expectTypeOf<ScoringTransactionModel>().toEqualTypeOf<'bg-nbd' | 'mbg-nbd' | 'pareto-nbd'>();
    expectTypeOf<CustomerScoreRecord['pAlive']>().toEqualTypeOf<number | null>();
    expectTypeOf<CustomerScoreRecord['hasTransactions']>().toEqualTypeOf<boolean>();
    expectTypeOf<CustomerScores['hasTransactions']>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<ScoringCustomers['joinDay']>().toEqualTypeOf<ArrayLike<number> | undefined>();
  });
});
