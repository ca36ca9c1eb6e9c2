import { describe, expect, it } from 'vitest';
import { batchSize, csvBatches, csvBatchSync, recordFields, type CsvBatch } from '../../src/io/csv-batches.js';
import { createRandom } from '../../src/random.js';

const dialect = { delimiter: ',', quote: '"', fn: 'test' };

function flatten(batches: CsvBatch[]): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  for (const b of batches)
    for (let r = 0; r < batchSize(b); r++) {
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
    const expected = {
      records: [
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
      ],
      lines: [1, 2, 4],
    };
    expect(flatten(csvBatchSync(text, dialect))).toEqual(expected);
    expect(await streamed([text])).toEqual(expected);
  });

  it('hands over to csv-parse at the first quoted line, keeping line numbers (a record spanning lines is numbered by its first)', async () => {
    const text = 'a,b\n1,2\n"x\ny",3\n4,5\n';
    const expected = {
      records: [
        ['a', 'b'],
        ['1', '2'],
        ['x\ny', '3'],
        ['4', '5'],
      ],
      lines: [1, 2, 3, 5],
    };
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
    // The line where the quote opened; endLine where the input ended.
    await expect(streamed(['a\n"1\n2\n'])).rejects.toMatchObject({ code: 'CSV_PARSE', details: { line: 2, endLine: 3 } });
  });

  it('bare CR line endings go through csv-parse', async () => {
    expect((await streamed(['a,b\r1,2\r3,4'])).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(flatten(csvBatchSync('a,b\r1,2\r3,4', dialect)).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});

describe('line endings and CSV_PARSE lines', () => {
  it('lineStyleOf: the first line break decides; undefined until it is known', async () => {
    const { lineStyleOf } = await import('../../src/io/csv-batches.js');
    expect(lineStyleOf('a\nb\rc')).toBe('lf');
    expect(lineStyleOf('a\r\nb')).toBe('lf');
    expect(lineStyleOf('a\rb\nc')).toBe('cr');
    expect(lineStyleOf(Buffer.from('a\rb'))).toBe('cr');
    expect(lineStyleOf('abc')).toBeUndefined();
    expect(lineStyleOf('abc\r')).toBeUndefined(); // a CRLF may follow in the next chunk
  });

  it('a bare-CR file reads the same streamed at every cut and in memory', async () => {
    const text = 'a,b\r1,2\r"x\ry",4\r';
    const whole = flatten(csvBatchSync(text, dialect));
    expect(whole.records).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['x\ry', '4'],
    ]);
    expect(whole.lines).toEqual([1, 2, 3]);
    for (let cut = 0; cut <= text.length; cut++) expect(await streamed([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  });

  it('mixed LF / CRLF after a quote: the same records and lines as the fast path', async () => {
    const plain = 'a,b\n1,2\r\n3,4\n5,6\r\n';
    const quoted = 'a,b\n"1",2\r\n3,4\n5,6\r\n';
    const expected = {
      records: [
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ],
      lines: [1, 2, 3, 4],
    };
    expect(flatten(csvBatchSync(plain, dialect))).toEqual(expected);
    expect(flatten(csvBatchSync(quoted, dialect))).toEqual(expected);
    for (let cut = 0; cut <= quoted.length; cut++) expect(await streamed([quoted.slice(0, cut), quoted.slice(cut)])).toEqual(expected);
  });

  it('records are numbered by the file line they start on: CRLF inside quotes is one line break, blank lines count', async () => {
    const text = 'a,b\r\n"x\r\ny",1\r\n\r\n\r\n2,"3\n\n4"\n5,6\n\n';
    const expected = {
      records: [
        ['a', 'b'],
        ['x\r\ny', '1'],
        ['2', '3\n\n4'],
        ['5', '6'],
      ],
      lines: [1, 2, 6, 9],
    };
    expect(flatten(csvBatchSync(text, dialect))).toEqual(expected);
    for (let cut = 0; cut <= text.length; cut++) expect(await streamed([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    const lf = 'a,b\n"1",2\r3\n\n4,5\n'; // a lone CR is data, not a line break
    expect(flatten(csvBatchSync(lf, dialect)).lines).toEqual([1, 2, 4]);
  });

  it('a lone CR inside an LF file is data on both paths', async () => {
    const expected = [
      ['a', 'b'],
      ['1', '2\r3'],
      ['4', '5'],
    ];
    expect(flatten(csvBatchSync('a,b\n1,2\r3\n4,5\n', dialect)).records).toEqual(expected);
    expect(flatten(csvBatchSync('a,b\n"1",2\r3\n4,5\n', dialect)).records).toEqual(expected);
    expect((await streamed(['a,b\n"1",2\r3\n4,5\n'])).records).toEqual(expected);
  });

  it('CSV_PARSE messages name file lines; an unclosed quote is reported where it opened', async () => {
    const stray = 'a,b\n1,2\n3,"4"x\n';
    for (const error of [
      await streamed([stray]).catch((e: unknown) => e),
      (() => {
        try {
          csvBatchSync(stray, dialect);
        } catch (e) {
          return e;
        }
      })(),
    ]) {
      expect(error).toMatchObject({ code: 'CSV_PARSE', details: { line: 3, csvCode: 'CSV_INVALID_CLOSING_QUOTE' } });
      expect([...(error as Error).message.matchAll(/line (\d+)/g)].map((m) => m[1])).toEqual(['3', '3']);
    }
    // Opened on line 3 (after a quoted field with an escaped quote and a newline on line 2), never closed.
    const open = 'a,b\n"x""\ny",1\n2,"3\n\n4\n';
    for (const error of [
      await streamed([open.slice(0, 9), open.slice(9)]).catch((e: unknown) => e),
      (() => {
        try {
          csvBatchSync(open, dialect);
        } catch (e) {
          return e;
        }
      })(),
    ]) {
      expect(error).toMatchObject({ code: 'CSV_PARSE', details: { line: 4, csvCode: 'CSV_QUOTE_NOT_CLOSED' } });
      expect((error as Error).message).toBe('test: malformed CSV: Quote Not Closed: a quoted field opens on this line and is never closed (line 4)');
    }
  });

  it('an invalid UTF-8 byte after a quoted field names its physical line, at any cut', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n"x\ny",1\n2,3\n'), Buffer.from([0xff]), Buffer.from('4,5\n')]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      await expect(streamed([bytes.subarray(0, cut), bytes.subarray(cut)])).rejects.toMatchObject({ code: 'CSV_PARSE', details: { line: 5, byte: 0xff } });
    }
  });
});
