/**
 * Benchmark: bounded-memory scoring of a whole bank (issue 18, item 1). Fits the scoring model once on a
 * seeded sample (`scoreCustomers` on 50,000 simulated customers × 24 months, seed 2026), then scores N
 * customers streamed in chunks — each chunk generated on the fly by the simulator (`simulateBank`, seed =
 * 10,000 + chunk number, ids prefixed with the chunk number) so generation is bounded too — with
 * `scoreStream` and writes every record as CSV with `writeScoresCsv` (to /dev/null by default, or `--out`).
 * Peak memory (process.resourceUsage().maxRSS) includes the sample, the fit and the generation; it must not
 * grow with N. Also times the CSV writers on 200,000 records: `CustomerScores.toCsv()` against
 * `scoreRecordsToCsv` (records already built) and toRecords + scoreRecordsToCsv.
 *
 *   npx tsx bench/score-stream.ts 1000000            # 1M customers
 *   npx tsx bench/score-stream.ts 3000000 --chunk 50000 --out /tmp/scores.csv
 *   npx tsx bench/score-stream.ts --csv 200000        # the CSV writer comparison only
 *
 * The last line is `BENCH_RESULT {...}` (read by bench/run.ts): wall time of generation + scoring + writing.
 */
import { scoreCustomers } from '../src/scoring/score-customers.js';
import { bookFirstPurchaseDay } from '../src/scoring/book-first-purchase-day.js';
import type { ScoringInput } from '../src/scoring/customer-scores.js';
import { scoreStream } from '../src/scoring/score-stream.js';
import { scoreRecordsToCsv } from '../src/scoring/score-records-csv.js';
import { writeScoresCsv } from '../src/scoring/write-scores.js';
import { simulateBank } from '../src/simulate/simulate-bank.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : fallback;
};
const months = 24;
const chunkSize = Number(flag('--chunk', '50000'));
const out = flag('--out', '/dev/null');
const sampleSize = Number(flag('--sample', '50000'));
const csvOnly = args.includes('--csv');
const sizeArg = args.find((a, i) => /^\d+$/.test(a) && !['--chunk', '--sample', '--out'].includes(args[i - 1] ?? ''));
const customers = Number(sizeArg ?? (csvOnly ? 200_000 : 1_000_000));

const mb = () => process.resourceUsage().maxRSS / 1024;

function csvWriters(n: number): void {
  const scores = scoreCustomers(simulateBank({ customers: n, months, seed: 2026 }), {});
  const best = (f: () => unknown): number => {
    let min = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      f();
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const records = scores.toRecords();
  const toCsvMs = best(() => scores.toCsv());
  const fastMs = best(() => scoreRecordsToCsv(records));
  const bothMs = best(() => scoreRecordsToCsv(scores.toRecords()));
  const equal = scores.toCsv() === scoreRecordsToCsv(records);
  console.log(
    `CSV writers, ${n.toLocaleString('en-US')} scored customers (best of 3): toCsv() ${toCsvMs.toFixed(0)} ms | ` +
      `scoreRecordsToCsv(records) ${fastMs.toFixed(0)} ms (${(toCsvMs / fastMs).toFixed(2)}×) | toRecords + scoreRecordsToCsv ${bothMs.toFixed(0)} ms ` +
      `(${(toCsvMs / bothMs).toFixed(2)}×) | same bytes: ${equal} | target ≥ 3×: ${toCsvMs / bothMs >= 3 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `BENCH_RESULT ${JSON.stringify({ wallSeconds: bothMs / 1000, count: n, toCsvSeconds: toCsvMs / 1000, ratio: toCsvMs / bothMs, ratioRecordsBuilt: toCsvMs / fastMs })}`,
  );
}

async function stream(): Promise<void> {
  const f0 = performance.now();
  const sample = simulateBank({ customers: sampleSize, months, seed: 2026 });
  const model = scoreCustomers(sample, {}).model;
  const firstPurchaseDay = bookFirstPurchaseDay(sample, sample.endDate);
  const fitMs = performance.now() - f0;
  const fitMB = mb();
  let generateMs = 0;
  const s0 = performance.now();
  const peaks: number[] = [];
  function* chunks(): Generator<ScoringInput> {
    for (let k = 0, lo = 0; lo < customers; k++, lo += chunkSize) {
      const g0 = performance.now();
      const size = Math.min(chunkSize, customers - lo);
      const book = simulateBank({ customers: size, months, seed: 10_000 + k });
      const rename = (ids: readonly string[]) => ids.map((id) => `${k}-${id}`);
      const chunk: ScoringInput = {
        ...book,
        customers: { ...book.customers, customerId: rename(book.customers.customerId) },
        transactions: { ...book.transactions, customerIds: rename(book.transactions.customerIds) },
      };
      generateMs += performance.now() - g0;
      yield chunk;
      peaks.push(mb());
      // Progress on stderr every 10 chunks: customers done, seconds, RSS now and peak so far (flat memory shows here).
      if ((k + 1) % 10 === 0)
        process.stderr.write(
          `progress ${lo + size} customers ${((performance.now() - s0) / 1000).toFixed(0)} s rss ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB peak ${mb().toFixed(0)} MB\n`,
        );
    }
  }
  const written = await writeScoresCsv(scoreStream(model, chunks(), { chunkSize, firstPurchaseDay }), out);
  const totalMs = performance.now() - s0;
  const peakMB = mb();
  const quarter = peaks[Math.floor(peaks.length / 4)] ?? peakMB;
  console.log(
    `scoreStream: model fitted on a sample of ${sampleSize.toLocaleString('en-US')} customers in ${(fitMs / 1000).toFixed(1)} s (RSS after fit ${fitMB.toFixed(0)} MB)`,
  );
  console.log(
    `  ${written.customers.toLocaleString('en-US')} customers × ${months} months in ${written.chunks} chunks of ≤ ${chunkSize.toLocaleString('en-US')}: ` +
      `${(totalMs / 1000).toFixed(1)} s end to end (generation ${(generateMs / 1000).toFixed(1)} s, scoring + CSV ${((totalMs - generateMs) / 1000).toFixed(1)} s), ` +
      `${(written.bytes / 1e6).toFixed(0)} MB CSV to ${out}`,
  );
  console.log(
    `  peak RSS: ${peakMB.toFixed(0)} MB (after a quarter of the chunks: ${quarter.toFixed(0)} MB) | throughput ${Math.round(written.customers / (totalMs / 1000)).toLocaleString('en-US')} customers/s ` +
      `(${Math.round(written.customers / ((totalMs - generateMs) / 1000)).toLocaleString('en-US')} customers/s without generation)`,
  );
  console.log(
    `workload: scoreStream | size: ${customers} customers × ${months} months | wall: ${(totalMs / 1000).toFixed(2)} s | peak RSS: ${peakMB.toFixed(0)} MB`,
  );
  console.log(
    `BENCH_RESULT ${JSON.stringify({ wallSeconds: totalMs / 1000, count: written.customers, peakMB, quarterPeakMB: quarter, generateSeconds: generateMs / 1000, fitSeconds: fitMs / 1000 })}`,
  );
}

if (csvOnly) csvWriters(customers);
else await stream();
