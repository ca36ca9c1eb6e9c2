import { z } from 'zod';
import { fitBgNbd } from '../../clv/bg-nbd/fit-bg-nbd.js';
import { fitGammaGamma } from '../../clv/gamma-gamma/fit-gamma-gamma.js';
import { fitModifiedBgNbd } from '../../clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitBgBb } from '../../clv/bg-bb/fit-bg-bb.js';
import { fitParetoNbd } from '../../clv/pareto-nbd/fit-pareto-nbd.js';
import { fitShiftedBetaGeometric, type SerializedSbgModel } from '../../clv/sbg/fit-shifted-beta-geometric.js';
import type { SerializedModel } from '../../clv/transaction-model.js';
import { readNumericColumns } from '../read-numeric-columns.js';
import { UsageError } from '../usage-error.js';
import { defineCommand, numberFlag, outputShape, type CommandContext } from '../command.js';
import { recordTable, type ColumnTable } from '../column-table.js';
import { addCsvInputOptions, addSummaryOptions, csvInputShape, readSummaryInput, summaryShape } from '../input.js';
import { assertNever } from '../../errors.js';
import { fitBgNbdWithCovariates } from '../../clv/covariates/fit-bg-nbd-with-covariates.js';
import { fitParetoNbdWithCovariates } from '../../clv/covariates/fit-pareto-nbd-with-covariates.js';
import { fitGammaGammaWithCovariates } from '../../clv/covariates/fit-gamma-gamma-with-covariates.js';
import type { SerializedCovariateModel } from '../../clv/covariates/covariate-model-json.js';
import { addSummaryTableOptions, columnListFlag, readSummaryTable, summaryTableShape } from '../read-summary-table.js';

const KINDS = ['bg-nbd', 'mbg-nbd', 'pareto-nbd', 'gamma-gamma', 'bg-bb', 'sbg'] as const;
/** Kinds whose input is a table of rows (not transactions): BG/BB patterns and sBG customers. */
const ROW_KINDS: readonly string[] = ['bg-bb', 'sbg'];

const fitSchema = z.object({
  args: z.tuple([z.string()]),
  ...outputShape,
  ...csvInputShape,
  ...summaryShape,
  kind: z.enum(KINDS).default('bg-nbd'),
  penalizer: numberFlag.pipe(z.number().min(0)).default(0),
  nonPositive: z.enum(['error', 'exclude']).default('exclude'),
  frequencyCol: z.string().min(1).default('frequency'),
  recencyCol: z.string().min(1).default('recency'),
  periodsCol: z.string().min(1).default('periods'),
  churnedCol: z.string().min(1).default('churned'),
  weightsCol: z.string().min(1).optional(),
  ...summaryTableShape,
  covariates: columnListFlag.optional(),
  purchaseCovariates: columnListFlag.optional(),
  dropoutCovariates: columnListFlag.optional(),
  covariatePenalty: numberFlag.pipe(z.number().min(0)).optional(),
});

/** `clvkit fit`: fit a CLV model on a transactions file and write the model file (its toJSON()). */
export const fitCommand = defineCommand({
  name: 'fit',
  summary: 'fit a CLV model (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB, sBG retention) and write the model file (JSON)',
  args: '<input>',
  examples: [
    'clvkit fit fixtures/bank/transactions.csv --kind bg-nbd --observation-end 2024-12-31 --time-unit week --out bgnbd.json',
    'clvkit fit fixtures/bank/transactions.csv --kind gamma-gamma --observation-end 2024-12-31 --out spend.json',
    'clvkit fit fixtures/bank/transactions.csv --kind bg-nbd --observation-end 2024-12-31 --format csv   # the parameter table',
    'clvkit fit fixtures/clv/donations-bgbb-patterns.csv --kind bg-bb --weights-col weights   # rows frequency,recency,periods[,weights] (discrete opportunities)',
    'clvkit fit fixtures/clv/fh2007-regular-tenure.csv --kind sbg --weights-col customers --out sbg.json   # rows periods,churned[,weights] (contract periods; churned 1/0)',
    'clvkit fit fixtures/clv/summary-covariates.csv --from-summary --time-unit week --kind bg-nbd --covariates age_z,vip --out bgnbd-cov.json   # static covariates: columns of the summary',
    'clvkit fit fixtures/clv/summary-covariates.csv --from-summary --kind pareto-nbd --purchase-covariates age_z --dropout-covariates vip --covariate-penalty 0.1 --format csv',
    'clvkit fit fixtures/clv/summary-covariates.csv --from-summary --kind gamma-gamma --covariates vip --out spend-cov.json',
  ],
  formats: ['json', 'csv'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd);
    cmd
      .option('--kind <kind>', `model: ${KINDS.join(', ')}`, 'bg-nbd')
      .option('--penalizer <x>', 'L2 penalty on the parameters (lifetimes’ penalizer_coef)', '0')
      .option(
        '--non-positive <how>',
        'gamma-gamma: customers whose repeat purchases net to ≤ 0: exclude (default; predictions value them at the population mean) or error',
        'exclude',
      )
      .option('--frequency-col <name>', 'bg-bb, --from-summary: column with x, the (repeat) transactions', 'frequency')
      .option('--recency-col <name>', 'bg-bb: column with t_x, the opportunity of the last transaction; --from-summary: the recency', 'recency')
      .option('--periods-col <name>', 'bg-bb: column with n, the opportunities; sbg: whole periods on the book', 'periods')
      .option('--churned-col <name>', 'sbg: column with 1 (churned at the end of periods) or 0 (still on the book)', 'churned')
      .option('--weights-col <name>', 'bg-bb, sbg: optional column with the number of customers each row stands for')
      .option(
        '--covariates <names>',
        'static covariates, comma-separated columns of the --from-summary input: bg-nbd, pareto-nbd: of both processes; gamma-gamma: of the spend level',
      )
      .option('--purchase-covariates <names>', 'bg-nbd, pareto-nbd: covariates of the purchase process only')
      .option('--dropout-covariates <names>', 'bg-nbd, pareto-nbd: covariates of the dropout process only')
      .option('--covariate-penalty <x>', 'L2 penalty λ on the covariate coefficients (Σλγ²; default 0)');
    addSummaryTableOptions(cmd);
  },
  schema: fitSchema,
  async run(o, ctx) {
    const covariateRun = await fitWithCovariates(o, ctx);
    if (covariateRun !== null) return covariateRun;
    if (ROW_KINDS.includes(o.kind) && (o.observationEnd !== undefined || o.calibrationEnd !== undefined)) {
      throw new UsageError(`--kind ${o.kind} reads a table of rows, not transactions: '--observation-end' and '--calibration-end' do not apply`);
    }
    if (!ROW_KINDS.includes(o.kind) && o.weightsCol !== undefined) throw new UsageError(`option '--weights-col' applies to --kind bg-bb and sbg only`);
    if (ROW_KINDS.includes(o.kind)) {
      const weights: Record<string, { source: string }> = o.weightsCol !== undefined ? { weights: { source: o.weightsCol } } : {};
      let saved: SerializedModel | SerializedSbgModel;
      if (o.kind === 'bg-bb') {
        const c = await readNumericColumns(
          o.args[0],
          { frequency: { source: o.frequencyCol }, recency: { source: o.recencyCol }, periods: { source: o.periodsCol }, ...weights },
          o,
          ctx,
        );
        ctx.progress.step('fitting bg-bb');
        saved = fitBgBb(
          { frequency: c.frequency!, recency: c.recency!, T: c.periods! },
          { penalizer: o.penalizer, ...(c.weights !== undefined ? { weights: c.weights } : {}) },
        ).toJSON();
      } else {
        const c = await readNumericColumns(o.args[0], { periods: { source: o.periodsCol }, churned: { source: o.churnedCol }, ...weights }, o, ctx);
        ctx.progress.step('fitting sbg');
        saved = fitShiftedBetaGeometric(
          { periods: c.periods!, churned: c.churned! },
          { penalizer: o.penalizer, ...(c.weights !== undefined ? { weights: c.weights } : {}) },
        ).toJSON();
      }
      ctx.progress.done();
      if (!saved.converged)
        ctx.io.stderr.write(`clvkit: warning: the ${o.kind} fit did not converge${saved.reason !== undefined ? `: ${saved.reason}` : ''}\n`);
      const se = saved.standardErrors as Readonly<Record<string, number>> | null;
      const table = recordTable(
        Object.entries(saved.params as Readonly<Record<string, number>>).map(([param, estimate]) => ({ param, estimate, std_error: se?.[param] ?? null })),
      );
      return { table, json: saved };
    }
    const summary = o.fromSummary
      ? ((await readSummaryTable(o.args[0], o, [], o.timeUnit, ctx, o.kind === 'gamma-gamma')) as unknown as Awaited<ReturnType<typeof readSummaryInput>>)
      : await readSummaryInput(o.args[0], o, ctx);
    ctx.progress.step(`fitting ${o.kind}`);
    const options = { penalizer: o.penalizer };
    let saved: SerializedModel;
    switch (o.kind) {
      case 'bg-nbd':
        saved = fitBgNbd(summary, options).toJSON();
        break;
      case 'mbg-nbd':
        saved = fitModifiedBgNbd(summary, options).toJSON();
        break;
      case 'pareto-nbd':
        saved = fitParetoNbd(summary, options).toJSON();
        break;
      case 'gamma-gamma':
        saved = fitGammaGamma(summary, { ...options, nonPositiveValues: o.nonPositive }).toJSON();
        break;
      case 'bg-bb':
      case 'sbg':
        throw new Error(`unreachable: --kind ${o.kind} reads rows and returned above`);
      default:
        assertNever(o.kind, 'model kind');
    }
    ctx.progress.done();
    if (!saved.converged) ctx.io.stderr.write(`clvkit: warning: the ${o.kind} fit did not converge${saved.reason !== undefined ? `: ${saved.reason}` : ''}\n`);
    const table = recordTable(Object.entries(saved.params).map(([param, estimate]) => ({ param, estimate, std_error: saved.standardErrors?.[param] ?? null })));
    return { table, json: saved };
  },
});

/** The parsed flags of `clvkit fit`. */
type FitFlags = z.output<typeof fitSchema>;

/** Flag combinations of --from-summary and the covariate flags; a flag that would be ignored is a usage error. */
function checkSummaryFlags(o: FitFlags): { purchase: string[]; dropout: string[]; spend: string[] } | null {
  const any = o.covariates !== undefined || o.purchaseCovariates !== undefined || o.dropoutCovariates !== undefined;
  if (!o.fromSummary && (o.tCol !== undefined || o.monetaryCol !== undefined)) throw new UsageError("'--t-col' and '--monetary-col' need '--from-summary'");
  if (o.fromSummary && ROW_KINDS.includes(o.kind)) throw new UsageError(`--kind ${o.kind} reads its own rows: '--from-summary' does not apply`);
  if (o.fromSummary && (o.observationEnd !== undefined || o.calibrationEnd !== undefined)) {
    throw new UsageError("with '--from-summary' the summary is given: '--observation-end' and '--calibration-end' do not apply");
  }
  if (!any) {
    if (o.covariatePenalty !== undefined)
      throw new UsageError("'--covariate-penalty' needs covariates (--covariates, --purchase-covariates, --dropout-covariates)");
    return null;
  }
  if (o.kind !== 'bg-nbd' && o.kind !== 'pareto-nbd' && o.kind !== 'gamma-gamma') {
    throw new UsageError(`covariates apply to --kind bg-nbd, pareto-nbd and gamma-gamma, not ${o.kind}`);
  }
  if (!o.fromSummary) throw new UsageError("covariates are columns of a per-customer summary: give one with '--from-summary'");
  if (o.kind === 'gamma-gamma') {
    if (o.purchaseCovariates !== undefined || o.dropoutCovariates !== undefined) {
      throw new UsageError("gamma-gamma has one process (the spend level): use '--covariates', not --purchase-covariates / --dropout-covariates");
    }
    return { purchase: [], dropout: [], spend: [...o.covariates!] };
  }
  const both = o.covariates ?? [];
  const union = (extra: readonly string[] | undefined) => [...new Set([...both, ...(extra ?? [])])];
  return { purchase: union(o.purchaseCovariates), dropout: union(o.dropoutCovariates), spend: [] };
}

/** `fit --from-summary --covariates …`: fit the model with static covariates (null: no covariates asked for). */
async function fitWithCovariates(o: FitFlags, ctx: CommandContext): Promise<{ table: ColumnTable; json: SerializedCovariateModel } | null> {
  const names = checkSummaryFlags(o);
  if (names === null) return null;
  const all = [...new Set([...names.purchase, ...names.dropout, ...names.spend])];
  const table = await readSummaryTable(o.args[0], o, all, o.timeUnit, ctx, o.kind === 'gamma-gamma');
  ctx.progress.step(`fitting ${o.kind} with covariates`);
  const penalty = o.covariatePenalty ?? 0;
  let saved: SerializedCovariateModel;
  if (o.kind === 'gamma-gamma') {
    saved = fitGammaGammaWithCovariates(table as never, { covariates: names.spend, penalizer: o.penalizer, covariatePenalty: penalty }).toJSON();
  } else {
    const covariates = {
      ...(names.purchase.length > 0 ? { purchase: names.purchase } : {}),
      ...(names.dropout.length > 0 ? { dropout: names.dropout } : {}),
    };
    const options = { covariates, penalizer: o.penalizer, covariatePenalty: penalty };
    saved = (o.kind === 'bg-nbd' ? fitBgNbdWithCovariates(table, options) : fitParetoNbdWithCovariates(table, options)).toJSON();
  }
  ctx.progress.done();
  if (!saved.converged) ctx.io.stderr.write(`clvkit: warning: the ${o.kind} fit did not converge${saved.reason !== undefined ? `: ${saved.reason}` : ''}\n`);
  const rows: { param: string; estimate: number; std_error: number | null }[] = Object.entries(saved.params).map(([param, estimate]) => ({
    param,
    estimate,
    std_error: saved.standardErrors?.[param] ?? null,
  }));
  const c = saved.covariates;
  const flat = (v: unknown, prefix: string, se: unknown) => {
    for (const [name, value] of Object.entries(v as Record<string, unknown>)) {
      const s = (se as Record<string, unknown> | null)?.[name];
      if (typeof value === 'number') rows.push({ param: `${prefix}${name}`, estimate: value, std_error: typeof s === 'number' ? s : null });
      else flat(value, `${prefix}${name}.`, s ?? null);
    }
  };
  flat(c.coefficients, o.kind === 'gamma-gamma' ? 'spend.' : '', c.coefficientStandardErrors);
  return { table: recordTable(rows), json: saved };
}
