import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClvkitError } from '../../src/errors.js';
import { columnsToRecords, plainCell, recordCell } from '../../src/display/records.js';
import type { ResultRecord } from '../../src/display/records.js';

describe('columnsToRecords', () => {
  it('turns columns into rows: typed arrays as numbers, epoch days as ISO dates, codes as text', () => {
    const rows = columnsToRecords(
      [
        { name: 'id', values: new Uint32Array([1, 0]), dictionary: ['a', 'b'] },
        { name: 'day', values: new Int32Array([0, 10130]), as: 'epoch-day' },
        { name: 'x', values: new Float64Array([1.5, -2]) },
        { name: 'tags', values: [['vip'], []] },
      ],
      2,
    );
    expect(rows).toEqual([
      { id: 'b', day: '1970-01-01', x: 1.5, tags: ['vip'] },
      { id: 'a', day: '1997-09-26', x: -2, tags: [] },
    ]);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('takes a row range, clipped to the table', () => {
    const col = [{ name: 'x', values: [0, 1, 2, 3, 4] }];
    expect(columnsToRecords(col, 5, 3, 99).map((r) => r.x)).toEqual([3, 4]);
    expect(columnsToRecords(col, 5, 2, 2)).toEqual([]);
  });

  it('plain cells: nested typed arrays and objects copied, undefined as null, NaN kept (not hidden)', () => {
    expect(plainCell({ a: new Uint8Array([1, 2]), b: undefined })).toEqual({ a: [1, 2], b: null });
    expect(plainCell(Number.NaN)).toBeNaN();
  });

  it('errors name the column and row', () => {
    const bad = (f: () => unknown): ClvkitError => {
      try {
        f();
      } catch (e) {
        return e as ClvkitError;
      }
      throw new Error('no error');
    };
    expect(bad(() => recordCell({ name: 'id', values: [2], dictionary: ['a'] }, 0)).code).toBe('INVALID_VALUE');
    const date = bad(() => recordCell({ name: 'd', values: [1.5], as: 'epoch-day' }, 0));
    expect([date.code, date.details.column, date.details.index]).toEqual(['INVALID_DATE', 'd', 0]);
    expect(bad(() => columnsToRecords([{ name: 'x', values: [1] }], 2)).code).toBe('LENGTH_MISMATCH');
  });

  it('has typed records', () => {
    expectTypeOf(columnsToRecords).returns.toEqualTypeOf<ResultRecord[]>();
  });
});
