import { z } from 'zod';
import { compareModels, COMPARABLE_MODELS } from '../../clv/compare/compare-models.js';
import { defineCommand, integerFlag, outputShape } from '../command.js';
import { recordTable } from '../column-table.js';
import { addCsvInputOptions, addSummaryOptions, csvInputShape, readSummaryInput, summaryShape } from '../input.js';
import { UsageError } from '../usage-error.js';

/** `clvkit compare`: fit BG/NBD, MBG/NBD and Pareto/NBD on a calibration period and score them on the holdout (compareModels). */
export const compareCommand = defineCommand({
  name: 'compare',
  summary: 'compare transaction models: log-likelihood, AIC, BIC and holdout errors on one calibration/holdout split',
  args: '<input>',
  examples: [
    'clvkit compare fixtures/bank/transactions.csv --observation-end 2024-12-31 --calibration-end 2024-06-30',
    'clvkit compare fixtures/bank/transactions.csv --observation-end 2024-12-31 --calibration-end 2024-06-30 --models bg-nbd,pareto-nbd --format json',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd, { calibration: true });
    cmd
      .option('--models <list>', `comma-separated: ${COMPARABLE_MODELS.join(', ')}`, COMPARABLE_MODELS.join(','))
      .option('--groups <n>', 'groups of the decile calibration', '10');
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    ...csvInputShape,
    ...summaryShape,
    models: z
      .string()
      .transform((s) => s.split(',').map((m) => m.trim()))
      .pipe(z.array(z.enum(COMPARABLE_MODELS)).min(1))
      .default([...COMPARABLE_MODELS]),
    groups: integerFlag.pipe(z.number().min(2).max(1000)).default(10),
  }),
  async run(o, ctx) {
    if (o.calibrationEnd === undefined)
      throw new UsageError("required option '--calibration-end <date>' not specified (the holdout is what the models are scored on)");
    const summary = await readSummaryInput(o.args[0], o, ctx);
    ctx.progress.step('fitting and scoring');
    const c = compareModels(summary, { models: o.models, groups: o.groups });
    ctx.progress.done();
    const rows = c.scores.map((s) => ({
      model: s.kind,
      parameters: s.parameters,
      converged: s.converged ? 'yes' : 'no',
      log_likelihood: s.logLikelihood,
      aic: s.aic,
      bic: s.bic,
      holdout_predicted: s.holdoutPredicted,
      holdout_actual: s.holdoutActual,
      mae: s.mae,
      rmse: s.rmse,
      decile_gap: s.calibration.meanAbsoluteGap,
    }));
    const json = { customers: c.customers, holdoutDuration: c.holdoutDuration, timeUnit: c.timeUnit, best: c.best, scores: c.scores };
    return { table: recordTable(rows), json };
  },
});
