import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferWriter } from '../../src/cli/cli-io.js';
import { writeOutput } from '../../src/cli/write-output.js';
import { isClvkitError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = () => ({ stdout: bufferWriter(), stderr: bufferWriter(), stderrIsTTY: false, cwd: dir });

describe('writeOutput', () => {
  it('writes to stdout without --out or with -', () => {
    const a = io();
    writeOutput('x,y\n', undefined, a);
    writeOutput('1,2\n', '-', a);
    expect(a.stdout.text()).toBe('x,y\n1,2\n');
  });

  it('replaces the file atomically (relative to the working directory) and leaves no temporary file', () => {
    writeFileSync(join(dir, 'out.csv'), 'old');
    writeOutput('new\n', 'out.csv', io());
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('an unwritable target is IO_ERROR naming the file as given, with no temporary file left', () => {
    try {
      writeOutput('x', 'missing/out.csv', io());
      expect.unreachable();
    } catch (e) {
      expect(isClvkitError(e, 'IO_ERROR')).toBe(true);
      expect((e as Error).message).toContain('missing/out.csv');
    }
    // A directory as the target: the temp file is written, the rename fails, the temp file is removed.
    try {
      writeOutput('x', '.', io());
      expect.unreachable();
    } catch (e) {
      expect(isClvkitError(e, 'IO_ERROR')).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
