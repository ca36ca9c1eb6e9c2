import { z } from 'zod';
import { defineCommand, outputShape } from '../command.js';
import { columnTable, tableRecords } from '../column-table.js';
import { addCsvInputOptions, addSummaryOptions, csvInputShape, readSummaryInput, summaryShape, summaryTable } from '../input.js';

/** `clvkit summarize`: transactions → one RFM/T row per customer (summarizeCustomers). */
export const summarizeCommand = defineCommand({
  name: 'summarize',
  summary: 'summarise transactions per customer: frequency, recency, T, monetary value (the models’ input)',
  args: '<input>',
  examples: [
    'clvkit summarize fixtures/bank/transactions.csv --observation-end 2024-12-31 --time-unit week --out summary.csv',
    'clvkit summarize fixtures/bank/transactions.csv --observation-end 2024-12-31 --calibration-end 2024-06-30 --format json',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd, { calibration: true });
  },
  schema: z.object({ args: z.tuple([z.string()]), ...outputShape, ...csvInputShape, ...summaryShape }),
  async run(o, ctx) {
    const summary = await readSummaryInput(o.args[0], o, ctx);
    const table = columnTable(summaryTable(summary));
    // JSON: the per-customer records plus what was left out, so that nothing vanishes silently.
    const json = {
      observationEnd: summary.observationEnd,
      ...(summary.calibrationEnd !== undefined ? { calibrationEnd: summary.calibrationEnd } : {}),
      timeUnit: summary.timeUnit,
      customerCount: summary.length,
      transactionsAfterEnd: summary.transactionsAfterEnd,
      customersOnlyAfterEnd: summary.customersOnlyAfterEnd ?? 0,
      ...(summary.excludedAfterCalibration !== undefined ? { excludedAfterCalibration: summary.excludedAfterCalibration } : {}),
      customers: tableRecords(table),
    };
    return { table, json };
  },
});
