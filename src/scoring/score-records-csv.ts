import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import type { CustomerScoreRecord } from './customer-scores.js';
import { pushScoreValue, SCORE_CSV_BLOCK_ROWS, scoreCsvBlock, scoreCsvText, scoreCsvThreads } from './score-csv-writer.js';
import type { ScoreCsvWriter } from './score-csv-writer.js';
import { listCells } from './list-cells.js';

/** The columns of a score record, in the order `CustomerScores.toRecords()` and `toCsv()` write them. */
export const SCORE_RECORD_COLUMNS = [
  'customerId',
  'customerType',
  'onBook',
  'hasTransactions',
  'frequency',
  'recency',
  'T',
  'monetaryValue',
  'totalAmount',
  'daysSinceLastPurchase',
  'rfmRecencyScore',
  'rfmFrequencyScore',
  'rfmMonetaryScore',
  'rfmCell',
  'rfmSegment',
  'tier',
  'tierLabel',
  'tierLabelZh',
  'serviceLevel',
  'serviceLevelZh',
  'behaviorStatus',
  'tags',
  'cluster',
  'clusterLabel',
  'clusterLabelZh',
  'pAlive',
  'newCustomerPrediction',
  'expectedTransactions',
  'expectedSpend',
  'transactionClv',
  'currentContribution',
  'explicitValue',
  'growthValue',
  'potentialValue',
  'totalValue',
  'valueCell',
  'treatment',
  'treatmentZh',
  'channel',
  'channelZh',
  'productGaps',
] as const satisfies readonly (keyof CustomerScoreRecord)[];

const csvSchema = z.strictObject({
  /** Write the header row first (default true; false for the second and later chunks of one file). */
  header: z.boolean().default(true),
  /**
   * 1: all on the calling thread; 2: the numbers that need the shortest-round-trip search are formatted on a
   * worker thread meanwhile (the same bytes); 'auto' (default): 2 from 65,536 records on two cores, else 1.
   */
  threads: z.union([z.literal('auto'), z.literal(1), z.literal(2)]).default('auto'),
});

/** Options of {@link scoreRecordsToCsv}. */
export type ScoreRecordsToCsvOptions = z.input<typeof csvSchema>;

/**
 * Score records to CSV text, fast: the same bytes as `CustomerScores.toCsv()` (`recordsToCsv` with its
 * defaults — comma, lists joined with '|', '\n', RFC 4180 quoting, text cells neutralised against formula
 * injection, numbers as `String(n)`, null as an empty field) for the fixed {@link SCORE_RECORD_COLUMNS}. Rows are
 * gathered in blocks by column kind and written by `ScoreCsvWriter` (integers and numbers with ≤ 6 decimals by
 * exact fast paths, repeated numbers from per-column caches, the rest by one native `JSON.stringify` per block;
 * label bytes cached; output in large buffers), instead of a per-cell dispatch.
 * With `header: false` for appending chunks to one file; `threads` as in {@link writeScoresCsv}.
 *
 * @throws ClvkitError INVALID_OPTIONS, INVALID_VALUE (not an array of records; a non-finite number or a cell of
 *   the wrong type, with its row and column).
 * @example
 * const records = scoreCustomers(simulateBank({ customers: 500, months: 24, seed: 3 }), {}).toRecords();
 * scoreRecordsToCsv(records, {}) === recordsToCsv(records, {}); // true
 */
export function scoreRecordsToCsv(records: readonly CustomerScoreRecord[], options: ScoreRecordsToCsvOptions = {}): string {
  const fn = 'scoreRecordsToCsv';
  const o = parseOptions(csvSchema, options, fn);
  if (!Array.isArray(records)) throw new ClvkitError('INVALID_VALUE', 'expected an array of score records', { fn, value: records });
  if (records.length === 0 && !o.header) return '';
  return scoreCsvText(
    o.header,
    (w) => writeScoreRecords(w, records, fn),
    SCORE_RECORD_COLUMNS.join(','),
    4096 + 640 * records.length,
    scoreCsvThreads(o.threads, records.length),
  );
}

/**
 * Write score records `lo` … `hi − 1` (default all) through a `ScoreCsvWriter` (internal; checks every cell,
 * naming row and column).
 */
export function writeScoreRecords(w: ScoreCsvWriter, records: readonly CustomerScoreRecord[], fn: string, lo = 0, hi = records.length): void {
  let index = lo;
  let column = '';
  const bad = (reason: string, value: unknown): never => {
    throw new ClvkitError('INVALID_VALUE', reason, { fn, index, column, value });
  };
  const b = scoreCsvBlock();
  const labels = b.labels;
  const num = (v: number | null, c: string): void => {
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
      column = c;
      bad('expected a finite number or null', v);
    }
    pushScoreValue(b, v);
  };
  const bool = (v: boolean, c: string): void => {
    if (v !== true && v !== false) {
      column = c;
      bad('expected a boolean', v);
    }
    pushScoreValue(b, v);
  };
  const label = (v: string | null, c: string): void => {
    if (v !== null && typeof v !== 'string') {
      column = c;
      bad('expected a string or null', v);
    }
    labels.push(v);
  };
  // List cells by a key of their words (no join per row) when every word is a string.
  const lists = { tags: listCells(), productGaps: listCells() };
  const list = (v: readonly string[], c: 'tags' | 'productGaps'): void => {
    if (!Array.isArray(v)) {
      column = c;
      bad('expected a list of strings', v);
    }
    if (v.length === 0) labels.push(null);
    else if (v.every((word) => typeof word === 'string')) labels.push(lists[c](v));
    else labels.push(v.map(String).join('|'));
  };
  for (; index < hi; index++) {
    const r = records[index]!;
    if (r === null || typeof r !== 'object') bad('expected a score record (a plain object)', r);
    if (typeof r.customerId !== 'string') {
      column = 'customerId';
      bad('expected a string', r.customerId);
    }
    b.ids.push(r.customerId);
    label(r.customerType, 'customerType');
    bool(r.onBook, 'onBook');
    bool(r.hasTransactions, 'hasTransactions');
    num(r.frequency, 'frequency');
    num(r.recency, 'recency');
    num(r.T, 'T');
    num(r.monetaryValue, 'monetaryValue');
    num(r.totalAmount, 'totalAmount');
    num(r.daysSinceLastPurchase, 'daysSinceLastPurchase');
    num(r.rfmRecencyScore, 'rfmRecencyScore');
    num(r.rfmFrequencyScore, 'rfmFrequencyScore');
    num(r.rfmMonetaryScore, 'rfmMonetaryScore');
    label(r.rfmCell, 'rfmCell');
    label(r.rfmSegment, 'rfmSegment');
    label(r.tier, 'tier');
    label(r.tierLabel, 'tierLabel');
    label(r.tierLabelZh, 'tierLabelZh');
    label(r.serviceLevel, 'serviceLevel');
    label(r.serviceLevelZh, 'serviceLevelZh');
    label(r.behaviorStatus, 'behaviorStatus');
    list(r.tags, 'tags');
    num(r.cluster, 'cluster');
    label(r.clusterLabel, 'clusterLabel');
    label(r.clusterLabelZh, 'clusterLabelZh');
    num(r.pAlive, 'pAlive');
    bool(r.newCustomerPrediction, 'newCustomerPrediction');
    num(r.expectedTransactions, 'expectedTransactions');
    num(r.expectedSpend, 'expectedSpend');
    num(r.transactionClv, 'transactionClv');
    num(r.currentContribution, 'currentContribution');
    num(r.explicitValue, 'explicitValue');
    num(r.growthValue, 'growthValue');
    num(r.potentialValue, 'potentialValue');
    num(r.totalValue, 'totalValue');
    label(r.valueCell, 'valueCell');
    label(r.treatment, 'treatment');
    label(r.treatmentZh, 'treatmentZh');
    label(r.channel, 'channel');
    label(r.channelZh, 'channelZh');
    list(r.productGaps, 'productGaps');
    if (++b.rows === SCORE_CSV_BLOCK_ROWS) w.block(b);
  }
  if (b.rows > 0) w.block(b);
}
