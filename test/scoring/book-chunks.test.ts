import { describe, expect, it } from 'vitest';
import { bookChunks } from '../../src/scoring/book-chunks.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';

describe('bookChunks', () => {
  const book = simulateBank({ customers: 300, months: 12, seed: 11 });

  it('cuts customers, snapshot rows and transaction rows into consecutive chunks, nothing lost', () => {
    const chunks = [...bookChunks(book, { chunkSize: 128 })];
    expect(chunks.map((c) => c.customers.length)).toEqual([128, 128, 44]);
    expect(chunks.flatMap((c) => c.customers.customerId)).toEqual(book.customers.customerId);
    expect(chunks.reduce((s, c) => s + c.snapshots!.length, 0)).toBe(book.snapshots.length);
    expect(chunks.reduce((s, c) => s + c.transactions!.length, 0)).toBe(book.transactions.length);
    for (const c of chunks) {
      expect(c.endDate).toBe(book.endDate);
      expect(c.months).toEqual(book.months);
    }
    // Brute force: each customer's transactions (by id) and snapshot balances (by month) are the book's, in order.
    const byId = (ids: readonly string[], codes: Uint32Array, day: Int32Array, amount: Float64Array) => {
      const m = new Map<string, string[]>();
      for (let j = 0; j < codes.length; j++) {
        const id = ids[codes[j]!]!;
        m.set(id, [...(m.get(id) ?? []), `${day[j]}:${amount[j]}`]);
      }
      return m;
    };
    const t = book.transactions;
    const whole = byId(t.customerIds, t.customer, t.day, t.amount);
    const parts = new Map<string, string[]>();
    for (const c of chunks)
      for (const [id, rows] of byId(c.transactions!.customerIds, c.transactions!.customer, c.transactions!.day, c.transactions!.amount)) parts.set(id, rows);
    expect(parts).toEqual(whole);
    const snaps = (ids: readonly string[], s: { length: number; customer: Uint32Array; month: Uint16Array; aum: Float64Array }) =>
      Array.from({ length: s.length }, (_, j) => `${ids[s.customer[j]!]}:${s.month[j]}:${s.aum[j]}`).sort();
    expect(chunks.flatMap((c) => snaps(c.customers.customerId, c.snapshots!)).sort()).toEqual(snaps(book.customers.customerId, book.snapshots));
  });

  it('checks its options and input', () => {
    expect(() => [...bookChunks(book, { chunkSize: 0 })]).toThrow(/chunkSize|INVALID_OPTIONS/);
    expect(() => [...bookChunks(null as never)]).toThrow(/scoring input/);
    expect(() => [...bookChunks({ customers: { length: 0, customerId: [] } })]).toThrow(/no customers/);
    const stranger = { ...book, transactions: { ...book.transactions, customerIds: book.transactions.customerIds.map((id, k) => (k === 0 ? 'nobody' : id)) } };
    expect(() => [...bookChunks(stranger)]).toThrow(/not in the customer table/);
  });
});
