import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { buildReport } from '../../report/build-report.js';
import { reportExtrasFromBook } from '../../report/report-extras-from-book.js';
import { applyScoringModel, scoreCustomers, type CustomerScores } from '../../scoring/score-customers.js';
import { scoringModelFromJSON } from '../../scoring/scoring-model.js';
import { readBankBook } from '../../simulate/read-bank-book.js';
import { defineCommand, integerFlag, isoDateFlag, numberFlag, outputShape } from '../command.js';
import { readJsonFile, withFile } from '../read-json-file.js';
import { UsageError } from '../usage-error.js';

/** `clvkit report`: score a bank book and write one self-contained HTML report (buildReport). */
export const reportCommand = defineCommand({
  name: 'report',
  summary: 'write a self-contained HTML report of a bank book: concentration, RFM, tiers, clusters, model fit, CLV, value matrix',
  args: '<book-dir>',
  examples: [
    'clvkit report fixtures/bank --out report.html',
    'clvkit report fixtures/bank --locale zh-CN --title "客户价值报告" --out report.zh-CN.html',
    'clvkit report fixtures/bank --model scoring-model.json --out report.html   # scores from a saved model',
  ],
  formats: ['csv'],
  configure(cmd) {
    cmd
      .option('--locale <locale>', 'report language: en or zh-CN', 'en')
      .option('--title <text>', 'report title')
      .option('--currency <code>', 'currency code shown with money figures', 'CNY')
      .option('--model <file>', 'score with a scoring model saved by `clvkit score --save-model` instead of fitting one')
      .option('--observation-end <date>', 'last day observed (YYYY-MM-DD); default the book’s last month end')
      .option('--horizon-months <n>', 'months valued ahead by both CLVs', '36')
      .option('--discount-rate <rate>', 'annual discount rate', '0.08')
      .option('--clusters <k>', 'k-means clusters (0: none)', '4')
      .option('--holdout-months <n>', 'months held out for the model check at the end of the book (0: none)', '6');
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    locale: z.enum(['en', 'zh-CN']).default('en'),
    title: z.string().min(1).max(200).optional(),
    currency: z.string().min(1).max(12).default('CNY'),
    model: z.string().min(1).optional(),
    observationEnd: isoDateFlag.optional(),
    horizonMonths: integerFlag.pipe(z.number().min(1).max(600)).default(36),
    discountRate: numberFlag.pipe(z.number().min(0).max(1)).default(0.08),
    clusters: integerFlag.pipe(z.number().min(0).max(50)).default(4),
    holdoutMonths: integerFlag.pipe(z.number().min(0).max(120)).default(6),
  }),
  async run(o, ctx) {
    if (o.format === 'json') throw new UsageError('report writes HTML; leave out --format');
    ctx.progress.step('reading the book');
    const book = await readBankBook(ctx.resolvePath(o.args[0]));
    const end = o.observationEnd !== undefined ? { observationEnd: o.observationEnd } : {};
    ctx.progress.step('scoring');
    let scores: CustomerScores;
    if (o.model !== undefined) {
      const json = readJsonFile(ctx.resolvePath(o.model), o.model);
      if ((json as { format?: unknown } | null)?.format === 'clvkit-model') {
        throw new ClvkitError('INVALID_MODEL', 'this is a CLV model from `clvkit fit`; report needs a scoring model saved with `clvkit score --save-model`', { fn: 'clvkit', file: o.model });
      }
      let model: ReturnType<typeof scoringModelFromJSON>;
      try {
        model = scoringModelFromJSON(json);
      } catch (error) {
        throw withFile(error, o.model);
      }
      scores = applyScoringModel(model, book, end);
    } else {
      scores = scoreCustomers(book, {
        ...end,
        horizonMonths: o.horizonMonths,
        annualDiscountRate: o.discountRate,
        ...(o.clusters === 0 ? { clusters: false as const } : { clusters: { k: o.clusters } }),
      });
    }
    ctx.progress.step('checking the model on a holdout');
    const extras = reportExtrasFromBook(book, { holdoutMonths: o.holdoutMonths });
    ctx.progress.step('drawing the charts');
    const html = await buildReport(scores, { locale: o.locale, currency: o.currency, extras, ...(o.title !== undefined ? { title: o.title } : {}) });
    ctx.progress.done();
    return { text: html };
  },
});
