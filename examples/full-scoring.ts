/**
 * Full scoring of a bank book: one call scores every customer — RFM segment, asset tier, behaviour status,
 * tags, cluster, P(alive), transaction CLV, explicit / growth / potential value, the value-matrix cell and
 * its treatment — and writes the records as spreadsheet-safe CSV.
 *
 *   npx tsx examples/full-scoring.ts [scores.csv]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readBankBook, scoreCustomers } from '../src/index.js';

const book = await readBankBook(fileURLToPath(new URL('../fixtures/bank/', import.meta.url)));
const scores = scoreCustomers(book, { horizonMonths: 36, annualDiscountRate: 0.08 });
const d = scores.diagnostics;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `Scored ${d.customers} customers as of ${d.observationEnd}: ${d.onBook} on the book, ${d.offBook} left, ${d.newCustomerPredictions} first seen on the last day.`,
);

console.log('Value matrix (36 months, 8% a year):');
for (const r of scores.matrixTable)
  console.log(
    `  ${r.label.padEnd(42)} ${String(r.count).padStart(5)} ${pct(r.share).padStart(6)} of customers ${pct(r.valueShare).padStart(6)} of value  → ${r.treatment}`,
  );

const records = scores.toRecords();
const top = [...records].sort((a, b) => b.totalValue! - a.totalValue!).slice(0, 5);
console.log('Top 5 customers by total value:');
for (const r of top) {
  console.log(
    `  ${r.customerId} ${r.tierLabel ?? '-'} / ${r.rfmSegment} / ${r.behaviorStatus}: value ${r.totalValue!.toFixed(0)} (explicit ${r.explicitValue!.toFixed(0)}, growth ${r.growthValue!.toFixed(0)}, potential ${r.potentialValue!.toFixed(0)}); next: ${r.productGaps.slice(0, 2).join(', ') || '-'}`,
  );
}

const out = process.argv[2];
if (out !== undefined) {
  writeFileSync(out, scores.toCsv());
  console.log(`Wrote ${records.length} rows to ${out}`);
}
