import { z } from 'zod';
import { buildReport } from '../../report/build-report.js';
import { reportExtrasFromBook } from '../../report/report-extras-from-book.js';
import { addBookInputOptions, bookInputShape, readBandsFile, readBookInput, reportSkipped } from '../book-input.js';
import { defineCommand, integerFlag, isoDateFlag, numberFlag, outputShape } from '../command.js';
import { UsageError } from '../usage-error.js';
import { retentionModelOption, retentionModelShape, scoreBook } from './score.js';

/** `clvkit report`: score a book and write one self-contained HTML report (buildReport). */
export const reportCommand = defineCommand({
  name: 'report',
  summary:
    'write a self-contained HTML report of a book (transactions CSV, - for standard input, book folder or --book spec): concentration, RFM, tiers, clusters, model fit, CLV, value matrix',
  args: '[input]',
  examples: [
    'clvkit report fixtures/bank --out report.html',
    'clvkit report fixtures/bank --locale zh-CN --title "客户价值报告" --out report.zh-CN.html',
    'clvkit report fixtures/bank --model scoring-model.json --out report.html   # scores from a saved model',
    'clvkit report fixtures/own-vocabulary/txns.csv --customer-id-col cust_no --date-col txn_date --amount-col amt --date-format DD/MM/YYYY --delimiter semicolon --decimal , --out tx-report.html   # a transaction log only',
  ],
  formats: ['csv'],
  configure(cmd) {
    addBookInputOptions(cmd);
    cmd
      .option('--locale <locale>', 'report language: en or zh-CN', 'en')
      .option('--title <text>', 'report title')
      .option('--currency <code>', 'currency code shown with money figures (default: the spec’s, else CNY)')
      .option('--model <file>', 'score with a scoring model saved by `clvkit score --save-model` instead of fitting one')
      .option('--observation-end <date>', 'last day observed (YYYY-MM-DD); default the book’s last month end')
      .option('--horizon-months <n>', 'months valued ahead by both CLVs', '36')
      .option('--discount-rate <rate>', 'annual discount rate', '0.08')
      .option('--clusters <k>', 'k-means clusters (0: none)', '4')
      .option(...retentionModelOption)
      .option('--threads <n>', 'worker threads for k-means from 100,000 customers up (same clusters for any count ≥ 2)', '1')
      .option('--holdout-months <n>', 'months held out for the model check at the end of the book (0: none)', '6');
  },
  schema: z.object({
    args: z.tuple([z.string().optional()]),
    ...outputShape,
    ...bookInputShape,
    locale: z.enum(['en', 'zh-CN']).default('en'),
    title: z.string().min(1).max(200).optional(),
    currency: z.string().min(1).max(12).optional(),
    model: z.string().min(1).optional(),
    observationEnd: isoDateFlag.optional(),
    horizonMonths: integerFlag.pipe(z.number().min(1).max(600)).default(36),
    discountRate: numberFlag.pipe(z.number().min(0).max(1)).default(0.08),
    clusters: integerFlag.pipe(z.number().min(0).max(50)).default(4),
    ...retentionModelShape,
    threads: integerFlag.pipe(z.number().min(1).max(256)).default(1),
    holdoutMonths: integerFlag.pipe(z.number().min(0).max(120)).default(6),
  }),
  async run(o, ctx) {
    if (o.format === 'json') throw new UsageError('report writes HTML; leave out --format');
    ctx.progress.step('reading the book');
    const book = await readBookInput(o.args[0], o, ctx);
    ctx.progress.step('scoring');
    const scores = scoreBook(book, o, ctx);
    reportSkipped(scores.skipped, ctx);
    ctx.progress.step('checking the model on a holdout');
    const tierBands = readBandsFile(o, ctx);
    const extras = reportExtrasFromBook(book, { holdoutMonths: o.holdoutMonths, timeUnit: o.timeUnit, ...(tierBands !== undefined ? { tierBands } : {}) });
    ctx.progress.step('drawing the charts');
    const currency = o.currency ?? book.currency ?? 'CNY';
    const html = await buildReport(scores, { locale: o.locale, currency, extras, ...(o.title !== undefined ? { title: o.title } : {}) });
    ctx.progress.done();
    return { text: html };
  },
});
