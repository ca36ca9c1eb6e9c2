/**
 * Benchmark: one-call scoring (`scoreCustomers`) of simulated bank books — 50,000 and 200,000 customers ×
 * 24 months by default (simulateBank, seed 2026) — with the wall time of every stage: the fitting pass
 * (summary, transaction-model fit, Gamma-Gamma fit, RFM breakpoints, k-means, the value model, matrix
 * thresholds) and the scoring pass that applies the fitted model (RFM, behaviour, tags, cluster
 * assignment, CLV, value decomposition, matrix), plus `toRecords()` and `toCsv()`. Prints one table per
 * size: stage, wall time, share of the scoreCustomers call; then workload, size, wall time, throughput and
 * peak memory (process.resourceUsage().maxRSS of a fresh child process per size, data generation included).
 *
 *   npx tsx bench/scoring.ts                  # 50,000 and 200,000 customers
 *   npx tsx bench/scoring.ts 20000            # one size
 *   npx tsx bench/scoring.ts 50000 --model pareto-nbd
 *
 * The last line of each size is `BENCH_RESULT {...}` (read by bench/run.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scoreCustomersTimed } from '../src/scoring/score-customers.js';
import type { ScoringTransactionModel } from '../src/scoring/score-customers.js';
import { latestSnapshot } from '../src/simulate/latest-snapshot.js';
import { simulateBank } from '../src/simulate/simulate-bank.js';
import { assignTiers } from '../src/tiers/assign-tiers.js';

const args = process.argv.slice(2);
const modelAt = args.indexOf('--model');
const transactionModel = (modelAt >= 0 ? args[modelAt + 1] : 'bg-nbd') as ScoringTransactionModel;
const sizes = args.filter((a, i) => /^\d+$/.test(a) && (modelAt < 0 || i !== modelAt + 1)).map(Number);
const months = 24;

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function runOne(customers: number): void {
  const t0 = performance.now();
  const book = simulateBank({ customers, months, seed: 2026 });
  const simulateMs = performance.now() - t0;
  const stages: [string, number][] = [];
  const start = performance.now();
  const scores = scoreCustomersTimed(book, { transactionModel }, (stage, ms) => stages.push([stage, ms]));
  const totalMs = performance.now() - start;
  const r0 = performance.now();
  const records = scores.toRecords();
  const recordsMs = performance.now() - r0;
  const c0 = performance.now();
  const csv = scores.toCsv();
  const csvMs = performance.now() - c0;
  // Tiers are assigned inside the value decomposition (AUM of the as-of month); timed here on their own.
  const aum = latestSnapshot(book.snapshots, { customers }).aum;
  const k0 = performance.now();
  assignTiers(aum, {});
  const tiersMs = performance.now() - k0;
  const peakMB = process.resourceUsage().maxRSS / 1024;

  console.log(
    `\nscoreCustomers: ${customers.toLocaleString('en-US')} customers × ${months} months, ${book.snapshots.length.toLocaleString('en-US')} snapshot rows, ` +
      `${book.transactions.length.toLocaleString('en-US')} transactions (simulated in ${(simulateMs / 1000).toFixed(1)} s, not timed); transaction model ${transactionModel}`,
  );
  const timed = stages.reduce((s, [, ms]) => s + ms, 0);
  const rows: [string, number][] = [...stages, ['(other: option parsing, model JSON round trip)', totalMs - timed]];
  console.log(`${pad('stage', 48)} ${pad('wall ms', 10, true)} ${pad('share', 7, true)}`);
  for (const [stage, ms] of rows) console.log(`${pad(stage, 48)} ${pad(ms.toFixed(0), 10, true)} ${pad(`${((100 * ms) / totalMs).toFixed(1)}%`, 7, true)}`);
  console.log(`${pad('scoreCustomers total', 48)} ${pad(totalMs.toFixed(0), 10, true)} ${pad('100%', 7, true)}`);
  console.log(`${pad('tiers: assignTiers alone (inside value fit)', 48)} ${pad(tiersMs.toFixed(0), 10, true)}`);
  console.log(`${pad('toRecords() (outside the call)', 48)} ${pad(recordsMs.toFixed(0), 10, true)}`);
  console.log(`${pad(`toCsv() (outside the call, ${(csv.length / 1e6).toFixed(0)} MB)`, 48)} ${pad(csvMs.toFixed(0), 10, true)}`);
  console.log(
    `workload: scoreCustomers | size: ${customers} customers × ${months} months | wall: ${(totalMs / 1000).toFixed(2)} s | ` +
      `throughput: ${Math.round(customers / (totalMs / 1000)).toLocaleString('en-US')} customers/s | peak RSS: ${peakMB.toFixed(0)} MB | records: ${records.length}`,
  );
  console.log(
    `BENCH_RESULT ${JSON.stringify({ wallSeconds: totalMs / 1000, count: customers, peakMB, stages: Object.fromEntries(stages.map(([s, ms]) => [s, Math.round(ms)])) })}`,
  );
}

if (sizes.length === 1) {
  runOne(sizes[0]!);
} else {
  // One fresh process per size, so each size's peak memory is its own.
  const script = fileURLToPath(import.meta.url);
  for (const size of sizes.length > 0 ? sizes : [50_000, 200_000]) {
    const child = spawnSync(process.execPath, [...process.execArgv, script, String(size), '--model', transactionModel], { stdio: 'inherit' });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
