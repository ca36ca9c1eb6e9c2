// The value model's retention on the bundled fixture: the one-year-ratio path pinned to its figures from before
// sBG became the default (so it is provably unchanged), and the default sBG path pinned and checked for sanity
// against an independent estimate (the censored-geometric MLE the sBG tends to when churn is homogeneous).
import { beforeAll, describe, expect, it } from 'vitest';
import { readBankBook } from '../../src/simulate/read-bank-book.js';
import type { BankBook } from '../../src/simulate/bank-book.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import type { CustomerScores } from '../../src/scoring/customer-scores.js';
import { valueDecomposition } from '../../src/value/value-decomposition.js';
import { valueModelFromJSON } from '../../src/value/value-model.js';
import { expectCode } from '../helpers/expect-code.js';
import { bookOf, series } from './book.js';

const TIERS = ['mass', 'affluent', 'premier', 'high_net_worth', 'private_banking'] as const;

let book: BankBook;
let ratio: CustomerScores;
let sbg: CustomerScores;
beforeAll(async () => {
  book = await readBankBook('fixtures/bank');
  ratio = scoreCustomers(book, { value: { retentionModel: 'one-year-ratio' } });
  sbg = scoreCustomers(book, {});
}, 60_000);

function sumOf(s: CustomerScores, column: 'totalValue' | 'explicitValue' | 'potentialValue' | 'growthValue'): number {
  let t = 0;
  for (const r of s.toRecords()) {
    const v = r[column];
    expect(typeof v === 'number' && Number.isFinite(v)).toBe(true);
    t += v as number;
  }
  return t;
}

describe('fixture golden figures, one-year-ratio retention (asked for explicitly: the path before sBG became the default)', () => {
  it('retention table and value totals as before', () => {
    const v = ratio.model.value!;
    expect(v.assumptions.retentionModel).toBe('one-year-ratio');
    expect(v.retention).toEqual({
      mass: { monthlyRate: 0.9692118010698364, source: 'estimated', atRisk: 1908, retained: 1311, lookbackMonths: 12 },
      affluent: { monthlyRate: 0.9696069630222203, source: 'estimated', atRisk: 168, retained: 116, lookbackMonths: 12 },
      premier: { monthlyRate: 0.9691883005150934, source: 'pooled', atRisk: 21, retained: 12, lookbackMonths: 12 },
      high_net_worth: { monthlyRate: 0.9691883005150934, source: 'pooled', atRisk: 11, retained: 9, lookbackMonths: 12 },
      private_banking: { monthlyRate: 0.9691883005150934, source: 'pooled', atRisk: 0, retained: 0, lookbackMonths: 12 },
    });
    expect(v.pooledRetention).toEqual({ monthlyRate: 0.9691883005150934, source: 'estimated', atRisk: 2108, retained: 1448, lookbackMonths: 12 });
    expect(v.pooledRetention.monthlyRate).toBe((1448 / 2108) ** (1 / 12));
    // Value totals are downstream of the BG/NBD fit, which now converges by Newton steps to a gradient of ~1e-8
    // (BFGS stopped at ~1e-5): the figures before that change hold to 1e-7 relative, not to the last digit.
    const near = (got: number, before: number) => expect(Math.abs(got - before) / Math.abs(before)).toBeLessThan(1e-7);
    near(sumOf(ratio, 'explicitValue'), 24032601.715692773);
    near(sumOf(ratio, 'growthValue'), -781100.1009187751);
    near(sumOf(ratio, 'potentialValue'), 2650750.9425877673);
    near(sumOf(ratio, 'totalValue'), 25902252.557361837);
  });
});

describe('fixture figures, default sBG retention', () => {
  it('the assumptions report sBG: α, β, standard errors, and which tiers are pooled', () => {
    const v = sbg.model.value!;
    expect(v.assumptions.retentionModel).toBe('sbg');
    expect(v.assumptions.retentionFallback).toBeUndefined();
    const pooled = v.pooledRetention;
    expect(pooled).toMatchObject({ source: 'estimated', atRisk: 4782, retained: 3473, lookbackMonths: 0 });
    expect(pooled.sbg).toMatchObject({ converged: true, churned: 1309, medianTenureMonths: 9 });
    const expected = { mass: 0.969134, affluent: 0.973647, premier: 0.967302, high_net_worth: 0.969545, private_banking: 0.969545 };
    const sources = { mass: 'estimated', affluent: 'estimated', premier: 'estimated', high_net_worth: 'pooled', private_banking: 'pooled' };
    for (const tier of TIERS) {
      const r = v.retention[tier]!;
      expect(r.source).toBe(sources[tier]);
      expect(r.monthlyRate).toBeGreaterThan(0);
      expect(r.monthlyRate).toBeLessThan(1);
      expect(r.monthlyRate).toBeCloseTo(expected[tier], 5);
      const s = r.sbg!;
      expect(s.alpha).toBeGreaterThan(0);
      expect(s.beta).toBeGreaterThan(0);
      expect(s.converged).toBe(true);
      expect(s.standardErrors).not.toBeNull();
      expect(s.standardErrors!.alpha).toBeGreaterThan(0);
      expect(s.standardErrors!.beta).toBeGreaterThan(0);
      // Pooled tiers carry the pooled fit; estimated ones their own.
      if (r.source === 'pooled') expect([s.alpha, s.beta]).toEqual([pooled.sbg!.alpha, pooled.sbg!.beta]);
      else expect(s.alpha).not.toBe(pooled.sbg!.alpha);
      // The simulator's churn is homogeneous: the sBG runs to the geometric edge (α, β large, their ratio fixed),
      // so the monthly rate is the geometric 1 − θ with θ = α / (α + β), and α's SE dwarfs α (heterogeneity is not identified).
      expect(Math.abs(r.monthlyRate - s.beta / (s.alpha + s.beta))).toBeLessThan(2e-4);
      expect(s.standardErrors!.alpha).toBeGreaterThan(s.alpha);
    }
  });

  it('pooled θ equals the censored-geometric MLE computed independently from the snapshots', () => {
    // Each customer acquired after the book's first month: months on the book, and whether they left.
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    const sn = book.snapshots;
    let asOf = 0;
    let start = Infinity;
    for (let q = 0; q < sn.length; q++) {
      const c = sn.customer[q]!;
      const m = sn.month[q]!;
      first.set(c, Math.min(first.get(c) ?? Infinity, m));
      last.set(c, Math.max(last.get(c) ?? -Infinity, m));
      asOf = Math.max(asOf, m);
      start = Math.min(start, m);
    }
    let exposure = 0;
    let churned = 0;
    for (const [c, f] of first) {
      if (f === start) continue;
      const l = last.get(c)!;
      if (l === asOf) exposure += asOf - f;
      else {
        exposure += l - f + 1;
        churned++;
      }
    }
    expect(churned).toBe(1309);
    // Geometric with right censoring: L = θ^C (1 − θ)^(E − C), maximised at θ = C / E.
    const theta = churned / exposure;
    const s = sbg.model.value!.pooledRetention.sbg!;
    expect(s.alpha / (s.alpha + s.beta)).toBeCloseTo(theta, 5);
  });

  it('value totals are finite, ordered by tier, and move with retention only', () => {
    const total = sumOf(sbg, 'totalValue');
    expect(total).toBeCloseTo(26311764.883898128, -1);
    expect(sumOf(sbg, 'explicitValue')).toBeCloseTo(24418951.90860337, -1);
    // Retention is the only change: RFM, P(alive) and the transaction CLV are the same figures.
    const a = sbg.toRecords();
    const b = ratio.toRecords();
    for (let i = 0; i < a.length; i += 97) {
      expect(a[i]!.pAlive).toBe(b[i]!.pAlive);
      expect(a[i]!.transactionClv).toBe(b[i]!.transactionClv);
      expect(a[i]!.currentContribution).toBe(b[i]!.currentContribution);
    }
    // Mean value per customer on the book rises with the tier.
    const sum = new Map<string, [number, number]>();
    for (const r of a) {
      if (r.onBook !== true || typeof r.tier !== 'string') continue;
      const e = sum.get(r.tier) ?? [0, 0];
      sum.set(r.tier, [e[0] + (r.totalValue as number), e[1] + 1]);
    }
    const means = TIERS.map((t) => sum.get(t)![0] / sum.get(t)![1]);
    for (let k = 1; k < means.length; k++) expect(means[k]!).toBeGreaterThan(means[k - 1]!);
  });
});

describe('retentionModel: default, fallback and saved models', () => {
  // Two customers on the book from month 0 and one acquired in month 2 still on it: no acquired customer has left.
  const noChurn = bookOf(3, [...series(0, [10, 10, 10]), ...series(1, [20, 20, 20]), ...series(2, [5], 2)]);

  it('left to the default, a book sBG cannot be fitted on keeps the one-year ratio and says why; asked for, it is TOO_FEW_VALUES', () => {
    const v = valueDecomposition(noChurn, { minPeers: 1 });
    expect(v.assumptions.retentionModel).toBe('one-year-ratio');
    expect(v.assumptions.retentionFallback).toMatch(/no customer acquired during the book has left/);
    expect(v.model.retention.mass!.sbg).toBeUndefined();
    expect(valueDecomposition(noChurn, { minPeers: 1, retentionModel: 'one-year-ratio' }).assumptions.retentionFallback).toBeUndefined();
    expectCode(() => valueDecomposition(noChurn, { minPeers: 1, retentionModel: 'sbg' }), 'TOO_FEW_VALUES');
  });

  it('saved value models round-trip; ones saved before retentionModel existed read back with the model they used', () => {
    const m = sbg.model.value!;
    expect(valueModelFromJSON(JSON.stringify(m))).toEqual(m);
    const { retentionModel: _a, ...oldSbg } = m.assumptions;
    expect(valueModelFromJSON({ ...m, assumptions: oldSbg }).assumptions.retentionModel).toBe('sbg');
    const r = ratio.model.value!;
    const { retentionModel: _b, ...oldRatio } = r.assumptions;
    expect(valueModelFromJSON({ ...r, assumptions: oldRatio }).assumptions.retentionModel).toBe('one-year-ratio');
    // sBG blocks saved before standard errors were reported still load.
    const bare = { ...m.pooledRetention, sbg: { alpha: 2, beta: 3, medianTenureMonths: 4, churned: 5 } };
    expect(valueModelFromJSON({ ...m, pooledRetention: bare }).pooledRetention.sbg).toEqual(bare.sbg);
    expectCode(() => valueModelFromJSON({ ...m, assumptions: { ...m.assumptions, retentionModel: 'ratio' } }), 'INVALID_MODEL');
  });
});
