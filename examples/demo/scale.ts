/**
 * Demo section `scale`: the per-customer summary computed where the data lives. Prints the warehouse SQL
 * that `summarySql` writes for the fixture's transactions table, runs the same aggregation inside DuckDB
 * (when the optional peer `@duckdb/node-api` is installed) and checks it against the in-process summary.
 */
import { join, relative } from 'node:path';
import { summarizeCustomersDuckDb } from '../../src/duckdb/index.js';
import { isClvkitError } from '../../src/errors.js';
import { summarySql } from '../../src/sql/summary-sql.js';
import type { DemoContext } from './context.js';
import { formatNumber } from './format.js';

export async function run(ctx: DemoContext): Promise<void> {
  const { summary, print, fixtureDir } = ctx;
  print.heading('At warehouse scale: the same summary as SQL, and inside DuckDB');
  const period = { observationEnd: summary.observationEnd, timeUnit: summary.timeUnit } as const;

  const sql = summarySql({ ...period, table: 'bank.transactions', dialect: 'postgres' });
  const lines = sql.split('\n');
  print.line(`summarySql writes one statement per dialect (duckdb, postgres, spark, trino, bigquery); PostgreSQL, ${lines.length} lines, begins:`);
  for (const line of lines.slice(0, 6)) print.line(`  ${line}`);
  print.line('  …');

  const file = relative(process.cwd(), join(fixtureDir, 'transactions.csv'));
  const started = performance.now();
  let inDuckDb: Awaited<ReturnType<typeof summarizeCustomersDuckDb>>;
  try {
    inDuckDb = await summarizeCustomersDuckDb(file, period);
  } catch (error) {
    if (isClvkitError(error, 'MISSING_DEPENDENCY')) {
      print.line('DuckDB is an optional peer dependency and is not installed here (npm i @duckdb/node-api): skipped.');
      return;
    }
    throw error;
  }
  const ms = performance.now() - started;

  // DuckDB returns customers sorted by id; the in-process summary is in order of first appearance.
  const row = new Map<string, number>();
  inDuckDb.customerId.forEach((id, i) => row.set(id, i));
  let worst = 0;
  let missing = 0;
  for (let i = 0; i < summary.length; i++) {
    const j = row.get(summary.customerId[i]!);
    if (j === undefined) {
      missing++;
      continue;
    }
    for (const column of ['frequency', 'recency', 'T', 'monetaryValue'] as const) {
      worst = Math.max(worst, Math.abs(summary[column][i]! - inDuckDb[column][j]!));
    }
  }
  print.line(
    `DuckDB summarised ${formatNumber(inDuckDb.length)} customers from ${file} in ${formatNumber(ms)} ms; ` +
      `against the in-process summary: ${missing} missing, largest difference in frequency/recency/T/monetary value ${worst.toExponential(1)}.`,
  );
  print.line('On a warehouse: run the SQL there, stream the rows back with readSummaries, then fit and score here.');
}
