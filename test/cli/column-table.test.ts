import { describe, expect, it } from 'vitest';
import { columnTable, recordTable, tableRecords } from '../../src/cli/column-table.js';
import { isClvkitError } from '../../src/errors.js';

describe('column tables', () => {
  it('build from columns and from records, and give records back', () => {
    const t = columnTable({ id: ['a', 'b'], x: new Float64Array([1, 2]), ok: [true, false] });
    expect(t.names).toEqual(['id', 'x', 'ok']);
    expect(tableRecords(t)).toEqual([
      { id: 'a', x: 1, ok: true },
      { id: 'b', x: 2, ok: false },
    ]);
    const r = recordTable([
      { k: 'a', n: 1 },
      { k: 'b', n: null },
    ]);
    expect(r.columns.n).toEqual([1, null]);
    expect(recordTable([]).length).toBe(0);
  });

  it('reject columns of different lengths, cells that are objects, and non-finite numbers', () => {
    expect(() => columnTable({ a: [1, 2], b: [1] })).toThrow(/column has 1 entries, expected 2/);
    try {
      recordTable([{ a: { nested: 1 } }]);
      expect.unreachable();
    } catch (e) {
      expect(isClvkitError(e, 'INVALID_VALUE')).toBe(true);
    }
    expect(() => tableRecords(columnTable({ a: [Number.NaN] }))).toThrow(/non-finite/);
  });
});
