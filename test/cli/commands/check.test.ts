import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = workDir());
});
afterAll(() => cleanup());

describe('clvkit check', () => {
  it('prints what it read from a spec and which analyses the book supports', async () => {
    const r = await run(['check', '--book', 'fixtures/own-vocabulary/book.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('customers: 240');
    expect(r.stdout).toContain('months: 2024-01 .. 2024-12 (12)');
    expect(r.stdout).toMatch(/products \(14\): .*savings/);
    expect(r.stdout).toMatch(/attribute area: 3 values \((north|south|east)/);
    expect(r.stdout).toMatch(/^yes {2}tiers, value model, value matrix$/m);
    const json = await run(['check', 'fixtures/bank', '--format', 'json'], dir);
    const c = JSON.parse(json.stdout) as { customers: number; analyses: { supported: boolean }[] };
    expect(c.customers).toBe(5000);
    expect(c.analyses.every((a) => a.supported)).toBe(true);
  });

  it('a transactions CSV: the transaction analyses yes, the snapshot ones no with the reason', async () => {
    writeFileSync(join(dir, 'tx.csv'), 'cust;day;amt\nA;05/01/2024;1,5\nA;07/02/2024;2\nB;09/02/2024;3\n');
    const r = await run(
      [
        'check',
        'tx.csv',
        '--customer-id-col',
        'cust',
        '--date-col',
        'day',
        '--amount-col',
        'amt',
        '--date-format',
        'DD/MM/YYYY',
        '--delimiter',
        ';',
        '--decimal',
        ',',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('customers: 2');
    expect(r.stdout).toMatch(/^no +tiers, value model, value matrix: no snapshots in the book$/m);
    expect(r.stdout).toMatch(/^yes {2}transaction models, CLV$/m);
  });

  it('bad input: exit 1 naming file, line, column and value; collect mode lists every rejected row', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'customer_id,month,deposits,wealth,loans\nA,2024-01,1,1,1\nA,2024-01,2,2,2\nB,2024-13,1,1,1\n');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ snapshots: { path: 'bad.csv' } }));
    const r = await run(['check', '--book', 'bad.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DUPLICATE_ID.*bad\.csv.*line 3.*customer_id/);
    const c = await run(['check', '--book', 'bad.json', '--on-invalid', 'collect', '--rejects', 'rejects.csv'], dir);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('snapshots: 1 of 3 rows accepted, 2 rejected');
    expect(c.stderr).toContain('2 of 3 rows rejected');
    const { rows } = parseCsv(readFileSync(join(dir, 'rejects.csv'), 'utf8'));
    expect(rows.map((x) => [x[0], x[1]])).toEqual([
      ['3', 'DUPLICATE_ID'],
      ['4', 'INVALID_DATE'],
    ]);
    writeFileSync(join(dir, 'role.json'), JSON.stringify({ snapshots: { path: 'bad.csv', columns: { savings: 'x' } } }));
    const role = await run(['check', '--book', 'role.json'], dir);
    expect(role.code).toBe(1);
    expect(role.stderr).toMatch(/INVALID_CONFIG.*savings.*role\.json/);
  });
});
