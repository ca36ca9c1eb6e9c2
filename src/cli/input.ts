import { Option, type Command } from 'commander';
import { z } from 'zod';
import { ClvkitError, isClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import type { IngestSource } from '../io/ingest-source.js';
import { readTable } from '../io/read-table.js';
import { openTransactionStream } from '../io/stream-transactions.js';
import { summarizeCustomers } from '../io/summarize-customers.js';
import type { RejectedRow } from '../io/transaction-table.js';
import { isoDate, TIME_UNITS, type TimeUnit } from '../time.js';
import type { CommandContext } from './command.js';
import { isoDateFlag } from './command.js';
import { columnTable } from './column-table.js';
import { toCsv } from './write-csv.js';
import { writeOutput } from './write-output.js';
import { UsageError } from './usage-error.js';

/** `--delimiter` accepts the character or a name (tab is hard to type). */
const delimiterFlag = z
  .string()
  .transform((s) => ({ comma: ',', semicolon: ';', tab: '\t', pipe: '|', '\\t': '\t' })[s] ?? s)
  .pipe(z.enum([',', ';', '\t', '|']));

/** `--thousands` accepts the character or a name (a space or an apostrophe is awkward to quote). */
const thousandsFlag = z
  .string()
  .transform((s) => ({ comma: ',', dot: '.', period: '.', space: ' ', apostrophe: "'", underscore: '_' })[s] ?? s)
  .pipe(z.enum([',', '.', ' ', "'", '_']));

/** The CSV flags every reading command takes: column mapping, dialect and what to do with bad rows. */
export const csvInputShape = {
  customerIdCol: z.string().min(1).default('customer_id'),
  dateCol: z.string().min(1).default('date'),
  amountCol: z.string().min(1).default('amount'),
  dateFormat: z.string().min(1).default('auto'),
  delimiter: delimiterFlag.default(','),
  decimal: z.enum(['.', ',']).default('.'),
  thousands: thousandsFlag.optional(),
  onInvalid: z.enum(['throw', 'collect']).default('throw'),
  rejects: z
    .string()
    .min(1)
    .refine((s) => s !== '-', 'rejects go to a file, not standard output')
    .optional(),
};
export type CsvInputOptions = z.output<z.ZodObject<typeof csvInputShape>>;

/** Add the CSV flags (column mapping, dialect, bad-row handling) to a command. */
export function addCsvInputOptions(cmd: Command): void {
  cmd
    .option('--customer-id-col <name>', 'column with the customer id', 'customer_id')
    .option('--date-col <name>', 'column with the transaction date', 'date')
    .option('--amount-col <name>', 'column with the amount', 'amount')
    .option('--date-format <pattern>', "'auto' (YYYY-MM-DD or YYYYMMDD) or a pattern such as DD/MM/YYYY", 'auto')
    .option('--delimiter <char>', "field delimiter: ',' ';' '|' or tab", ',')
    .option('--decimal <char>', "decimal separator: '.' or ','", '.')
    .option(
      '--thousands <sep>',
      "thousands separator accepted in numbers (groups of 3 digits): '.' ',' \"'\" '_' or space (names: dot, comma, apostrophe, underscore, space); none by default",
    )
    .addOption(
      new Option('--on-invalid <mode>', 'a bad row stops the run (throw) or is set aside and counted (collect)').choices(['throw', 'collect']).default('throw'),
    )
    .option('--rejects <file>', 'with --on-invalid collect: write the rejected rows (line, code, column, value, reason) to this CSV file');
}

/** The reader options shared by transactions and customer tables, from the CLI flags. */
export function readerFlags(input: string, o: CsvInputOptions, ctx: CommandContext) {
  if (o.rejects !== undefined && o.onInvalid !== 'collect') throw new UsageError("option '--rejects' needs '--on-invalid collect'");
  return {
    delimiter: o.delimiter,
    decimal: o.decimal,
    ...(o.thousands !== undefined ? { thousands: o.thousands } : {}),
    onInvalid: o.onInvalid,
    file: input === '-' ? '<stdin>' : input,
    ...(ctx.progress.onRead !== undefined ? { onProgress: ctx.progress.onRead } : {}),
  };
}

/**
 * In collect mode: write the rejected rows to `--rejects` (a CSV of line, code, column, value,
 * reason; formula-like text neutralised) and print one line with the count to stderr.
 */
export function reportRejects(stats: { read: number; rejected: number }, rejects: readonly RejectedRow[], o: CsvInputOptions, ctx: CommandContext): void {
  if (o.onInvalid !== 'collect') return;
  if (o.rejects !== undefined) {
    const table = columnTable({
      line: rejects.map((r) => r.line),
      code: rejects.map((r) => r.code),
      column: rejects.map((r) => r.column ?? null),
      value: rejects.map((r) =>
        r.value === undefined || r.value === null ? null : typeof r.value === 'string' ? r.value : (JSON.stringify(r.value) ?? String(r.value)),
      ),
      reason: rejects.map((r) => r.reason),
    });
    writeOutput(toCsv(table), o.rejects, ctx.io, ctx.inputs, '--rejects');
  }
  const where = o.rejects !== undefined ? `written to ${o.rejects}` : 'add --rejects FILE to keep them';
  ctx.io.stderr.write(`clvkit: ${stats.rejected} of ${stats.read} rows rejected (${where})\n`);
}

/** The flags that turn transactions into a customer summary. */
export const summaryShape = {
  observationEnd: isoDateFlag.optional(),
  timeUnit: z.enum(TIME_UNITS).default('week'),
  calibrationEnd: isoDateFlag.optional(),
};
export type SummaryFlags = z.output<z.ZodObject<typeof summaryShape>>;

/** Add the summary flags (period end, time unit, calibration end). */
export function addSummaryOptions(cmd: Command, options: { calibration?: boolean; timeUnit?: boolean } = {}): void {
  cmd.option('--observation-end <date>', 'last day of the observation period (YYYY-MM-DD); required for transactions');
  if (options.timeUnit !== false) cmd.addOption(new Option('--time-unit <unit>', 'unit of recency and T').choices([...TIME_UNITS]).default('week'));
  if (options.calibration === true) cmd.option('--calibration-end <date>', 'last day of the calibration period: the days after it are a holdout');
}

/** The source a reader opens for a path given on the command line (`-` is standard input). */
export function inputSource(input: string, ctx: CommandContext): IngestSource {
  if (input === '-') {
    if (ctx.io.stdin === undefined) throw new UsageError('input "-" needs standard input');
    return ctx.io.stdin;
  }
  return ctx.resolvePath(input);
}

/** `--observation-end`, required when a command summarises transactions. */
export function requireObservationEnd(o: { observationEnd?: string | undefined }): string {
  if (o.observationEnd === undefined) throw new UsageError("required option '--observation-end <date>' not specified (the period end is never guessed)");
  return o.observationEnd;
}

/**
 * Read transactions and summarise them per customer (the RFM/T summary), streaming: the rows are
 * never held, so memory grows with customers only (see `summarizeCustomers`). Rejected rows are
 * reported as by {@link reportRejects}; transactions after `--observation-end` (and
 * customers with only such transactions) are counted on stderr, never dropped silently.
 */
export async function readSummaryInput(input: string, o: CsvInputOptions & SummaryFlags, ctx: CommandContext, timeUnit?: TimeUnit): Promise<CustomerSummary> {
  const observationEnd = requireObservationEnd(o);
  // Named readTransactions in messages, as the non-streaming readers of the other commands.
  const stream = openTransactionStream(
    inputSource(input, ctx),
    { ...readerFlags(input, o, ctx), columns: { customerId: o.customerIdCol, date: o.dateCol, amount: o.amountCol }, dateFormat: o.dateFormat },
    'readTransactions',
  );
  let summary: CustomerSummary;
  try {
    summary = await summarizeCustomers(stream, {
      observationEnd,
      timeUnit: timeUnit ?? o.timeUnit,
      ...(o.calibrationEnd !== undefined ? { calibrationEnd: o.calibrationEnd } : {}),
    });
  } catch (error) {
    // Every row was read, but no customer is left: the rejects and late rows still explain why.
    if (isClvkitError(error, 'EMPTY_INPUT') && error.details.fn === 'summarizeCustomers') {
      reportRejects(stream.stats, stream.rejects, o, ctx);
      const d = error.details as { afterEnd?: number; customersOnlyAfterEnd?: number };
      reportLateRows(d.afterEnd ?? 0, d.customersOnlyAfterEnd ?? 0, observationEnd, ctx);
    }
    throw error;
  } finally {
    ctx.progress.done();
  }
  reportRejects(stream.stats, stream.rejects, o, ctx);
  reportLateRows(summary.transactionsAfterEnd, summary.customersOnlyAfterEnd ?? 0, observationEnd, ctx);
  return summary;
}

/** One stderr line when transactions after the observation end were left out of the summary. */
function reportLateRows(transactions: number, customers: number, observationEnd: string, ctx: CommandContext): void {
  if (transactions === 0) return;
  const who =
    customers > 0
      ? `; ${customers} customer${customers === 1 ? ' has' : 's have'} only such transactions and ${customers === 1 ? 'is' : 'are'} not in the output`
      : '';
  ctx.io.stderr.write(`clvkit: ${transactions} transaction${transactions === 1 ? '' : 's'} dated after --observation-end ${observationEnd} left out${who}\n`);
}

/** Per-customer columns of a summary, by their CLI (snake_case) names. */
export function summaryColumns(s: CustomerSummary): Record<string, ArrayLike<number>> {
  return {
    frequency: s.frequency,
    recency: s.recency,
    T: s.T,
    monetary_value: s.monetaryValue,
    transaction_count: s.transactionCount,
    total_amount: s.totalAmount,
    days_since_last_purchase: s.daysSinceLastPurchase,
  };
}

/** The summary as an output table, one row per customer. */
export function summaryTable(s: CustomerSummary): Record<string, ArrayLike<string | number>> {
  const first: string[] = new Array(s.length);
  const last: string[] = new Array(s.length);
  for (let i = 0; i < s.length; i++) {
    first[i] = isoDate(s.firstDay[i]!);
    last[i] = isoDate(s.lastDay[i]!);
  }
  return {
    customer_id: s.customerId,
    ...summaryColumns(s),
    first_purchase: first,
    last_purchase: last,
    ...(s.holdoutFrequency !== undefined ? { holdout_frequency: s.holdoutFrequency } : {}),
    ...(s.holdoutMonetaryValue !== undefined ? { holdout_monetary_value: s.holdoutMonetaryValue } : {}),
  };
}

/** Flags of the commands that also read a customer-level table (pareto, tiers, cluster). */
export const customerTableShape = {
  customerTable: z.boolean().default(false),
  where: z
    .string()
    .regex(/^[^=]+=.*$/, 'expected COLUMN=VALUE')
    .transform((s) => {
      const at = s.indexOf('=');
      return { column: s.slice(0, at), value: s.slice(at + 1) };
    })
    .optional(),
};
export type CustomerTableFlags = z.output<z.ZodObject<typeof customerTableShape>>;

/** Add `--customer-table` and `--where`. */
export function addCustomerTableOptions(cmd: Command): void {
  cmd
    .option('--customer-table', 'the input has one row per customer (id + numeric columns) instead of transactions')
    .option('--where <column=value>', 'with --customer-table: keep only rows whose column equals value (e.g. month=2024-12)');
}

/** Customer ids and numeric per-customer columns, from either kind of input. */
export interface CustomerColumns {
  readonly customerId: readonly string[];
  readonly columns: Readonly<Record<string, ArrayLike<number>>>;
  /** The summary, when the input was transactions. */
  readonly summary?: CustomerSummary;
}

/**
 * Split a column expression: `deposits+wealth` is the sum of two columns.
 * @example columnTerms('deposits+wealth') // ['deposits', 'wealth']
 */
export function columnTerms(expression: string): string[] {
  return expression.split('+').map((t) => t.trim());
}

/**
 * Read per-customer numeric columns. Transactions (default) are summarised and the names refer to
 * summary columns (total_amount, frequency, recency, T, monetary_value, transaction_count,
 * days_since_last_purchase); with `--customer-table` the names are CSV columns, and `a+b` sums two.
 */
export async function readCustomerColumns(
  input: string,
  names: readonly string[],
  o: CsvInputOptions & SummaryFlags & CustomerTableFlags,
  ctx: CommandContext,
): Promise<CustomerColumns> {
  if (!o.customerTable) {
    if (o.where !== undefined) throw new UsageError("option '--where' needs '--customer-table'");
    const summary = await readSummaryInput(input, o, ctx);
    const all = summaryColumns(summary);
    const columns: Record<string, ArrayLike<number>> = {};
    for (const name of names) {
      const col = all[name];
      if (col === undefined) {
        throw new UsageError(`unknown column "${name}" for transactions input: use one of ${Object.keys(all).join(', ')} (or --customer-table)`);
      }
      columns[name] = col;
    }
    return { customerId: summary.customerId, columns, summary };
  }
  const terms = [...new Set(names.flatMap(columnTerms))];
  const spec: Record<string, { source: string; type: 'string' | 'number' }> = { __id: { source: o.customerIdCol, type: 'string' } };
  terms.forEach((t, i) => (spec[`__n${i}`] = { source: t, type: 'number' }));
  if (o.where !== undefined) spec.__where = { source: o.where.column, type: 'string' };
  const flags = readerFlags(input, o, ctx);
  let data: Awaited<ReturnType<typeof readTable>>;
  try {
    data = await readTable(inputSource(input, ctx), { ...flags, columns: spec });
  } finally {
    ctx.progress.done();
  }
  reportRejects(data.stats, data.rejects, o, ctx);
  const ids = data.columns.__id as string[];
  const keep: number[] = [];
  const where = data.columns.__where as string[] | undefined;
  for (let i = 0; i < data.length; i++) if (where === undefined || where[i] === o.where!.value) keep.push(i);
  if (keep.length === 0)
    throw new ClvkitError('EMPTY_INPUT', o.where !== undefined ? `no row has ${o.where.column} = ${o.where.value}` : 'the table has no rows', {
      fn: 'clvkit',
      file: input,
    });
  const seen = new Map<string, number>();
  for (const i of keep) {
    const prev = seen.get(ids[i]!);
    if (prev !== undefined) {
      throw new ClvkitError(
        'DUPLICATE_ID',
        `customer appears on data rows ${prev + 1} and ${i + 1}; a customer table needs one row per customer (use --where to pick one)`,
        {
          fn: 'clvkit',
          file: input,
          index: i,
          column: o.customerIdCol,
          value: ids[i],
        },
      );
    }
    seen.set(ids[i]!, i);
  }
  const byTerm = new Map(terms.map((t, i) => [t, data.columns[`__n${i}`] as Float64Array]));
  const columns: Record<string, Float64Array> = {};
  for (const name of names) {
    const out = new Float64Array(keep.length);
    for (const t of columnTerms(name)) {
      const col = byTerm.get(t)!;
      keep.forEach((row, k) => (out[k] = out[k]! + col[row]!));
    }
    columns[name] = out;
  }
  return { customerId: keep.map((i) => ids[i]!), columns };
}

/** An optional `--observation-end`-style date flag. */
export const isoDateFlagOptional = isoDateFlag.optional();
