import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { parseCsv, run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = workDir());
});
afterAll(() => cleanup());

describeWithSharedData('clvkit score and report on a transaction log (CDNOW master, transactions only)', () => {
  it('score writes all 23,570 customers with P(alive) and CLV, and lists the skipped snapshot analyses', async () => {
    const r = await run(['score', sharedFile('cdnow_master_transactions.csv'), '--date-format', 'YYYYMMDD', '--clusters', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('clvkit: skipped value model: no snapshots in the book');
    const { header, rows } = parseCsv(r.stdout);
    expect(rows).toHaveLength(23570);
    const pAlive = header.indexOf('pAlive');
    const clv = header.indexOf('transactionClv');
    expect(rows.every((row) => Number(row[pAlive]) > 0 && Number(row[pAlive]) <= 1)).toBe(true);
    expect(rows.every((row) => Number.isFinite(Number(row[clv])) && row[clv] !== '')).toBe(true);
    // Most CDNOW customers never came back (frequency 0).
    const frequency = header.indexOf('frequency');
    expect(rows.filter((row) => row[frequency] === '0').length).toBeGreaterThan(10_000);
  }, 20_000);

  it('report writes Pareto, RFM, clusters, the model fit with its holdout, and CLV; the skipped parts listed', async () => {
    const r = await run(['report', sharedFile('cdnow_master_transactions.csv'), '--date-format', 'YYYYMMDD', '--out', 'cdnow.html'], dir);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'cdnow.html'), 'utf8');
    for (const id of ['concentration', 'rfm', 'clusters', 'model', 'clv']) expect(html, id).toContain(`<section id="${id}"`);
    expect(html).toMatch(/[Hh]oldout/);
    expect(html).toContain('Skipped on this data');
    expect(html).toContain('value model');
    expect(html).not.toContain('<section id="value-matrix"');
  }, 20_000);
});
