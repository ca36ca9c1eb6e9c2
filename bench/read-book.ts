/**
 * Benchmark: read the bundled book (fixtures/bank: 5,000 customers, 50,113 snapshots, 29,282 transactions)
 * with the book contract's `readBook(dir)` and with the legacy `readBankBook(dir)`, alternating, after a
 * warm-up; prints both medians, their ratio, the load average, and whether the target is met: readBook
 * no slower than readBankBook (ratio ≤ 1; issue 14). readBook reads a clean unquoted CSV in one pass
 * straight into typed columns (src/book/read-csv-fast.ts) and falls back to the general reader otherwise.
 *
 *   npx tsx bench/read-book.ts [rounds]      # default 9 rounds each
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readBook } from '../src/book/read-book.js';
import { readBankBook } from '../src/simulate/read-bank-book.js';

const dir = fileURLToPath(new URL('../fixtures/bank', import.meta.url));
const rounds = Number(process.argv[2] ?? 9);
await readBook(dir);
await readBankBook(dir);
const times = { readBook: [] as number[], readBankBook: [] as number[] };
for (let k = 0; k < rounds; k++) {
  // Alternate the order so neither reader always runs on a warmer cache.
  const order = k % 2 === 0 ? (['readBook', 'readBankBook'] as const) : (['readBankBook', 'readBook'] as const);
  for (const name of order) {
    const t = performance.now();
    await (name === 'readBook' ? readBook(dir) : readBankBook(dir));
    times[name].push(performance.now() - t);
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const book = median(times.readBook);
const legacy = median(times.readBankBook);
console.log('workload       read fixtures/bank (5,000 customers, 50,113 snapshots, 29,282 transactions)');
console.log(`readBook       ${(book / 1000).toFixed(3)} s median of ${rounds}`);
console.log(`readBankBook   ${(legacy / 1000).toFixed(3)} s median of ${rounds}`);
const ratio = book / legacy;
console.log(`ratio          ${ratio.toFixed(2)} (readBook / readBankBook; ≤ 1 is no slower)`);
console.log(
  `load average   ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (1, 5, 15 min)`,
);
console.log(`target         readBook no slower than readBankBook (ratio ≤ 1): ${ratio <= 1 ? 'met' : 'not met'}`);
console.log(`wall: ${(book / 1000).toFixed(3)} s`);
