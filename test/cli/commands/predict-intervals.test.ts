import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictionIntervals } from '../../../src/clv/intervals/prediction-intervals.js';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { readTransactions } from '../../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../../src/io/summarize-customers.js';
import { readFileSync } from 'node:fs';
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

describe('clvkit predict --intervals', () => {
  it('adds lower/upper columns equal to predictionIntervals on the same summary and seed', async () => {
    const r = await run(
      [
        'predict',
        TX,
        '--model',
        'bg.json',
        '--observation-end',
        '2024-12-31',
        '--horizon',
        '26',
        '--horizon-unit',
        'week',
        '--intervals',
        '0.9',
        '--draws',
        '40',
        '--seed',
        '7',
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual([
      'customer_id',
      'frequency',
      'recency',
      'T',
      'p_alive',
      'p_alive_lower',
      'p_alive_upper',
      'expected_transactions',
      'expected_transactions_lower',
      'expected_transactions_upper',
    ]);
    const model = modelFromJSON(JSON.parse(readFileSync(join(dir, 'bg.json'), 'utf8'))) as FittedTransactionModel;
    const summary = summarizeCustomers(await readTransactions(join(ROOT, TX)), { observationEnd: '2024-12-31', timeUnit: 'week' });
    const pi = predictionIntervals({ transactionModel: model, calibration: summary, horizon: 26, intervals: { level: 0.9, draws: 40, seed: 7 } });
    rows.forEach((row, i) => {
      expect(Number(row[5])).toBeCloseTo(pi.probabilityAlive.lower[i]!, 12);
      expect(Number(row[9])).toBeCloseTo(pi.conditionalExpectedTransactions.upper[i]!, 12);
      expect(Number(row[8])).toBeLessThanOrEqual(Number(row[7]));
      expect(Number(row[9])).toBeGreaterThanOrEqual(Number(row[7]));
    });
  });

  it('with a spend model: intervals for expected spend and CLV too, by bootstrap', async () => {
    const r = await run(
      [
        'predict',
        TX,
        '--model',
        'bg.json',
        '--spend-model',
        'gg.json',
        '--observation-end',
        '2024-12-31',
        '--horizon',
        '3',
        '--intervals',
        '0.8',
        '--interval-method',
        'bootstrap',
        '--draws',
        '20',
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header.slice(-6)).toEqual(['expected_spend', 'expected_spend_lower', 'expected_spend_upper', 'clv', 'clv_lower', 'clv_upper']);
    const clv = header.indexOf('clv');
    for (const row of rows) {
      expect(Number(row[clv + 1])).toBeLessThanOrEqual(Number(row[clv]) + 1e-9);
      expect(Number(row[clv + 2])).toBeGreaterThanOrEqual(Number(row[clv]) - 1e-9);
    }
  });

  it('refuses interval flags without --intervals, and a level outside (0, 1)', async () => {
    const a = await run(['predict', TX, '--model', 'bg.json', '--observation-end', '2024-12-31', '--draws', '100'], dir);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toMatch(/INVALID_OPTIONS.*--intervals/);
    const b = await run(['predict', TX, '--model', 'bg.json', '--observation-end', '2024-12-31', '--intervals', '90'], dir);
    expect(b.code).not.toBe(0);
  });
});
