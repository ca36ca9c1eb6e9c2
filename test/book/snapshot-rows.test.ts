import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codedText, monthParser, Rejections } from '../../src/book/book-rows.js';
import { keepSnapshotRows, productHoldings } from '../../src/book/snapshot-rows.js';
import { ClvkitError } from '../../src/errors.js';

/** Snapshot rows of customers A..D over months 2024-01..2024-06, in any order, some repeated. */
const rowsArb = fc.array(fc.record({ c: fc.nat({ max: 3 }), m: fc.integer({ min: 1, max: 6 }), bad: fc.nat({ max: 9 }) }), { maxLength: 60 });

function run(rows: { c: number; m: number; bad: number }[], onInvalid: 'throw' | 'collect') {
  const ids = rows.map((r) => 'ABCD'[r.c]!);
  const months = rows.map((r) => (r.bad === 0 ? '2024-13' : `2024-0${r.m}`));
  const index = new Map([...'ABCD'].map((id, i) => [id, i]));
  const rejections = new Rejections(onInvalid, 'test');
  const kept = keepSnapshotRows({
    length: rows.length,
    lines: Int32Array.from(rows, (_, i) => i + 2),
    ids: codedText(ids),
    monthText: codedText(months),
    parseMonth: monthParser(undefined),
    balances: [['deposits', Float64Array.from(rows, (r) => (r.bad === 1 ? -1 : 5))]],
    activity: undefined,
    customerOf: (id) => index.get(id),
    rejections,
    file: 's.csv',
    columns: { customerId: 'id', month: 'month', deposits: 'dep' },
  });
  return { kept, rejections };
}

describe('keepSnapshotRows', () => {
  it('keeps the first row of each (customer, month) in file order and rejects the rest, in any row order (brute force)', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const { kept, rejections } = run(rows, 'collect');
        const seen = new Set<string>();
        const expected: number[] = [];
        const rejected: [number, string][] = [];
        rows.forEach((r, j) => {
          if (r.bad === 0) rejected.push([j + 2, 'INVALID_DATE']);
          else if (r.bad === 1) rejected.push([j + 2, 'INVALID_VALUE']);
          else if (seen.has(`${r.c}|${r.m}`)) rejected.push([j + 2, 'DUPLICATE_ID']);
          else {
            seen.add(`${r.c}|${r.m}`);
            expected.push(j);
          }
        });
        expect(Array.from(kept.rows)).toEqual(expected);
        expect(Array.from(kept.customer)).toEqual(expected.map((j) => rows[j]!.c));
        expect(Array.from(kept.monthNumber)).toEqual(expected.map((j) => 2024 * 12 + rows[j]!.m - 1));
        expect(Array.from(kept.lines)).toEqual(expected.map((j) => j + 2));
        expect(rejections.list.map((r) => [r.line, r.code])).toEqual(rejected);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('throws at the first bad row, naming its line and value', () => {
    const error = (() => {
      try {
        run(
          [
            { c: 0, m: 2, bad: 5 },
            { c: 1, m: 1, bad: 5 },
            { c: 0, m: 1, bad: 5 },
            { c: 0, m: 2, bad: 5 },
          ],
          'throw',
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ClvkitError);
    expect((error as ClvkitError).details).toMatchObject({ file: 's.csv', line: 5, column: 'id', value: 'A' });
  });
});

describe('productHoldings', () => {
  it('orders the dictionary: the given order, then the simulator’s names met, then others as met; codes sorted per row', () => {
    const shared = ['zeta', 'fund', 'alpha'];
    const h = productHoldings([shared, [], ['current_account', 'alpha'], shared], ['alpha']);
    expect(h.names).toEqual(['alpha', 'current_account', 'fund', 'zeta']);
    expect(Array.from(h.offsets)).toEqual([0, 3, 3, 5, 8]);
    expect(Array.from(h.index)).toEqual([0, 2, 3, 0, 1, 0, 2, 3]);
  });
});
