import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BankSnapshots } from '../../src/simulate/bank-book.js';
import { latestSnapshot, type LatestSnapshot, type LatestSnapshotOptions } from '../../src/book/latest-snapshot.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { codeOf } from '../helpers/expect-code.js';

/** A small hand-made snapshot table: rows given as [customer, month, deposits, wealth, loans, revenue, cost, activity, products]. */
function table(rows: readonly (readonly number[])[]): BankSnapshots {
  const col = (k: number) => rows.map((r) => r[k]!);
  return {
    length: rows.length,
    customer: Uint32Array.from(col(0)),
    month: Uint16Array.from(col(1)),
    deposits: Float64Array.from(col(2)),
    wealth: Float64Array.from(col(3)),
    aum: Float64Array.from(rows.map((r) => r[2]! + r[3]!)),
    loans: Float64Array.from(col(4)),
    netRevenue: Float64Array.from(col(5)),
    costToServe: Float64Array.from(col(6)),
    activity: Uint16Array.from(col(7)),
    products: Uint32Array.from(col(8)),
  };
}

describe('latestSnapshot', () => {
  const rows = table([
    [0, 0, 100, 0, 0, 1, 2, 3, 1],
    [0, 1, 110, 5, 0, 1.5, 2, 4, 9],
    [1, 1, 50, 0, 1000, 3, 4, 0, 129],
    [2, 0, 70, 0, 0, 0.5, 2, 1, 1], // left the book after month 0
  ]);

  it('a worked example: the latest month, aligned with customers, zeros off the book', () => {
    const latest = latestSnapshot(rows, { customers: 4 });
    expect(latest.month).toBe(1);
    expect(latest.length).toBe(4);
    expect(Array.from(latest.onBook)).toEqual([1, 1, 0, 0]);
    expect(latest.customersOnBook).toBe(2);
    expect(Array.from(latest.aum)).toEqual([115, 50, 0, 0]);
    expect(Array.from(latest.deposits)).toEqual([110, 50, 0, 0]);
    expect(Array.from(latest.wealth)).toEqual([5, 0, 0, 0]);
    expect(Array.from(latest.loans)).toEqual([0, 1000, 0, 0]);
    expect(Array.from(latest.netRevenue)).toEqual([1.5, 3, 0, 0]);
    expect(Array.from(latest.costToServe)).toEqual([2, 4, 0, 0]);
    expect(Array.from(latest.activity)).toEqual([4, 0, 0, 0]);
    expect(Array.from(latest.products)).toEqual([9, 129, 0, 0]);
  });

  it('takes a given month', () => {
    const first = latestSnapshot(rows, { customers: 3, month: 0 });
    expect(Array.from(first.aum)).toEqual([100, 0, 70]);
    expect(Array.from(first.onBook)).toEqual([1, 0, 1]);
    const none = latestSnapshot(rows, { customers: 3, month: 7 });
    expect(none.customersOnBook).toBe(0);
    const empty = latestSnapshot(table([]), { customers: 2, month: 0 });
    expect(Array.from(empty.aum)).toEqual([0, 0]);
  });

  it('agrees with a brute-force lookup on a simulated book and leaves the input untouched', () => {
    const book = simulateBank({ customers: 500, months: 10, seed: 4 });
    const before = Float64Array.from(book.snapshots.aum);
    const latest = latestSnapshot(book.snapshots, { customers: book.customers.length });
    expect(latest.month).toBe(9);
    const s = book.snapshots;
    for (let i = 0; i < book.customers.length; i++) {
      let j = -1;
      for (let k = 0; k < s.length; k++) if (s.customer[k] === i && s.month[k] === 9) j = k;
      expect(latest.onBook[i]).toBe(j >= 0 ? 1 : 0);
      expect(latest.aum[i]).toBe(j >= 0 ? s.aum[j] : 0);
      expect(latest.netRevenue[i]).toBe(j >= 0 ? s.netRevenue[j] : 0);
      expect(latest.products[i]).toBe(j >= 0 ? s.products[j] : 0);
    }
    expect(Array.from(s.aum)).toEqual(Array.from(before));
  });

  it('rejects bad input with the documented codes', () => {
    expect(codeOf(() => latestSnapshot(rows, { customers: 0 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => latestSnapshot(rows, { customers: 2.5 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => latestSnapshot(rows, { customers: 3, month: -1 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => latestSnapshot(table([]), { customers: 3 }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => latestSnapshot(rows, { customers: 1 }))).toBe('INVALID_VALUE');
    expect(
      codeOf(() =>
        latestSnapshot(
          table([
            [0, 1, 1, 0, 0, 0, 1, 0, 1],
            [0, 1, 2, 0, 0, 0, 1, 0, 1],
          ]),
          { customers: 1 },
        ),
      ),
    ).toBe('DUPLICATE_ID');
    expect(codeOf(() => latestSnapshot({ ...rows, aum: new Float64Array(2) }, { customers: 4 }))).toBe('LENGTH_MISMATCH');
  });

  it('has the public types', () => {
    expectTypeOf(latestSnapshot).returns.toEqualTypeOf<LatestSnapshot>();
    expectTypeOf<LatestSnapshotOptions>().toEqualTypeOf<{ customers: number; month?: number | undefined }>();
    expectTypeOf<LatestSnapshot['activity']>().toEqualTypeOf<Uint32Array>();
  });
});
