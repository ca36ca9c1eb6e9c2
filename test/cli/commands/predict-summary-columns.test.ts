// `clvkit predict --from-summary` reads a summary whose columns carry other names (--frequency-col, --recency-col,
// --t-col, --monetary-col), and refuses those flags where they cannot apply.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

const SOURCE = join(process.cwd(), 'fixtures/clv/summary-covariates.csv');

describe('clvkit predict --from-summary with renamed columns', () => {
  it('gives exactly the predictions of the same summary under the default names', async () => {
    const text = readFileSync(SOURCE, 'utf8');
    writeFileSync(join(dir, 'plain.csv'), text);
    // Same rows, the four columns renamed and moved: the reader must find them by name, not by position.
    const [header, ...rows] = text.trim().split('\n');
    expect(header).toBe('customer_id,frequency,recency,T,monetary_value,age_z,vip');
    const renamed = [
      'age_z,x,t_x,tenure,id,avg_spend',
      ...rows.map((r) => {
        const [id, f, rec, t, m, age] = r.split(',');
        return [age, f, rec, t, id, m].join(',');
      }),
    ];
    writeFileSync(join(dir, 'renamed.csv'), `${renamed.join('\n')}\n`);
    expect((await run(['fit', 'plain.csv', '--from-summary', '--time-unit', 'week', '--out', 'm.json'], dir)).code).toBe(0);
    expect((await run(['fit', 'plain.csv', '--from-summary', '--time-unit', 'week', '--kind', 'gamma-gamma', '--out', 'gg.json'], dir)).code).toBe(0);
    const plain = await run(['predict', 'plain.csv', '--from-summary', '--model', 'm.json', '--spend-model', 'gg.json', '--format', 'csv'], dir);
    expect(plain.code).toBe(0);
    const flags = ['--frequency-col', 'x', '--recency-col', 't_x', '--t-col', 'tenure', '--monetary-col', 'avg_spend', '--customer-id-col', 'id'];
    const named = await run(['predict', 'renamed.csv', '--from-summary', '--model', 'm.json', '--spend-model', 'gg.json', '--format', 'csv', ...flags], dir);
    expect(named.stderr).toBe('');
    expect(named.code).toBe(0);
    expect(named.stdout).toBe(plain.stdout);
    expect(plain.stdout.split('\n').length).toBeGreaterThan(rows.length);
    // Without the flags the renamed file has no frequency column: an error naming the column and the file.
    const missing = await run(['predict', 'renamed.csv', '--from-summary', '--model', 'm.json', '--customer-id-col', 'id'], dir);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/frequency/);
    expect(missing.stderr).toMatch(/renamed\.csv/);
  }, 30_000);

  it('refuses the column flags without --from-summary, and for an sBG model (usage error, exit 2)', async () => {
    writeFileSync(join(dir, 'plain.csv'), readFileSync(SOURCE, 'utf8'));
    expect((await run(['fit', 'plain.csv', '--from-summary', '--time-unit', 'week', '--out', 'm.json'], dir)).code).toBe(0);
    const r = await run(['predict', 'fixtures-unused.csv', '--model', 'm.json', '--frequency-col', 'x', '--recency-col', 'y'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'--frequency-col', '--recency-col': need '--from-summary'");
    writeFileSync(join(dir, 'sbg-rows.csv'), 'periods,churned,customers\n1,1,131\n2,1,126\n3,0,743\n');
    expect((await run(['fit', 'sbg-rows.csv', '--kind', 'sbg', '--weights-col', 'customers', '--out', 'sbg.json'], dir)).code).toBe(0);
    const s = await run(['predict', 'sbg-rows.csv', '--model', 'sbg.json', '--frequency-col', 'x'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('--frequency-col');
    expect(s.stderr).toContain('not for an sBG model');
  }, 30_000);
});
