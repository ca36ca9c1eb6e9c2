/**
 * Benchmark: summarise the 7.4-million-row transactions CSV of bench/summarize.ts inside DuckDB
 * (`summarizeCustomersDuckDb`, the summarySql statement, dialect duckdb) and bring the ~1M customer
 * rows back as a CustomerSummary. Also times the statement alone inside DuckDB (no transfer to
 * JavaScript), the figure comparable to "DuckDB's own SQL". Target: under 2 s end to end.
 *
 *   npx tsx bench/duckdb.ts [customers]   # default 1,000,000 customers (~7.4M rows); data cached in bench/.data/
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { summarizeCustomersDuckDb } from '../src/duckdb/index.js';
import { loadDuckDb } from '../src/duckdb/load-duckdb.js';
import { summarySql } from '../src/sql/summary-sql.js';
import { ensureBenchData } from './summarize-data.js';

const customers = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const name = customers === 1_000_000 ? 'transactions-7m.csv' : `transactions-${customers}c.csv`;
const path = fileURLToPath(new URL(`./.data/${name}`, import.meta.url));
const data = ensureBenchData(path, customers);
const options = { observationEnd: '1998-06-30', timeUnit: 'week' } as const;

// Warm-up: load the native module once (not counted; a CLI pays it once per process).
await loadDuckDb();

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const load = loadavg()[0]!;
const cpuStart = process.cpuUsage();
const start = performance.now();
const summary = await summarizeCustomersDuckDb(path, options);
const wallMs = performance.now() - start;
const cpu = cpuSeconds(cpuStart);

// The statement alone, inside DuckDB: aggregate into a temp table, nothing crosses into JavaScript.
const duck = await loadDuckDb();
const instance = await duck.DuckDBInstance.create(':memory:');
const connection = await instance.connect();
// The same typed CSV read the engine uses for a file with one date format.
const csv = `read_csv('${path.replace(/'/g, "''")}', header = true, types = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'}, dateformat = '%Y%m%d')`;
await connection.run(`CREATE TEMP VIEW tx AS SELECT * FROM ${csv}`);
const sqlCpuStart = process.cpuUsage();
const sqlStart = performance.now();
await connection.run(`CREATE TEMP TABLE summary AS ${summarySql({ ...options, table: 'tx', dialect: 'duckdb', dateFormat: 'date' })}`);
const sqlMs = performance.now() - sqlStart;
const sqlCpu = cpuSeconds(sqlCpuStart);
// The floor: one GROUP BY customer over the same typed read (what any per-customer summary must at least do).
const floorCpuStart = process.cpuUsage();
const floorStart = performance.now();
await connection.run(
  'CREATE TEMP TABLE floor AS SELECT customer_id, count(*) AS n, sum(amount) AS total, min("date") AS first, max("date") AS last FROM tx GROUP BY customer_id',
);
const floorMs = performance.now() - floorStart;
const floorCpu = cpuSeconds(floorCpuStart);
const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM tx')).getColumns()[0]![0]);
connection.closeSync();
instance.closeSync();

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log('workload       summarizeCustomersDuckDb(csv), weekly, same-day merging');
console.log(`input          ${path} (${mb(data.bytes)})`);
console.log(`rows           ${rows.toLocaleString('en-US')}`);
console.log(`customers      ${summary.length.toLocaleString('en-US')}`);
console.log(`load average   ${load.toFixed(2)} (1 min, at start; 2 cores)`);
console.log(
  `wall time      ${(wallMs / 1000).toFixed(2)} s, CPU ${cpu.toFixed(2)} s (CSV scan + aggregation + ${summary.length.toLocaleString('en-US')} rows into typed arrays)`,
);
console.log(`SQL only       ${(sqlMs / 1000).toFixed(2)} s, CPU ${sqlCpu.toFixed(2)} s (the portable statement into a DuckDB temp table)`);
console.log(`floor          ${(floorMs / 1000).toFixed(2)} s, CPU ${floorCpu.toFixed(2)} s (one GROUP BY customer_id, no same-day merging)`);
console.log(`throughput     ${Math.round(rows / (wallMs / 1000)).toLocaleString('en-US')} rows/s`);
console.log(`peak RSS       ${mb(process.resourceUsage().maxRSS * 1024)}`);
console.log(
  `BENCH_RESULT ${JSON.stringify({ wallSeconds: wallMs / 1000, cpuSeconds: cpu, count: rows, unit: 'rows', sqlSeconds: sqlMs / 1000, floorSeconds: floorMs / 1000, loadAverage: load })}`,
);
