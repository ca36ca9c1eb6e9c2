import { describe, expect, it } from 'vitest';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { valueDecomposition } from '../../src/value/value-decomposition.js';
import { expectCode } from '../helpers/expect-code.js';
import { bookOf, series } from './book.js';

// The value model's horizon and discount rate in the library's { value, unit } / { rate, per } shape, beside the
// deprecated horizonMonths / annualDiscountRate.
describe('valueDecomposition: horizon and discountRate', () => {
  const input = bookOf(2, [...series(0, [100, 110, 120, 130]), ...series(1, [50, 40, 60, 50])]);
  const base = { retention: { mass: 0.95 }, minPeers: 1 };

  it('{ value: 3, unit: "year" } at { rate: 0.1, per: "year" } is 36 months at 10 % a year', () => {
    const a = valueDecomposition(input, { ...base, horizon: { value: 3, unit: 'year' }, discountRate: { rate: 0.1, per: 'year' } });
    const b = valueDecomposition(input, { ...base, horizonMonths: 36, annualDiscountRate: 0.1 });
    expect([...a.total]).toEqual([...b.total]);
    expect(a.assumptions.horizonMonths).toBe(36);
  });

  it('a monthly rate r is (1 + r)^12 − 1 a year', () => {
    const a = valueDecomposition(input, { ...base, horizon: { value: 18, unit: 'month' }, discountRate: { rate: 0.01, per: 'month' } });
    expect(a.assumptions.annualDiscountRate).toBeCloseTo(1.01 ** 12 - 1, 15);
    const b = valueDecomposition(input, { ...base, horizonMonths: 18, annualDiscountRate: 1.01 ** 12 - 1 });
    for (let i = 0; i < a.total.length; i++) expect(a.total[i]).toBeCloseTo(b.total[i]!, 9);
  });

  it('defaults stay 36 months at 8 % a year', () => {
    expect(valueDecomposition(input, base).assumptions).toMatchObject({ horizonMonths: 36, annualDiscountRate: 0.08 });
  });

  it('both shapes of one setting, part months, or a rate above 100 % a year are INVALID_OPTIONS', () => {
    expectCode(() => valueDecomposition(input, { ...base, horizon: { value: 1, unit: 'year' }, horizonMonths: 12 }), 'INVALID_OPTIONS');
    expectCode(() => valueDecomposition(input, { ...base, discountRate: { rate: 0.1, per: 'year' }, annualDiscountRate: 0.1 }), 'INVALID_OPTIONS');
    expectCode(() => valueDecomposition(input, { ...base, horizon: { value: 1.5, unit: 'month' } }), 'INVALID_OPTIONS');
    expectCode(() => valueDecomposition(input, { ...base, horizon: { value: 51, unit: 'year' } }), 'INVALID_OPTIONS');
    expectCode(() => valueDecomposition(input, { ...base, discountRate: { rate: 0.1, per: 'month' } }), 'INVALID_OPTIONS');
    expectCode(() => valueDecomposition(input, { ...base, horizon: { value: 1, unit: 'week' as 'month' } }), 'INVALID_OPTIONS');
  });
});

describe('scoreCustomers: horizon and discountRate', () => {
  const book = simulateBank({ customers: 300, months: 14, seed: 3 });
  it('the new shape scores exactly as the deprecated names', () => {
    const a = scoreCustomers(book, { clusters: false, horizon: { value: 2, unit: 'year' }, discountRate: { rate: 0.05, per: 'year' } });
    const b = scoreCustomers(book, { clusters: false, horizonMonths: 24, annualDiscountRate: 0.05 });
    expect(a.toRecords()).toEqual(b.toRecords());
    expectCode(() => scoreCustomers(book, { horizon: { value: 2, unit: 'year' }, horizonMonths: 24 }), 'INVALID_OPTIONS');
  });
});
