import { z } from 'zod';
import { fitBgNbd } from '../../clv/bg-nbd/fit-bg-nbd.js';
import { fitGammaGamma } from '../../clv/gamma-gamma/fit-gamma-gamma.js';
import { fitModifiedBgNbd } from '../../clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../../clv/pareto-nbd/fit-pareto-nbd.js';
import type { SerializedModel } from '../../clv/transaction-model.js';
import { defineCommand, numberFlag, outputShape } from '../command.js';
import { recordTable } from '../column-table.js';
import { addCsvInputOptions, addSummaryOptions, csvInputShape, readSummaryInput, summaryShape } from '../input.js';
import { assertNever } from '../../errors.js';

const KINDS = ['bg-nbd', 'mbg-nbd', 'pareto-nbd', 'gamma-gamma'] as const;

/** `clvkit fit`: fit a CLV model on a transactions file and write the model file (its toJSON()). */
export const fitCommand = defineCommand({
  name: 'fit',
  summary: 'fit a CLV model (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma) and write the model file (JSON)',
  args: '<input>',
  examples: [
    'clvkit fit fixtures/bank/transactions.csv --kind bg-nbd --observation-end 2024-12-31 --time-unit week --out bgnbd.json',
    'clvkit fit fixtures/bank/transactions.csv --kind gamma-gamma --observation-end 2024-12-31 --out spend.json',
    'clvkit fit fixtures/bank/transactions.csv --kind bg-nbd --observation-end 2024-12-31 --format csv   # the parameter table',
  ],
  formats: ['json', 'csv'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd);
    cmd
      .option('--kind <kind>', `model: ${KINDS.join(', ')}`, 'bg-nbd')
      .option('--penalizer <x>', 'L2 penalty on the parameters (lifetimes’ penalizer_coef)', '0')
      .option('--non-positive <how>', 'gamma-gamma: customers whose repeat purchases net to ≤ 0: error or exclude', 'error');
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    ...csvInputShape,
    ...summaryShape,
    kind: z.enum(KINDS).default('bg-nbd'),
    penalizer: numberFlag.pipe(z.number().min(0)).default(0),
    nonPositive: z.enum(['error', 'exclude']).default('error'),
  }),
  async run(o, ctx) {
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
      default:
        assertNever(o.kind, 'model kind');
    }
    ctx.progress.done();
    if (!saved.converged) ctx.io.stderr.write(`clvkit: warning: the ${o.kind} fit did not converge${saved.reason !== undefined ? `: ${saved.reason}` : ''}\n`);
    const table = recordTable(
      Object.entries(saved.params).map(([param, estimate]) => ({ param, estimate, std_error: saved.standardErrors?.[param] ?? null })),
    );
    return { table, json: saved };
  },
});
