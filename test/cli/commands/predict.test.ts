import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { readTransactions } from '../../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../../src/io/summarize-customers.js';
import { parseCsv, ROOT, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ dir, cleanup } = workDir());
  for (const [kind, out] of [
    ['bg-nbd', 'bg.json'],
    ['gamma-gamma', 'gg.json'],
  ]) {
    const r = await run(['fit', TX, '--kind', kind!, '--observation-end', '2024-12-31', '--out', out!], dir);
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(() => cleanup());

describe('clvkit predict (fit → predict round trip)', () => {
  it('P(alive) and expected transactions equal the restored model’s own predictions', async () => {
    const r = await run(['predict', TX, '--model', 'bg.json', '--observation-end', '2024-12-31', '--horizon', '26', '--horizon-unit', 'week'], dir);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['customer_id', 'frequency', 'recency', 'T', 'p_alive', 'expected_transactions']);
    const model = modelFromJSON(JSON.parse((await run(['fit', TX, '--observation-end', '2024-12-31'], dir)).stdout)) as FittedTransactionModel;
    const summary = summarizeCustomers(await readTransactions(join(ROOT, TX)), { observationEnd: '2024-12-31', timeUnit: 'week' });
    const alive = model.probabilityAlive(summary);
    const expected = model.conditionalExpectedTransactions(26, summary);
    rows.forEach((row, i) => {
      expect(Number(row[4])).toBe(alive[i]);
      expect(Number(row[5])).toBe(expected[i]);
      expect(Number(row[4])).toBeGreaterThanOrEqual(0);
      expect(Number(row[4])).toBeLessThanOrEqual(1);
    });
    // 6 months in months = 26.089… weeks: the horizon converts exactly, so it predicts a little more than 26 weeks.
    const months = parseCsv((await run(['predict', TX, '--model', 'bg.json', '--observation-end', '2024-12-31', '--horizon', '6'], dir)).stdout);
    expect(Number(months.rows[0]![5])).toBeGreaterThan(Number(rows[0]![5]));
  });

  it('with a spend model: CLV grows with the horizon and is 0-discounted above the 10%-discounted value', async () => {
    const base = ['predict', TX, '--model', 'bg.json', '--spend-model', 'gg.json', '--observation-end', '2024-12-31'];
    const y1 = parseCsv((await run([...base, '--horizon', '12'], dir)).stdout);
    const y2 = parseCsv((await run([...base, '--horizon', '24'], dir)).stdout);
    const flat = parseCsv((await run([...base, '--horizon', '12', '--discount-rate', '0'], dir)).stdout);
    expect(y1.header).toEqual(['customer_id', 'frequency', 'recency', 'T', 'p_alive', 'expected_transactions', 'expected_spend', 'clv']);
    y1.rows.forEach((row, i) => {
      expect(Number(y2.rows[i]![7])).toBeGreaterThanOrEqual(Number(row[7]));
      expect(Number(flat.rows[i]![7])).toBeGreaterThanOrEqual(Number(row[7]));
      // Undiscounted CLV = expected transactions × expected spend.
      expect(Number(flat.rows[i]![7])).toBeCloseTo(Number(flat.rows[i]![5]) * Number(flat.rows[i]![6]), 6);
    });
  });

  it('wrong or broken model files are bad input (exit 1) naming the file', async () => {
    const swapped = await run(['predict', TX, '--model', 'gg.json', '--observation-end', '2024-12-31'], dir);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/INVALID_MODEL.*this is a spend model.*gg\.json/);
    writeFileSync(join(dir, 'junk.json'), JSON.stringify({ format: 'clvkit-model', kind: 'bg-nbd', params: { r: -1 } }));
    const junk = await run(['predict', TX, '--model', 'junk.json', '--observation-end', '2024-12-31'], dir);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/INVALID_MODEL.*junk\.json/);
    const none = await run(['predict', TX, '--model', 'nope.json', '--observation-end', '2024-12-31'], dir);
    expect(none.stderr).toMatch(/IO_ERROR.*nope\.json/);
  });
});

describe('clvkit fit / predict with a zero-value repeat purchase (issue 15, CDNOW master customer 10244)', () => {
  it('fits the spend model and predicts every customer; the zero-value customer is valued at the population mean', async () => {
    const rows = ['customer_id,date,amount'];
    // 30 ordinary customers with varied spend, and Z with one purchase of 15.96 then one of 0.00.
    for (let i = 0; i < 30; i++) {
      const id = `K${String(i).padStart(2, '0')}`;
      for (let k = 0; k < 1 + (i % 4); k++)
        rows.push(`${id},2024-${String(1 + ((i + 3 * k) % 11)).padStart(2, '0')}-1${k},${(10 + ((i * 7 + k * 13) % 40)).toFixed(2)}`);
    }
    rows.push('Z,2024-02-07,15.96', 'Z,2024-03-07,0.00');
    writeFileSync(join(dir, 'zero.csv'), `${rows.join('\n')}\n`);
    for (const [kind, out] of [
      ['bg-nbd', 'zbg.json'],
      ['gamma-gamma', 'zgg.json'],
    ]) {
      const r = await run(['fit', 'zero.csv', '--kind', kind!, '--observation-end', '2024-12-31', '--out', out!], dir);
      expect(r.code, r.stderr).toBe(0);
    }
    const p = await run(['predict', 'zero.csv', '--model', 'zbg.json', '--spend-model', 'zgg.json', '--observation-end', '2024-12-31'], dir);
    expect(p.code, p.stderr).toBe(0);
    const table = parseCsv(p.stdout);
    const col = (name: string): number => table.header.indexOf(name);
    const z = table.rows.find((row) => row[0] === 'Z')!;
    const k0 = table.rows.find((row) => row[0] === 'K00')!; // no repeat purchase: the population mean too
    expect(Number(z[col('expected_spend')])).toBeCloseTo(Number(k0[col('expected_spend')]), 6);
    expect(Number.isFinite(Number(z[col('clv')]))).toBe(true);
  });
});
