import { z } from 'zod';
import { rfmScores } from '../../rfm/rfm-scores.js';
import { rfmSegments } from '../../rfm/rfm-segments.js';
import { defineCommand, integerFlag, outputShape } from '../command.js';
import { columnTable, recordTable } from '../column-table.js';
import { addCsvInputOptions, addSummaryOptions, csvInputShape, readSummaryInput, summaryShape } from '../input.js';
import { UsageError } from '../usage-error.js';

/** `clvkit rfm`: RFM scores, cells and named segments per customer (rfmScores, rfmSegments). */
export const rfmCommand = defineCommand({
  name: 'rfm',
  summary: 'RFM scores (1..n), cells and named segments per customer, or the segment table',
  args: '<input>',
  examples: [
    'clvkit rfm fixtures/bank/transactions.csv --observation-end 2024-12-31 --out rfm.csv',
    'clvkit rfm fixtures/bank/transactions.csv --observation-end 2024-12-31 --view segments',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd, { timeUnit: false });
    cmd
      .option('--bins <n>', 'score levels (2..9); the named segments need 5', '5')
      .option('--view <view>', 'customers (one row each) or segments (the segment table)', 'customers');
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    ...csvInputShape,
    ...summaryShape,
    bins: integerFlag.pipe(z.number().min(2).max(9)).default(5),
    view: z.enum(['customers', 'segments']).default('customers'),
  }),
  async run(o, ctx) {
    const summary = await readSummaryInput(o.args[0], { ...o, timeUnit: 'day' }, ctx);
    const scores = rfmScores(summary, { bins: o.bins });
    const segments = o.bins === 5 ? rfmSegments(scores) : undefined;
    if (o.view === 'segments') {
      if (segments === undefined) throw new UsageError("'--view segments' needs --bins 5 (the default segment map is 5-level)");
      return {
        table: recordTable(
          segments.table.map((r) => ({
            segment: r.key,
            label: r.label,
            label_zh: r.labelZh,
            customers: r.count,
            share: r.share,
            mean_recency_days: r.meanRecencyDays,
            mean_frequency: r.meanFrequency,
            mean_monetary: r.meanMonetary,
          })),
        ),
      };
    }
    return {
      table: columnTable({
        customer_id: scores.customerId,
        recency_days: scores.recencyDays,
        frequency: scores.frequency,
        monetary: scores.monetary,
        r: scores.recencyScore,
        f: scores.frequencyScore,
        m: scores.monetaryScore,
        cell: scores.cell,
        total_score: scores.totalScore,
        ...(segments !== undefined ? { segment: segments.segment } : {}),
      }),
    };
  },
});
