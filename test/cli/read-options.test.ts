// The reading flags through whole CLI runs: --thousands, --on-invalid collect with --rejects (a CSV
// of every rejected row, exit 0, a one-line count on stderr), on transactions and customer tables,
// and the display name of a missing input file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTransactions } from '../../src/io/read-transactions.js';
import { parseCsv, run, workDir } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = workDir());
  writeFileSync(join(dir, 'eu.csv'), 'customer_id;date;amount\nA;05/01/2024;1.234,50\nA;06/01/2024;20,00\nB;06/01/2024;1.000.000,25\n');
  writeFileSync(
    join(dir, 'bad.csv'),
    'customer_id,date,amount\nA,2024-01-05,10\nB,2024-01-06 garbage,20\nC,2024-01-07,=1+1\nA,2024-01-08,5\n,2024-01-09,1\nD,2024-01-10,7\n',
  );
  writeFileSync(join(dir, 'table.csv'), 'customer_id,aum\nA,100\nB,x\nC,300\n');
});
afterAll(() => cleanup());

const END = ['--observation-end', '2024-12-31', '--time-unit', 'day'];

describe('clvkit reading flags', () => {
  it('--thousands reads a European export (matching the library with the same options)', async () => {
    const r = await run(['summarize', 'eu.csv', ...END, '--delimiter', ';', '--decimal', ',', '--thousands', 'dot', '--date-format', 'DD/MM/YYYY'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    const total = (id: string): number => Number(rows.find((x) => x[0] === id)![header.indexOf('total_amount')]);
    const lib = await readTransactions(join(dir, 'eu.csv'), { delimiter: ';', decimal: ',', thousands: '.', dateFormat: 'DD/MM/YYYY' });
    expect([...lib.amount]).toEqual([1234.5, 20, 1000000.25]);
    expect(total('A')).toBe(1254.5);
    expect(total('B')).toBe(1000000.25);
    // Without --thousands the same file fails on line 2 (exit 1).
    const without = await run(['summarize', 'eu.csv', ...END, '--delimiter', ';', '--decimal', ',', '--date-format', 'DD/MM/YYYY'], dir);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('[INVALID_NUMBER]');
    // thousands equal to decimal is a usage error.
    expect((await run(['summarize', 'eu.csv', ...END, '--decimal', ',', '--thousands', ','], dir)).code).toBe(2);
  });

  it('--on-invalid collect --rejects: exit 0, every rejected row in the file, a one-line count on stderr', async () => {
    const r = await run(['summarize', 'bad.csv', ...END, '--on-invalid', 'collect', '--rejects', 'rejects.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('clvkit: 3 of 6 rows rejected (written to rejects.csv)\n');
    expect(parseCsv(r.stdout).rows.map((x) => x[0])).toEqual(['A', 'D']);
    const rejects = parseCsv(readFileSync(join(dir, 'rejects.csv'), 'utf8'));
    expect(rejects.header).toEqual(['line', 'code', 'column', 'value', 'reason']);
    expect(rejects.rows).toEqual([
      ['3', 'INVALID_DATE', 'date', '2024-01-06 garbage', 'not a calendar date in format YYYY-MM-DD or YYYYMMDD'],
      ['4', 'INVALID_NUMBER', 'amount', "'=1+1", 'not a decimal number (decimal separator ".")'], // formula neutralised
      ['6', 'INVALID_ROW', 'customer_id', '', 'empty customerId'],
    ]);
    // Collect without --rejects still says how many were set aside; throw mode stops at line 3.
    const bare = await run(['summarize', 'bad.csv', ...END, '--on-invalid', 'collect'], dir);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe('clvkit: 3 of 6 rows rejected (add --rejects FILE to keep them)\n');
    const strict = await run(['summarize', 'bad.csv', ...END], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('bad.csv, line 3, column date');
    // --rejects without collect is a usage error.
    expect((await run(['summarize', 'bad.csv', ...END, '--rejects', 'r.csv'], dir)).code).toBe(2);
    expect((await run(['summarize', 'bad.csv', ...END, '--on-invalid', 'skip'], dir)).code).toBe(2);
  });

  it('every transaction-reading command takes the flags (rfm, fit, pareto) and customer tables collect too', async () => {
    for (const argv of [
      ['rfm', 'bad.csv', '--observation-end', '2024-12-31'],
      ['pareto', 'bad.csv', '--observation-end', '2024-12-31'],
      ['tiers', 'bad.csv', '--observation-end', '2024-12-31'],
    ]) {
      const r = await run([...argv, '--on-invalid', 'collect'], dir);
      expect(r.stderr, argv[0]).toBe('clvkit: 3 of 6 rows rejected (add --rejects FILE to keep them)\n');
      expect(r.code, argv[0]).toBe(0);
    }
    const t = await run(['pareto', 'table.csv', '--customer-table', '--value-col', 'aum', '--on-invalid', 'collect', '--rejects', 'table-rejects.csv'], dir);
    expect(t.code).toBe(0);
    expect(t.stderr).toBe('clvkit: 1 of 3 rows rejected (written to table-rejects.csv)\n');
    expect(parseCsv(readFileSync(join(dir, 'table-rejects.csv'), 'utf8')).rows).toEqual([
      ['3', 'INVALID_NUMBER', 'aum', 'x', 'not a decimal number (decimal separator ".")'],
    ]);
  });

  it('a missing input file is named as typed, not by its absolute path', async () => {
    const r = await run(['summarize', 'nope/missing.csv', ...END], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(nope/missing.csv)');
    expect(r.stderr).not.toContain(dir);
  });
});
