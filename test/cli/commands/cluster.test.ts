import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

const BASE = ['cluster', TX, '--observation-end', '2024-12-31', '--features', 'frequency,monetary_value,days_since_last_purchase'];

describe('clvkit cluster', () => {
  it('k = 3: every customer in one of 3 labelled segments, reproducible for a seed', async () => {
    const a = await run([...BASE, '--k', '3', '--seed', '7'], dir);
    const b = await run([...BASE, '--k', '3', '--seed', '7'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const { header, rows } = parseCsv(a.stdout);
    expect(header).toEqual(['customer_id', 'segment', 'label']);
    expect(rows).toHaveLength(5000);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['0', '1', '2']));
  });

  it('segments view: sizes add up and agree with the per-customer view; labels use readable feature names', async () => {
    const seg = parseCsv((await run([...BASE, '--k', '3', '--view', 'segments'], dir)).stdout);
    const per = parseCsv((await run([...BASE, '--k', '3'], dir)).stdout);
    expect(seg.header.slice(0, 5)).toEqual(['segment', 'label', 'label_zh', 'customers', 'share']);
    for (const row of seg.rows) expect(Number(row[3])).toBe(per.rows.filter((r) => r[1] === row[0]).length);
    expect(seg.rows.map((r) => r[1]).join(' ')).not.toMatch(/days_since_last_purchase|monetary_value/);
  });

  it('bad --k is a usage error', async () => {
    for (const k of ['x', '3.5']) {
      const r = await run([...BASE, '--k', k], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/option '--k'/);
    }
  });

  it('--threads reaches segmentCustomers: accepted (one thread below 100,000 customers, same output), bad counts refused', async () => {
    const one = await run([...BASE, '--k', '3', '--seed', '7'], dir);
    const two = await run([...BASE, '--k', '3', '--seed', '7', '--threads', '2'], dir);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    for (const t of ['0', '1.5', 'x']) {
      const r = await run([...BASE, '--k', '3', '--threads', t], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/option '--threads'/);
    }
  });
});
