import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ClvkitError } from '../../../src/errors.js';
import { CsvPartCursor } from '../../../src/scoring/sources/csv-part-cursor.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-csv-part-cursor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(text: string | Buffer, ext = 'csv'): string {
  const path = join(dir, `f${files++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

/** Cut a file into chunks of `size` customers (by the first column), as streamBook's merge does with one part. */
async function chunks(path: string, size: number, key = 'id') {
  const c = await CsvPartCursor.open(path, dir, ',', 'snapshots', 'test');
  c.keyOn(key);
  const out: { ids: string[]; text: string; firstLine: number; rows: number }[] = [];
  try {
    for (;;) {
      const ids: string[] = [];
      while (ids.length < size) {
        let id = c.peek();
        if (id instanceof Promise) id = await id;
        if (id === null) break;
        ids.push(id);
        const t = c.take(id);
        if (t instanceof Promise) await t;
      }
      if (ids.length === 0) return out;
      out.push({ ids, ...c.cut() });
    }
  } finally {
    c.release();
  }
}

describe('CsvPartCursor', () => {
  it('cuts whole customers as the run of the file lines holding them, with the first line of each run', async () => {
    const path = file('id,v\na,1\na,2\nb,3\nc,4\nc,5\nc,6\nd,7\n');
    const got = await chunks(path, 2);
    expect(got.map((g) => g.ids)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(got.map((g) => g.text)).toEqual(['id,v\na,1\na,2\nb,3\n', 'id,v\nc,4\nc,5\nc,6\nd,7\n']);
    expect(got.map((g) => g.firstLine)).toEqual([2, 5]);
    expect(got.map((g) => g.rows)).toEqual([3, 4]);
  });

  it('reads across many reads of the file (a 5 MB file, a small chunk) and keeps every line exactly once', async () => {
    const lines = ['id,v'];
    for (let i = 0; i < 200_000; i++) lines.push(`C${String(Math.floor(i / 3)).padStart(7, '0')},${i}.25`);
    const text = `${lines.join('\n')}\n`;
    const got = await chunks(file(text), 7_001);
    const body = got.map((g) => g.text.slice('id,v\n'.length)).join('');
    expect(body).toBe(text.slice('id,v\n'.length));
    expect(got.reduce((n, g) => n + g.ids.length, 0)).toBe(Math.ceil(200_000 / 3));
    // the first record of chunk k is file line 2 + 3 × 7,001 × k
    expect(got.slice(0, 4).map((g) => g.firstLine)).toEqual([2, 21_005, 42_008, 63_011]);
  });

  it('quoted fields (delimiters, doubled quotes, line breaks), CRLF, a BOM, blank lines and a gzipped file', async () => {
    const text = '\uFEFF"id",note\r\n"a,1",x\r\n"a,1","say ""hi"""\r\n\r\nb,"two\r\nlines"\r\nc,z\r\n';
    for (const path of [file(text), file(gzipSync(Buffer.from(text)), 'csv.gz')]) {
      const c = await CsvPartCursor.open(path, dir, ',', 'customers', 'test');
      expect(c.header).toEqual(['id', 'note']);
      c.release();
      const got = await chunks(path, 1);
      expect(got.map((g) => g.ids)).toEqual([['a,1'], ['b'], ['c']]);
      // the blank line stays in the run (so the lines after it keep their numbers); the quoted line break counts
      expect(got.map((g) => g.firstLine)).toEqual([2, 5, 7]);
      expect(got[1]!.text).toBe('"id",note\r\nb,"two\r\nlines"\r\n');
    }
  });

  it('a file whose first line ends with a lone CR uses CR line ends', async () => {
    const got = await chunks(file('id,v\ra,1\rb,2\rb,3\r'), 1);
    expect(got.map((g) => [g.ids, g.text, g.firstLine])).toEqual([
      [['a'], 'id,v\ra,1\r', 2],
      [['b'], 'id,v\rb,2\rb,3\r', 3],
    ]);
  });

  it('the key column need not be first; a file without a final line break', async () => {
    const got = await chunks(file('v,id\n1,a\n2,b\n3,b'), 5);
    expect(got).toEqual([{ ids: ['a', 'b'], text: 'v,id\n1,a\n2,b\n3,b', firstLine: 2, rows: 3 }]);
  });

  it('refuses an unsorted file naming the file, line and id; a missing key column; an empty or absent file', async () => {
    const path = file('id,v\na,1\nc,2\nb,3\n');
    const error = await chunks(path, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClvkitError);
    expect(error).toMatchObject({ code: 'INVALID_VALUE', details: { file: path, line: 4, value: 'b' } });
    await expect(chunks(path, 10, 'nope')).rejects.toMatchObject({ code: 'MISSING_COLUMN', details: { column: 'nope' } });
    await expect(chunks(file(''), 1)).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
    await expect(chunks(join(dir, 'absent.csv'), 1)).rejects.toMatchObject({ code: 'IO_ERROR' });
  });

  it('distinct: every value of a column, in any order', async () => {
    const c = await CsvPartCursor.open(file('id,month\na,2024-01\na,2024-02\nb,2024-01\nb,"2024-03"\n'), dir, ',', 'snapshots', 'test');
    c.keyOn('month');
    expect([...(await c.distinct())].sort()).toEqual(['2024-01', '2024-02', '2024-03']);
  });
});
