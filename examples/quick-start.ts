/**
 * Quick start: read a transactions CSV, summarise it per customer, fit BG/NBD (how often and for how long
 * customers buy) and Gamma-Gamma (how much per purchase), and rank customers by discounted 12-month value.
 *
 *   npx tsx examples/quick-start.ts [transactions.csv] [observation-end]
 */
import { fileURLToPath } from 'node:url';
import { customerLifetimeValue, fitBgNbd, fitGammaGamma, readTransactions, summarizeCustomers } from '../src/index.js';

const file = process.argv[2] ?? fileURLToPath(new URL('../fixtures/bank/transactions.csv', import.meta.url));
const observationEnd = process.argv[3] ?? '2024-12-31';

const transactions = await readTransactions(file);
const summary = summarizeCustomers(transactions, { observationEnd, timeUnit: 'week' });
console.log(`Read ${transactions.stats.accepted} transactions of ${summary.length} customers, observed up to ${observationEnd}.`);

const purchases = fitBgNbd(summary);
const spend = fitGammaGamma(summary, { nonPositiveValues: 'exclude' });
const round = (params: Readonly<Record<string, number>>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v.toFixed(3)}`)
    .join(' ');
console.log(`BG/NBD       ${round(purchases.params)} (converged: ${purchases.converged})`);
console.log(`Gamma-Gamma  ${round(spend.params)} (converged: ${spend.converged})`);

const clv = customerLifetimeValue({
  transactionModel: purchases,
  spendModel: spend,
  customers: summary,
  horizon: { value: 12, unit: 'month' },
  discountRate: { rate: 0.1, per: 'year' },
});
const alive = purchases.probabilityAlive(summary);
const order = Array.from(clv.clv.keys()).sort((a, b) => clv.clv[b]! - clv.clv[a]!);
console.log('Top 5 customers by 12-month CLV (10% a year discount):');
console.log('  customer   P(alive)  purchases  spend/purchase       CLV');
for (const i of order.slice(0, 5)) {
  console.log(
    `  ${summary.customerId[i]!.padEnd(9)} ${alive[i]!.toFixed(3).padStart(8)} ${clv.expectedTransactions[i]!.toFixed(2).padStart(10)} ${clv.expectedSpend[i]!.toFixed(0).padStart(15)} ${clv.clv[i]!.toFixed(0).padStart(9)}`,
  );
}
const total = clv.clv.reduce((s, v) => s + v, 0);
console.log(`Book value over 12 months: ${total.toFixed(0)}`);
