import { z } from 'zod';
import { segmentCustomers } from '../../clustering/segment-customers.js';
import { DEFAULT_FEATURE_NAMES, type FeatureName } from '../../clustering/segment-labels.js';
import { defineCommand, integerFlag, listFlag, outputShape } from '../command.js';
import { columnTable, recordTable } from '../column-table.js';
import {
  addCsvInputOptions,
  addCustomerTableOptions,
  addSummaryOptions,
  csvInputShape,
  customerTableShape,
  readCustomerColumns,
  summaryShape,
} from '../input.js';

/** `--k 4` or a range `--k 2-8`. */
const kFlag = z.string().transform((s, ctx) => {
  const range = /^(\d+)-(\d+)$/.exec(s.trim());
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  const k = Number(s);
  if (!Number.isInteger(k)) {
    ctx.addIssue({ code: 'custom', message: 'expected a whole number or a range such as 2-8' });
    return z.NEVER;
  }
  return k;
});

/** Summary columns that hold money: log-transformed before scaling by default. */
const MONEY_COLUMNS = new Set(['monetary_value', 'total_amount']);

/** `clvkit cluster`: k-means customer segments with labels and profiles (segmentCustomers). */
export const clusterCommand = defineCommand({
  name: 'cluster',
  summary: 'k-means customer segments on chosen features, with readable labels and profiles',
  args: '<input>',
  examples: [
    'clvkit cluster fixtures/bank/transactions.csv --observation-end 2024-12-31 --features frequency,monetary_value,days_since_last_purchase --k 4',
    'clvkit cluster fixtures/bank/transactions.csv --observation-end 2024-12-31 --features frequency,total_amount --k 2-6 --view segments',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd);
    addCustomerTableOptions(cmd);
    cmd
      .option(
        '--features <list>',
        'comma-separated feature columns (summary columns, or CSV columns with --customer-table)',
        'frequency,monetary_value,days_since_last_purchase',
      )
      .option('--money <list>', 'feature columns that are money (log-scaled); default: monetary_value,total_amount when chosen')
      .option('--k <k>', 'number of segments, or a range such as 2-8 chosen by silhouette', '2-8')
      .option('--seed <n>', 'random seed (results are reproducible for a seed)', '42')
      .option('--threads <n>', 'worker threads for k-means from 100,000 customers up (same segments for any count ≥ 2)', '1')
      .option('--view <view>', 'customers (one row each) or segments (profiles)', 'customers');
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    ...csvInputShape,
    ...summaryShape,
    ...customerTableShape,
    features: listFlag.default(['frequency', 'monetary_value', 'days_since_last_purchase']),
    money: listFlag.optional(),
    k: kFlag.default({ min: 2, max: 8 }),
    seed: integerFlag.default(42),
    threads: integerFlag.pipe(z.number().min(1).max(256)).default(1),
    view: z.enum(['customers', 'segments']).default('customers'),
  }),
  async run(o, ctx) {
    const data = await readCustomerColumns(o.args[0], o.features, o, ctx);
    const money = o.money ?? o.features.filter((f) => MONEY_COLUMNS.has(f));
    ctx.progress.step('clustering');
    // snake_case CSV names (days_since_last_purchase) get the library's display names (daysSinceLastPurchase).
    const names: Record<string, FeatureName> = {};
    for (const f of o.features) {
      const known = DEFAULT_FEATURE_NAMES[f.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
      if (known !== undefined) names[f] = known;
    }
    const r = segmentCustomers(data.columns, { features: o.features, money, k: o.k, seed: o.seed, names, threads: o.threads });
    for (const w of r.warnings) ctx.io.stderr.write(`clvkit: warning: ${w}\n`);
    if (o.view === 'segments') {
      return {
        table: recordTable(
          r.profiles.map((p) => {
            const row: Record<string, string | number | null> = { segment: p.segment, label: p.label, label_zh: p.labelZh, customers: p.size, share: p.share };
            for (const f of p.features) {
              row[`mean_${f.column}`] = f.mean;
              row[`index_${f.column}`] = f.index;
            }
            return row;
          }),
        ),
      };
    }
    return {
      table: columnTable({
        customer_id: data.customerId,
        segment: r.segment,
        label: Array.from(r.segment, (s) => r.labels.en[s]!),
      }),
    };
  },
});
