// Extreme values through the non-model modules and the whole pipeline: a customer with 10,000
// transactions on 10,000 distinct days, T of 10,000 days, amounts from 1e-2 to 1e12, columns whose
// totals overflow a double, a 600-month value horizon. Each ends in finite output or a ClvkitError
// with a code — never NaN, Infinity or an untyped exception.
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitParetoNbd } from '../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { readTransactionsSync } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { gini } from '../../src/pareto/gini.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { isoDate } from '../../src/time.js';
import { valueDecomposition } from '../../src/value/value-decomposition.js';

function allFinite(values: Iterable<number>): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}

describe('a customer with 10,000 transactions over 10,000 days', () => {
  const FIRST = 10_000;
  const lines = ['customer_id,date,amount'];
  for (let k = 0; k < 10_000; k++) lines.push(`BIG,${isoDate(FIRST + k)},${((k % 7 === 0 ? -1 : 1) * (1 + (k % 1000) * 1e9)) / 100}`);
  for (let c = 0; c < 300; c++) for (let k = 0; k < (c % 5) + 1; k++) lines.push(`C${c},${isoDate(FIRST + 500 + c * 31 + k * 97)},${(c + 1) * 3.5}`);
  const text = lines.join('\n');

  it('is summarised exactly: frequency 9,999, recency = T = 9,999 days, totals finite', () => {
    const table = readTransactionsSync(text);
    expect(table.stats.rejected).toBe(0);
    const s = summarizeCustomers(table, { observationEnd: isoDate(FIRST + 9_999), timeUnit: 'day' });
    const big = s.customerId.indexOf('BIG');
    expect(s.frequency[big]).toBe(9_999);
    expect(s.recency[big]).toBe(9_999);
    expect(s.T[big]).toBe(9_999);
    expect(s.transactionCount[big]).toBe(10_000);
    expect(allFinite(s.totalAmount) && allFinite(s.monetaryValue)).toBe(true);
  });

  it('BG/NBD and Pareto/NBD fit such a book to finite parameters and predictions', () => {
    const s = summarizeCustomers(readTransactionsSync(text), { observationEnd: isoDate(FIRST + 9_999), timeUnit: 'week' });
    for (const model of [fitBgNbd(s, {}), fitParetoNbd(s, {})]) {
      expect(allFinite(Object.values(model.params))).toBe(true);
      expect(Number.isFinite(model.logLikelihood)).toBe(true);
      const alive = model.probabilityAlive(s);
      expect(Array.from(alive).every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(allFinite(model.conditionalExpectedTransactions(52, s))).toBe(true);
    }
  });

  it('RFM scores it with everyone else (10,000 purchases, 1e10-size spend)', () => {
    const s = summarizeCustomers(readTransactionsSync(text), { observationEnd: isoDate(FIRST + 9_999), timeUnit: 'day' });
    const r = rfmScores(s, {});
    const big = s.customerId.indexOf('BIG');
    expect(r.frequencyScore[big]).toBe(5);
    expect(allFinite(r.totalScore)).toBe(true);
  });
});

describe('value columns at the edge of double range', () => {
  it('Gini and the Pareto analysis of values from 1e-2 to 1e12 are finite', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 10 ** ((i % 15) - 2));
    const a = paretoAnalysis(values, {});
    expect(allFinite([a.gini, a.giniCorrected, ...a.lorenz.y, ...a.topShares.map((t) => t.valueShare)])).toBe(true);
    expect(a.gini).toBeGreaterThan(0.9);
  });

  it('a total that overflows a double is NUMERIC_FAILURE, not Infinity', () => {
    for (const values of [
      [Number.MAX_VALUE, Number.MAX_VALUE, 1],
      [1e308, 1e308, 1e308],
    ]) {
      try {
        const g = gini(values);
        expect(Number.isFinite(g.gini)).toBe(true);
      } catch (error) {
        expect(isClvkitError(error, 'NUMERIC_FAILURE'), String(error)).toBe(true);
      }
    }
  });

  it('tiers of AUM up to 1e15 and down to −1e12 (overdrafts): every customer in one band, totals finite', () => {
    const values = [1e15, -1e12, 0, 199_999.995, 6e6, 5e14, Number.MIN_VALUE];
    const t = assignTiers(values);
    expect(t.table.reduce((a, r) => a + r.count, 0)).toBe(values.length);
    expect(allFinite(t.table.map((r) => r.valueShare))).toBe(true);
  });
});

describe('the value model at its limits', () => {
  const input = {
    customerId: ['rich', 'poor', 'loss'],
    snapshots: {
      length: 6,
      customer: [0, 0, 1, 1, 2, 2],
      month: [0, 1, 0, 1, 0, 1],
      netRevenue: [1e12, 1.1e12, 0.01, 0.02, -1e9, -2e9],
      costToServe: [0, 0, 0, 0, 1e9, 1e9],
      aum: [1e15, 1e15, 0, 0, 1e6, 1e6],
      products: [255, 255, 0, 0, 1, 1],
    },
  };

  it('a 600-month horizon with no discount and full retention stays finite; parts add up', () => {
    for (const annualDiscountRate of [0, 1]) {
      const v = valueDecomposition(input, {
        horizonMonths: 600,
        annualDiscountRate,
        minPeers: 1,
        retention: { mass: 1, affluent: 1, premier: 1, high_net_worth: 1, private_banking: 1 },
      });
      for (let i = 0; i < v.length; i++) {
        expect(allFinite([v.explicit[i]!, v.growth[i]!, v.potential[i]!, v.total[i]!])).toBe(true);
        expect(v.total[i]).toBe(v.explicit[i]! + v.growth[i]! + v.potential[i]!);
      }
      expect(v.explicit[2]!).toBeLessThan(0); // the loss-making customer stays below zero
    }
  });
});
