// `clvkit sort-book`: a shuffled book folder is refused by `score --stream` (naming the file, line and id, and
// pointing to sort-book); its sorted copy holds the same lines and streams to the same CSV as scoring it in memory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, ROOT, run, workDir } from '../cli-harness.js';

describe('clvkit sort-book', () => {
  const { dir, cleanup } = workDir();
  afterAll(cleanup);
  const original = new Map<string, string[]>();
  beforeAll(() => {
    // The bundled bank's first 400 customers, rows in a fixed scrambled order (as an export may give them).
    mkdirSync(join(dir, 'shuffled'));
    for (const part of ['customers', 'snapshots', 'transactions']) {
      const [header, ...rows] = readFileSync(join(ROOT, 'fixtures/bank', `${part}.csv`), 'utf8')
        .trimEnd()
        .split('\n');
      const kept = rows.filter((r) => r.split(',', 1)[0]! <= 'C000400');
      original.set(part, [header!, ...kept]);
      const order = kept.map((_, i) => i).sort((a, b) => ((a * 7919) % kept.length) - ((b * 7919) % kept.length));
      writeFileSync(join(dir, 'shuffled', `${part}.csv`), `${[header, ...order.map((i) => kept[i]!)].join('\n')}\n`);
    }
  });

  it('writes each part sorted by id then month or date, lists what it wrote, and the copy streams like the original in memory', async () => {
    const r = await run(['sort-book', 'shuffled', '--out-dir', 'sorted'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const table = parseCsv(r.stdout);
    expect(table.header).toEqual(['part', 'rows', 'input', 'output']);
    expect(table.rows.map((row) => [row[0], Number(row[1])])).toEqual(['customers', 'snapshots', 'transactions'].map((p) => [p, original.get(p)!.length - 1]));
    for (const part of ['customers', 'snapshots', 'transactions']) {
      const lines = readFileSync(join(dir, 'sorted', `${part}.csv`), 'utf8')
        .trimEnd()
        .split('\n');
      expect([...lines].sort()).toEqual([...original.get(part)!].sort());
      const keys = lines.slice(1).map((l) =>
        l
          .split(',')
          .slice(0, part === 'customers' ? 1 : 2)
          .join('\u0000'),
      );
      expect(keys).toEqual([...keys].sort());
    }
    // The shuffled folder cannot be streamed; the message says where and how to fix it.
    expect((await run(['score', 'shuffled', '--save-model', 'model.json', '--out', 'fit.csv'], dir)).code).toBe(0);
    const refused = await run(['score', 'shuffled', '--model', 'model.json', '--stream', '--out', 'x.csv'], dir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not sorted by customer id/);
    expect(refused.stderr).toContain('clvkit sort-book');
    // The sorted copy (the same rows) streams to exactly what scoring it in memory writes. (Against the shuffled
    // folder in memory only the last bits of sums differ: a customer's rows are added in another order.)
    expect((await run(['score', 'sorted', '--model', 'model.json', '--out', 'applied.csv'], dir)).code).toBe(0);
    const streamed = await run(['score', 'sorted', '--model', 'model.json', '--stream', '--chunk-size', '150', '--out', 'streamed.csv'], dir);
    expect(streamed.code).toBe(0);
    const text = readFileSync(join(dir, 'streamed.csv'), 'utf8');
    expect(text).toBe(readFileSync(join(dir, 'applied.csv'), 'utf8'));
    expect(text.trimEnd().split('\n')).toHaveLength(401);
  }, 60_000);

  it('a book given by a spec: its spec is copied beside the sorted files, and the copy streams as it reads in memory', async () => {
    const r = await run(['sort-book', '--book', 'fixtures/own-vocabulary/book.json', '--out-dir', 'own-sorted'], dir);
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout).rows.map((row) => row[0])).toEqual(['customers', 'snapshots', 'transactions', 'holdings']);
    const original = JSON.parse(readFileSync(join(ROOT, 'fixtures/own-vocabulary/book.json'), 'utf8')) as Record<string, { path?: string }>;
    const copy = JSON.parse(readFileSync(join(dir, 'own-sorted', 'book.json'), 'utf8')) as Record<string, { path?: string; columns?: unknown }>;
    for (const part of ['customers', 'snapshots', 'transactions', 'holdings']) {
      expect(copy[part]!.path).toBe(original[part]!.path); // same file names, now beside the copy
      expect(copy[part]!.columns).toEqual((original[part] as { columns?: unknown }).columns);
    }
    expect((await run(['score', '--book', 'own-sorted/book.json', '--save-model', 'own.json', '--out', 'own-fit.csv'], dir)).code).toBe(0);
    expect((await run(['score', '--book', 'own-sorted/book.json', '--model', 'own.json', '--out', 'own-applied.csv'], dir)).code).toBe(0);
    const streamed = await run(
      ['score', '--book', 'own-sorted/book.json', '--model', 'own.json', '--stream', '--chunk-size', '50', '--out', 'own-streamed.csv'],
      dir,
    );
    expect(streamed.code).toBe(0);
    const text = readFileSync(join(dir, 'own-streamed.csv'), 'utf8');
    expect(text).toBe(readFileSync(join(dir, 'own-applied.csv'), 'utf8'));
    expect(text.trimEnd().split('\n')).toHaveLength(241);
  }, 60_000);

  it('never writes over an input, and refuses a missing input or two inputs (usage errors exit 2)', async () => {
    const before = readFileSync(join(dir, 'shuffled', 'transactions.csv'), 'utf8');
    const over = await run(['sort-book', 'shuffled', '--out-dir', 'shuffled'], dir);
    expect(over.code).not.toBe(0);
    expect(over.stderr).toMatch(/INVALID_OPTIONS|overwrite an input/);
    expect(readFileSync(join(dir, 'shuffled', 'transactions.csv'), 'utf8')).toBe(before);
    // a spec's copy would land on the spec itself
    mkdirSync(join(dir, 'spec-here'));
    writeFileSync(join(dir, 'spec-here', 'book.json'), JSON.stringify({ transactions: { path: join(dir, 'shuffled', 'transactions.csv') } }));
    const onSpec = await run(['sort-book', '--book', 'spec-here/book.json', '--out-dir', 'spec-here'], dir);
    expect(onSpec.code).toBe(2);
    expect(onSpec.stderr).toContain('would write the spec over');
    expect((await run(['sort-book', '--out-dir', 'x'], dir)).code).toBe(2);
    expect((await run(['sort-book', 'shuffled', '--book', 'spec.json', '--out-dir', 'x'], dir)).code).toBe(2);
    expect((await run(['sort-book', 'shuffled'], dir)).code).toBe(2);
  }, 60_000);
});
