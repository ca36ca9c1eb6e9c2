import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonFile, withFile } from '../../src/cli/read-json-file.js';
import { ClvkitError, isClvkitError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readJsonFile / withFile', () => {
  it('reads JSON (a BOM is fine) and names the file when it cannot', () => {
    writeFileSync(join(dir, 'a.json'), '\uFEFF{"a":1}');
    expect(readJsonFile(join(dir, 'a.json'), 'a.json')).toEqual({ a: 1 });
    writeFileSync(join(dir, 'b.json'), '{"a":');
    expect(() => readJsonFile(join(dir, 'b.json'), 'b.json')).toThrow(/not valid JSON.*\(b\.json\)/);
    try {
      readJsonFile(join(dir, 'none.json'), 'none.json');
      expect.unreachable();
    } catch (e) {
      expect(isClvkitError(e, 'IO_ERROR')).toBe(true);
    }
  });

  it('adds the file to an error’s place, once', () => {
    const e = withFile(new ClvkitError('INVALID_MODEL', 'bad', { fn: 'modelFromJSON', path: ['kind'] }), 'm.json') as ClvkitError;
    expect(e.message).toBe('modelFromJSON: bad (m.json, option kind)');
    expect(e.code).toBe('INVALID_MODEL');
    expect(withFile(e, 'other.json')).toBe(e);
    const plain = new Error('x');
    expect(withFile(plain, 'm.json')).toBe(plain);
  });
});
