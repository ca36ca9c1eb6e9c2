import { describe, expect, it } from 'vitest';
import { simulateShiftedBetaGeometric } from '../../src/clv/sbg/simulate-shifted-beta-geometric.js';
import { readBankBook } from '../../src/simulate/read-bank-book.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { tierRetentionSbg } from '../../src/value/tier-retention-sbg.js';
import { expectCode } from '../helpers/expect-code.js';

/** A book of months 0..23: customers acquired in months 1..23 with sBG lifetimes, plus some on the book from month 0. */
function book(params: { alpha: number; beta: number }, customers: number, seed: number, group: string) {
  const sim = simulateShiftedBetaGeometric({ params, customers, periods: 1, seed });
  const firstMonth: number[] = [];
  const lastMonth: number[] = [];
  for (let i = 0; i < customers; i++) {
    const f = 1 + (i % 23);
    firstMonth.push(f);
    lastMonth.push(Math.min(23, f + sim.lifetime[i]! - 1));
  }
  return { firstMonth, lastMonth, group: firstMonth.map(() => group) };
}

describe('tierRetentionSbg', () => {
  const loyal = book({ alpha: 0.8, beta: 6 }, 6000, 1, 'affluent');
  const fickle = book({ alpha: 1.5, beta: 3 }, 6000, 2, 'mass');
  const small = book({ alpha: 1, beta: 1 }, 20, 3, 'private_banking');
  const input = {
    firstMonth: [...loyal.firstMonth, ...fickle.firstMonth, ...small.firstMonth, 0, 0],
    lastMonth: [...loyal.lastMonth, ...fickle.lastMonth, ...small.lastMonth, 23, 5],
    group: [...loyal.group, ...fickle.group, ...small.group, 'mass', 'mass'],
    asOfMonth: 23,
    bookStartMonth: 0,
  };
  const r = tierRetentionSbg(input, { minCustomers: 30, horizonMonths: 36 });

  it('recovers each group’s simulated (α, β) within 3 standard errors from staggered, censored cohorts', () => {
    for (const [g, truth] of [
      ['affluent', { alpha: 0.8, beta: 6 }],
      ['mass', { alpha: 1.5, beta: 3 }],
    ] as const) {
      const fit = r.groups[g]!;
      expect(fit.source).toBe('estimated');
      expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(3 * fit.standardErrors!.alpha);
      expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(3 * fit.standardErrors!.beta);
      expect(fit.cohortCustomers).toBe(6000);
    }
    expect(r.groups.affluent!.monthlyRate).toBeGreaterThan(r.groups.mass!.monthlyRate);
    // Retention rises with tenure under heterogeneity.
    const next = r.groups.mass!.nextRetention;
    for (let k = 1; k < next.length; k++) expect(next[k]!).toBeGreaterThan(next[k - 1]!);
  });

  it('pools a small group, leaves out left-truncated customers, and its rate is the horizon-equivalent survival', () => {
    expect(r.groups.private_banking!.source).toBe('pooled');
    expect(r.groups.private_banking!.alpha).toBe(r.pooled.alpha);
    expect(r.leftTruncated).toBe(2);
    // ρ^36 = S(t̃+36)/S(t̃) of the fit, t̃ the median tenure of the group's customers on the book.
    const g = r.groups.affluent!;
    const t = Math.round(g.medianTenureMonths);
    let ratio = 1;
    for (let k = t + 1; k <= t + 36; k++) ratio *= (g.beta + k - 1) / (g.alpha + g.beta + k - 1);
    expect(g.monthlyRate ** 36).toBeCloseTo(ratio, 12);
  });

  it('rejects bad months and a book without churn', () => {
    expectCode(() => tierRetentionSbg({ ...input, lastMonth: input.lastMonth.map((v, i) => (i === 0 ? -1 : v)) }), 'INVALID_VALUE');
    expectCode(() => tierRetentionSbg({ firstMonth: [1, 2], lastMonth: [23, 23], group: ['a', 'a'], asOfMonth: 23, bookStartMonth: 0 }), 'TOO_FEW_VALUES');
    expectCode(() => tierRetentionSbg({ firstMonth: [1], lastMonth: [23, 4], group: ['a'], asOfMonth: 23, bookStartMonth: 0 }), 'LENGTH_MISMATCH');
  });
});

describe("the value model's retentionModel: 'sbg' (the default)", () => {
  it('on the fixture book (homogeneous churn in the simulator) sBG gives the one-year ratio’s monthly rates within 0.005 for the large tiers', async () => {
    const b = await readBankBook('fixtures/bank');
    const ratio = scoreCustomers(b, { value: { retentionModel: 'one-year-ratio' } }).model.value!.retention;
    const sbg = scoreCustomers(b, {}).model.value!.retention;
    for (const tier of ['mass', 'affluent']) {
      expect(sbg[tier]!.sbg).toBeDefined();
      expect(sbg[tier]!.source).toBe('estimated');
      expect(Math.abs(sbg[tier]!.monthlyRate - ratio[tier]!.monthlyRate)).toBeLessThan(0.005);
    }
    expect(ratio.mass!.sbg).toBeUndefined();
  });
});
