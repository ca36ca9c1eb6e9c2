/**
 * Benchmark: streaming memory of `summarizeCustomers(streamTransactions(...))` over 20 million rows
 * generated on the fly (no file), RSS sampled every 50 ms. Prints the workload, wall time,
 * throughput, peak RSS and the RSS at 5M / 10M / 15M / 20M rows. Memory should stay flat once the
 * customers have been seen: the summary keeps a few numbers per customer and 64-day bitmaps of
 * their purchase days (at most ⌈span / 64⌉ + 1 blocks of 16 bytes per customer), nothing per row.
 *
 *   npx tsx bench/stream-memory.ts                      # 20M rows, 200,000 customers × 30 days
 *   npx tsx bench/stream-memory.ts --rows 50000000 --customers 1000000 --days 730   # npm run bench -- --large
 */
import { parseArgs } from 'node:util';
import { streamTransactions } from '../src/io/stream-transactions.js';
import { summarizeCustomers } from '../src/io/summarize-customers.js';
import { generatedRows } from '../test/load/generated-rows.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000000' },
    customers: { type: 'string', default: '200000' },
    days: { type: 'string', default: '30' },
  },
});
const rows = Number(values.rows);
const customers = Number(values.customers);
const days = Number(values.days);

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const marks = new Map<number, number>();
const wanted = [0.25, 0.5, 0.75, 1].map((f) => Math.round(rows * f));
const startRss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const start = performance.now();
const stream = streamTransactions(
  generatedRows({
    rows,
    customers,
    days,
    rowsPerChunk: 50_000,
    onRows: (n) => {
      for (const w of wanted) if (n >= w && !marks.has(w)) marks.set(w, process.memoryUsage().rss);
    },
  }),
);
const summary = await summarizeCustomers(stream, { observationEnd: '2025-12-31', timeUnit: 'week' });
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

console.log('workload       summarizeCustomers(streamTransactions(generator)), weekly, same-day merging');
console.log(`input          ${rows.toLocaleString('en-US')} generated rows (${customers.toLocaleString('en-US')} customers × ${days} days; no file)`);
console.log(`rows           ${stream.stats.read.toLocaleString('en-US')} read, ${stream.stats.accepted.toLocaleString('en-US')} accepted`);
console.log(`customers      ${summary.length.toLocaleString('en-US')}`);
console.log(`wall time      ${(wallMs / 1000).toFixed(1)} s`);
console.log(`CPU time       ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user + system)`);
console.log(`throughput     ${Math.round(rows / (wallMs / 1000)).toLocaleString('en-US')} rows/s`);
console.log(`RSS at start   ${mb(startRss)}`);
for (const w of wanted) console.log(`RSS at ${`${(w / 1e6).toFixed(w % 1e6 === 0 ? 0 : 1)}M`.padEnd(7)} ${mb(marks.get(w) ?? Number.NaN)}`);
console.log(`peak RSS       ${mb(peakRss)} (sampled every 50 ms), maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
console.log(`machine        ${process.platform} ${process.arch}, Node ${process.version}`);
