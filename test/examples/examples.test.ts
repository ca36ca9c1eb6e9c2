import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');

/** Run an example script with tsx as a user would, from the project root. */
function runExample(name: string, args: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'examples', name), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Each example and a line its output must have (so none of them rots silently). */
const EXAMPLES: readonly [string, RegExp][] = [
  ['quick-start.ts', /^Top 5 customers by 12-month CLV \(10% a year discount\):\n {2}customer {3}P\(alive\)/m],
  ['pareto-report.ts', /^Pareto point: \d+\.\d% of customers \(\d+\) hold 80\.0% of AUM$/m],
  ['rfm-and-tiers.ts', /^ {2}Champions +重要价值客户/m],
  ['clustering.ts', /^Model saved \(\d+ bytes of JSON\); 2024-11 placed into the same segments: sizes \d+(, \d+)+$/m],
  ['clv-fit-and-holdout.ts', /^BG\/NBD +-\d+ +\d+ +6867 /m],
  ['full-scoring.ts', /^ {2}MVC: most valuable customers +\d+ +\d+\.\d% of customers/m],
  ['score-next-month.ts', /^Applied to month 13 \(to 2024-01-31\) without refitting: 2000 customers\.$/m],
];

describe('examples/ run and print what they promise', () => {
  for (const [name, line] of EXAMPLES) {
    it(name, async () => {
      const r = await runExample(name);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(line);
    });
  }

  it('full-scoring writes the scores as CSV when given a path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-example-'));
    try {
      const out = join(dir, 'scores.csv');
      const r = await runExample('full-scoring.ts', [out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Wrote 5000 rows to /m);
      expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^customerId,customerType,onBook,/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quick-start takes a file and a period end on the command line, and fails loudly on a bad file', async () => {
    const r = await runExample('quick-start.ts', [join(ROOT, 'fixtures/bank/transactions.csv'), '2024-06-30']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/observed up to 2024-06-30\./);
    const bad = await runExample('quick-start.ts', [join(ROOT, 'fixtures/io/empty.csv')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/ClvkitError/);
  });
});
