import { describe, expect, it } from 'vitest';
import { batchSize, csvBatches, csvBatchSync, recordFields, type CsvBatch } from '../../src/io/csv-batches.js';
import { createRandom } from '../../src/random.js';

const dialect = { delimiter: ',', quote: '"', fn: 'test' };

function flatten(batches: CsvBatch[]): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  for (const b of batches) for (let r = 0; r < batchSize(b); r++) {
    records.push(recordFields(b, r));
    lines.push(b.lines[r]!);
  }
  return { records, lines };
}

async function streamed(chunks: (string | Uint8Array)[]): Promise<{ records: string[][]; lines: number[] }> {
  const out: CsvBatch[] = [];
  async function* gen(): AsyncGenerator<string | Uint8Array> {
    yield* chunks;
  }
  for await (const b of csvBatches(gen(), dialect)) out.push(b);
  return flatten(out);
}

describe('csvBatches', () => {
  it('splits records and lines on the fast path, skipping blank lines', async () => {
    const text = 'a,b\r\n1,2\n\n3,4';
    const expected = { records: [['a', 'b'], ['1', '2'], ['3', '4']], lines: [1, 2, 4] };
    expect(flatten(csvBatchSync(text, dialect))).toEqual(expected);
    expect(await streamed([text])).toEqual(expected);
  });

  it('hands over to csv-parse at the first quoted line, keeping line numbers', async () => {
    const text = 'a,b\n1,2\n"x\ny",3\n4,5\n';
    const expected = { records: [['a', 'b'], ['1', '2'], ['x\ny', '3'], ['4', '5']], lines: [1, 2, 4, 5] };
    expect(flatten(csvBatchSync(text, dialect))).toEqual(expected);
    expect(await streamed([text])).toEqual(expected);
    expect(await streamed(['a,b\n1,', '2\n"x', '\ny",3\n4,5\n'])).toEqual(expected);
  });

  it('gives the same records for any chunking of random CSV (quoted or not), as csv-parse/sync does whole', async () => {
    const rng = createRandom(5);
    for (let trial = 0; trial < 30; trial++) {
      const rows = Array.from({ length: 40 }, () =>
        Array.from({ length: 3 }, () => {
          const k = rng.int(10);
          return k === 0 && trial % 2 === 1 ? `"q,${rng.int(9)}""\n"` : `v${rng.int(1000)}`;
        }).join(','),
      );
      const text = rows.join(trial % 3 === 0 ? '\r\n' : '\n');
      const whole = flatten(csvBatchSync(text, dialect));
      const bytes = Buffer.from(text);
      const cuts: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + rng.int(50);
        cuts.push(bytes.subarray(i, i + n));
        i += n;
      }
      expect(await streamed(cuts)).toEqual(whole);
      expect(whole.records.length).toBe(40);
    }
  });

  it('strips a BOM (bytes or string) and throws CSV_PARSE on an unclosed quote', async () => {
    expect((await streamed([Buffer.from([0xef, 0xbb, 0xbf]), 'a\n1'])).records).toEqual([['a'], ['1']]);
    expect(flatten(csvBatchSync('\uFEFFa\n1', dialect)).records).toEqual([['a'], ['1']]);
    await expect(streamed(['a\n"1\n2\n'])).rejects.toMatchObject({ code: 'CSV_PARSE', details: { line: 3 } }); // csv-parse reports the line where input ended
  });

  it('bare CR line endings go through csv-parse', async () => {
    expect((await streamed(['a,b\r1,2\r3,4'])).records).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(flatten(csvBatchSync('a,b\r1,2\r3,4', dialect)).records).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });
});
