import { z } from 'zod';
import type { Command } from 'commander';
import { ClvkitError } from '../errors.js';
import type { TimeUnit } from '../time.js';
import type { CommandContext } from './command.js';
import type { CsvInputOptions } from './input.js';
import { readColumns } from './read-numeric-columns.js';
import { UsageError } from './usage-error.js';

/** Flags of a per-customer summary input (`--from-summary`) and of covariate columns by name. */
export const summaryTableShape = {
  fromSummary: z.boolean().default(false),
  tCol: z.string().min(1).optional(),
  monetaryCol: z.string().min(1).optional(),
};

/** Add `--from-summary`, `--t-col` and `--monetary-col` (frequency and recency columns: `--frequency-col`, `--recency-col`). */
export function addSummaryTableOptions(cmd: Command): void {
  cmd
    .option(
      '--from-summary',
      'the input is a per-customer summary CSV (customer_id, frequency, recency, T, monetary_value and any covariate columns, as `clvkit summarize` writes them; times in --time-unit for fit, in the model’s unit for predict) instead of transactions',
    )
    .option('--t-col <name>', 'with --from-summary: column with T, the time since the first purchase (default T)')
    .option('--monetary-col <name>', 'with --from-summary: column with the mean repeat-transaction value (default monetary_value)');
}

/** A comma-separated list of column names (`age,income`): non-empty, distinct. */
export const columnListFlag = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()))
  .pipe(
    z
      .array(z.string().min(1, 'an empty column name'))
      .min(1)
      .refine((v) => new Set(v).size === v.length, 'column names must be distinct'),
  );

/** A per-customer summary read from a CSV, with covariate columns beside the RFM ones. */
export interface SummaryTable {
  readonly customerId: readonly string[];
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** Present when the table has the column (needed by spend models). */
  readonly monetaryValue?: Float64Array;
  readonly timeUnit: TimeUnit;
  readonly [covariate: string]: unknown;
}

/**
 * Read a per-customer summary CSV: customer id (optional), frequency, recency, T, monetary value (optional
 * unless `needMonetary`) and the named covariate columns (each required: a missing one is MISSING_COLUMN
 * naming it and the file). Covariate names must not clash with the summary's own columns.
 */
export async function readSummaryTable(
  input: string,
  o: CsvInputOptions & { frequencyCol?: string; recencyCol?: string; tCol?: string | undefined; monetaryCol?: string | undefined },
  covariates: readonly string[],
  timeUnit: TimeUnit,
  ctx: CommandContext,
  needMonetary = false,
): Promise<SummaryTable> {
  const reserved = ['customerId', 'frequency', 'recency', 'T', 'monetaryValue', 'timeUnit'];
  for (const name of covariates) {
    if (reserved.includes(name)) throw new UsageError(`covariate "${name}" clashes with a summary field name; rename the column`);
  }
  const spec: Record<string, { source: string; type: 'string' | 'number'; optional?: boolean }> = {
    customerId: { source: o.customerIdCol, type: 'string', optional: true },
    frequency: { source: o.frequencyCol ?? 'frequency', type: 'number' },
    recency: { source: o.recencyCol ?? 'recency', type: 'number' },
    T: { source: o.tCol ?? 'T', type: 'number' },
    monetaryValue: { source: o.monetaryCol ?? 'monetary_value', type: 'number', optional: !needMonetary },
  };
  for (const name of covariates) spec[name] = { source: name, type: 'number' };
  const data = await readColumns(input, spec, o, ctx);
  if (data.length === 0) throw new ClvkitError('EMPTY_INPUT', 'the summary has no rows', { fn: 'clvkit', file: input });
  const ids = (data.columns.customerId as string[] | undefined) ?? Array.from({ length: data.length }, (_, i) => String(i + 1));
  const out: Record<string, unknown> = {
    customerId: ids,
    frequency: data.columns.frequency,
    recency: data.columns.recency,
    T: data.columns.T,
    timeUnit,
  };
  if (data.columns.monetaryValue !== undefined) out.monetaryValue = data.columns.monetaryValue;
  for (const name of covariates) out[name] = data.columns[name];
  return out as unknown as SummaryTable;
}
