import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ClvkitError } from '../errors.js';
import type { CliIo } from './cli-io.js';
import { releaseTempFile, trackTempFile } from './temp-files.js';

function statOrUndefined(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The file an existing path finally names (symlinks followed), or the path itself when it does not exist. */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Throw when the output `out` (resolved against `cwd`) is one of the `inputs` (also through a
 * symlink, a relative path or `..`: real paths are compared), or an existing file directly inside
 * an input directory (a bank book folder). Inputs that do not exist are ignored.
 *
 * @throws ClvkitError INVALID_OPTIONS naming the output and the input.
 */
export function refuseOutputOntoInput(out: string, cwd: string, inputs: readonly string[], flag = '--out'): void {
  if (out === '-') return;
  const target = resolve(cwd, out);
  const st = statOrUndefined(target, true);
  if (st === undefined || !st.isFile()) return; // only an existing regular file can be destroyed by a write
  const real = realTarget(target);
  for (const input of inputs) {
    const inputPath = resolve(cwd, input);
    const inputStat = statOrUndefined(inputPath, true);
    if (inputStat === undefined) continue;
    const inputReal = realTarget(inputPath);
    const same = inputStat.isDirectory() ? dirname(real) === inputReal : inputStat.dev === st.dev && inputStat.ino === st.ino;
    if (same || inputReal === real) {
      throw new ClvkitError(
        'INVALID_OPTIONS',
        `refusing to write ${flag} onto an input (${inputStat.isDirectory() ? `a file of the input folder ${input}` : input}); choose another output file`,
        {
          fn: 'clvkit',
          file: out,
        },
      );
    }
  }
}

/**
 * Write a command's output: to stdout when `out` is undefined or `-`, else to the file `out`.
 *
 * - A regular file (new or existing, also behind a symlink) is written atomically: the text goes
 *   to a temporary file next to the real file, which is renamed over it only once complete and
 *   removed if anything fails or the process is stopped by SIGINT/SIGTERM/SIGHUP (see
 *   `temp-files.ts`). A symlink stays a symlink (the file it points to is replaced); the file's
 *   permission bits are kept.
 * - Anything else — a character device such as `/dev/null` or `/dev/stdout`, a FIFO, a socket —
 *   is written through (opened and written), never replaced by a regular file.
 * - `out` equal to one of `inputs` is refused (see {@link refuseOutputOntoInput}).
 *
 * @throws ClvkitError IO_ERROR when the output cannot be written (the message names it, or
 * standard output, e.g. ENOSPC on a full disk); INVALID_OPTIONS when `out` is an input.
 */
export function writeOutput(text: string, out: string | undefined, io: CliIo, inputs: readonly string[] = [], flag = '--out'): void {
  if (out === undefined || out === '-') {
    try {
      io.stdout.write(text);
    } catch (cause) {
      throw new ClvkitError('IO_ERROR', `cannot write to standard output: ${(cause as Error).message}`, { fn: 'clvkit', file: '<stdout>' });
    }
    return;
  }
  const cwd = io.cwd ?? process.cwd();
  refuseOutputOntoInput(out, cwd, inputs, flag);
  const target = resolve(cwd, out);
  let temp: string | undefined;
  try {
    const link = statOrUndefined(target, false);
    const st = link === undefined ? undefined : statOrUndefined(target, true);
    if (link !== undefined && (st === undefined || !st.isFile())) {
      // A device, FIFO or socket (or a dangling symlink): write through, never replace it.
      if (st?.isDirectory() === true) throw new Error('it is a directory');
      writeFileSync(target, text);
      return;
    }
    const real = st === undefined ? target : realTarget(target);
    temp = join(dirname(real), `.${basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    trackTempFile(temp);
    writeFileSync(temp, text);
    if (st !== undefined) chmodSync(temp, st.mode & 0o7777);
    renameSync(temp, real);
    releaseTempFile(temp);
  } catch (cause) {
    if (temp !== undefined) {
      rmSync(temp, { force: true });
      releaseTempFile(temp);
    }
    throw new ClvkitError('IO_ERROR', `cannot write the output: ${(cause as Error).message}`, { fn: 'clvkit', file: out });
  }
}
