/**
 * Benchmark: streamBook's memory is bounded by the chunk, not by the book (issue 18, streaming sources).
 * Writes a simulated book of N customers × 24 months as sorted CSV files (`clvkit simulate --out-dir`, seed
 * 2026; generation not timed), fits the scoring model on the first 5,000 customers' book, then streams the
 * whole folder with `streamBook` (chunks of `--chunk`, default 20,000) through `scoreStream` into
 * `writeScoresCsv` (to /dev/null). Prints wall time, throughput and the process's peak RSS; run it for two sizes
 * to see the peak stay flat.
 *
 *   npx tsx bench/stream-book.ts 50000
 *   npx tsx bench/stream-book.ts 200000 --chunk 20000
 *
 * The last line is `BENCH_RESULT {...}`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
const customers = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--chunk') ?? 50_000);
const chunkSize = Number(flag('--chunk', '20000'));
const dir = mkdtempSync(join(tmpdir(), 'clvkit-bench-stream-book-'));
const mb = () => process.resourceUsage().maxRSS / 1024;

try {
  // The books are generated in a child process, so this process's peak RSS is the fit and the stream only.
  const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
  for (const [name, n] of [
    ['book', customers],
    ['sample', 5000],
  ] as const) {
    execFileSync(
      process.execPath,
      ['--import', 'tsx', main, 'simulate', '--customers', String(n), '--months', '24', '--seed', '2026', '--out-dir', join(dir, name)],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const f0 = performance.now();
  const model = scoreCustomers(await readBook(join(dir, 'sample')), {}).model;
  const fitMs = performance.now() - f0;
  const fitMB = mb();
  const t0 = performance.now();
  const book = await streamBook(join(dir, 'book'), { chunkSize, productNames: [...model.productNames] });
  const rss: number[] = [];
  async function* watched() {
    for await (const records of scoreStream(model, book, { chunkSize, firstPurchaseDay: book.extent.firstPurchaseDay })) {
      rss.push(process.memoryUsage.rss() / 2 ** 20);
      yield records;
    }
  }
  const written = await writeScoresCsv(watched(), '/dev/null');
  const wall = (performance.now() - t0) / 1000;
  const peak = mb();
  console.log(`streamBook: model fitted on 5,000 customers in ${(fitMs / 1000).toFixed(1)} s (peak RSS after the fit ${fitMB.toFixed(0)} MB)`);
  console.log(
    `  ${written.customers.toLocaleString('en-US')} customers × 24 months (sorted CSV) in ${written.chunks} chunks of ≤ ${chunkSize.toLocaleString('en-US')}: ` +
      `${wall.toFixed(1)} s, ${Math.round(written.customers / wall).toLocaleString('en-US')} customers/s, peak RSS ${peak.toFixed(0)} MB`,
  );
  console.log(`  RSS after each chunk (MB): ${rss.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`workload: streamBook | size: ${customers} customers × 24 months | wall: ${wall.toFixed(2)} s | peak RSS: ${peak.toFixed(0)} MB`);
  console.log(`BENCH_RESULT ${JSON.stringify({ wallSeconds: wall, count: written.customers, peakMB: peak, fitPeakMB: fitMB, chunks: written.chunks })}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
