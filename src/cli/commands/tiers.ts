import { z } from 'zod';
import { assignTiers, type AssignTiersOptions } from '../../tiers/assign-tiers.js';
import { defineCommand, outputShape } from '../command.js';
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
import { readJsonFile } from '../read-json-file.js';

/** JSON has no Infinity: a band file writes open ends as "-Infinity" / "Infinity" (or null). */
function openEnds(bands: unknown): unknown {
  if (!Array.isArray(bands)) return bands;
  const bound = (v: unknown, open: number): unknown => (v === null || v === '-Infinity' || v === 'Infinity' ? (v === null ? open : Number(v)) : v);
  return bands.map((b: unknown) =>
    typeof b === 'object' && b !== null
      ? { ...b, lower: bound((b as { lower?: unknown }).lower, -Infinity), upper: bound((b as { upper?: unknown }).upper, Infinity) }
      : b,
  );
}

/** `clvkit tiers`: asset-band tiers per customer (assignTiers). */
export const tiersCommand = defineCommand({
  name: 'tiers',
  summary: 'asset-band tiers (mass, affluent, premier, high net worth, private) per customer or as a table',
  args: '<input>',
  examples: [
    'clvkit tiers fixtures/bank/transactions.csv --observation-end 2024-12-31 --view tiers',
    'clvkit tiers fixtures/bank/snapshots.csv --customer-table --where month=2024-12 --value-col deposits+wealth --out tiers.csv',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd, { timeUnit: false });
    addCustomerTableOptions(cmd);
    cmd
      .option('--value-col <name>', 'value per customer: a summary column (total_amount) or, with --customer-table, a CSV column or a sum a+b', 'total_amount')
      .option('--bands <file>', 'JSON file with the bands [{ key, label, labelZh, lower, upper, serviceLevel, serviceLevelZh }] (default: CNY AUM bands)')
      .option('--currency <code>', 'currency of the values (reported, never converted)', 'CNY')
      .option('--view <view>', 'customers (one row each) or tiers (the band table)', 'customers');
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    ...csvInputShape,
    ...summaryShape,
    ...customerTableShape,
    valueCol: z.string().min(1).default('total_amount'),
    bands: z.string().min(1).optional(),
    currency: z.string().min(1).default('CNY'),
    view: z.enum(['customers', 'tiers']).default('customers'),
  }),
  async run(o, ctx) {
    const data = await readCustomerColumns(o.args[0], [o.valueCol], { ...o, timeUnit: 'day' }, ctx);
    const values = data.columns[o.valueCol]!;
    const bands = o.bands === undefined ? undefined : openEnds(readJsonFile(ctx.resolvePath(o.bands), o.bands));
    const t = assignTiers(values, {
      currency: o.currency,
      valueName: o.valueCol,
      customerId: [...data.customerId],
      // assignTiers validates the bands (shape, order, contiguity) and names the bad one.
      ...(bands !== undefined ? { bands: bands as AssignTiersOptions['bands'] } : {}),
    });
    if (o.view === 'tiers') {
      return {
        table: recordTable(
          t.table.map((r) => ({
            tier: r.key,
            label: r.label,
            label_zh: r.labelZh,
            lower: r.lower,
            upper: r.upper,
            customers: r.count,
            share: r.share,
            total_value: r.totalValue,
            value_share: r.valueShare,
            service_level: r.serviceLevel,
          })),
        ),
      };
    }
    const labels = t.table.map((r) => r.label);
    return {
      table: columnTable({
        customer_id: data.customerId,
        value: values,
        tier: t.tierKey,
        tier_label: Array.from(t.tierIndex, (k) => labels[k]!),
      }),
    };
  },
});
