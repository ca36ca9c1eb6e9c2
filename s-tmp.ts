import { readTransactionsSync } from './src/io/read-transactions.js';
import { summarizeCustomers } from './src/io/summarize-customers.js';
const rows = [
  ['2024-01-01', 0.1],
  ['2024-01-02', 0.2],
  ['2024-01-03', 0.3],
] as const;
for (const order of [
  [0, 1, 2],
  [2, 1, 0],
  [1, 2, 0],
]) {
  const t = readTransactionsSync(order.map((i) => ({ customer_id: 'A', date: rows[i]![0], amount: rows[i]![1] })));
  const s = summarizeCustomers(t, { observationEnd: '2024-12-31', timeUnit: 'day' });
  console.log(order.join(''), s.totalAmount[0], s.monetaryValue[0]);
}
