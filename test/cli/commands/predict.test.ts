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

describe('clvkit predict on an sBG model (fit --kind sbg → predict)', () => {
  it('per row: survival over the horizon, next renewal and DERL, equal to the closed forms at the fitted α, β', async () => {
    const fit = await run(['fit', 'fixtures/clv/fh2007-regular-tenure.csv', '--kind', 'sbg', '--weights-col', 'customers', '--out', 'sbg.json'], dir);
    expect(fit.code).toBe(0);
    writeFileSync(join(dir, 'tenure.csv'), 'customer_id,periods,churned\na,0,0\nb,6,0\nc,3,1\nd,6,0\n');
    const r = await run(['predict', 'tenure.csv', '--model', 'sbg.json', '--horizon', '2', '--discount-rate', '0.25'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['customer_id', 'periods', 'churned', 'survival', 'next_retention', 'derl']);
    const saved = JSON.parse((await run(['fit', 'fixtures/clv/fh2007-regular-tenure.csv', '--kind', 'sbg', '--weights-col', 'customers'], dir)).stdout) as {
      params: { alpha: number; beta: number };
    };
    const { alpha, beta } = saved.params;
    // Published FH 2007 "regular": α = 0.704, β = 1.182.
    expect(alpha).toBeCloseTo(0.704, 3);
    expect(beta).toBeCloseTo(1.182, 3);
    const r1 = (t: number) => (beta + t - 1) / (alpha + beta + t - 1);
    // DERL(d) = Σ_{k≥1} S(t+k)/S(t) / (1+d)^(k−1): summed directly (terms fall like k^−α (1+d)^−k).
    const derl = (t: number, d: number) => {
      let s = 0;
      let surv = 1;
      for (let k = 1; k < 400; k++) {
        surv *= r1(t + k);
        s += surv / (1 + d) ** (k - 1);
      }
      return s;
    };
    const expected = [
      ['a', 0, 0],
      ['b', 6, 0],
      ['c', 3, 1],
      ['d', 6, 0],
    ] as const;
    rows.forEach((row, i) => {
      const [id, t, churned] = expected[i]!;
      expect(row.slice(0, 3)).toEqual([id, String(t), String(churned)]);
      const [survival, next, d] = row.slice(3).map(Number);
      if (churned === 1) {
        expect([survival, next, d]).toEqual([0, 0, 0]);
        return;
      }
      expect(survival).toBeCloseTo(r1(t + 1) * r1(t + 2), 12);
      expect(next).toBeCloseTo(r1(t + 1), 12);
      expect(d).toBeCloseTo(derl(t, 0.25), 9);
    });
    // The doc example: DERL(0.25) at t = 0 and 6 is 1.8803… and 3.6411…
    expect(Number(rows[0]![5])).toBeCloseTo(1.8803, 3);
    expect(Number(rows[1]![5])).toBeCloseTo(3.6411, 3);
  });

  it('rows without churned or id columns; options that do not apply and bad rows are refused', async () => {
    writeFileSync(join(dir, 'bare.csv'), 'tenure\n1\n2\n');
    const r = await run(['predict', 'bare.csv', '--model', 'sbg.json', '--periods-col', 'tenure'], dir);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['periods', 'churned', 'survival', 'next_retention', 'derl']);
    expect(rows.map((x) => x[1])).toEqual(['0', '0']);
    for (const extra of [
      ['--spend-model', 'gg.json'],
      ['--intervals', '0.9'],
      ['--horizon-unit', 'week'],
      ['--margin', '0.5'],
      ['--observation-end', '2024-12-31'],
    ]) {
      const bad = await run(['predict', 'bare.csv', '--model', 'sbg.json', '--periods-col', 'tenure', ...extra], dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(extra[0]);
    }
    writeFileSync(join(dir, 'frac.csv'), 'periods\n1.5\n');
    const frac = await run(['predict', 'frac.csv', '--model', 'sbg.json'], dir);
    expect(frac.code).toBe(1);
    expect(frac.stderr).toMatch(/INVALID_VALUE.*periods/);
    const half = await run(['predict', 'bare.csv', '--model', 'sbg.json', '--periods-col', 'tenure', '--horizon', '1.5'], dir);
    expect(half.code).toBe(1);
    expect(half.stderr).toMatch(/--horizon must be a whole number/);
    // Column flags of the sBG path on a transaction model are refused, not ignored.
    const onBg = await run(['predict', TX, '--model', 'bg.json', '--observation-end', '2024-12-31', '--periods-col', 'x'], dir);
    expect(onBg.code).toBe(2);
  });
});
