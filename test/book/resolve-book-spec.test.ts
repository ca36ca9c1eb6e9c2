import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBook } from '../../src/book/read-book.js';
import { resolveBookSpec } from '../../src/book/resolve-book-spec.js';
import { ClvkitError } from '../../src/errors.js';
import { streamBook } from '../../src/scoring/sources/stream-book.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-resolve-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<[string, string | undefined]> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ClvkitError);
    return [(e as ClvkitError).code, (e as ClvkitError).details.file as string | undefined];
  }
  throw new Error('expected a ClvkitError');
}

describe('resolveBookSpec: one reading of a book argument for readBook and streamBook', () => {
  it('a folder: the default layout, paths from the folder', async () => {
    const r = await resolveBookSpec('fixtures/bank', undefined, 'readBook');
    expect(r.baseDir).toBe(resolve('fixtures/bank'));
    expect(r.parsed.customers).toBeDefined();
    expect(r.parsed.transactions).toBeDefined();
  });

  it('a spec file: paths from its folder unless baseDir is given', async () => {
    const spec = 'fixtures/own-vocabulary/book.json';
    expect((await resolveBookSpec(spec, undefined, 'readBook')).baseDir).toBe(resolve('fixtures/own-vocabulary'));
    expect((await resolveBookSpec(spec, '.', 'readBook')).baseDir).toBe('.');
  });

  it('the same errors, naming the file, from readBook and streamBook', async () => {
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{ "transactions": ');
    const badRole = join(dir, 'bad-role.json');
    writeFileSync(badRole, JSON.stringify({ transactions: { path: 'tx.csv', columns: { customerId: 'c', when: 'd' } } }));
    for (const [path, code] of [
      [join(dir, 'missing'), 'IO_ERROR'],
      [notJson, 'INVALID_OPTIONS'],
      [badRole, 'INVALID_CONFIG'],
    ] as const) {
      const viaRead = await codeOf(readBook(path));
      const viaStream = await codeOf(streamBook(path));
      expect(viaRead[0]).toBe(code);
      expect(viaStream).toEqual(viaRead);
      expect(viaRead[1]).toBe(path);
    }
  });
});
