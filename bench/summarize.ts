/**
 * Benchmark: summarise a 7.4-million-row transactions CSV (~170 MB, ~1M customers, date-ordered
 * like a bank export) in one streaming pass: `summarizeCustomers(streamTransactions(file), ...)`.
 * Prints workload, wall time, rows/s and peak RSS (sampled, and the OS's maxRSS).
 * Reference point: pandas + lifetimes' summary_data_from_transaction_data, ~13 s on this size.
 *
 *   npx tsx bench/summarize.ts            # generates bench/.data/transactions-7m.csv once
 */
import { fileURLToPath } from 'node:url';
import { streamTransactions } from '../src/io/stream-transactions.js';
import { summarizeCustomers } from '../src/io/summarize-customers.js';
import { ensureBenchData } from './summarize-data.js';

const path = fileURLToPath(new URL('./.data/transactions-7m.csv', import.meta.url));
const t0 = performance.now();
const data = ensureBenchData(path);
const genMs = performance.now() - t0;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const cpu0 = process.cpuUsage();
const start = performance.now();
const rows = streamTransactions(path);
const summary = await summarizeCustomers(rows, { observationEnd: '1998-06-30', timeUnit: 'week' });
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log('workload       summarizeCustomers(streamTransactions(csv)), weekly, same-day merging');
console.log(`input          ${path} (${mb(data.bytes)}${genMs > 1000 ? `, generated in ${(genMs / 1000).toFixed(1)} s` : ', cached'})`);
console.log(`rows           ${rows.stats.read.toLocaleString('en-US')} read, ${rows.stats.accepted.toLocaleString('en-US')} accepted`);
console.log(`customers      ${summary.length.toLocaleString('en-US')}`);
console.log(`wall time      ${(wallMs / 1000).toFixed(2)} s`);
console.log(`CPU time       ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user + system; wall time inflates when the cores are shared)`);
console.log(`throughput     ${Math.round(rows.stats.read / (wallMs / 1000)).toLocaleString('en-US')} rows/s`);
console.log(`peak RSS       ${mb(peakRss)} (sampled every 50 ms), maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
const os = await import('node:os');
console.log(`machine        node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
