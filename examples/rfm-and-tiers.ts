/**
 * RFM segments and asset tiers: score every customer on recency, frequency and monetary value, name the
 * segments (Champions, At Risk, …), put customers in AUM bands (mass retail … private banking) and show how
 * they moved between bands over the last year.
 *
 *   npx tsx examples/rfm-and-tiers.ts
 */
import { fileURLToPath } from 'node:url';
import { assignTiers, latestSnapshot, readBankBook, rfmScores, rfmSegments, summarizeCustomers, tierMigration } from '../src/index.js';

const book = await readBankBook(fileURLToPath(new URL('../fixtures/bank/', import.meta.url)));
const summary = summarizeCustomers(book.transactions, { observationEnd: book.endDate, timeUnit: 'week' });
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const scores = rfmScores(summary, { bins: 5 });
const segments = rfmSegments(scores);
console.log(`RFM segments of ${segments.length} customers (scores 1..5, observed up to ${book.endDate}):`);
for (const row of segments.table) {
  if (row.count === 0) continue;
  console.log(
    `  ${row.label.padEnd(20)} ${row.labelZh.padEnd(8, '\u3000')} ${String(row.count).padStart(5)} ${pct(row.share).padStart(6)}  mean days since purchase ${row.meanRecencyDays!.toFixed(0).padStart(4)}`,
  );
}

const last = book.months.length - 1;
const now = latestSnapshot(book.snapshots, { customers: book.customers.length, month: last });
const yearAgo = latestSnapshot(book.snapshots, { customers: book.customers.length, month: last - 12 });
/** Tiers of the customers on the book in a month. */
function tiersOf(s: typeof now) {
  const rows = Array.from(s.onBook.keys()).filter((i) => s.onBook[i] === 1);
  return assignTiers(
    rows.map((i) => s.aum[i]!),
    { customerId: rows.map((i) => book.customers.customerId[i]!) },
  );
}
const before = tiersOf(yearAgo);
const after = tiersOf(now);
console.log(`Asset tiers in ${book.months[last]} (AUM in CNY):`);
for (const row of after.table)
  console.log(`  ${row.label.padEnd(16)} ${String(row.count).padStart(5)} customers ${pct(row.valueShare).padStart(6)} of AUM  ${row.serviceLevel}`);
const m = tierMigration(before, after);
console.log(
  `Since ${book.months[last - 12]}: ${m.upgrades} moved up, ${m.downgrades} moved down, ${m.unchanged} stayed, ${m.newCustomers} new, ${m.lostCustomers} left.`,
);
