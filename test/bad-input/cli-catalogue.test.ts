// The bad-input catalogue through the CLI (`clvkit summarize <file>`): a bad file exits 1 with
// exactly the library's message on stderr (`clvkit: error [CODE]: <message>`), never a stack trace
// or "internal error", and prints nothing on stdout; a valid file exits 0 with one row per customer.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bufferWriter } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { isClvkitError } from '../../src/errors.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';

const FILES = fileURLToPath(new URL('./files/', import.meta.url));
const SUMMARY = { observationEnd: '2024-12-31', timeUnit: 'week' } as const;

async function cli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = bufferWriter();
  const stderr = bufferWriter();
  const code = await runCli(argv, { stdout, stderr, stderrIsTTY: false, cwd: FILES });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** What the library says about a file: its error, or the number of customers summarised. */
async function library(file: string): Promise<{ error: string } | { customers: number }> {
  try {
    const table = await readTransactions(FILES + file, { file });
    return { customers: summarizeCustomers(table, SUMMARY).length };
  } catch (error) {
    if (!isClvkitError(error)) throw error;
    return { error: `clvkit: error [${error.code}]: ${error.message}\n` };
  }
}

const files = readdirSync(FILES)
  .filter((f) => f !== 'semicolon-decimal-comma.csv')
  .sort();

describe('clvkit summarize on the bad-input catalogue', () => {
  it.each(files)('%s: the library’s exact error (exit 1), or a summary (exit 0)', async (file) => {
    const want = await library(file);
    const got = await cli(['summarize', file, '--observation-end', SUMMARY.observationEnd, '--time-unit', SUMMARY.timeUnit]);
    expect(got.stderr).not.toMatch(/internal error|\n\s+at /);
    if ('error' in want) {
      expect(got).toEqual({ code: 1, stdout: '', stderr: want.error });
    } else {
      expect(got.code).toBe(0);
      expect(got.stderr).toBe('');
      const rows = parse(got.stdout, {}) as string[][];
      expect(rows.length - 1).toBe(want.customers);
    }
  });

  // FIXED (issue 8): the CLI had no --thousands option, so a European export with "1.234,50" could
  // not be read from the command line (INVALID_NUMBER on line 2).
  it('semicolon-decimal-comma.csv reads with --delimiter ; --decimal , --thousands . --date-format DD/MM/YYYY', async () => {
    const got = await cli([
      'summarize',
      'semicolon-decimal-comma.csv',
      '--observation-end',
      '2024-12-31',
      '--delimiter',
      ';',
      '--decimal',
      ',',
      '--thousands',
      '.',
      '--date-format',
      'DD/MM/YYYY',
    ]);
    expect(got.code).toBe(0);
  });
});
