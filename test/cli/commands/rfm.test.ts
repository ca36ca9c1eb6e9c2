import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

describe('clvkit rfm', () => {
  it('scores every customer 1..5 with a consistent cell and a named segment', async () => {
    const r = await run(['rfm', TX, '--observation-end', '2024-12-31'], dir);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual(['customer_id', 'recency_days', 'frequency', 'monetary', 'r', 'f', 'm', 'cell', 'total_score', 'segment']);
    expect(rows).toHaveLength(5000);
    for (const row of rows) {
      const [r_, f, m] = [row[4]!, row[5]!, row[6]!];
      expect(row[7]).toBe(`${r_}${f}${m}`);
      expect(Number(row[8])).toBe(Number(r_) + Number(f) + Number(m));
      expect(Number(r_)).toBeGreaterThanOrEqual(1);
      expect(Number(r_)).toBeLessThanOrEqual(5);
    }
    // Recency scores never go up as the days since the last purchase grow.
    const byDays = [...rows].sort((a, b) => Number(a[1]) - Number(b[1]));
    for (let i = 1; i < byDays.length; i++) expect(Number(byDays[i]![4])).toBeLessThanOrEqual(Number(byDays[i - 1]![4]));
  });

  it('the segment table counts every customer once and agrees with the per-customer view', async () => {
    const seg = parseCsv((await run(['rfm', TX, '--observation-end', '2024-12-31', '--view', 'segments'], dir)).stdout);
    const per = parseCsv((await run(['rfm', TX, '--observation-end', '2024-12-31'], dir)).stdout);
    const counts = new Map<string, number>();
    for (const row of per.rows) counts.set(row[9]!, (counts.get(row[9]!) ?? 0) + 1);
    let total = 0;
    for (const row of seg.rows) {
      total += Number(row[3]);
      expect(Number(row[3])).toBe(counts.get(row[0]!) ?? 0);
    }
    expect(total).toBe(5000);
  });

  it('--bins 3 scores 1..3 without segments; --view segments then is a usage error', async () => {
    const r = parseCsv((await run(['rfm', TX, '--observation-end', '2024-12-31', '--bins', '3'], dir)).stdout);
    expect(r.header).not.toContain('segment');
    expect(new Set(r.rows.map((x) => x[4]))).toEqual(new Set(['1', '2', '3']));
    const bad = await run(['rfm', TX, '--observation-end', '2024-12-31', '--bins', '3', '--view', 'segments'], dir);
    expect(bad.code).toBe(2);
    const range = await run(['rfm', TX, '--observation-end', '2024-12-31', '--bins', '12'], dir);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/option '--bins'/);
  });
});
