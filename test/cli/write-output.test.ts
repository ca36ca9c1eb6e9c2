import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
    expect(readdirSync(dir)).toContain('out.csv');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
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

describe('writeOutput never destroys what it writes to', () => {
  it('/dev/null stays a character device (written through, not replaced)', () => {
    writeOutput('x\n', '/dev/null', io());
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a symlink stays a symlink: the file it points to gets the text, its permission bits kept', () => {
    const real = join(dir, 'real.csv');
    writeFileSync(real, 'old');
    chmodSync(real, 0o640);
    symlinkSync(real, join(dir, 'link.csv'));
    writeOutput('new\n', 'link.csv', io());
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a FIFO is written through to its reader and stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => (got += d.toString()));
    const closed = new Promise((r) => reader.on('close', r));
    writeOutput('through the pipe\n', fifo, io());
    await closed;
    expect(got).toBe('through the pipe\n');
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses to write onto an input: same path, through a symlink, through .., or a file of an input folder', () => {
    const input = join(dir, 'input.csv');
    writeFileSync(input, 'customer_id\n');
    symlinkSync(input, join(dir, 'alias.csv'));
    mkdirSync(join(dir, 'sub'), { recursive: true });
    for (const out of ['input.csv', 'alias.csv', 'sub/../input.csv', input]) {
      expect(() => writeOutput('x', out, io(), ['input.csv'])).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
      expect(() => writeOutput('x', 'input.csv', io(), [out])).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    }
    writeFileSync(join(dir, 'sub', 'book.csv'), 'a');
    expect(() => writeOutput('x', 'sub/book.csv', io(), ['sub'])).toThrowError(/input folder sub/);
    expect(readFileSync(input, 'utf8')).toBe('customer_id\n');
    // A new file in an input folder, or an unrelated file, is fine.
    writeOutput('ok', 'sub/new.csv', io(), ['sub', 'input.csv']);
    expect(readFileSync(join(dir, 'sub', 'new.csv'), 'utf8')).toBe('ok');
  });

  it('a failing standard output (ENOSPC) is IO_ERROR, not an untyped error', () => {
    const failing = {
      ...io(),
      stdout: {
        write: () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      },
    };
    expect(() => writeOutput('x', undefined, failing)).toThrowError(expect.objectContaining({ code: 'IO_ERROR', message: expect.stringContaining('ENOSPC') }));
  });
});
