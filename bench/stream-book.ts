/**
 * Benchmark: streamBook's memory is bounded by the chunk, not by the book (issue 18, streaming sources), and
 * its throughput. Writes a simulated book of N customers × 24 months as sorted CSV files (`clvkit simulate
 * --out-dir`, seed 2026; generation not timed, in a child process), fits the scoring model on a 5,000-customer
 * book, then times two passes over the whole folder (chunks of `--chunk`, default 20,000):
 *
 * - read: `streamBook` alone (every chunk parsed, checked and built, nothing scored) — streamBook's throughput;
 * - end to end: `streamBook` → `scoreStream` → `writeScoresCsv` (to /dev/null).
 *
 * Each pass is repeated `--repeat` times (default 1; the median is reported). Prints wall times, throughput,
 * the process's peak RSS and the load (`uptime`), then the targets met / not met: peak RSS < 2 GB, streamBook
 * ≥ 20,000 customers/s. The files are deleted afterwards.
 *
 *   npx tsx bench/stream-book.ts 100000 --chunk 20000 --repeat 3
 *   npx tsx bench/stream-book.ts 100000 1000000      # each size in its own process; also: peak RSS flat across sizes
 *   npx tsx bench/stream-book.ts 1000000 --data /tmp/book-1m   # keep the generated book for later runs (delete it yourself)
 *   npx tsx bench/stream-book.ts 1000000 --data /tmp/book-1m --source parquet   # the same book as Parquet files, via DuckDB
 *   npx tsx bench/stream-book.ts 10000000 --read-only   # streamBook alone (no scoring pass)
 *
 * With one size the last line is `BENCH_RESULT {...}` (the end-to-end pass, as `npm run bench` reads it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BookSpec } from '../src/book/book-spec.js';
import { readBook } from '../src/book/read-book.js';
import { scoreCustomers } from '../src/scoring/score-customers.js';
import { scoreStream } from '../src/scoring/score-stream.js';
import { streamBook } from '../src/scoring/sources/stream-book.js';
import { writeScoresCsv } from '../src/scoring/write-scores.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : fallback;
};
const sizes = args.filter((a, i) => /^\d+$/.test(a) && !['--chunk', '--repeat', '--data', '--source'].includes(args[i - 1]!)).map(Number);
if (sizes.length === 0) sizes.push(50_000);
const chunkSize = Number(flag('--chunk', '20000'));
const repeat = Number(flag('--repeat', '1'));
const sourceKind = flag('--source', 'csv');
/** `--read-only`: time streamBook alone (no scoring pass); the result's wall time is then the read's. */
const readOnly = args.includes('--read-only');
if (sourceKind !== 'csv' && sourceKind !== 'parquet') throw new Error('--source is csv or parquet');
const TARGET_RATE = 20_000;
const TARGET_MB = 2048;
const load = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const root = fileURLToPath(new URL('..', import.meta.url));

if (sizes.length > 1) {
  // Each size in its own process, so each peak RSS is that size's alone; then compare the peaks.
  const results: { customers: number; peakMB: number; readRate: number; rate: number; readCpuRate: number }[] = [];
  for (const n of sizes) {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        String(n),
        '--chunk',
        String(chunkSize),
        '--repeat',
        String(repeat),
        '--source',
        sourceKind,
        ...(readOnly ? ['--read-only'] : []),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      },
    );
    process.stdout.write(child.stdout);
    const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
    if (child.status !== 0 || line === undefined) throw new Error(`the ${n}-customer run failed (exit ${child.status})`);
    const r = JSON.parse(line.slice('BENCH_RESULT '.length)) as {
      count: number;
      peakMB: number;
      readPerSecond: number;
      wallSeconds: number;
      readCpuSeconds: number;
    };
    results.push({ customers: r.count, peakMB: r.peakMB, readRate: r.readPerSecond, rate: r.count / r.wallSeconds, readCpuRate: r.count / r.readCpuSeconds });
  }
  console.log('\nstreamBook across sizes (sorted CSV, chunks of', fmt(chunkSize), 'customers):');
  for (const r of results)
    console.log(
      `  ${fmt(r.customers).padStart(11)} customers: peak RSS ${fmt(r.peakMB)} MB, read ${fmt(r.readRate)}/s (${fmt(r.readCpuRate)} per CPU-second), end to end ${fmt(r.rate)}/s`,
    );
  const peaks = results.map((r) => r.peakMB);
  const flat = Math.max(...peaks) <= 1.25 * Math.min(...peaks);
  console.log(
    `target: peak RSS flat across sizes (largest ≤ 1.25 × smallest): ${flat ? 'met' : 'not met'} (${fmt(Math.min(...peaks))}–${fmt(Math.max(...peaks))} MB)`,
  );
  process.exit(0);
}

/** The simulator holds a whole book in memory: a larger book is written in parts of this many customers. */
const PART = Number(process.env.CLVKIT_BENCH_PART ?? 200_000);

/**
 * Write a simulated book of `n` customers × 24 months as sorted CSV files into `out` (`clvkit simulate`, seed 2026):
 * above 200,000 customers in parts (seeds 2026, 2027, …; the same start date), each part's ids prefixed `Pkk-`
 * so the concatenated files stay sorted by customer id and ids unique.
 */
async function writeBook(out: string, n: number): Promise<void> {
  const main = join(root, 'src/cli/main.ts');
  const simulate = (m: number, seed: number, to: string) =>
    execFileSync(
      process.execPath,
      ['--import', 'tsx', main, 'simulate', '--customers', String(m), '--months', '24', '--seed', String(seed), '--start-date', '2023-01-01', '--out-dir', to],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  if (n <= PART) {
    simulate(n, 2026, out);
    return;
  }
  mkdirSync(out, { recursive: true });
  for (let k = 0; k * PART < n; k++) {
    const part = join(out, `part-${k}`);
    simulate(Math.min(PART, n - k * PART), 2026 + k, part);
    const prefix = `P${String(k).padStart(2, '0')}-`;
    for (const name of ['customers', 'snapshots', 'transactions']) {
      const target = createWriteStream(join(out, `${name}.csv`), { flags: k === 0 ? 'w' : 'a' });
      let header = true;
      let pending = '';
      for await (const chunk of createReadStream(join(part, `${name}.csv`), { encoding: 'utf8', highWaterMark: 1 << 22 })) {
        let text = pending + (chunk as string);
        const cut = text.lastIndexOf('\n') + 1;
        pending = text.slice(cut);
        text = text.slice(0, cut);
        if (header) {
          const end = text.indexOf('\n') + 1;
          if (k === 0) target.write(text.slice(0, end));
          text = text.slice(end);
          header = false;
        }
        if (text !== '') target.write(`${prefix}${text.slice(0, -1).replaceAll('\n', `\n${prefix}`)}\n`);
      }
      if (pending !== '') target.write(`${prefix}${pending}\n`);
      await new Promise<void>((done, fail) => target.end((e?: Error | null) => (e ? fail(e) : done())));
    }
    rmSync(part, { recursive: true, force: true });
  }
}

const customers = sizes[0]!;
/** `--data <dir>`: keep the generated books in <dir> (reused by a later run with the same size; delete it yourself). */
const kept = args.includes('--data') ? flag('--data', '') : undefined;
const dir = kept ?? mkdtempSync(join(tmpdir(), 'clvkit-bench-stream-book-'));
const mb = () => process.resourceUsage().maxRSS / 1024;
try {
  // The books are generated in child processes, so this process's peak RSS is the fit and the stream only.
  if (!existsSync(join(dir, 'book', 'customers.csv'))) await writeBook(join(dir, 'book'), customers);
  if (!existsSync(join(dir, 'sample', 'customers.csv'))) await writeBook(join(dir, 'sample'), 5000);
  let bytes = ['customers', 'snapshots', 'transactions'].reduce((s, p) => s + statSync(join(dir, 'book', `${p}.csv`)).size, 0);
  // --source parquet: the same book as Parquet files (written by DuckDB, not timed), streamed through DuckDB.
  let source: string | BookSpec = join(dir, 'book');
  if (sourceKind === 'parquet') {
    const pq = (part: string) => join(dir, 'book', `${part}.parquet`);
    if (!existsSync(pq('transactions'))) {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:', { memory_limit: '1GB', temp_directory: join(dir, 'duckdb-tmp') });
      const connection = await instance.connect();
      for (const part of ['customers', 'snapshots', 'transactions'])
        await connection.run(`COPY (SELECT * FROM read_csv('${join(dir, 'book', `${part}.csv`)}', all_varchar = true)) TO '${pq(part)}' (FORMAT parquet)`);
      connection.closeSync();
      instance.closeSync();
    }
    bytes = ['customers', 'snapshots', 'transactions'].reduce((s, p) => s + statSync(pq(p)).size, 0);
    source = {
      customers: { path: pq('customers'), columns: { joinDate: 'join_date' } },
      snapshots: {
        path: pq('snapshots'),
        columns: { netRevenue: 'net_revenue', costToServe: 'cost_to_serve', activity: 'activity' },
        products: { column: 'products', separator: '|' },
      },
      transactions: { path: pq('transactions') },
    };
  }
  const f0 = performance.now();
  const model = scoreCustomers(await readBook(join(dir, 'sample')), {}).model;
  const fitMs = performance.now() - f0;
  const fitMB = mb();
  const options = { chunkSize, productNames: [...model.productNames] };

  const readWalls: number[] = [];
  const walls: number[] = [];
  // CPU seconds of this process per pass (user + system): on a shared machine the figure the load does not stretch.
  const readCpus: number[] = [];
  const cpus: number[] = [];
  const cpu = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1e6;
  };
  let rss: number[] = [];
  let written = { customers: 0, chunks: 0 };
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let read = 0;
    const readRss: number[] = [];
    for await (const chunk of await streamBook(source, options)) {
      read += chunk.customers.customerId.length;
      readRss.push(process.memoryUsage.rss() / 2 ** 20);
    }
    readWalls.push((performance.now() - t0) / 1000);
    readCpus.push(cpu(c0));
    if (read !== customers) throw new Error(`read ${read} customers, expected ${customers}`);
    if (readOnly) {
      rss = readRss;
      written = { customers: read, chunks: readRss.length };
      walls.push(readWalls[readWalls.length - 1]!);
      cpus.push(readCpus[readCpus.length - 1]!);
      continue;
    }

    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const book = await streamBook(source, options);
    rss = [];
    async function* watched() {
      for await (const records of scoreStream(model, book, { chunkSize, firstPurchaseDay: book.extent.firstPurchaseDay })) {
        rss.push(process.memoryUsage.rss() / 2 ** 20);
        yield records;
      }
    }
    written = await writeScoresCsv(watched(), '/dev/null');
    walls.push((performance.now() - t1) / 1000);
    cpus.push(cpu(c1));
  }
  const readWall = median(readWalls);
  const wall = median(walls);
  const peak = mb();
  const readRate = customers / readWall;
  const rate = written.customers / wall;
  console.log(`streamBook bench — ${load()} (2 cores shared), chunks of ≤ ${fmt(chunkSize)}, median of ${repeat}`);
  console.log(`  model fitted on 5,000 customers in ${(fitMs / 1000).toFixed(1)} s (peak RSS after the fit ${fitMB.toFixed(0)} MB)`);
  console.log(
    `  book: ${fmt(customers)} customers × 24 months, ${sourceKind === 'csv' ? 'sorted CSV' : 'Parquet (streamed by DuckDB)'}, ${(bytes / 2 ** 20).toFixed(0)} MB`,
  );
  console.log(
    `  read (streamBook alone):            ${readWalls.map((w) => w.toFixed(1)).join(' / ')} s → ${fmt(readRate)} customers/s (${(bytes / 2 ** 20 / readWall).toFixed(0)} MB/s); CPU ${median(readCpus).toFixed(1)} s → ${fmt(customers / median(readCpus))} customers per CPU-second`,
  );
  if (!readOnly)
    console.log(
      `  end to end (read + score + CSV out): ${walls.map((w) => w.toFixed(1)).join(' / ')} s → ${fmt(rate)} customers/s, ${written.chunks} chunks; CPU ${median(cpus).toFixed(1)} s → ${fmt(written.customers / median(cpus))} customers per CPU-second`,
    );
  console.log(`  peak RSS ${peak.toFixed(0)} MB; RSS after each chunk of the last pass (MB): ${rss.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`target: peak RSS < 2 GB: ${peak < TARGET_MB ? 'met' : 'not met'} (${peak.toFixed(0)} MB)`);
  console.log(
    `target: streamBook reads ≥ ${fmt(TARGET_RATE)} customers/s from ${sourceKind === 'csv' ? 'sorted CSV' : 'Parquet'}: ${readRate >= TARGET_RATE ? 'met' : 'not met'} (${fmt(readRate)}/s)`,
  );
  if (!readOnly) console.log(`target: end to end ≥ ${fmt(TARGET_RATE)} customers/s: ${rate >= TARGET_RATE ? 'met' : 'not met'} (${fmt(rate)}/s)`);
  console.log(`workload: streamBook | size: ${customers} customers × 24 months | wall: ${wall.toFixed(2)} s | peak RSS: ${peak.toFixed(0)} MB`);
  console.log(
    `BENCH_RESULT ${JSON.stringify({ wallSeconds: wall, count: written.customers, peakMB: peak, fitPeakMB: fitMB, chunks: written.chunks, readSeconds: readWall, readPerSecond: readRate, readCpuSeconds: median(readCpus), cpuSeconds: median(cpus) })}`,
  );
} finally {
  if (kept === undefined) rmSync(dir, { recursive: true, force: true });
}
