import { z } from 'zod';
import { customerLifetimeValue } from '../../clv/customer-lifetime-value.js';
import { predictionIntervals, type IntervalColumns } from '../../clv/intervals/prediction-intervals.js';
import { modelFromJSON, type RestoredModel } from '../../clv/model-from-json.js';
import type { FittedGammaGammaModel } from '../../clv/gamma-gamma/fit-gamma-gamma.js';
import type { FittedTransactionModel } from '../../clv/transaction-model.js';
import { ClvkitError } from '../../errors.js';
import { convertTime, TIME_UNITS } from '../../time.js';
import { defineCommand, numberFlag, outputShape, type CommandContext } from '../command.js';
import { columnTable } from '../column-table.js';
import { addCsvInputOptions, csvInputShape, isoDateFlagOptional, readSummaryInput } from '../input.js';
import { readJsonFile, withFile } from '../read-json-file.js';
import { UsageError } from '../usage-error.js';
import { predictSbg } from './predict-sbg.js';
import { addSummaryTableOptions, readSummaryTable, summaryTableShape } from '../read-summary-table.js';

/** Read a model file and restore it (modelFromJSON checks it). */
export function readModelFile(path: string, ctx: CommandContext): RestoredModel {
  const json = readJsonFile(ctx.resolvePath(path), path);
  try {
    return modelFromJSON(json);
  } catch (error) {
    throw withFile(error, path);
  }
}

/** `clvkit predict`: P(alive), expected transactions and (with a spend model) CLV per customer. */
export const predictCommand = defineCommand({
  name: 'predict',
  summary: 'per customer: P(alive), expected transactions over a horizon and, with a spend model, CLV; for an sBG model: survival, next renewal, DERL',
  args: '<input>',
  examples: [
    'clvkit fit fixtures/bank/transactions.csv --kind bg-nbd --observation-end 2024-12-31 --out bgnbd.json',
    'clvkit predict fixtures/bank/transactions.csv --model bgnbd.json --observation-end 2024-12-31 --horizon 12 --horizon-unit month',
    'clvkit fit fixtures/bank/transactions.csv --kind gamma-gamma --observation-end 2024-12-31 --out spend.json',
    'clvkit predict fixtures/bank/transactions.csv --model bgnbd.json --spend-model spend.json --observation-end 2024-12-31 --discount-rate 0.1 --out clv.csv',
    'clvkit predict fixtures/bank/transactions.csv --model bgnbd.json --observation-end 2024-12-31 --intervals 0.9 --interval-method parametric --draws 100 --seed 1',
    'clvkit predict fixtures/clv/summary-covariates.csv --from-summary --model bgnbd-cov.json --spend-model spend-cov.json --horizon 12   # models with covariates: the summary holds their columns',
    'clvkit predict fixtures/clv/fh2007-regular-tenure.csv --model sbg.json --horizon 3 --discount-rate 0.1   # sBG: rows periods[,churned][,customer_id]: survival over 3 periods, next renewal, DERL at 10% a period',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    cmd
      .requiredOption('--model <file>', 'model file written by `clvkit fit` (bg-nbd, mbg-nbd, pareto-nbd; or sbg, on a table of rows)')
      .option('--spend-model <file>', 'gamma-gamma model file: adds expected spend and CLV')
      .option('--observation-end <date>', 'last day of the observation period (YYYY-MM-DD); the summary uses the model’s time unit')
      .option('--horizon <n>', 'how far ahead (sbg: whole contract periods)', '12')
      .option('--horizon-unit <unit>', `unit of the horizon: ${TIME_UNITS.join(', ')} (default month; not for sbg)`)
      .option('--discount-rate <rate>', 'yearly discount rate of the CLV; sbg: per contract period, of DERL (default 0.1)')
      .option('--margin <share>', 'share of revenue that is profit (CLV = margin × revenue; default 1)')
      .option('--intervals <level>', 'add prediction intervals at this level (e.g. 0.9); the input must be the data the models were fitted on')
      .option(
        '--interval-method <method>',
        'parametric (draws from the estimates’ asymptotic normal) or bootstrap (refits on resampled customers)',
        'parametric',
      )
      .option('--draws <n>', 'parameter draws or bootstrap refits (default 500 parametric, 200 bootstrap)')
      .option('--seed <n>', 'seed of the interval draws', '1')
      .option('--periods-col <name>', 'sbg: column with the whole periods each customer has been on the book (default periods)')
      .option('--churned-col <name>', 'sbg: optional column with 1 (churned) or 0 (still on the book; the default) (default churned)')
      .option('--frequency-col <name>', 'with --from-summary: column with the repeat transactions (default frequency)')
      .option('--recency-col <name>', 'with --from-summary: column with the time of the last repeat transaction (default recency)');
    addSummaryTableOptions(cmd);
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    ...csvInputShape,
    observationEnd: isoDateFlagOptional,
    model: z.string().min(1),
    spendModel: z.string().min(1).optional(),
    horizon: numberFlag.pipe(z.number().positive()).default(12),
    horizonUnit: z.enum(TIME_UNITS).optional(),
    discountRate: numberFlag.pipe(z.number().min(0).max(10)).default(0.1),
    margin: numberFlag.pipe(z.number().min(0)).optional(),
    intervals: numberFlag.pipe(z.number().gt(0).lt(1)).optional(),
    intervalMethod: z.enum(['parametric', 'bootstrap']).default('parametric'),
    draws: numberFlag.pipe(z.number().int().min(20).max(100_000)).optional(),
    seed: numberFlag.pipe(z.number().int()).default(1),
    periodsCol: z.string().min(1).optional(),
    churnedCol: z.string().min(1).optional(),
    frequencyCol: z.string().min(1).optional(),
    recencyCol: z.string().min(1).optional(),
    ...summaryTableShape,
  }),
  async run(o, ctx) {
    const model = readModelFile(o.model, ctx);
    if (model.kind === 'gamma-gamma')
      throw new ClvkitError('INVALID_MODEL', 'this is a spend model: give it as --spend-model, and a transaction model as --model', {
        fn: 'clvkit',
        file: o.model,
      });
    // The summary's column flags: only with --from-summary, never for an sBG model.
    const summaryCols = (
      [
        ['--frequency-col', o.frequencyCol],
        ['--recency-col', o.recencyCol],
        ['--t-col', o.tCol],
        ['--monetary-col', o.monetaryCol],
      ] as const
    ).filter(([, v]) => v !== undefined);
    if (model.kind === 'sbg') {
      const notForSbg = (
        [
          ['--spend-model', o.spendModel],
          ['--intervals', o.intervals],
          ['--draws', o.draws],
          ['--horizon-unit', o.horizonUnit],
          ['--margin', o.margin],
          ['--observation-end', o.observationEnd],
          ['--from-summary', o.fromSummary ? true : undefined],
          ...summaryCols,
        ] as const
      ).filter(([, v]) => v !== undefined);
      if (notForSbg.length > 0 || o.intervalMethod !== 'parametric') {
        const names: string[] = [...notForSbg.map(([n]) => n as string), ...(o.intervalMethod !== 'parametric' ? ['--interval-method'] : [])];
        throw new UsageError(`${names.join(', ')}: not for an sBG model (it predicts survival, next renewal and DERL from rows of periods[,churned])`);
      }
      return { table: await predictSbg(model, o.args[0], { ...o, periodsCol: o.periodsCol ?? 'periods', churnedCol: o.churnedCol ?? 'churned' }, ctx) };
    }
    if (o.periodsCol !== undefined || o.churnedCol !== undefined) throw new UsageError("'--periods-col' and '--churned-col' apply to an sBG model only");
    if (model.kind === 'bg-bb' || model.timeUnit === 'period') {
      throw new ClvkitError('UNSUPPORTED', 'a BG/BB model (discrete periods): predict from transactions supports bg-nbd, mbg-nbd and pareto-nbd', {
        fn: 'clvkit',
        file: o.model,
      });
    }
    const transactionModel = model as FittedTransactionModel;
    const unit = transactionModel.timeUnit as (typeof TIME_UNITS)[number];
    let spendModel: FittedGammaGammaModel | undefined;
    if (o.spendModel !== undefined) {
      const spend = readModelFile(o.spendModel, ctx);
      if (spend.kind !== 'gamma-gamma')
        throw new ClvkitError('INVALID_MODEL', `this is a ${spend.kind} model, not a gamma-gamma spend model`, { fn: 'clvkit', file: o.spendModel });
      spendModel = spend as FittedGammaGammaModel;
    }
    // Covariate models read each customer's covariates from the input: a per-customer summary with those columns.
    const covariateNames = [...new Set([...covariatesOf(transactionModel), ...covariatesOf(spendModel)])];
    if (!o.fromSummary && summaryCols.length > 0) throw new UsageError(`${summaryCols.map(([n]) => `'${n}'`).join(', ')}: need '--from-summary'`);
    if (o.fromSummary && o.observationEnd !== undefined) throw new UsageError("with '--from-summary' the summary is given: '--observation-end' does not apply");
    if (!o.fromSummary && covariateNames.length > 0) {
      throw new ClvkitError(
        'MISSING_COLUMN',
        `the model has covariates (${covariateNames.join(', ')}): give a per-customer summary holding these columns with --from-summary`,
        { fn: 'clvkit', file: o.args[0], column: covariateNames[0]! },
      );
    }
    const summary = o.fromSummary
      ? ((await readSummaryTable(o.args[0], o, covariateNames, unit, ctx, spendModel !== undefined)) as unknown as Awaited<ReturnType<typeof readSummaryInput>>)
      : await readSummaryInput(o.args[0], { ...o, timeUnit: unit }, ctx, unit);
    if (o.intervals === undefined && (o.draws !== undefined || o.intervalMethod !== 'parametric')) {
      throw new ClvkitError('INVALID_OPTIONS', '--interval-method and --draws need --intervals <level>', { fn: 'clvkit', path: ['intervals'] });
    }
    const horizonUnit = o.horizonUnit ?? 'month';
    const horizon = convertTime(o.horizon, horizonUnit, unit);
    const clvOptions = {
      horizon: { value: o.horizon, unit: horizonUnit },
      discountRate: { rate: o.discountRate, per: 'year' as const },
      margin: o.margin ?? 1,
    };
    // Intervals: from the fit's uncertainty on this input (the data the models were fitted on).
    const pi =
      o.intervals === undefined
        ? undefined
        : predictionIntervals({
            transactionModel,
            ...(spendModel !== undefined ? { spendModel, clv: clvOptions } : {}),
            calibration: summary,
            horizon,
            intervals: { level: o.intervals, method: o.intervalMethod, seed: o.seed, ...(o.draws !== undefined ? { draws: o.draws } : {}) },
          });
    const bounds = (name: string, c: IntervalColumns | undefined) => (c === undefined ? {} : { [`${name}_lower`]: c.lower, [`${name}_upper`]: c.upper });
    const pAlive = transactionModel.probabilityAlive(summary);
    const base = {
      customer_id: summary.customerId,
      frequency: summary.frequency,
      recency: summary.recency,
      T: summary.T,
      p_alive: pAlive,
      ...bounds('p_alive', pi?.probabilityAlive),
    };
    if (spendModel === undefined) {
      const expected = transactionModel.conditionalExpectedTransactions(horizon, summary);
      return { table: columnTable({ ...base, expected_transactions: expected, ...bounds('expected_transactions', pi?.conditionalExpectedTransactions) }) };
    }
    const clv = customerLifetimeValue({ transactionModel, spendModel, customers: summary, ...clvOptions });
    return {
      table: columnTable({
        ...base,
        expected_transactions: clv.expectedTransactions,
        ...bounds('expected_transactions', pi?.conditionalExpectedTransactions),
        expected_spend: clv.expectedSpend,
        ...bounds('expected_spend', pi?.expectedSpend),
        clv: clv.clv,
        ...bounds('clv', pi?.clv),
      }),
    };
  },
});

/** The covariate column names a model reads (none for a plain model). */
function covariatesOf(model: unknown): string[] {
  const c = (model as { covariates?: unknown } | undefined)?.covariates;
  if (c === undefined) return [];
  if (Array.isArray(c)) return [...(c as string[])];
  const t = c as { purchase: readonly string[]; dropout: readonly string[] };
  return [...t.purchase, ...t.dropout];
}
