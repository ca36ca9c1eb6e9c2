import { describe, expect, it } from 'vitest';
import { csvBatchSync } from '../../src/io/csv-batches.js';
import { IdDictionary } from '../../src/io/id-dictionary.js';
import { readerOptionsSchema } from '../../src/io/ingest-options.js';
import { RecordDecoder, type FieldValue } from '../../src/io/record-decoder.js';

const options = readerOptionsSchema.parse({});
const specs = [
  { name: 'id', source: 'id', kind: 'id' },
  { name: 'n', source: 'n', kind: 'number' },
  { name: 'k', source: 'k', kind: 'integer' },
  { name: 'd', source: 'd', kind: 'date' },
  { name: 's', source: 's', kind: 'string', optional: true },
] as const;

describe('RecordDecoder', () => {
  it('binds a header, decodes records and reports the first bad field with its column', () => {
    const ids = new IdDictionary();
    const dec = new RecordDecoder(specs, options, 'fn', 'f.csv', ids);
    const [batch] = csvBatchSync(' id ,n,k,d\nA,1.5,2,2024-01-02\nB,x,2,2024-01-02\n ,1,1,2024-01-01', { delimiter: ',', quote: '"', fn: 'fn' });
    dec.bindHeader(['id', 'n', 'k', 'd'], 1);
    expect(dec.fields.map((f) => [f.name, f.index, f.label])).toEqual([
      ['id', 0, 'id'],
      ['n', 1, 'n'],
      ['k', 2, 'k'],
      ['d', 3, 'd'],
    ]);
    const out: FieldValue[] = [];
    expect(dec.decodeRecord(batch!, 1, out)).toBeUndefined();
    expect(out).toEqual([0, 1.5, 2, 19724]);
    expect(dec.decodeRecord(batch!, 2, out)).toMatchObject({ line: 3, code: 'INVALID_NUMBER', column: 'n', value: 'x', raw: ['B', 'x', '2', '2024-01-02'] });
    expect(dec.decodeRecord(batch!, 3, out)).toMatchObject({ line: 4, code: 'INVALID_ROW', column: 'id', value: ' ' });
    expect(ids.values).toEqual(['A']); // a rejected row adds no id
    const err = dec.toError({ line: 3, code: 'INVALID_NUMBER', column: 'n', value: 'x', reason: 'bad', raw: [] });
    expect(err.message).toBe('fn: bad (f.csv, line 3, column n, value "x")');
  });

  it('MISSING_COLUMN for a required column, duplicate header names refused', () => {
    expect(() => new RecordDecoder(specs, options, 'fn', undefined).bindHeader(['id', 'n', 'k'], 1)).toThrow(
      expect.objectContaining({ code: 'MISSING_COLUMN' }),
    );
    expect(() => new RecordDecoder(specs, options, 'fn', undefined).bindHeader(['id', 'n', 'k', 'd', 'n'], 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_ROW' }),
    );
  });

  it('decodes plain objects with the same codes', () => {
    const dec = new RecordDecoder(specs, options, 'fn', undefined);
    dec.bindObjectKeys();
    const out: FieldValue[] = [];
    expect(dec.decodeObject({ id: 'A', n: 2, k: '3', d: new Date(Date.UTC(2024, 0, 2, 22)) }, 1, out)).toBeUndefined();
    expect(out).toEqual(['A', 2, 3, 19724, '']);
    expect(dec.decodeObject({ id: 'A', n: Infinity, k: 1, d: '2024-01-01' }, 2, out)?.code).toBe('INVALID_NUMBER');
    expect(dec.decodeObject({ id: 'A', n: 1, k: 1.5, d: '2024-01-01' }, 3, out)?.code).toBe('INVALID_NUMBER');
    expect(dec.decodeObject({ id: 'A', n: 1, k: 1, d: new Date(Number.NaN) }, 4, out)?.code).toBe('INVALID_DATE');
    expect(dec.decodeObject({ n: 1, k: 1, d: '2024-01-01' }, 5, out)).toMatchObject({ code: 'INVALID_ROW', column: 'id' });
    expect(dec.decodeObject([1, 2], 6, out)?.code).toBe('INVALID_ROW');
  });
});
