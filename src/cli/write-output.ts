import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ClvkitError } from '../errors.js';
import type { CliIo } from './cli-io.js';

/**
 * Write a command's output: to stdout when `out` is undefined or `-`, else to the file `out`
 * atomically — the text goes to a temporary file in the same directory, which is renamed over
 * `out` only once it is complete, and removed if anything fails. A failed run therefore never
 * leaves a half-written output file (nor its temporary file) behind.
 *
 * @throws ClvkitError IO_ERROR when the file cannot be written (the message names it).
 */
export function writeOutput(text: string, out: string | undefined, io: CliIo): void {
  if (out === undefined || out === '-') {
    io.stdout.write(text);
    return;
  }
  const target = resolve(io.cwd ?? process.cwd(), out);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (cause) {
    rmSync(temp, { force: true });
    throw new ClvkitError('IO_ERROR', `cannot write the output: ${(cause as Error).message}`, { fn: 'clvkit', file: out });
  }
}
