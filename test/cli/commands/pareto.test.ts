import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, ROOT, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

/** Gini by brute force: Σ_i Σ_j |x_i − x_j| / (2 n² mean). */
function bruteGini(x: number[]): number {
  let s = 0;
  for (const a of x) for (const b of x) s += Math.abs(a - b);
  const mean = x.reduce((p, v) => p + v, 0) / x.length;
  return s / (2 * x.length * x.length * mean);
}

function totalsByCustomer(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of readFileSync(join(ROOT, TX), 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const [id, , amount] = line.split(',');
    totals.set(id!, (totals.get(id!) ?? 0) + Number(amount));
  }
  return totals;
}

describe('clvkit pareto', () => {
  it('summary: total and Gini match a brute-force computation from the raw file', async () => {
    const r = await run(['pareto', TX, '--observation-end', '2024-12-31'], dir);
    expect(r.code).toBe(0);
    const metrics = Object.fromEntries(parseCsv(r.stdout).rows.map(([k, v]) => [k!, Number(v)]));
    const totals = [...totalsByCustomer().values()];
    expect(metrics.customers).toBe(totals.length);
    expect(metrics.total_value).toBeCloseTo(
      totals.reduce((a, b) => a + b, 0),
      3,
    );
    expect(metrics.gini).toBeCloseTo(bruteGini(totals), 10);
  });

  it('customers view: the A class is the Pareto point and holds ≥ 80% of the value', async () => {
    const summary = Object.fromEntries(
      parseCsv((await run(['pareto', TX, '--observation-end', '2024-12-31'], dir)).stdout).rows.map(([k, v]) => [k!, Number(v)]),
    );
    const { header, rows } = parseCsv((await run(['pareto', TX, '--observation-end', '2024-12-31', '--view', 'customers'], dir)).stdout);
    expect(header).toEqual(['customer_id', 'value', 'abc_class', 'in_pareto_point']);
    const a = rows.filter((r) => r[2] === 'A');
    expect(a.length).toBe(summary.pareto_customers);
    expect(rows.filter((r) => r[3] === 'true').map((r) => r[0])).toEqual(a.map((r) => r[0]));
    const aValue = a.reduce((s, r) => s + Number(r[1]), 0);
    expect(aValue / summary.total_value!).toBeGreaterThanOrEqual(0.8);
  });

  it('JSON summary is the whole analysis without per-customer arrays', async () => {
    const r = await run(['pareto', TX, '--observation-end', '2024-12-31', '--format', 'json'], dir);
    const j = JSON.parse(r.stdout) as {
      gini: number;
      topShares: unknown[];
      abc: { classes: unknown[] };
      paretoPoint: Record<string, unknown>;
      lorenz: { x: number[] };
    };
    expect(j.topShares).toHaveLength(5);
    expect(j.abc.classes).toHaveLength(3);
    expect(j.paretoPoint).not.toHaveProperty('members');
    expect(j.lorenz.x).toHaveLength(101);
  });

  it('--customer-table --where month=… --value-col deposits+wealth sums the columns of that month', async () => {
    const r = await run(
      ['pareto', 'fixtures/bank/snapshots.csv', '--customer-table', '--where', 'month=2024-12', '--value-col', 'deposits+wealth', '--view', 'customers'],
      dir,
    );
    expect(r.code).toBe(0);
    const lines = readFileSync(join(ROOT, 'fixtures/bank/snapshots.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const dec = lines.filter((f) => f[1] === '2024-12');
    const { rows } = parseCsv(r.stdout);
    expect(rows).toHaveLength(dec.length);
    const first = dec[0]!;
    expect(rows[0]![0]).toBe(first[0]);
    expect(Number(rows[0]![1])).toBe(Number(first[2]) + Number(first[3]));
  });

  it('a customer table with repeated customers (no --where) is a DUPLICATE_ID error naming the file', async () => {
    const r = await run(['pareto', 'fixtures/bank/snapshots.csv', '--customer-table', '--value-col', 'deposits'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DUPLICATE_ID.*fixtures\/bank\/snapshots\.csv.*column customer_id/);
  });
});
