// `clvkit fit --from-summary --covariates …` and `clvkit predict` on the saved covariate model.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitBgNbdWithCovariates } from '../../../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import { fitGammaGammaWithCovariates } from '../../../src/clv/covariates/fit-gamma-gamma-with-covariates.js';
import { simulateBgNbdWithCovariates } from '../../../src/clv/covariates/simulate-bg-nbd-with-covariates.js';
import { createRandom } from '../../../src/random.js';
import { customerLifetimeValue } from '../../../src/clv/customer-lifetime-value.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { parseCsv, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describeWithSharedData('clvkit fit --from-summary --covariates: an all-zero covariate reproduces the plain CDNOW fit', () => {
  it('LL −9582.43, the plain r, α, a, b, coefficients exactly 0, saved as clvkit-model version 2', async () => {
    const lines = readFileSync(sharedFile('cdnow_sample_summary.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'cdnow-zero.csv'), `${[`${lines[0]},zero`, ...lines.slice(1).map((l) => `${l},0`)].join('\n')}\n`);
    const plain = await run(['fit', 'cdnow-zero.csv', '--from-summary', '--time-unit', 'week'], dir);
    expect(plain.code).toBe(0);
    const p = JSON.parse(plain.stdout) as { version: number; logLikelihood: number; params: Record<string, number> };
    expect(p.version).toBe(1);
    expect(p.logLikelihood).toBeCloseTo(-9582.43, 2);
    const r = await run(['fit', 'cdnow-zero.csv', '--from-summary', '--time-unit', 'week', '--covariates', 'zero', '--out', 'zero.json'], dir);
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'zero.json'), 'utf8')) as {
      version: number;
      logLikelihood: number;
      params: Record<string, number>;
      covariates: { purchase: string[]; dropout: string[]; coefficients: unknown };
    };
    expect(m.version).toBe(2);
    expect(m.logLikelihood).toBeCloseTo(-9582.43, 2);
    expect(Math.abs(m.logLikelihood - p.logLikelihood)).toBeLessThan(1e-8);
    // The plain fit takes Newton steps to a gradient of ~1e-8; the covariate fit (BFGS, default tolerance) stops on
    // the same flat optimum a few 1e-6 short: equal likelihood above, parameters to 1e-5 relative.
    for (const k of ['r', 'alpha', 'a', 'b']) expect(Math.abs(m.params[k]! - p.params[k]!) / p.params[k]!).toBeLessThan(1e-5);
    expect(m.covariates).toMatchObject({ purchase: ['zero'], dropout: ['zero'], coefficients: { purchase: { zero: 0 }, dropout: { zero: 0 } } });
    // The parameter table lists the coefficients beside the parameters.
    const t = parseCsv((await run(['fit', 'cdnow-zero.csv', '--from-summary', '--covariates', 'zero', '--format', 'csv'], dir)).stdout);
    expect(t.rows.map((row) => row[0])).toEqual(['r', 'alpha', 'a', 'b', 'purchase.zero', 'dropout.zero']);
  }, 30_000);
});

describe('clvkit fit / predict with covariates on simulated customers', () => {
  const n = 800;
  const rng = createRandom(11);
  const age = Float64Array.from({ length: n }, () => Math.round(rng.normal() * 100) / 100);
  const vip = Float64Array.from({ length: n }, () => rng.bernoulli(0.3));
  const sim = simulateBgNbdWithCovariates({
    params: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
    covariates: { age, vip },
    coefficients: { purchase: { age: 0.5 }, dropout: { vip: 0.7 } },
    T: 52,
    seed: 2,
  });
  const spend = Array.from({ length: n }, (_, i) => (sim.frequency[i]! > 0 ? 20 + 10 * vip[i]! + (i % 7) : 0));
  const csv = ['customer_id,frequency,recency,T,monetary_value,age,vip'];
  for (let i = 0; i < n; i++) csv.push(`c${i},${sim.frequency[i]},${sim.recency[i]},${sim.T[i]},${spend[i]},${age[i]},${vip[i]}`);
  const customers = { frequency: sim.frequency, recency: sim.recency, T: sim.T, monetaryValue: spend, age, vip };

  it('fit gives the library’s fit (purchase and dropout separately); predict gives its predictions per customer', async () => {
    writeFileSync(join(dir, 'sim.csv'), `${csv.join('\n')}\n`);
    const fit = await run(
      ['fit', 'sim.csv', '--from-summary', '--purchase-covariates', 'age', '--dropout-covariates', 'vip', '--covariate-penalty', '0.01', '--out', 'cov.json'],
      dir,
    );
    expect(fit.stderr).toBe('');
    expect(fit.code).toBe(0);
    const library = fitBgNbdWithCovariates(customers, {
      timeUnit: 'week',
      covariates: { purchase: ['age'], dropout: ['vip'] },
      covariatePenalty: 0.01,
    });
    expect(JSON.parse(readFileSync(join(dir, 'cov.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(library.toJSON())));
    const p = await run(['predict', 'sim.csv', '--from-summary', '--model', 'cov.json', '--horizon', '10', '--horizon-unit', 'week'], dir);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    const { header, rows } = parseCsv(p.stdout);
    expect(header).toEqual(['customer_id', 'frequency', 'recency', 'T', 'p_alive', 'expected_transactions']);
    const alive = library.probabilityAlive(customers);
    const expected = library.conditionalExpectedTransactions(10, customers);
    rows.forEach((row, i) => {
      expect(row[0]).toBe(`c${i}`);
      expect(Number(row[4])).toBe(alive[i]);
      expect(Number(row[5])).toBe(expected[i]);
    });
    // Gamma-Gamma with a spend covariate through the CLI: the library's fit.
    const gg = await run(['fit', 'sim.csv', '--from-summary', '--kind', 'gamma-gamma', '--covariates', 'vip', '--out', 'gg-cov.json'], dir);
    expect(gg.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'gg-cov.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(fitGammaGammaWithCovariates(customers, { covariates: ['vip'] }).toJSON())),
    );
    // CLV from both covariate models: the library's customerLifetimeValue on the same customers.
    const withSpend = await run(['predict', 'sim.csv', '--from-summary', '--model', 'cov.json', '--spend-model', 'gg-cov.json', '--discount-rate', '0.1'], dir);
    expect(withSpend.code).toBe(0);
    const clv = customerLifetimeValue({
      transactionModel: library,
      spendModel: fitGammaGammaWithCovariates(customers, { covariates: ['vip'] }) as never,
      customers,
      horizon: { value: 12, unit: 'month' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    const out = parseCsv(withSpend.stdout);
    expect(out.header.at(-1)).toBe('clv');
    out.rows.forEach((row, i) => expect(Number(row.at(-1))).toBe(clv.clv[i]));
  }, 60_000);

  it('predict on a covariate model needs the covariate columns: MISSING_COLUMN naming the column', async () => {
    writeFileSync(join(dir, 'no-vip.csv'), `${csv.map((l) => l.split(',').slice(0, 6).join(',')).join('\n')}\n`);
    const missing = await run(['predict', 'no-vip.csv', '--from-summary', '--model', 'cov.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/MISSING_COLUMN/);
    expect(missing.stderr).toMatch(/vip/);
    // Transactions have no per-customer columns: refused, naming the covariates.
    const fromTx = await run(['predict', TX, '--model', 'cov.json', '--observation-end', '2024-12-31'], dir);
    expect(fromTx.code).toBe(1);
    expect(fromTx.stderr).toMatch(/MISSING_COLUMN.*covariates \(age, vip\).*--from-summary/);
  });

  it('flags that would be ignored are usage errors', async () => {
    const cases: string[][] = [
      ['fit', TX, '--observation-end', '2024-12-31', '--covariates', 'age'], // covariates need a summary
      ['fit', 'sim.csv', '--from-summary', '--kind', 'mbg-nbd', '--covariates', 'age'], // no covariate MBG/NBD
      ['fit', 'sim.csv', '--from-summary', '--kind', 'gamma-gamma', '--purchase-covariates', 'age'],
      ['fit', 'sim.csv', '--from-summary', '--covariate-penalty', '1'],
      ['fit', 'sim.csv', '--from-summary', '--observation-end', '2024-12-31'],
      ['fit', TX, '--observation-end', '2024-12-31', '--t-col', 'T'],
      ['fit', 'sim.csv', '--from-summary', '--covariates', 'age,age'],
      ['predict', 'sim.csv', '--from-summary', '--model', 'cov.json', '--observation-end', '2024-12-31'],
    ];
    for (const argv of cases) {
      const r = await run(argv, dir);
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });
});
