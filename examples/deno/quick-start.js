/**
 * clvkit under Deno, from the built package (run `npm run build` first):
 *
 *   npx deno run --allow-read --node-modules-dir=manual --no-remote examples/deno/quick-start.js
 *
 * Deno resolves the package’s npm dependencies (zod, csv-parse, …) from node_modules: no network.
 * (Plain JavaScript: it imports the built dist/, which exists only after a build, so it is checked by
 * running it — test/examples/built-package.test.ts — rather than by the project’s tsc.)
 */
import { fitBgNbd, paretoAnalysis, readTransactions, summarizeCustomers } from '../../dist/index.js';

const file = new URL('../../fixtures/bank/transactions.csv', import.meta.url).pathname;
const transactions = await readTransactions(file);
const summary = summarizeCustomers(transactions, { observationEnd: '2024-12-31', timeUnit: 'week' });
const model = fitBgNbd(summary);
const pareto = paretoAnalysis(summary.totalAmount, { column: 'total_amount' });
const alive = model.probabilityAlive(summary);
let expectedAlive = 0;
for (const p of alive) expectedAlive += p;

console.log(`Deno ${Deno.version.deno}: ${summary.length} customers, ${transactions.stats.accepted} transactions`);
console.log(`BG/NBD r=${model.params.r.toFixed(3)} alpha=${model.params.alpha.toFixed(3)} a=${model.params.a.toFixed(3)} b=${model.params.b.toFixed(3)}`);
console.log(`Expected customers still active: ${expectedAlive.toFixed(0)} of ${summary.length}`);
console.log(`Gini of spend ${pareto.gini.toFixed(3)}; ${(100 * pareto.paretoPoint.customerShare).toFixed(1)}% of customers make 80% of it`);
