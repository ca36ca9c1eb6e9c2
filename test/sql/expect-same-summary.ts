import { expect } from 'vitest';
import type { CustomerSummary } from '../../src/io/customer-summary.js';

/** Compare two summaries row by row after matching customer ids; floating columns to 1e-9. */
export function expectSameSummary(actual: CustomerSummary, expected: CustomerSummary): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.transactionsAfterEnd).toBe(expected.transactionsAfterEnd);
  expect(actual.excludedAfterCalibration).toBe(expected.excludedAfterCalibration);
  expect(actual.holdoutDuration).toBe(expected.holdoutDuration);
  const index = new Map(actual.customerId.map((id, i) => [id, i]));
  const columns = [
    'frequency',
    'recency',
    'T',
    'monetaryValue',
    'firstDay',
    'lastDay',
    'transactionCount',
    'totalAmount',
    'daysSinceLastPurchase',
    'holdoutFrequency',
    'holdoutMonetaryValue',
  ] as const;
  let compared = 0;
  for (const column of columns) {
    const a = actual[column];
    const e = expected[column];
    expect(a === undefined, column).toBe(e === undefined);
    if (a === undefined || e === undefined) continue;
    for (let i = 0; i < expected.length; i++) {
      const j = index.get(expected.customerId[i]!);
      if (j === undefined) throw new Error(`customer ${expected.customerId[i]} missing`);
      const x = a[j]!;
      const y = e[i]!;
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y))) throw new Error(`${column} of ${expected.customerId[i]}: ${x} vs ${y}`);
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(expected.length * 8);
}
