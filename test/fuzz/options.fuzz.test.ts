// Options fuzzing: each public function called on valid data with random options objects (known
// option names with values of any type, plus unknown names) must return a result or throw a
// ClvkitError (INVALID_OPTIONS, or a domain code such as INVALID_CONFIG) — never an untyped
// exception, a hang or a NaN in the result's headline numbers. Seeded and bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { customerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import { kMeans } from '../../src/clustering/k-means.js';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import { behaviorStatus } from '../../src/behavior/behavior-status.js';
import { readTransactionsSync } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';
import { tagCustomers } from '../../src/tags/tag-customers.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { valueDecomposition } from '../../src/value/value-decomposition.js';
import { FUZZ_SEED, outcome } from './fuzz-helpers.js';

/** Option names used across the library, so that random objects hit real options often. */
const NAMES = [
  'delimiter',
  'quote',
  'header',
  'decimal',
  'thousands',
  'dateFormat',
  'onInvalid',
  'file',
  'columns',
  'attributes',
  'observationEnd',
  'timeUnit',
  'aggregateBy',
  'calibrationEnd',
  'points',
  'shares',
  'target',
  'cutoffs',
  'ids',
  'groups',
  'column',
  'bins',
  'frequencyColumn',
  'monetaryColumn',
  'breakpoints',
  'weights',
  'segments',
  'others',
  'bands',
  'currency',
  'valueName',
  'customerId',
  'activeDays',
  'activeMinCount',
  'dormantDays',
  'lostDays',
  'countColumn',
  'rules',
  'productsColumn',
  'productNames',
  'dimensions',
  'k',
  'seed',
  'restarts',
  'maxIterations',
  'tolerance',
  'localTrials',
  'features',
  'money',
  'scale',
  'select',
  'penalizer',
  'strict',
  'starts',
  'horizonMonths',
  'annualDiscountRate',
  'currentWindow',
  'trendWindow',
  'shrinkage',
  'growthCap',
  'capFloor',
  'fade',
  'benchmarkPercentile',
  'realisationRate',
  'minPeers',
  'retention',
  'tierBands',
  'topProducts',
  'model',
  'spendModel',
  'horizon',
  'discountRate',
  'margin',
  'customers',
  'unit',
  'id',
  'value',
  'order',
  'transactionModel',
  'spend',
  'step',
  'periodLength',
  'evaluation',
];

const valueArb = fc.oneof(
  fc.anything({ maxDepth: 2, withNullPrototype: true, withSparseArray: true, withBigInt: true }),
  fc.integer({ min: -5, max: 50 }),
  fc.double(),
  fc.constantFrom('day', 'week', 'month', 'throw', 'collect', ',', ';', '.', 'auto', 'DD/MM/YYYY', 'zscore', 'none', 'all', '2024-01-31'),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 10 }), fc.double({ min: -1, max: 2 }), fc.string({ maxLength: 4 })), { maxLength: 4 }),
);
const optionsArb = fc.oneof(
  fc.dictionary(fc.constantFrom(...NAMES), valueArb, { maxKeys: 4 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 })), valueArb, { maxKeys: 3 }),
);

// Valid data for each function.
const text =
  'customer_id,date,amount\n' +
  Array.from({ length: 60 }, (_, i) => `C${i % 12},2024-0${1 + (i % 6)}-${String(1 + ((i * 7) % 27)).padStart(2, '0')},${(i % 9) * 12.5 - 10}`).join('\n');
const table = readTransactionsSync(text);
const summary = summarizeCustomers(table, { observationEnd: '2024-06-30', timeUnit: 'week' });
const scores = rfmScores(summary, {});
const values = Array.from(summary.totalAmount);
const flat = Array.from({ length: 40 }, (_, i) => ((i * 37) % 11) - 5);
const segTable = { id: summary.customerId, spend: values.map((v) => Math.abs(v)), visits: Array.from(summary.transactionCount) };
const valueInput = {
  customerId: ['a', 'b', 'c'],
  snapshots: {
    length: 6,
    customer: [0, 0, 1, 1, 2, 2],
    month: [0, 1, 0, 1, 0, 1],
    netRevenue: [100, 110, 10, 5, 0, 1],
    costToServe: [20, 20, 30, 30, 1, 1],
    aum: [5e4, 6e4, 1e3, 1e3, 3e5, 3e5],
    products: [1, 3, 1, 1, 0, 5],
  },
};
const model = fitBgNbd(summary, {});
const tagTable = {
  customerId: summary.customerId,
  products: summary.customerId.map((_, i) => i % 16),
  aum: values,
  activity: Array.from(summary.transactionCount),
};

const CALLS: readonly [string, (options: unknown) => unknown][] = [
  ['readTransactionsSync', (o) => readTransactionsSync(text, o as never)],
  ['summarizeCustomers', (o) => summarizeCustomers(table, o as never)],
  ['paretoAnalysis', (o) => paretoAnalysis(values.map(Math.abs), o as never)],
  ['rfmScores', (o) => rfmScores(summary, o as never)],
  ['rfmSegments', (o) => rfmSegments(scores, o as never)],
  ['assignTiers', (o) => assignTiers(values, o as never)],
  ['behaviorStatus', (o) => behaviorStatus(summary, o as never)],
  ['tagCustomers', (o) => tagCustomers(tagTable as never, o as never)],
  ['kMeans', (o) => kMeans(flat, { dimensions: 2, k: 3, ...(o as object) } as never)],
  ['segmentCustomers', (o) => segmentCustomers(segTable, { features: ['spend', 'visits'], k: 2, ...(o as object) } as never)],
  ['fitBgNbd', (o) => fitBgNbd(summary, o as never)],
  [
    'customerLifetimeValue',
    (o) =>
      customerLifetimeValue({
        transactionModel: model,
        customers: summary,
        spend: values.map(Math.abs),
        horizon: { value: 12, unit: 'month' },
        discountRate: { rate: 0.1, per: 'year' },
        ...(o as object),
      } as never),
  ],
  ['valueDecomposition', (o) => valueDecomposition(valueInput, o as never)],
];

describe('random options objects', () => {
  it.each(CALLS)('%s: a result or a ClvkitError, never an untyped exception or a hang', async (_name, call) => {
    await fc.assert(
      fc.asyncProperty(optionsArb, async (options) => {
        const o = await outcome(() => call(options), 5_000);
        if (!o.ok) expect(o.error.code).toMatch(/^[A-Z_]+$/);
      }),
      // A BG/NBD fit costs ~100 ms: fewer runs there keep the file fast.
      { seed: FUZZ_SEED + 30, numRuns: _name === 'fitBgNbd' ? 25 : 120 },
    );
  });

  it.each(CALLS)('%s: a non-object options argument is INVALID_OPTIONS or ignored, never a TypeError', async (_name, call) => {
    for (const options of [null, 42, 'x', [], true]) {
      const o = await outcome(() => call(options));
      if (!o.ok) expect(isClvkitError(o.error)).toBe(true);
    }
  });
});
