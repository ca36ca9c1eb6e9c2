import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { customerLifetimeValue } from '../../../src/clv/customer-lifetime-value.js';
import { fitGammaGamma } from '../../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { readTransactionsSync } from '../../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../../src/io/summarize-customers.js';
import { expectCode } from '../../helpers/expect-code.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

/**
 * Issue 15: one zero-value repeat purchase (CDNOW master, customer 10244: 15.96 then 0.00) stopped
 * fitGammaGamma, `clvkit predict` and customerLifetimeValue, naming "row 10243" (the 0-based index, read as
 * another customer's id). One policy everywhere: the fit leaves such customers out, predictions value them at
 * the population mean E[M]; both are counted; the strict mode names the customer id and the option.
 */
const small = {
  customerId: ['a', 'b', 'c', 'd', 'e'],
  frequency: [2, 1, 0, 3, 1],
  monetaryValue: [20, 0, 0, 35, 12],
};

describe('a customer whose repeat purchases are worth 0 in total', () => {
  it('fitGammaGamma leaves them out by default and counts them', () => {
    const model = fitGammaGamma(small);
    expect(model.excluded).toEqual({ zeroFrequency: 1, nonPositiveValue: 1 });
    expect(model.customers).toBe(3);
  });

  it("with nonPositiveValues: 'error' the message names the customer id and the option", () => {
    const e = expectCode(() => fitGammaGamma(small, { nonPositiveValues: 'error' }), 'INVALID_VALUE');
    expect(e.message).toContain('customer b');
    expect(e.message).toContain("nonPositiveValues: 'exclude'");
    expect(e.details).toMatchObject({ customerId: 'b', index: 1 });
  });

  it('conditionalExpectedAverageSpend and customerLifetimeValue value them at the population mean, counted', () => {
    const model = fitGammaGamma(small);
    const spend = model.conditionalExpectedAverageSpend(small);
    expect(spend[1]).toBeCloseTo(model.expectedAverageSpend(), 12);
    expect(spend[2]).toBeCloseTo(model.expectedAverageSpend(), 12);
    const e = expectCode(() => model.conditionalExpectedAverageSpend(small, { nonPositiveValues: 'error' }), 'INVALID_VALUE');
    expect(e.message).toContain('customer b');
    expect(e.message).toContain("nonPositiveValues: 'population-mean'");
    const rfm = { ...small, recency: [10, 5, 0, 30, 8], T: [40, 40, 40, 40, 40] };
    const transactions = fitBgNbd(rfm, { timeUnit: 'week' });
    const clv = customerLifetimeValue({
      transactionModel: transactions,
      spendModel: model,
      customers: rfm,
      horizon: { value: 12, unit: 'month' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    expect(clv.spendAtPopulationMean).toBe(1);
    expect(clv.expectedSpend[1]).toBeCloseTo(model.expectedAverageSpend(), 12);
    const strict = expectCode(
      () =>
        customerLifetimeValue({
          transactionModel: transactions,
          spendModel: model,
          customers: rfm,
          horizon: { value: 12, unit: 'month' },
          discountRate: { rate: 0.1, per: 'year' },
          nonPositiveSpend: 'error',
        }),
      'INVALID_VALUE',
    );
    expect(strict.message).toContain('customer b');
    expect(strict.message).toContain("nonPositiveSpend: 'population-mean'");
  });
});

describeWithSharedData('CDNOW master: customer 10244 (one repeat purchase of 0.00)', () => {
  const table = readTransactionsSync(readFileSync(sharedFile('cdnow_master_transactions.csv'), 'utf8'), {
    columns: { customerId: 'customer_id', date: 'date', amount: 'amount' },
    dateFormat: 'YYYYMMDD',
  });
  const summary = summarizeCustomers(table, { observationEnd: '1998-06-30', timeUnit: 'week' });
  const row = summary.customerId.indexOf('10244');

  it('fits, predicts and values the whole base; 10244 is counted, excluded from the fit and valued at E[M]', () => {
    expect(row).toBeGreaterThanOrEqual(0);
    expect(summary.frequency[row]).toBeGreaterThan(0);
    const spend = fitGammaGamma(summary);
    expect(spend.excluded.nonPositiveValue).toBeGreaterThanOrEqual(1);
    const transactions = fitBgNbd(summary);
    const clv = customerLifetimeValue({
      transactionModel: transactions,
      spendModel: spend,
      customers: summary,
      horizon: { value: 12, unit: 'month' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    expect(clv.spendAtPopulationMean).toBe(spend.excluded.nonPositiveValue);
    expect(clv.expectedSpend[row]).toBeCloseTo(spend.expectedAverageSpend(), 10);
    expect(clv.clv.every(Number.isFinite)).toBe(true);
    const e = expectCode(() => fitGammaGamma(summary, { nonPositiveValues: 'error' }), 'INVALID_VALUE');
    expect(e.message).toMatch(/customer \d+/);
    expect(e.details.customerId).toBe(summary.customerId[e.details.index as number]);
  });
});
