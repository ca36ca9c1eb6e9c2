/**
 * Customer clustering: k-means segments on assets, activity and revenue in the latest month (k chosen by
 * silhouette), with readable labels and profiles; the fitted model is saved as JSON and used to place
 * the customers of the month before into the same segments.
 *
 *   npx tsx examples/clustering.ts
 */
import { fileURLToPath } from 'node:url';
import { applySegmentModel, latestSnapshot, readBankBook, segmentCustomers, segmentModelFromJSON } from '../src/index.js';

const book = await readBankBook(fileURLToPath(new URL('../fixtures/bank/', import.meta.url)));
const last = book.months.length - 1;

/** The features of the customers on the book in a month, as a column table. */
function featuresOf(month: number) {
  const s = latestSnapshot(book.snapshots, { customers: book.customers.length, month });
  const rows = Array.from(s.onBook.keys()).filter((i) => s.onBook[i] === 1);
  return {
    id: rows.map((i) => book.customers.customerId[i]!),
    aum: rows.map((i) => s.aum[i]!),
    activity: rows.map((i) => s.activity[i]!),
    netRevenue: rows.map((i) => s.netRevenue[i]!),
  };
}

const table = featuresOf(last);
const result = segmentCustomers(table, {
  features: ['aum', 'activity', 'netRevenue'],
  money: ['aum', 'netRevenue'],
  k: { min: 2, max: 6 },
  id: 'id',
  value: 'aum',
  seed: 7,
});
console.log(`${table.id.length} customers in ${book.months[last]}; k = ${result.k} chosen by silhouette (${result.silhouette?.toFixed(3)}):`);
for (const c of result.candidates) console.log(`  k=${c.k} silhouette ${c.silhouette?.toFixed(3) ?? 'n/a'}`);
console.log('Segments (index 100 = the average customer):');
for (const p of result.profiles) {
  const idx = p.features.map((f) => `${f.column} ${f.index === null ? 'n/a' : f.index.toFixed(0)}`).join(', ');
  console.log(
    `  ${p.segment} ${p.label.padEnd(40)} ${String(p.size).padStart(5)} customers, ${(100 * p.valueShare!).toFixed(1).padStart(5)}% of AUM  [${idx}]`,
  );
}

// Save the model, read it back, and place last month's customers with it (no refit).
const saved = JSON.stringify(result.model);
const model = segmentModelFromJSON(saved);
const previous = featuresOf(last - 1);
const placed = applySegmentModel(model, previous, { id: 'id' });
console.log(
  `Model saved (${saved.length} bytes of JSON); ${book.months[last - 1]} placed into the same segments: sizes ${Array.from(placed.sizes).join(', ')}`,
);
