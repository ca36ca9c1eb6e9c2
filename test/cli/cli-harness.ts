import { parse } from 'csv-parse/sync';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { bufferWriter } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The bundled fixture, as the help examples name it (relative to a working directory with `fixtures/`). */
export const TX = 'fixtures/bank/transactions.csv';

/** A temporary working directory with `fixtures/` linked to the project's fixtures. */
export function workDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-cli-'));
  symlinkSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI in process in `cwd`. */
export async function run(argv: readonly string[], cwd: string, options: { tty?: boolean; stdin?: string } = {}): Promise<RunResult> {
  const stdout = bufferWriter();
  const stderr = bufferWriter();
  const code = await runCli(argv, {
    stdout,
    stderr,
    stderrIsTTY: options.tty === true,
    cwd,
    ...(options.stdin !== undefined ? { stdin: Readable.from([options.stdin]) } : {}),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Parse CLI output with an independent RFC 4180 parser (csv-parse). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
  return { header: records[0]!, rows: records.slice(1) };
}
