import { describe, expect, it } from 'vitest';
import { csvBatchSync } from '../../src/io/csv-batches.js';
import { IdDictionary } from '../../src/io/id-dictionary.js';
import { readerOptionsSchema } from '../../src/io/ingest-options.js';
import { createDayParser } from '../../src/io/parse-date.js';
import { RecordDecoder, type FieldValue } from '../../src/io/record-decoder.js';
import { createRandom } from '../../src/random.js';

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

  it('the remembered last date gives the same day or rejection as parsing every row (runs, changes, invalid texts in between)', () => {
    const rng = createRandom(18);
    const pool = {
      auto: [
        '19970101',
        '19970102',
        '19970201',
        '1997-01-01',
        '1997-01-02',
        '19970230',
        '1997-13-01',
        '1997010',
        '199701011',
        '2024-02-29',
        '2023-02-29',
        '19970101T12:00',
        'x',
        ' 19970101',
      ],
      'DD/MM/YYYY': ['01/02/1997', '02/01/1997', '1/2/1997', '31/04/1997', '30/04/1997', '1997/01/02', '01/02/199', '3/7/1997'],
    };
    for (const [format, texts] of Object.entries(pool)) {
      const opts = readerOptionsSchema.parse({ dateFormat: format });
      const parse = createDayParser(format);
      const dec = new RecordDecoder(
        [
          { name: 'd', source: 0, kind: 'date' },
          { name: 'e', source: 1, kind: 'date' },
        ],
        opts,
        'fn',
        undefined,
      );
      // Runs of one text (as in date-sorted files), then a change, often to an invalid text.
      const rows: string[] = [];
      while (rows.length < 2000) {
        const a = texts[rng.int(texts.length)]!;
        const b = texts[rng.int(texts.length)]!;
        for (let k = rng.int(5); k >= 0; k--) rows.push(`${a},${b}`);
      }
      const [batch] = csvBatchSync(`d,e\n${rows.join('\n')}`, { delimiter: ',', quote: '"', fn: 'fn' });
      dec.bindPositions(2, 1);
      const out: FieldValue[] = [];
      let mismatches = 0;
      let rejected = 0;
      for (let r = 1; r <= rows.length; r++) {
        const [a, b] = rows[r - 1]!.split(',') as [string, string];
        const want = [parse(a, 0, a.length), parse(b, 0, b.length)];
        const reject = dec.decodeRecord(batch!, r, out);
        if (Number.isNaN(want[0]) || Number.isNaN(want[1])) {
          rejected++;
          const bad = Number.isNaN(want[0]) ? a : b;
          if (reject?.code !== 'INVALID_DATE' || reject.value !== bad) mismatches++;
        } else if (reject !== undefined || out[0] !== want[0] || out[1] !== want[1]) mismatches++;
      }
      expect(rejected).toBeGreaterThan(100);
      expect(mismatches).toBe(0);
    }
  });
});
