import { expect } from 'vitest';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { customerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import { fitGammaGamma } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { fitModifiedBgNbd } from '../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import type { ScoringSqlOptions } from '../../src/sql/scoring-sql.js';

/** A scoring case: the model, the valuation options, and the in-process scores the SQL must equal. */
export interface ScoringCase {
  readonly name: string;
  readonly options: Omit<ScoringSqlOptions, 'table' | 'dialect' | 'lookup'>;
  readonly expected: Readonly<Record<string, Float64Array>>;
  readonly customerId: readonly string[];
}

/** Fit BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma on a summary and score in-process (the reference). */
export function scoringCases(
  summary: CustomerSummary,
  label: string,
  kinds: readonly ('bg-nbd' | 'mbg-nbd' | 'pareto-nbd')[] = ['bg-nbd', 'mbg-nbd', 'pareto-nbd'],
): ScoringCase[] {
  const spendModel = fitGammaGamma(summary);
  const fits: Record<string, () => FittedTransactionModel> = {
    'bg-nbd': () => fitBgNbd(summary),
    'mbg-nbd': () => fitModifiedBgNbd(summary),
    'pareto-nbd': () => fitParetoNbd(summary),
  };
  const valuations = [
    { horizon: { value: 12, unit: 'month' }, discountRate: { rate: 0.1, per: 'year' }, margin: 0.3 },
    { horizon: { value: 26, unit: 'week' }, step: 'week', discountRate: { rate: 0, per: 'year' } },
  ] as const;
  return kinds.map((kind, i) => {
    const transactionModel = fits[kind]!();
    const valuation = valuations[i % valuations.length]!;
    const clv = customerLifetimeValue({ transactionModel, spendModel, customers: summary, ...valuation });
    return {
      name: `${label} ${kind}, ${valuation.horizon.value} ${valuation.horizon.unit}s`,
      options: { transactionModel, spendModel, patterns: summary, ...valuation },
      customerId: summary.customerId,
      expected: {
        probability_alive: transactionModel.probabilityAlive(summary),
        expected_transactions: clv.expectedTransactions,
        discounted_transactions: clv.discountedTransactions,
        expected_spend: clv.expectedSpend,
        clv: clv.clv,
      },
    };
  });
}

/** Compare SQL rows (objects keyed by column) with the in-process scores, every column, to 1e-9 relative. */
export function expectSameScores(rows: readonly Record<string, unknown>[], c: ScoringCase): void {
  expect(rows.length).toBe(c.customerId.length);
  const index = new Map(rows.map((row, i) => [String(row.customer_id), i]));
  let worst = 0;
  for (const [column, values] of Object.entries(c.expected)) {
    for (let i = 0; i < c.customerId.length; i++) {
      const j = index.get(c.customerId[i]!);
      if (j === undefined) throw new Error(`customer ${c.customerId[i]} missing`);
      const raw = rows[j]![column];
      const actual = typeof raw === 'string' ? Number(raw) : (raw as number);
      const expected = values[i]!;
      if (typeof actual !== 'number' || !Number.isFinite(actual)) throw new Error(`${column} of ${c.customerId[i]}: ${String(raw)}`);
      const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
      if (error > 1e-9) throw new Error(`${column} of ${c.customerId[i]}: ${actual} vs ${expected} (relative ${error})`);
      worst = Math.max(worst, error);
    }
  }
  if (process.env.CLVKIT_SHOW_WORST === '1') console.log(`${c.name}: worst relative difference ${worst.toExponential(2)}`);
  expect(worst).toBeLessThanOrEqual(1e-9);
}
