import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCsv, run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = workDir());
});
afterAll(() => cleanup());

it('report on a book in its own words: tiers and the value matrix, its currency; --bands, --margin, --peer-group', async () => {
  const r = await run(['report', '--book', 'fixtures/own-vocabulary/book.json', '--out', 'own.html'], dir);
  expect(r.code).toBe(0);
  const html = readFileSync(join(dir, 'own.html'), 'utf8');
  expect(html).toContain('<section id="value-matrix"');
  expect(html).toContain('<section id="tiers"');
  expect(html).toContain('EUR');
  // Tier bands in the book's own currency; the margin assumption for a book without revenue; a peer group by name.
  writeFileSync(
    join(dir, 'bands.json'),
    JSON.stringify([
      { key: 'base', label: 'Base', labelZh: '基础', serviceLevel: 'Digital', serviceLevelZh: '线上', lower: 0, upper: 50_000 },
      { key: 'top', label: 'Top', labelZh: '顶级', serviceLevel: 'Adviser', serviceLevelZh: '顾问', lower: 50_000, upper: null },
    ]),
  );
  const scored = await run(
    [
      'score',
      '--book',
      'fixtures/own-vocabulary/book.json',
      '--bands',
      'bands.json',
      '--peer-group',
      'area',
      '--transaction-model',
      'pareto-nbd',
      '--time-unit',
      'day',
      '--clusters',
      '0',
      '--save-model',
      'm.json',
    ],
    dir,
  );
  expect(scored.code).toBe(0);
  const { header, rows } = parseCsv(scored.stdout);
  expect(new Set(rows.map((row) => row[header.indexOf('tier')]))).toEqual(new Set(['base', 'top', '']));
  const model = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as {
    settings: { peerGroup: unknown; timeUnit: string };
    transactionModel: { kind: string };
  };
  expect(model.settings).toMatchObject({ peerGroup: { attribute: 'area' }, timeUnit: 'day' });
  expect(model.transactionModel.kind).toBe('pareto-nbd');
  const bad = await run(['score', '--book', 'fixtures/own-vocabulary/book.json', '--peer-group', 'nope'], dir);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/MISSING_COLUMN.*nope/);
  writeFileSync(
    join(dir, 's.csv'),
    'customer_id,month,deposits,wealth,loans\nA,2024-01,1200,0,0\nB,2024-01,2400,0,0\nA,2024-02,1200,0,0\nB,2024-02,2400,0,0\n',
  );
  writeFileSync(join(dir, 'm2.json'), JSON.stringify({ snapshots: { path: 's.csv' } }));
  const margin = await run(['score', '--book', 'm2.json', '--margin', '0.12', '--clusters', '0', '--format', 'json'], dir);
  expect(margin.code).toBe(0);
  const out = JSON.parse(margin.stdout) as { diagnostics: { revenue: unknown }; customers: { currentContribution: number }[] };
  expect(out.diagnostics.revenue).toEqual({ source: 'margin', annualMargin: 0.12 });
  // 0.12 a year on 1,200 → 12 a month; the current contribution is the recent months' mean.
  expect(out.customers[0]!.currentContribution).toBeCloseTo(12, 9);
}, 20_000);
