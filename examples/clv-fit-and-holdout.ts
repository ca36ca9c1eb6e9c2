/**
 * CLV models and a holdout check: fit BG/NBD, modified BG/NBD and Pareto/NBD on 18 months, predict the
 * last 6 months, and compare the predictions with what customers actually did (FHL 2005 §4).
 *
 *   npx tsx examples/clv-fit-and-holdout.ts
 */
import { fileURLToPath } from 'node:url';
import { fitBgNbd, fitModifiedBgNbd, fitParetoNbd, holdoutValidation, readTransactions, summarizeCustomers } from '../src/index.js';

const transactions = await readTransactions(fileURLToPath(new URL('../fixtures/bank/transactions.csv', import.meta.url)));
const summary = summarizeCustomers(transactions, { observationEnd: '2024-12-31', calibrationEnd: '2024-06-30', timeUnit: 'week' });
console.log(`Calibration up to 2024-06-30 (${summary.length} customers), holdout ${summary.holdoutDuration!.toFixed(1)} weeks to 2024-12-31.`);

const models = [
  ['BG/NBD', fitBgNbd(summary)],
  ['MBG/NBD', fitModifiedBgNbd(summary)],
  ['Pareto/NBD', fitParetoNbd(summary)],
] as const;
console.log('model        log-lik   predicted  actual   MAE    RMSE');
for (const [name, model] of models) {
  const check = holdoutValidation(model, summary, { transactions });
  console.log(
    `${name.padEnd(11)} ${model.logLikelihood.toFixed(0).padStart(8)} ${check.totalPredicted.toFixed(0).padStart(10)} ${String(check.totalActual).padStart(7)} ${check.mae.toFixed(3).padStart(6)} ${check.rmse.toFixed(3).padStart(6)}`,
  );
}
const check = holdoutValidation(models[0][1], summary);
console.log('BG/NBD by calibration purchases (mean holdout purchases per customer):');
for (const b of check.buckets)
  console.log(
    `  ${b.label.padStart(3)}: ${String(b.customers).padStart(5)} customers, predicted ${b.meanPredicted.toFixed(2)}, actual ${b.meanActual.toFixed(2)}`,
  );
