import { describe, expect, it } from 'vitest';
import { bookFirstPurchaseDay } from '../../src/scoring/book-first-purchase-day.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { isoDate } from '../../src/time.js';

describe('bookFirstPurchaseDay', () => {
  const book = simulateBank({ customers: 200, months: 12, seed: 4 });
  it('is the earliest transaction day on or before the observation end (brute force)', () => {
    expect(bookFirstPurchaseDay(book, book.endDate)).toBe(isoDate(Math.min(...book.transactions.day)));
    const days = [...book.transactions.day].sort((a, b) => a - b);
    // Only purchases on or before the end count.
    expect(bookFirstPurchaseDay(book, isoDate(days[0]!))).toBe(isoDate(days[0]!));
  });
  it('throws without transactions, without a purchase by the end, or on a bad date', () => {
    expect(() => bookFirstPurchaseDay({ customers: book.customers }, book.endDate)).toThrow(/transactions table/);
    expect(() => bookFirstPurchaseDay(book, '1990-01-01')).toThrow(/no transaction/);
    expect(() => bookFirstPurchaseDay(book, 'soon')).toThrow();
  });
});
