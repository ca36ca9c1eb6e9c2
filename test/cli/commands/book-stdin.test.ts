import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, parseCsv, run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = workDir());
});
afterAll(() => cleanup());

const OWN_TX = 'fixtures/own-vocabulary/txns.csv';
const MAPPING = [
  '--customer-id-col',
  'cust_no',
  '--date-col',
  'txn_date',
  '--amount-col',
  'amt',
  '--date-format',
  'DD/MM/YYYY',
  '--delimiter',
  'semicolon',
  '--decimal',
  ',',
];

describe('a transactions CSV on standard input: clvkit score - / check - / report -', () => {
  it('score - in a child process with the CSV piped in gives the same scores as the file', async () => {
    const text = readFileSync(join(ROOT, OWN_TX), 'utf8');
    const r = spawnSync(
      process.execPath,
      ['--import', join(ROOT, 'node_modules/tsx/dist/esm/index.mjs'), join(ROOT, 'src/cli/main.ts'), 'score', '-', ...MAPPING, '--clusters', '0'],
      { cwd: dir, encoding: 'utf8', input: text, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const fromFile = await run(['score', OWN_TX, ...MAPPING, '--clusters', '0'], dir);
    expect(fromFile.code).toBe(0);
    expect(r.stdout).toBe(fromFile.stdout);
    const { header, rows } = parseCsv(r.stdout);
    // Every customer of the log scored, with P(alive) and CLV.
    const customers = new Set(
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(';')[0]),
    );
    expect(rows.length).toBe(customers.size);
    for (const row of rows) {
      expect(Number(row[header.indexOf('pAlive')])).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(Number(row[header.indexOf('transactionClv')]))).toBe(true);
    }
    expect(r.stderr).toMatch(/skipped value model: no snapshots/);
  });

  it('check - names <stdin>; a bad row names <stdin>, line, column and value; collect counts read = accepted + rejected', async () => {
    const ok = await run(['check', '-', ...MAPPING], dir, { stdin: readFileSync(join(ROOT, OWN_TX), 'utf8') });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^transactions: (\d+) of \1 rows accepted, 0 rejected \(<stdin>\)$/m);
    const csv = 'customer_id,date,amount\nA,2024-01-05,10\nB,2024-02-30,5\nA,2024-03-01,x\nC,2024-03-02,7\n';
    const bad = await run(['check', '-'], dir, { stdin: csv });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/INVALID_DATE.*<stdin>.*line 3.*date.*2024-02-30/);
    const collected = await run(['check', '-', '--on-invalid', 'collect', '--rejects', 'rej.csv'], dir, { stdin: csv });
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(/^transactions: 2 of 4 rows accepted, 2 rejected \(<stdin>\)$/m);
    const rejects = parseCsv(readFileSync(join(dir, 'rej.csv'), 'utf8'));
    expect(rejects.rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['3', 'INVALID_DATE', 'date', '2024-02-30'],
      ['4', 'INVALID_NUMBER', 'amount', 'x'],
    ]);
    // A quoted field goes through the general CSV parser, same result.
    const quoted = await run(['check', '-'], dir, { stdin: 'customer_id,date,amount\n"A, Ltd",2024-01-05,10\nB,2024-01-06,"1.5"\n' });
    expect(quoted.code).toBe(0);
    expect(quoted.stdout).toMatch(/^transactions: 2 of 2 rows accepted/m);
  });

  it('report - writes a report of a piped transaction log', async () => {
    const r = await run(['report', '-', ...MAPPING, '--clusters', '0', '--holdout-months', '0', '--out', 'stdin.html'], dir, {
      stdin: readFileSync(join(ROOT, OWN_TX), 'utf8'),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'stdin.html'), 'utf8').includes('<section id="rfm"')).toBe(true);
  });

  it('--book - and "-" without standard input are usage errors', async () => {
    const spec = await run(['check', '--book', '-'], dir, { stdin: '{}' });
    expect(spec.code).toBe(2);
    expect(spec.stderr).toMatch(/spec is a file/);
    const none = await run(['check', '-'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs standard input/);
  });
});
