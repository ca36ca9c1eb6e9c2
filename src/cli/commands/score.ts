import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { applyScoringModel, scoreCustomers, type CustomerScores } from '../../scoring/score-customers.js';
import { scoringModelFromJSON } from '../../scoring/scoring-model.js';
import { addBookInputOptions, bookInputShape, readBandsFile, readBookInput, reportSkipped } from '../book-input.js';
import { defineCommand, integerFlag, isoDateFlag, numberFlag, outputShape } from '../command.js';
import { recordTable } from '../column-table.js';
import { readTagRulesFile } from '../tag-rules-file.js';
import { readJsonFile, withFile } from '../read-json-file.js';
import { UsageError } from '../usage-error.js';
import { writeOutput } from '../write-output.js';
import { scoreStreamed } from './score-streamed.js';

/** `--retention-model` of score and report: how the value model's tier retention is estimated. */
export const retentionModelOption = [
  '--retention-model <model>',
  "value model's tier retention: sbg (shifted-beta-geometric per tier; default, the one-year ratio where no acquired customer has left) or one-year-ratio",
] as const;
export const retentionModelShape = { retentionModel: z.enum(['sbg', 'one-year-ratio']).optional() };

/** `clvkit score`: score a whole bank book (scoreCustomers), or apply a saved scoring model (applyScoringModel). */
export const scoreCommand = defineCommand({
  name: 'score',
  summary:
    'score every customer of a book (transactions CSV, - for standard input, book folder or --book spec): RFM, tier, behaviour, tags, cluster, CLV, value cell',
  args: '[input]',
  examples: [
    'clvkit score fixtures/bank --out scores.csv --save-model scoring-model.json   # fit on this book and score it',
    'clvkit score fixtures/bank --model scoring-model.json --view matrix              # apply a saved model, no refit',
    'clvkit score fixtures/own-vocabulary/txns.csv --customer-id-col cust_no --date-col txn_date --amount-col amt --date-format DD/MM/YYYY --delimiter semicolon --decimal , --out tx-scores.csv   # a transaction log only',
    'clvkit score --book fixtures/own-vocabulary/book.json --out own-scores.csv       # a spec mapping your files and columns',
    'clvkit score --book fixtures/own-vocabulary/book.json --tags fixtures/own-vocabulary/tag-rules.json --out own-tags.csv   # tag rules in the book’s own product names',
    'clvkit score fixtures/bank --model scoring-model.json --stream --chunk-size 1000 --out scores.parquet   # bounded memory (files sorted by customer id)',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addBookInputOptions(cmd);
    cmd
      .option('--model <file>', 'apply a scoring model saved with --save-model (no refitting) instead of fitting one')
      .option('--save-model <file>', 'also write the fitted scoring model (JSON) to this file')
      .option('--observation-end <date>', 'last day observed (YYYY-MM-DD); default the book’s last month end')
      .option('--horizon-months <n>', 'months valued ahead by both CLVs', '36')
      .option('--discount-rate <rate>', 'annual discount rate', '0.08')
      .option('--clusters <k>', 'k-means clusters in the scores (0: none)', '4')
      .option(...retentionModelOption)
      .option('--threads <n>', 'worker threads for k-means from 100,000 customers up (same clusters for any count ≥ 2)', '1')
      .option('--view <view>', 'customers (one row each) or matrix (the value-matrix table)', 'customers')
      .option(
        '--stream',
        'bounded memory: apply --model to the book read chunk by chunk (sorted CSV, Parquet, DuckDB, PostgreSQL) and write --out as it goes (.csv, .jsonl, .parquet)',
      )
      .option('--chunk-size <n>', 'customers per chunk with --stream', '50000');
  },
  schema: z.object({
    args: z.tuple([z.string().optional()]),
    ...outputShape,
    ...bookInputShape,
    model: z.string().min(1).optional(),
    saveModel: z.string().min(1).optional(),
    observationEnd: isoDateFlag.optional(),
    horizonMonths: integerFlag.pipe(z.number().min(1).max(600)).default(36),
    discountRate: numberFlag.pipe(z.number().min(0).max(1)).default(0.08),
    clusters: integerFlag.pipe(z.number().min(0).max(50)).default(4),
    ...retentionModelShape,
    threads: integerFlag.pipe(z.number().min(1).max(256)).default(1),
    view: z.enum(['customers', 'matrix']).default('customers'),
    stream: z.boolean().default(false),
    chunkSize: integerFlag.pipe(z.number().min(1).max(10_000_000)).default(50_000),
  }),
  async run(o, ctx) {
    if (o.model !== undefined && o.saveModel !== undefined) throw new UsageError("'--save-model' saves a fitted model; with '--model' nothing is fitted");
    if (o.stream) {
      if (o.view !== 'customers') throw new UsageError("'--stream' writes one record per customer; '--view matrix' needs the whole book");
      refuseFitOnlyFlags(o);
      return scoreStreamed(o, ctx);
    }
    ctx.progress.step('reading the book');
    const book = await readBookInput(o.args[0], o, ctx);
    ctx.progress.step('scoring');
    const scores = scoreBook(book, o, ctx);
    ctx.progress.done();
    reportSkipped(scores.skipped, ctx);
    if (o.saveModel !== undefined) writeOutput(`${JSON.stringify(scores.model.toJSON(), null, 2)}\n`, o.saveModel, ctx.io, ctx.inputs, '--save-model');
    if (o.view === 'matrix') {
      if (scores.value === null) throw new UsageError('--view matrix needs the value model, which was skipped (see the lines above)');
      return {
        table: recordTable(
          scores.matrixTable.map((r) => ({
            cell: r.cell,
            label: r.label,
            customers: r.count,
            share: r.share,
            total_value: r.totalValue,
            value_share: r.valueShare,
            treatment: r.treatment,
          })),
        ),
      };
    }
    // The scoring module renders its own records (same neutralisation and quoting as the CLI's writer).
    if (o.format === 'json') return { json: scores.toJSON() };
    return { text: `${o.bom ? '\uFEFF' : ''}${scores.toCsv()}` };
  },
});

/** The scoring options the score and report commands share. */
interface ScoringFlags {
  model?: string | undefined;
  observationEnd?: string | undefined;
  horizonMonths: number;
  discountRate: number;
  clusters: number;
  /** Worker threads for k-means (`--threads`). */
  threads?: number | undefined;
  margin?: number | undefined;
  transactionModel: 'bg-nbd' | 'mbg-nbd' | 'pareto-nbd';
  timeUnit: 'day' | 'week' | 'month';
  bands?: string | undefined;
  peerGroup?: string | undefined;
  retentionModel?: 'sbg' | 'one-year-ratio' | undefined;
  tags?: string | undefined;
}

/**
 * Flags that shape a fit, refused where a saved model (`--model`, `--stream`) is applied and nothing is fitted:
 * the model keeps the tag rules, bands, peer group, clusters and retention it was fitted with.
 */
function refuseFitOnlyFlags(o: Pick<ScoringFlags, 'tags' | 'threads' | 'retentionModel' | 'bands' | 'peerGroup'>): void {
  const given = (
    [
      ['--tags', o.tags !== undefined],
      ['--threads', (o.threads ?? 1) > 1],
      ['--retention-model', o.retentionModel !== undefined],
      ['--bands', o.bands !== undefined],
      ['--peer-group', o.peerGroup !== undefined],
    ] as const
  ).find(([, set]) => set);
  if (given !== undefined) throw new UsageError(`'${given[0]}' applies when fitting; a saved model (--model) keeps what it was fitted with`);
}

/** Score a book as the flags say: fit (scoreCustomers) or apply a saved model (applyScoringModel). */
export function scoreBook(book: Parameters<typeof scoreCustomers>[0], o: ScoringFlags, ctx: Parameters<typeof readBandsFile>[1]): CustomerScores {
  const end = o.observationEnd !== undefined ? { observationEnd: o.observationEnd } : {};
  if (o.model !== undefined) {
    refuseFitOnlyFlags(o);
    const json = readJsonFile(ctx.resolvePath(o.model), o.model);
    if ((json as { format?: unknown } | null)?.format === 'clvkit-model') {
      throw new ClvkitError(
        'INVALID_MODEL',
        'this is a CLV model from `clvkit fit` (use it with `clvkit predict`); score needs a scoring model saved with `clvkit score --save-model`',
        { fn: 'clvkit', file: o.model },
      );
    }
    let model: ReturnType<typeof scoringModelFromJSON>;
    try {
      model = scoringModelFromJSON(json);
    } catch (error) {
      throw withFile(error, o.model);
    }
    return applyScoringModel(model, book, end);
  }
  const tierBands = readBandsFile(o, ctx);
  const tagRules = readTagRulesFile(o, ctx);
  const scores = scoreCustomers(book, {
    ...end,
    horizonMonths: o.horizonMonths,
    annualDiscountRate: o.discountRate,
    transactionModel: o.transactionModel,
    timeUnit: o.timeUnit,
    ...(o.margin !== undefined ? { margin: o.margin } : {}),
    ...(tierBands !== undefined ? { tierBands } : {}),
    ...(o.peerGroup !== undefined ? { peerGroup: { attribute: o.peerGroup } } : {}),
    ...(o.retentionModel !== undefined ? { value: { retentionModel: o.retentionModel } } : {}),
    ...(o.clusters === 0 ? { clusters: false as const } : { clusters: { k: o.clusters, ...(o.threads !== undefined ? { threads: o.threads } : {}) } }),
    ...(tagRules !== undefined ? { tagRules } : {}),
  });
  // Rules the user wrote must apply: a rule that does not fit the book (an unknown product or column) is an error, not a skipped part.
  const tagsSkipped = tagRules !== undefined ? scores.skipped.find((s) => s.part === 'tags') : undefined;
  if (tagsSkipped !== undefined)
    throw new ClvkitError('INVALID_CONFIG', `--tags: the rules cannot tag this book: ${tagsSkipped.reason}`, { fn: 'clvkit', file: o.tags! });
  return scores;
}
