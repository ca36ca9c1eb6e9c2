import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import { readTransactions } from '../../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../../src/io/summarize-customers.js';
import { parseCsv, ROOT, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describe('clvkit fit', () => {
  it('writes the model’s toJSON(): the same fit as the library, and it recovers the simulated truth', async () => {
    const r = await run(['fit', TX, '--kind', 'bg-nbd', '--observation-end', '2024-12-31', '--time-unit', 'week', '--out', 'bg.json'], dir);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const saved = JSON.parse(readFileSync(join(dir, 'bg.json'), 'utf8')) as { format: string; kind: string; timeUnit: string; params: Record<string, number> };
    expect(saved).toMatchObject({ format: 'clvkit-model', version: 1, kind: 'bg-nbd', timeUnit: 'week', converged: true });
    const summary = summarizeCustomers(await readTransactions(join(ROOT, TX)), { observationEnd: '2024-12-31', timeUnit: 'week' });
    expect(saved).toEqual(JSON.parse(JSON.stringify(fitBgNbd(summary).toJSON())));
    // The fixture was simulated from known BG/NBD parameters (truth.json); the fit lands near them
    // (within 15%: a finite book with staggered acquisition, not an asymptotic guarantee).
    const truth = (JSON.parse(readFileSync(join(ROOT, 'fixtures/bank/truth.json'), 'utf8')) as { bgNbd: Record<string, number> }).bgNbd;
    for (const [k, v] of Object.entries(truth)) expect(Math.abs(saved.params[k]! / v - 1), k).toBeLessThan(0.15);
  });

  it('--format csv gives the parameter table; every kind fits and restores with modelFromJSON', async () => {
    const csv = parseCsv((await run(['fit', TX, '--observation-end', '2024-12-31', '--format', 'csv'], dir)).stdout);
    expect(csv.header).toEqual(['param', 'estimate', 'std_error']);
    expect(csv.rows.map((r) => r[0])).toEqual(['r', 'alpha', 'a', 'b']);
    for (const kind of ['mbg-nbd', 'pareto-nbd', 'gamma-gamma']) {
      const r = await run(['fit', TX, '--kind', kind, '--observation-end', '2024-12-31'], dir);
      expect(r.code, kind).toBe(0);
      expect(modelFromJSON(JSON.parse(r.stdout)).kind).toBe(kind);
    }
  });

  it('bad flags are usage errors; bad data is exit 1', async () => {
    expect((await run(['fit', TX, '--kind', 'lifetimes', '--observation-end', '2024-12-31'], dir)).code).toBe(2);
    expect((await run(['fit', TX, '--penalizer', '-1', '--observation-end', '2024-12-31'], dir)).code).toBe(2);
    const early = await run(['fit', TX, '--observation-end', '2022-01-01'], dir);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/EMPTY_INPUT/);
  });
});

describe('clvkit fit --kind bg-bb and --kind sbg (row tables, issue 17)', () => {
  it('fits BG/BB on weighted patterns and sBG on weighted tenure rows, as the library does', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'tenure.csv'), 'periods,churned,customers\n1,1,369\n2,1,163\n3,1,86\n4,1,56\n5,1,37\n6,1,27\n7,1,21\n7,0,241\n');
    const sbg = await run(['fit', 'tenure.csv', '--kind', 'sbg', '--weights-col', 'customers'], dir);
    expect(sbg.code).toBe(0);
    const saved = JSON.parse(sbg.stdout) as { kind: string; params: { alpha: number; beta: number } };
    expect(saved.kind).toBe('sbg');
    // FH 2007 "regular" segment: α = 0.704, β = 1.182.
    expect(saved.params.alpha).toBeCloseTo(0.704, 3);
    expect(saved.params.beta).toBeCloseTo(1.182, 3);
    writeFileSync(join(dir, 'patterns.csv'), 'frequency,recency,periods,weights\n0,0,6,10\n1,1,6,5\n3,5,6,4\n6,6,6,8\n2,6,6,3\n');
    const bb = await run(['fit', 'patterns.csv', '--kind', 'bg-bb', '--weights-col', 'weights', '--format', 'csv'], dir);
    expect(bb.code).toBe(0);
    expect(parseCsv(bb.stdout).rows.map((r) => r[0])).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    const json = await run(['fit', 'patterns.csv', '--kind', 'bg-bb', '--weights-col', 'weights'], dir);
    expect(modelFromJSON(JSON.parse(json.stdout)).kind).toBe('bg-bb');
  });

  it('refuses transaction flags with row kinds, --weights-col with transaction kinds, and bad rows', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'bad-tenure.csv'), 'periods,churned\n1,1\n2,7\n');
    expect((await run(['fit', 'bad-tenure.csv', '--kind', 'sbg', '--observation-end', '2024-12-31'], dir)).code).toBe(2);
    expect((await run(['fit', TX, '--kind', 'bg-nbd', '--observation-end', '2024-12-31', '--weights-col', 'w'], dir)).code).toBe(2);
    const bad = await run(['fit', 'bad-tenure.csv', '--kind', 'sbg'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/INVALID_VALUE.*churned/);
  });
});
