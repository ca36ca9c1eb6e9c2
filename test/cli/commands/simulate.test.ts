import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTransactionsSync } from '../../../src/io/read-transactions.js';
import { readBankBook } from '../../../src/simulate/read-bank-book.js';
import { formatBankBook } from '../../../src/simulate/format-bank-book.js';
import { simulateBank } from '../../../src/simulate/simulate-bank.js';
import { run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describe('clvkit simulate', () => {
  it('writes the simulated book’s transactions, identical for a seed and readable by the library', async () => {
    const r = await run(['simulate', '--customers', '50', '--months', '6', '--seed', '3'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(formatBankBook(simulateBank({ customers: 50, months: 6, seed: 3 }))['transactions.csv']);
    expect(readTransactionsSync(r.stdout).customerIds.length).toBeGreaterThan(0);
    const other = await run(['simulate', '--customers', '50', '--months', '6', '--seed', '4'], dir);
    expect(other.stdout).not.toBe(r.stdout);
  });

  it('--out-dir writes a whole book that readBankBook reads back', async () => {
    const r = await run(['simulate', '--customers', '20', '--months', '3', '--seed', '1', '--out-dir', 'book'], dir);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const f of ['customers.csv', 'snapshots.csv', 'transactions.csv', 'truth.json']) expect(existsSync(join(dir, 'book', f))).toBe(true);
    const book = await readBankBook(join(dir, 'book'));
    expect(book.customers.length).toBe(20);
    expect(readFileSync(join(dir, 'book', 'customers.csv'), 'utf8').split('\n')[0]).toBe('customer_id,type,region,age,join_date');
  });

  it('usage errors: --out with --out-dir, a bad count, JSON output', async () => {
    expect((await run(['simulate', '--out', 'a.csv', '--out-dir', 'b'], dir)).code).toBe(2);
    expect((await run(['simulate', '--customers', '0'], dir)).code).toBe(2);
    expect((await run(['simulate', '--format', 'json'], dir)).code).toBe(2);
  });
});
