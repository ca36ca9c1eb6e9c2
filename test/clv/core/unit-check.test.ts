import { describe, expect, it } from 'vitest';
import { fitBgBb } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { customerLifetimeValue } from '../../../src/clv/customer-lifetime-value.js';
import { fitModifiedBgNbd } from '../../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { expectCode } from '../../helpers/expect-code.js';

/**
 * Issue 15: a model fitted in days applied to a CustomerSummary in weeks gave a 12-month CLV 4.3× too large,
 * silently. Every prediction (and customerLifetimeValue) compares the summary's `timeUnit` with the model's.
 */
const rows = { frequency: [0, 2, 5, 1, 3, 4], recency: [0, 20, 30, 5, 36, 12], T: [38, 38, 38, 38, 38, 38] };
const inWeeks = { ...rows, timeUnit: 'week' as const };
const inDays = { ...rows, timeUnit: 'day' as const };

describe('predictions check the customers’ time unit against the model’s', () => {
  const models: FittedTransactionModel[] = [
    fitBgNbd(rows, { timeUnit: 'day' }),
    fitModifiedBgNbd(rows, { timeUnit: 'day' }),
    fitParetoNbd(rows, { timeUnit: 'day' }),
  ];
  it.each(models.map((m) => [m.kind, m] as const))('%s: conditionalExpectedTransactions and probabilityAlive throw UNIT_MISMATCH', (_kind, model) => {
    const e = expectCode(() => model.conditionalExpectedTransactions(10, inWeeks), 'UNIT_MISMATCH');
    expect(e.message).toMatch(/day.*week|week.*day/);
    expectCode(() => model.probabilityAlive(inWeeks), 'UNIT_MISMATCH');
    // The same unit, and plain columns (which carry no unit), are accepted.
    expect(model.conditionalExpectedTransactions(10, inDays)).toHaveLength(6);
    expect(model.probabilityAlive(rows)).toHaveLength(6);
  });

  it('BG/BB (discrete periods) refuses a summary in a calendar unit', () => {
    const model = fitBgBb({ frequency: [0, 2, 3, 1], recency: [0, 4, 5, 2], T: [6, 6, 6, 6] });
    const weekly = { frequency: [0, 2], recency: [0, 4], T: [6, 6], timeUnit: 'week' as const };
    expectCode(() => model.probabilityAlive(weekly), 'UNIT_MISMATCH');
    expectCode(() => model.conditionalExpectedTransactions(3, weekly), 'UNIT_MISMATCH');
  });

  it('customerLifetimeValue throws UNIT_MISMATCH for a summary in another unit than the model', () => {
    const model = fitBgNbd(rows, { timeUnit: 'day' });
    const options = {
      transactionModel: model,
      spend: [1, 1, 1, 1, 1, 1],
      horizon: { value: 12, unit: 'month' as const },
      discountRate: { rate: 0.1, per: 'year' as const },
    };
    const e = expectCode(() => customerLifetimeValue({ ...options, customers: inWeeks }), 'UNIT_MISMATCH');
    expect(e.message).toContain('week');
    expect(customerLifetimeValue({ ...options, customers: inDays }).clv).toHaveLength(6);
  });
});
