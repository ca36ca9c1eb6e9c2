import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { streamTransactions, type TransactionRow, type TransactionStream } from '../../src/io/stream-transactions.js';

describe('streamTransactions', () => {
  it('yields validated rows with their line and attributes; stats fill in', async () => {
    const rows = streamTransactions({ text: 'customer_id,date,amount,channel\nA,1997-01-01,9.50,web\nB,19970102,-2,shop' }, { attributes: ['channel'] });
    const seen: TransactionRow[] = [];
    for await (const row of rows) seen.push(row);
    expect(seen).toEqual([
      { customerId: 'A', day: 9862, amount: 9.5, line: 2, attributes: { channel: 'web' } },
      { customerId: 'B', day: 9863, amount: -2, line: 3, attributes: { channel: 'shop' } },
    ]);
    expect(rows.stats).toEqual({ read: 2, accepted: 2, rejected: 0, negativeAmounts: 1 });
    expect(rows.attributeNames).toEqual(['channel']);
    expectTypeOf(rows).toEqualTypeOf<TransactionStream>();
  });

  it('batches() carries customer codes into a growing id dictionary', async () => {
    const rows = streamTransactions({ text: 'customer_id,date,amount\nA,1997-01-01,1\nB,1997-01-01,2\nA,1997-01-02,3' });
    const customer: number[] = [];
    const lines: number[] = [];
    let ids: readonly string[] = [];
    for await (const batch of rows.batches()) {
      customer.push(...batch.customer);
      lines.push(...batch.lines);
      ids = batch.customerIds;
    }
    expect(customer).toEqual([0, 1, 0]);
    expect(ids).toEqual(['A', 'B']);
    expect(lines).toEqual([2, 3, 4]);
  });

  it('checks options at the call, the data while iterating, and iterates once', async () => {
    expect(() => streamTransactions({ text: '' }, { onInvalid: 'skip' } as never)).toThrow(ClvkitError);
    const rows = streamTransactions({ text: 'customer_id,date,amount\nA,1997-01-01,x' }, { onInvalid: 'collect' });
    for await (const _ of rows) expect.unreachable();
    expect(rows.stats).toEqual({ read: 1, accepted: 0, rejected: 1, negativeAmounts: 0 });
    expect(rows.rejects[0]).toMatchObject({ code: 'INVALID_NUMBER', line: 2, column: 'amount', value: 'x', raw: ['A', '1997-01-01', 'x'] });
    await expect(async () => {
      for await (const _ of rows) void _;
    }).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const bad = streamTransactions({ text: 'customer_id,date,amount\nA,1997-01-01,x' });
    await expect(async () => {
      for await (const _ of bad) void _;
    }).rejects.toMatchObject({ code: 'INVALID_NUMBER', details: { fn: 'streamTransactions', line: 2 } });
  });
});
