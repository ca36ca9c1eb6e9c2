import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/display/text-table.js';

describe('textTable', () => {
  it('aligns numbers right and text left under the shape line', () => {
    const text = textTable('T: 2 rows × 2 columns', {
      names: ['id', 'x'],
      head: [
        { id: 'a', x: 1.5 },
        { id: 'bbb', x: 20 },
      ],
      tailStart: 2,
      tail: [],
    });
    expect(text).toBe(['T: 2 rows × 2 columns', '   id     x', '0  a    1.5', '1  bbb   20'].join('\n'));
  });

  it('marks left-out rows with … and numbers the tail rows by their place', () => {
    const lines = textTable('T', { names: ['x'], head: [{ x: 1 }], tailStart: 98, tail: [{ x: 2 }, { x: 3 }] }).split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['T', '', '0', '…', '98', '99']);
  });

  it('an empty table is its shape line', () => {
    expect(textTable('T: 0 rows', { names: ['x'], head: [], tailStart: 0, tail: [] })).toBe('T: 0 rows');
  });
});
