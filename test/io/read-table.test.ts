import { Readable } from 'node:stream';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { readTable, type TableData } from '../../src/io/read-table.js';
import { epochDay } from '../../src/time.js';

const snapshots = 'customer;month;aum;products;segment\nA;31/01/2024;1.200,50;3;retail\nB;31/01/2024;80;1;\nA;29/02/2024;1.250;3;retail\n';
const columns = {
  id: { source: 'customer', type: 'string' },
  month: { type: 'date' },
  aum: { type: 'number' },
  products: { type: 'integer' },
  segment: { type: 'string' },
  region: { type: 'string', optional: true },
} as const;

async function caught(p: Promise<unknown>): Promise<ClvkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClvkitError) return e;
    throw e;
  }
  throw new Error('expected a ClvkitError');
}

describe('readTable', () => {
  it('reads typed columns with the shared CSV options (monthly balance snapshots)', async () => {
    const t = await readTable({ text: snapshots }, { columns, delimiter: ';', decimal: ',', thousands: '.', dateFormat: 'DD/MM/YYYY' });
    expect(t.length).toBe(3);
    expect(t.columns.id).toEqual(['A', 'B', 'A']);
    expect(t.columns.month).toEqual(new Int32Array([epochDay(2024, 1, 31), epochDay(2024, 1, 31), epochDay(2024, 2, 29)]));
    expect(t.columns.aum).toEqual(new Float64Array([1200.5, 80, 1250]));
    expect(t.columns.products).toEqual(new Int32Array([3, 1, 3]));
    expect(t.columns.segment).toEqual(['retail', '', 'retail']);
    expect('region' in t.columns).toBe(false); // optional and absent
    expect(t.stats).toEqual({ read: 3, accepted: 3, rejected: 0 });
    expectTypeOf(t).toEqualTypeOf<TableData>();
  });

  it('rejects bad cells in collect mode and throws in throw mode, with the same codes', async () => {
    const text = 'id,n,k,d\nA,1.5,2,2024-01-01\nB,,2,2024-01-01\nC,1,2.5,2024-01-01\nD,1,2,2024-02-30\nE,1,2\nF,1,3000000000,2024-01-01\n';
    const cols = { id: { type: 'string' }, n: { type: 'number' }, k: { type: 'integer' }, d: { type: 'date' } } as const;
    const t = await readTable(Readable.from([text]), { columns: cols, onInvalid: 'collect' });
    expect(t.rejects.map((r) => [r.line, r.code, r.column])).toEqual([
      [3, 'INVALID_NUMBER', 'n'],
      [4, 'INVALID_NUMBER', 'k'],
      [5, 'INVALID_DATE', 'd'],
      [6, 'INVALID_ROW', undefined],
      [7, 'INVALID_NUMBER', 'k'],
    ]);
    expect(t.stats).toEqual({ read: 6, accepted: 1, rejected: 5 });
    expect(t.length).toBe(1);
    const e = await caught(readTable({ text }, { columns: cols, file: 'snap.csv' }));
    expect(e.code).toBe('INVALID_NUMBER');
    expect(e.details).toMatchObject({ fn: 'readTable', file: 'snap.csv', line: 3, column: 'n', value: '' });
  });

  it('MISSING_COLUMN, EMPTY_INPUT, header-only, object rows, bad options', async () => {
    expect((await caught(readTable({ text: 'a,b\n1,2' }, { columns: { c: { type: 'number' } } }))).code).toBe('MISSING_COLUMN');
    expect((await caught(readTable({ text: '' }, { columns: { c: { type: 'number' } } }))).code).toBe('EMPTY_INPUT');
    const empty = await readTable({ text: 'c\n' }, { columns: { c: { type: 'number' } } });
    expect([empty.length, empty.columns.c]).toEqual([0, new Float64Array(0)]);
    const objects = await readTable([{ c: 1.5, when: new Date(Date.UTC(2024, 0, 31)) }], { columns: { c: { type: 'number' }, when: { type: 'date' } } });
    expect(objects.columns.when).toEqual(new Int32Array([epochDay(2024, 1, 31)]));
    expect((await caught(readTable({ text: 'c' }, { columns: {} }))).code).toBe('INVALID_OPTIONS');
    expect((await caught(readTable({ text: 'c' }, { columns: { c: { type: 'bool' } } } as never))).code).toBe('INVALID_OPTIONS');
    const byIndex = await readTable({ text: '7,x\n8,y' }, { header: false, columns: { n: { source: 0, type: 'integer' }, s: { source: 1, type: 'string' } } });
    expect(byIndex.columns).toEqual({ n: new Int32Array([7, 8]), s: ['x', 'y'] });
  });
});
