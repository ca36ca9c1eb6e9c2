/** Demo section `book`: what was read, so a new user sees the data the rest of the demo works on. */
import { relative } from 'node:path';
import { CUSTOMER_TYPES, REGIONS } from '../../src/simulate/bank-book.js';
import type { DemoContext } from './context.js';
import { formatNumber, formatPercent } from './format.js';

export async function run(ctx: DemoContext): Promise<void> {
  const { book, summary, latest, print } = ctx;
  const c = book.customers;
  const t = book.transactions;
  print.heading('The bank book');
  print.line(`Read ${relative(process.cwd(), ctx.fixtureDir) || '.'} (customers.csv, snapshots.csv, transactions.csv).`);
  print.line(
    `${formatNumber(c.length)} customers, ${book.months.length} months (${book.months[0]} .. ${book.months[book.months.length - 1]}), ` +
      `${formatNumber(book.snapshots.length)} monthly snapshots.`,
  );
  print.line(
    `Transactions: ${formatNumber(t.stats.read)} read, ${formatNumber(t.stats.accepted)} accepted, ${formatNumber(t.stats.rejected)} rejected` +
      ` (${formatNumber(t.stats.negativeAmounts)} refunds).`,
  );
  print.line();
  print.line('Customers by type and region:');
  const rows = CUSTOMER_TYPES.map((type) => {
    const counts = REGIONS.map((region) => {
      let k = 0;
      for (let i = 0; i < c.length; i++) if (c.type[i] === type && c.region[i] === region) k++;
      return k;
    });
    const total = counts.reduce((s, k) => s + k, 0);
    return [type, ...counts, total, formatPercent(total / c.length)];
  });
  print.table(['type', ...REGIONS, 'total', 'share'], rows);

  let aum = 0;
  let loans = 0;
  let below = 0;
  for (let i = 0; i < latest.length; i++) {
    aum += latest.aum[i]!;
    loans += latest.loans[i]!;
    if (latest.onBook[i] === 1 && latest.netRevenue[i]! < latest.costToServe[i]!) below++;
  }
  print.line();
  print.line(
    `${book.months[latest.month]}: ${formatNumber(latest.customersOnBook)} customers on the book ` +
      `(${formatNumber(c.length - latest.customersOnBook)} have left), total AUM ${formatNumber(aum)}, total loans ${formatNumber(loans)}; ` +
      `${formatNumber(below)} cost more to serve than they earn.`,
  );
  print.line();
  print.line(`Customer summary (weekly, observation end ${summary.observationEnd}), first rows:`);
  const first = Math.min(6, summary.length);
  print.table(
    ['customer', 'type', 'frequency', 'recency (wk)', 'T (wk)', 'monetary value', 'days since last'],
    Array.from({ length: first }, (_, i) => [
      summary.customerId[i],
      c.type[i],
      summary.frequency[i],
      summary.recency[i],
      summary.T[i],
      summary.monetaryValue[i],
      summary.daysSinceLastPurchase[i],
    ]),
  );
  print.line('frequency = repeat purchases; recency = weeks from first to last purchase; T = weeks since the first purchase.');
}
