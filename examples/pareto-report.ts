/**
 * Pareto (80/20) report: how concentrated are assets under management (AUM = deposits + wealth) in the
 * latest month of the bundled bank book — Gini, top shares, the Pareto point, ABC classes, by region.
 *
 *   npx tsx examples/pareto-report.ts
 */
import { fileURLToPath } from 'node:url';
import { latestSnapshot, paretoAnalysis, readBankBook } from '../src/index.js';

const book = await readBankBook(fileURLToPath(new URL('../fixtures/bank/', import.meta.url)));
const latest = latestSnapshot(book.snapshots, { customers: book.customers.length });
// Only customers on the book in the latest month: the others hold nothing and are not customers any more.
const rows = Array.from(latest.onBook.keys()).filter((i) => latest.onBook[i] === 1);
const aum = rows.map((i) => latest.aum[i]!);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const r = paretoAnalysis(aum, {
  column: 'aum',
  ids: rows.map((i) => book.customers.customerId[i]!),
  groups: rows.map((i) => book.customers.region[i]!),
});
console.log(`AUM of ${aum.length} customers on the book in ${book.months[latest.month]}: total ${r.basis.total.toFixed(0)} CNY`);
console.log(`Gini ${r.gini.toFixed(3)} (small-sample corrected ${r.giniCorrected.toFixed(3)})`);
for (const s of r.topShares) console.log(`  top ${pct(s.customerShare).padStart(6)} of customers hold ${pct(s.valueShare).padStart(6)} of AUM`);
console.log(`Pareto point: ${pct(r.paretoPoint.customerShare)} of customers (${r.paretoPoint.customers}) hold ${pct(r.paretoPoint.target)} of AUM`);
const largest = Array.from(r.paretoPoint.members).sort((a, b) => aum[b]! - aum[a]!);
console.log(
  `  the five largest: ${largest
    .slice(0, 5)
    .map((k) => `${book.customers.customerId[rows[k]!]} (${aum[k]!.toFixed(0)})`)
    .join(', ')}`,
);
for (const c of r.abc.classes) console.log(`  class ${c.label}: ${String(c.customers).padStart(5)} customers, ${pct(c.valueShare).padStart(6)} of AUM`);
console.log('By region:');
for (const g of r.groups!) {
  const c = g.concentration;
  const gini = c.status === 'ok' ? c.gini.toFixed(3) : `n/a (${c.code})`;
  console.log(`  ${String(g.group).padEnd(9)} ${pct(g.customerShare).padStart(6)} of customers, ${pct(g.valueShare).padStart(6)} of AUM, Gini ${gini}`);
}
