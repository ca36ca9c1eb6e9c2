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
import { defineCommand, numberFlag, outputShape } from '../command.js';
import { recordTable } from '../column-table.js';
import { addCsvInputOptions, addSummaryOptions, csvInputShape, readSummaryInput, summaryShape } from '../input.js';
import { assertNever } from '../../errors.js';

const KINDS = ['bg-nbd', 'mbg-nbd', 'pareto-nbd', 'gamma-gamma', 'bg-bb', 'sbg'] as const;
/** Kinds whose input is a table of rows (not transactions): BG/BB patterns and sBG customers. */
const ROW_KINDS: readonly string[] = ['bg-bb', 'sbg'];

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
    'clvkit fit fixtures/clv/fh2007-regular-tenure.csv --kind sbg --weights-col customers   # rows periods,churned[,weights] (contract periods; churned 1/0)',
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
      .option('--frequency-col <name>', 'bg-bb: column with x, the transactions', 'frequency')
      .option('--recency-col <name>', 'bg-bb: column with t_x, the opportunity of the last transaction', 'recency')
      .option('--periods-col <name>', 'bg-bb: column with n, the opportunities; sbg: whole periods on the book', 'periods')
      .option('--churned-col <name>', 'sbg: column with 1 (churned at the end of periods) or 0 (still on the book)', 'churned')
      .option('--weights-col <name>', 'bg-bb, sbg: optional column with the number of customers each row stands for');
  },
  schema: z.object({
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
  }),
  async run(o, ctx) {
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
    const summary = await readSummaryInput(o.args[0], o, ctx);
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
