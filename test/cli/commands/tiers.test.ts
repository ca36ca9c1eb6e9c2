import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, ROOT, run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

const SNAP = 'fixtures/bank/snapshots.csv';
const AUM = ['--customer-table', '--where', 'month=2024-12', '--value-col', 'deposits+wealth'];

/** AUM (deposits + wealth) of every customer on the book in December 2024, from the raw file. */
function decemberAum(): number[] {
  return readFileSync(join(ROOT, SNAP), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[1] === '2024-12')
    .map((f) => Number(f[2]) + Number(f[3]));
}

describe('clvkit tiers', () => {
  it('default CNY bands: counts match thresholds applied by hand (20万, 100万, 200万, 600万)', async () => {
    const r = await run(['tiers', SNAP, ...AUM, '--view', 'tiers'], dir);
    expect(r.code).toBe(0);
    const { rows } = parseCsv(r.stdout);
    const aum = decemberAum();
    const cuts = [200_000, 1_000_000, 2_000_000, 6_000_000];
    const expected = [0, 0, 0, 0, 0];
    for (const v of aum) expected[cuts.filter((c) => v >= c).length]! += 1;
    expect(rows.map((x) => Number(x[5]))).toEqual(expected);
    expect(rows.map((x) => x[0])).toEqual(['mass', 'affluent', 'premier', 'high_net_worth', 'private_banking']);
  });

  it('per-customer view and custom bands from a JSON file (open ends as "-Infinity"/"Infinity")', async () => {
    const bands = [
      { key: 'small', label: 'Small', labelZh: '小', lower: '-Infinity', upper: 100000, serviceLevel: 'app', serviceLevelZh: '应用' },
      { key: 'big', label: 'Big', labelZh: '大', lower: 100000, upper: 'Infinity', serviceLevel: 'banker', serviceLevelZh: '客户经理' },
    ];
    writeFileSync(join(dir, 'bands.json'), JSON.stringify(bands));
    const r = await run(['tiers', SNAP, ...AUM, '--bands', 'bands.json', '--currency', 'EUR'], dir);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['customer_id', 'value', 'tier', 'tier_label']);
    for (const row of rows) expect(row[2]).toBe(Number(row[1]) < 100000 ? 'small' : 'big');

    writeFileSync(join(dir, 'gap.json'), JSON.stringify([{ ...bands[0], upper: 50000 }, bands[1]]));
    const gap = await run(['tiers', SNAP, ...AUM, '--bands', 'gap.json'], dir);
    expect(gap.code).toBe(1);
    expect(gap.stderr).toMatch(/INVALID_CONFIG/);
    writeFileSync(join(dir, 'broken.json'), '[{');
    expect((await run(['tiers', SNAP, ...AUM, '--bands', 'broken.json'], dir)).stderr).toMatch(/not valid JSON.*broken\.json/);
  });
});
