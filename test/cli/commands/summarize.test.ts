import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, ROOT, run, TX, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

/** Brute force from the raw fixture lines: one customer's distinct days and total. */
function bruteForce(id: string, end: string): { days: string[]; total: number; rows: number } {
  const lines = readFileSync(join(ROOT, TX), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.startsWith(`${id},`));
  const kept = lines.map((l) => l.split(',')).filter((f) => f[1]! <= end);
  return { days: [...new Set(kept.map((f) => f[1]!))].sort(), total: kept.reduce((s, f) => s + Number(f[2]), 0), rows: kept.length };
}

describe('clvkit summarize', () => {
  it('one row per customer of the fixture, matching a brute-force count from the raw file', async () => {
    const r = await run(['summarize', TX, '--observation-end', '2024-12-31', '--time-unit', 'day'], dir);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.stdout);
    expect(header).toEqual([
      'customer_id',
      'frequency',
      'recency',
      'T',
      'monetary_value',
      'transaction_count',
      'total_amount',
      'days_since_last_purchase',
      'first_purchase',
      'last_purchase',
    ]);
    expect(rows).toHaveLength(5000);
    for (const id of ['C000001', 'C000777', 'C004999']) {
      const row = rows.find((x) => x[0] === id)!;
      const get = (name: string): string => row[header.indexOf(name)]!;
      const b = bruteForce(id, '2024-12-31');
      expect(Number(get('frequency'))).toBe(b.days.length - 1);
      expect(Number(get('transaction_count'))).toBe(b.rows);
      expect(Number(get('total_amount'))).toBeCloseTo(b.total, 6);
      expect(get('first_purchase')).toBe(b.days[0]);
      expect(get('last_purchase')).toBe(b.days[b.days.length - 1]);
      const dayMs = 86_400_000;
      expect(Number(get('recency'))).toBe((Date.parse(b.days[b.days.length - 1]!) - Date.parse(b.days[0]!)) / dayMs);
      expect(Number(get('days_since_last_purchase'))).toBe((Date.parse('2024-12-31') - Date.parse(b.days[b.days.length - 1]!)) / dayMs);
    }
  });

  it('--calibration-end adds the holdout columns; JSON gives the same rows', async () => {
    const argv = ['summarize', TX, '--observation-end', '2024-12-31', '--calibration-end', '2024-06-30'];
    const csv = parseCsv((await run(argv, dir)).stdout);
    expect(csv.header.slice(-2)).toEqual(['holdout_frequency', 'holdout_monetary_value']);
    const json = (JSON.parse((await run([...argv, '--format', 'json'], dir)).stdout) as { customers: Record<string, unknown>[] }).customers;
    expect(json).toHaveLength(csv.rows.length);
    expect(json[0]).toEqual(
      Object.fromEntries(csv.header.map((h, i) => [h, /^(customer_id|first_purchase|last_purchase)$/.test(h) ? csv.rows[0]![i] : Number(csv.rows[0]![i])])),
    );
    const b = bruteForce(String(json[0]!.customer_id), '2024-12-31');
    const holdoutDays = b.days.filter((d) => d > '2024-06-30').length;
    expect(json[0]!.holdout_frequency).toBe(holdoutDays);
  });

  it('rows after --observation-end are counted on stderr and in the JSON output; a customer with only late rows is reported, not lost', async () => {
    const stdin = 'customer_id,date,amount\nA,2024-01-01,5\nA,2024-02-15,7\nB,2024-02-01,3\nB,2024-02-03,4\nC,2024-01-20,2\n';
    const argv = ['summarize', '-', '--observation-end', '2024-01-31'];
    const csv = await run(argv, dir, { stdin });
    expect(csv.code).toBe(0);
    expect(parseCsv(csv.stdout).rows.map((r) => r[0])).toEqual(['A', 'C']);
    expect(csv.stderr).toBe(
      'clvkit: 3 transactions dated after --observation-end 2024-01-31 left out; 1 customer has only such transactions and is not in the output\n',
    );
    const json = await run([...argv, '--format', 'json'], dir, { stdin });
    expect(JSON.parse(json.stdout)).toMatchObject({ observationEnd: '2024-01-31', customerCount: 2, transactionsAfterEnd: 3, customersOnlyAfterEnd: 1 });
    expect(json.stderr).toBe(csv.stderr);
    // Nothing late: nothing said.
    const clean = await run(['summarize', '-', '--observation-end', '2024-12-31', '--format', 'json'], dir, { stdin });
    expect(clean.stderr).toBe('');
    expect(JSON.parse(clean.stdout)).toMatchObject({ transactionsAfterEnd: 0, customersOnlyAfterEnd: 0, customerCount: 3 });
    // Every customer late: EMPTY_INPUT, and the counts still printed.
    const none = await run(['summarize', '-', '--observation-end', '2023-12-31'], dir, { stdin });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('5 transactions dated after --observation-end 2023-12-31 left out; 3 customers have only such transactions');
    expect(none.stderr).toContain('EMPTY_INPUT');
  });
});
