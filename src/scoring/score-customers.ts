import { z } from 'zod';
import { behaviorStatusFromSnapshotsSchema } from '../behavior/behavior-status-from-snapshots.js';
import type { BehaviorStatusFromSnapshotsOptions } from '../behavior/behavior-status-from-snapshots.js';
import { DEFAULT_BOOK_MARGIN } from '../book/read-book.js';
import { segmentCustomers } from '../clustering/segment-customers.js';
import type { SegmentTable } from '../clustering/segment-model.js';
import { fitBgNbd } from '../clv/bg-nbd/fit-bg-nbd.js';
import { fitModifiedBgNbd } from '../clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../clv/pareto-nbd/fit-pareto-nbd.js';
import { fitGammaGamma } from '../clv/gamma-gamma/fit-gamma-gamma.js';
import type { FittedTransactionModel } from '../clv/transaction-model.js';
import { ClvkitError } from '../errors.js';
import { rfmScores, rfmScoresSchema } from '../rfm/rfm-scores.js';
import type { RfmScoresOptions } from '../rfm/rfm-scores.js';
import { rfmSegments, rfmSegmentsSchema } from '../rfm/rfm-segments.js';
import type { RfmSegmentsOptions } from '../rfm/rfm-segments.js';
import { DEFAULT_TAG_RULES } from '../tags/default-tag-rules.js';
import { tagRuleSchema } from '../tags/tag-rule.js';
import { DEFAULT_TIER_BANDS, tierBandSchema } from '../tiers/tier-bands.js';
import { TIME_UNITS } from '../time.js';
import { parseOptions } from '../validate.js';
import { valueDecomposition, valueSchema } from '../value/value-decomposition.js';
import { resolveValueHorizon, valueHorizonShape } from '../value/value-horizon.js';
import type { ValueDecomposition, ValueDecompositionOptions } from '../value/value-decomposition.js';
import { matrixSchema, valueMatrix } from '../value/value-matrix.js';
import type { ValueMatrixOptions } from '../value/value-matrix.js';
import { align, observationEndOf } from './align-input.js';
import type { CustomerScores, ScoringInput, SkippedPart } from './customer-scores.js';
import { peerGroupOf, rfmColumnsOf, scoreWith } from './score-with-model.js';
import { attempt, timed } from './scoring-stages.js';
import type { ScoringStageTimer } from './scoring-stages.js';
import { makeScoringModel, peerGroupSettingSchema, scoringModelFromJSON } from './scoring-model.js';
import type { PeerGroupSetting, ScoringModel, ScoringModelJson, ScoringRfm } from './scoring-model.js';

export type { CustomerScoreRecord, CustomerScores, ScoringCustomers, ScoringDiagnostics, ScoringInput, SkippedPart } from './customer-scores.js';
export { NO_TRANSACTIONS_SEGMENT } from './score-with-model.js';
export type { ScoringStageTimer } from './scoring-stages.js';

const clusterSchema = z.union([
  z.literal(false),
  z
    .strictObject({
      /**
       * Feature columns of the customer table (latest snapshot + summary); default aum, loans, activity, frequency,
       * daysSinceLastPurchase (those the book has: without snapshots frequency, monetaryValue, daysSinceLastPurchase).
       */
      features: z.array(z.string().min(1)).min(1).optional(),
      /** Money-like columns (signed log1p); default aum and loans (monetaryValue without snapshots). */
      money: z.array(z.string().min(1)).optional(),
      /** Number of clusters (default 4). */
      k: z.number().int().min(1).max(50).default(4),
      seed: z.number().int().default(42),
      /**
       * Worker threads for k-means' Lloyd passes, as segmentCustomers' `threads` (default 1; used from 100,000
       * customers up, capped at the cores available). Any count ≥ 2 gives the same clusters; not stored in the model.
       */
      threads: z.number().int().min(1).max(256).default(1),
    })
    .prefault({}),
]);

/** The continuous-time transaction models scoring can fit. */
export const SCORING_TRANSACTION_MODELS = ['bg-nbd', 'mbg-nbd', 'pareto-nbd'] as const;
/** A transaction model scoring can fit: BG/NBD, modified BG/NBD or Pareto/NBD. */
export type ScoringTransactionModel = (typeof SCORING_TRANSACTION_MODELS)[number];

const scoreSchema = z
  .object({
    /**
     * Transaction model fitted for P(alive), expected transactions and the transaction-model CLV (default
     * 'bg-nbd', Fader, Hardie & Lee 2005; 'mbg-nbd', Batislam et al. 2007; 'pareto-nbd', Schmittlein et al. 1987).
     */
    transactionModel: z.enum(SCORING_TRANSACTION_MODELS).default('bg-nbd'),
    /** Last observed day (ISO date); default `input.endDate`. */
    observationEnd: z.string().optional(),
    /** Time unit of the summary and transaction model (default 'week'). */
    timeUnit: z.enum(TIME_UNITS).default('week'),
    aggregateBy: z.enum(['day', 'none']).default('day'),
    /** Horizon and discount rate of both CLVs (`horizon`, `discountRate`; default 36 months at 8 % a year). */
    ...valueHorizonShape,
    /** Share of transaction spend counted as value in `transactionClv` (default 1: spend). */
    clvMargin: z.number().min(0).max(1e6).default(1),
    /**
     * Peer group of the value benchmarks, within the tier: 'customerType', 'rfmSegment', 'cluster', 'none', or
     * `{ attribute: name }` (any customer attribute). Default: the book's `peerGroup` attribute, else the
     * customer type when the customers have one, else 'none' (stated in `skipped`).
     */
    peerGroup: peerGroupSettingSchema.optional(),
    /** Annual margin on AUM + loans used as monthly revenue (margin × balances / 12, cost 0) when the snapshots have no netRevenue (default 0.01). */
    margin: z.number().min(0).max(1).default(DEFAULT_BOOK_MARGIN),
    /** An analysis undefined on this data (too few customers, no repeat purchases, ...): 'skip' it with its reason in `skipped` (default) or 'throw'. */
    onModelFailure: z.enum(['skip', 'throw']).default('skip'),
    /**
     * Multiply the value model's survival by the transaction model's P(alive) (default true). P(alive) is about
     * transactions; balances (and so contribution) can outlive a customer's transactional activity — on the
     * synthetic bank, where dormant customers keep earning on run-off balances until they close, `false` ranks
     * realised value slightly better (see the README's figures).
     */
    usePAlive: z.boolean().default(true),
    /** rfmScores options (bins, columns, weights, explicit breakpoints). */
    rfm: z.record(z.string(), z.unknown()).default({}),
    /** rfmSegments options (the segment map). */
    rfmSegments: z.record(z.string(), z.unknown()).default({}),
    /** Asset bands of the tiers (default DEFAULT_TIER_BANDS). */
    tierBands: z.array(tierBandSchema).min(1).optional(),
    /** behaviorStatusFromSnapshots options. */
    behavior: z.record(z.string(), z.unknown()).default({}),
    /** Tag rules (default DEFAULT_TAG_RULES). */
    tagRules: z.array(tagRuleSchema).min(1).optional(),
    /** Product names of legacy snapshot masks (default: the book's holdings, else PRODUCTS). */
    productNames: z.array(z.string().min(1)).min(1).max(53).optional(),
    /** k-means segmentation settings, or false for none. */
    clusters: clusterSchema.default({ k: 4, seed: 42, threads: 1 }),
    /** valueDecomposition options other than horizon, discount rate, tier bands and product names. */
    value: z.record(z.string(), z.unknown()).default({}),
    /** valueMatrix options (thresholds fitted on this book are stored as absolute numbers). */
    matrix: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .transform(resolveValueHorizon);

/** Options of {@link scoreCustomers}. */
export type ScoreCustomersOptions = Omit<z.input<typeof scoreSchema>, 'rfm' | 'rfmSegments' | 'behavior' | 'value' | 'matrix'> & {
  readonly rfm?: RfmScoresOptions;
  readonly rfmSegments?: RfmSegmentsOptions;
  readonly behavior?: BehaviorStatusFromSnapshotsOptions;
  readonly value?: Omit<ValueDecompositionOptions, 'horizon' | 'discountRate' | 'horizonMonths' | 'annualDiscountRate' | 'tierBands' | 'productNames'>;
  readonly matrix?: ValueMatrixOptions;
};

const applySchema = z.object({ observationEnd: z.string().optional() }).strict();
/** Options of {@link applyScoringModel}: only the observation end when the input has no `endDate`. */
export type ApplyScoringModelOptions = z.input<typeof applySchema>;

/** Check a nested options object with its own schema at the entry, naming the path from the top. */
function nested(key: string, schema: z.ZodType, value: unknown, fn: string): void {
  try {
    parseOptions(schema, value, fn);
  } catch (error) {
    if (!(error instanceof ClvkitError)) throw error;
    const inner = Array.isArray(error.details.path) ? (error.details.path as (string | number)[]) : [];
    throw new ClvkitError('INVALID_OPTIONS', `${key}: ${error.message.replace(new RegExp(`^${fn}: `), '')}`, { ...error.details, fn, path: [key, ...inner] });
  }
}

/**
 * Score every customer in one call: from transactions, monthly snapshots and customer attributes (a
 * {@link BankBook}, or the three parts) to one table with everything the library knows — the transaction
 * summary, RFM scores and segment, asset tier and service level, behaviour status, tags, k-means cluster,
 * P(alive), expected transactions and the transaction-model CLV (the chosen transaction model + Gamma-Gamma
 * through `customerLifetimeValue`), the value decomposition (explicit / growth / potential / total, see
 * `valueDecomposition`), the value-matrix cell (`valueMatrix`) and the recommended channel.
 *
 * It fits the pieces first — the transaction model (`transactionModel`: 'bg-nbd' by default, 'mbg-nbd' or
 * 'pareto-nbd') on the customers with T > 0, Gamma-Gamma on those with positive repeat spend, RFM quantile
 * breakpoints, the k-means segmentation, the value model (retention, slopes, benchmarks) and the matrix
 * thresholds — into one serialisable {@link ScoringModel}, then scores with {@link applyScoringModel}'s code
 * path, so applying `result.model` to the same input gives identical results.
 *
 * Customers whose first purchase is on the last observed day (T = 0) are scored explicitly as new
 * customers: P(alive) = 1 and expected transactions E[X(t)] (flag `newCustomerPrediction`). Customers who
 * left the book have zero value parts and behaviour status 'lost'.
 *
 * Customers without any transaction on or before the observation end (a pure deposit holder) are scored too
 * (`hasTransactions` false, counted in `diagnostics.withoutTransactions`): tier, behaviour, tags, value parts
 * and matrix cell come from their snapshots as for everyone, with survival S(k) = ρ_tier^k (no P(alive));
 * the transaction-model fields — summary columns, RFM, P(alive), expected transactions and spend,
 * transaction-model CLV — are null in the records (empty in CSV), and they are left out of `summary`, `rfm`
 * and every model fit. For tags and clusters, which read the transaction columns, they count as frequency,
 * transactionCount, totalAmount, monetaryValue, recency and T = 0 and daysSinceLastPurchase = days from
 * max(`customers.joinDay`, the book's first purchase day) to the observation end (the whole period observed
 * without `joinDay`): no purchase since they joined, as far as the book can see. With `peerGroup:
 * 'rfmSegment'` their peer group is `'no_transactions'`.
 *
 * Parts that cannot run are skipped with their reason in `skipped` (and `diagnostics.skipped`): without
 * transactions the summary, RFM, transaction and spend models and CLV; without snapshots tiers, behaviour,
 * tags, the value model and matrix; a transaction model, Gamma-Gamma, RFM or clustering undefined on this data
 * (too few customers, no repeat purchases, …) — unless `onModelFailure: 'throw'`. Snapshots after the
 * observation end's month are not used (no look-ahead). Without revenue columns the value model uses
 * `margin` on balances, stated in `diagnostics.revenue`.
 *
 * @throws ClvkitError INVALID_OPTIONS (also nested `rfm`, `rfmSegments`, `behavior`, `value`, `matrix`, checked
 *   before any work; an observationEnd after the book's last day), EMPTY_INPUT, MISSING_COLUMN, LENGTH_MISMATCH, DUPLICATE_ID,
 *   INVALID_VALUE (not a book, transactions of an unknown customer, a non-integer joinDay, bad values),
 *   INVALID_DATE, INVALID_CONFIG, TOO_FEW_VALUES (no customer with T > 0 to fit on), NUMERIC_FAILURE, and
 *   the codes of the modules it calls.
 * @example
 * const book = simulateBank({ customers: 500, months: 24, seed: 3 });
 * const scores = scoreCustomers(book, {});
 * scores.matrixTable.map((r) => r.count);  // [2, 45, 45, 139, 61, 208]  (mvc, maintain, mgc, low_value, bzc, off_book)
 * const r = scores.toRecords()[0];
 * [r.rfmSegment, r.tier, r.valueCell];     // ['champions', 'mass', 'mgc']
 * scores.toCsv().split('\n')[0].slice(0, 40); // 'customerId,customerType,onBook,hasTransa'
 * scoreCustomers(book, { transactionModel: 'pareto-nbd' }).model.transactionModel.kind; // 'pareto-nbd'
 */
export function scoreCustomers(input: ScoringInput, options: ScoreCustomersOptions = {}): CustomerScores {
  return scoreCustomersTimed(input, options);
}

/** Fit the chosen transaction model on plain model-time columns. */
function fitTransactionModel(
  kind: ScoringTransactionModel,
  cols: { frequency: Float64Array; recency: Float64Array; T: Float64Array },
  timeUnit: (typeof TIME_UNITS)[number],
): FittedTransactionModel {
  const columns = { frequency: cols.frequency, recency: cols.recency, T: cols.T };
  switch (kind) {
    case 'bg-nbd':
      return fitBgNbd(columns, { timeUnit });
    case 'mbg-nbd':
      return fitModifiedBgNbd(columns, { timeUnit });
    case 'pareto-nbd':
      return fitParetoNbd(columns, { timeUnit });
  }
}

/**
 * {@link scoreCustomers} reporting each stage's wall time to `timer` (summary, rfm, clustering, the
 * transaction and spend fits, value decomposition, matrix, then the scoring pass). Internal: for `bench/scoring.ts`.
 */
export function scoreCustomersTimed(input: ScoringInput, options: ScoreCustomersOptions = {}, timer?: ScoringStageTimer): CustomerScores {
  const fn = 'scoreCustomers';
  const o = parseOptions(scoreSchema, options, fn);
  // Nested options are checked here, before any work (they are passed on to their modules later).
  nested('rfm', rfmScoresSchema, o.rfm, fn);
  nested('rfmSegments', rfmSegmentsSchema, o.rfmSegments, fn);
  nested('behavior', behaviorStatusFromSnapshotsSchema, o.behavior, fn);
  nested('value', valueSchema, o.value, fn);
  nested('matrix', matrixSchema, o.matrix, fn);
  const observationEnd = observationEndOf(input, o.observationEnd, fn);
  const a = timed(timer, 'summary', () => align(input, observationEnd, o.timeUnit, o.aggregateBy, fn, o.margin));
  const { n, summary } = a;
  const m = summary.length;
  const skipped: SkippedPart[] = [];
  const failure = o.onModelFailure;
  // The product dictionary: the book's own (holdings), else `productNames` for legacy masks, else the simulator's names.
  const ownProducts = input.snapshots?.holdings !== undefined;
  if (ownProducts && o.productNames !== undefined) {
    throw new ClvkitError(
      'INVALID_OPTIONS',
      'productNames names the bits of legacy product masks; this book has its own product dictionary (snapshots.holdings.names)',
      { fn, path: ['productNames'] },
    );
  }
  const productNames = ownProducts ? [...a.snapshots!.productNames] : (o.productNames ?? [...(a.snapshots?.productNames ?? [])]);

  // Transaction model on the customers with transactions and T > 0 (the models' domain); spend model on positive repeat spend.
  const fitRows: number[] = [];
  for (let r = 0; r < m; r++) if (summary.T[r]! > 0) fitRows.push(r);
  const cols = rfmColumnsOf(summary, fitRows);
  let transactionModel: FittedTransactionModel | null = null;
  if (input.transactions === undefined) skipped.push({ part: 'transaction model', reason: 'no transactions in the book' });
  else if (fitRows.length === 0) {
    const reason =
      m === 0
        ? 'no customer has a transaction: nothing to fit a transaction model on'
        : 'every customer made the first purchase on the last day: nothing to fit a transaction model on';
    if (failure === 'throw') throw new ClvkitError('TOO_FEW_VALUES', reason, { fn });
    skipped.push({ part: 'transaction model', reason });
  } else
    transactionModel = attempt(`transaction model (${o.transactionModel})`, skipped, failure, () =>
      timed(timer, `${o.transactionModel} fit`, () => fitTransactionModel(o.transactionModel, cols, o.timeUnit)),
    );
  const spendModel =
    transactionModel === null
      ? null
      : attempt('spend model (Gamma-Gamma)', skipped, failure, () =>
          timed(timer, 'gamma-gamma fit', () =>
            fitGammaGamma({ frequency: summary.frequency, monetaryValue: summary.monetaryValue }, { nonPositiveValues: 'exclude' }),
          ),
        );

  let rfmFitted: { rfm: ScoringRfm; segments: readonly string[] } | null = null;
  if (m === 0)
    skipped.push({
      part: 'rfm',
      reason: input.transactions === undefined ? 'no transactions in the book' : 'no customer has a transaction on or before the observation end',
    });
  else
    rfmFitted = attempt('rfm', skipped, failure, () =>
      timed(timer, 'rfm fit', () => {
        const rfmFit = rfmScores(summary, o.rfm as RfmScoresOptions);
        const stored: ScoringRfm = {
          bins: rfmFit.bins,
          frequencyColumn: rfmFit.source.frequency as ScoringRfm['frequencyColumn'],
          monetaryColumn: rfmFit.source.monetary as ScoringRfm['monetaryColumn'],
          weights: { ...rfmFit.weights },
          breakpoints: { recency: [...rfmFit.breakpoints.recency], frequency: [...rfmFit.breakpoints.frequency], monetary: [...rfmFit.breakpoints.monetary] },
          segments: o.rfmSegments as RfmSegmentsOptions,
        };
        return { rfm: stored, segments: rfmSegments(rfmFit, stored.segments).segment };
      }),
    );
  const segments = rfmFitted?.segments ?? null;

  let clusterModel: ScoringModelJson['cluster'] = null;
  let cluster: Int32Array | null = null;
  if (o.clusters !== false) {
    const settings = o.clusters;
    const has = (c: string) => a.table[c] !== undefined;
    const features =
      settings.features ??
      (a.snapshots !== null
        ? ['aum', 'loans', 'activity', 'frequency', 'daysSinceLastPurchase']
        : ['frequency', 'monetaryValue', 'daysSinceLastPurchase']
      ).filter(has);
    const money = settings.money ?? (a.snapshots !== null ? ['aum', 'loans'] : ['monetaryValue']).filter((c) => features.includes(c));
    const fit = attempt('clusters', skipped, failure, () =>
      timed(timer, 'clustering fit', () =>
        segmentCustomers(a.table as SegmentTable, { features, money, k: settings.k, seed: settings.seed, threads: settings.threads }),
      ),
    );
    if (fit !== null) {
      clusterModel = fit.model.toJSON();
      cluster = fit.segment;
    }
  }

  // The peer group: as asked, else the book's own, else the customer type when there is one.
  const bookPeer = (input as { peerGroup?: unknown }).peerGroup;
  let peerSetting: PeerGroupSetting = o.peerGroup ?? (typeof bookPeer === 'string' ? { attribute: bookPeer } : a.types !== null ? 'customerType' : 'none');
  if (o.peerGroup === undefined && peerSetting === 'none' && a.snapshots !== null)
    skipped.push({ part: 'peer groups', reason: 'the customers have no type attribute and no peerGroup was named: value benchmarks within the tier only' });
  if (peerSetting === 'cluster' && cluster === null) {
    if (o.clusters === false) throw new ClvkitError('INVALID_CONFIG', "peerGroup 'cluster' needs clustering (clusters is false)", { fn, path: ['peerGroup'] });
    skipped.push({ part: 'peer groups', reason: 'clustering was skipped: value benchmarks within the tier only' });
    peerSetting = 'none';
  }
  if (peerSetting === 'customerType' && a.types === null)
    throw new ClvkitError('MISSING_COLUMN', "peerGroup 'customerType' needs customers.type", { fn, column: 'type' });

  // Survival for the value model as the scoring path computes it: P(alive) for T > 0, 1 for T = 0, and for
  // customers without transactions no P(alive) at all (1: the tier retention alone).
  const pAlive = new Float64Array(n).fill(1);
  if (transactionModel !== null) {
    const alive = timed(timer, 'p(alive) for value fit', () => transactionModel.probabilityAlive(cols));
    fitRows.forEach((r, q) => {
      pAlive[a.buyers[r]!] = alive[q]!;
    });
  }
  const usePAlive = o.usePAlive && transactionModel !== null;
  const peerGroup = a.snapshots === null ? undefined : peerGroupOf(peerSetting, a, segments, cluster, fn);
  let value: ValueDecomposition | null = null;
  if (a.snapshots === null) skipped.push({ part: 'value model', reason: 'no snapshots in the book (tiers, value parts and the matrix need balances)' });
  else {
    const snaps = a.snapshots;
    value = attempt('value model', skipped, failure, () =>
      timed(timer, 'value fit', () =>
        valueDecomposition(
          { customerId: a.ids, snapshots: snaps, ...(peerGroup !== undefined ? { peerGroup } : {}), ...(usePAlive ? { pAlive } : {}) },
          {
            ...(o.value as ValueDecompositionOptions),
            horizonMonths: o.horizonMonths,
            annualDiscountRate: o.annualDiscountRate,
            productNames,
            ...(o.tierBands !== undefined ? { tierBands: o.tierBands } : { tierBands: DEFAULT_TIER_BANDS.map((b) => ({ ...b })) }),
          },
        ),
      ),
    );
  }
  const matrix =
    value === null
      ? null
      : attempt('value matrix', skipped, failure, () => timed(timer, 'matrix fit', () => valueMatrix(value, o.matrix as ValueMatrixOptions)));

  const model = makeScoringModel({
    format: 'clvkit-scoring-model',
    version: 1,
    settings: {
      timeUnit: o.timeUnit,
      aggregateBy: o.aggregateBy,
      horizonMonths: o.horizonMonths,
      annualDiscountRate: o.annualDiscountRate,
      clvMargin: o.clvMargin,
      peerGroup: peerSetting,
      usePAlive,
    },
    transactionModel: transactionModel?.toJSON() ?? null,
    spendModel: spendModel?.toJSON() ?? null,
    rfm: rfmFitted?.rfm ?? null,
    behavior: o.behavior as BehaviorStatusFromSnapshotsOptions,
    tagRules: o.tagRules ?? [...DEFAULT_TAG_RULES],
    productNames,
    cluster: clusterModel,
    value: matrix === null ? null : (value?.model ?? null),
    matrix: matrix === null ? null : { current: matrix.thresholds.current, future: matrix.thresholds.future },
    ...(skipped.length > 0 ? { skipped } : {}),
    training: { observationEnd, customers: n, asOfMonth: value?.asOfMonth ?? a.onBookMonth },
  });
  // Score with the saved form of the model, so applying it later reproduces these scores; the aligned input is reused.
  return scoreWith(scoringModelFromJSON(model.toJSON()), input, observationEnd, fn, timer, {
    aligned: a,
    value: matrix === null ? null : value,
    survival: usePAlive ? pAlive : undefined,
    peerGroup,
    margin: o.margin,
  });
}

/**
 * Score a book with a fitted {@link ScoringModel} (from {@link scoreCustomers}, possibly restored with
 * `scoringModelFromJSON`): no refitting — the stored transaction and spend models, RFM breakpoints, tier
 * bands, tag rules, cluster centres, value model (retention, slopes, benchmarks) and matrix thresholds are
 * applied as they are, so next month's book is scored with this month's model. Applied to the training
 * input it gives results identical to {@link scoreCustomers}. The transaction model is whichever kind was
 * fitted (BG/NBD, modified BG/NBD or Pareto/NBD, restored with `modelFromJSON`). Customers without transactions
 * are scored as {@link scoreCustomers} does (transaction fields null); a book with no transaction at all on or
 * before the observation end is scored that way throughout.
 *
 * @throws ClvkitError INVALID_MODEL (not a model, or a malformed one), plus the codes of {@link scoreCustomers}
 *   (apart from TOO_FEW_VALUES: nothing is fitted).
 * @example
 * const model = scoreCustomers(simulateBank({ customers: 500, months: 24, seed: 3 }), {}).model;
 * const next = simulateBank({ customers: 500, months: 25, seed: 3 }); // the same customers, one month on
 * const scores = applyScoringModel(scoringModelFromJSON(JSON.stringify(model)), next, {});
 * scores.diagnostics.observationEnd;       // '2025-01-31'
 * scores.matrixTable.map((r) => r.count);  // [3, 44, 42, 132, 64, 215]
 */
export function applyScoringModel(model: ScoringModel | ScoringModelJson, input: ScoringInput, options: ApplyScoringModelOptions = {}): CustomerScores {
  const fn = 'applyScoringModel';
  const o = parseOptions(applySchema, options, fn);
  if (model === null || typeof model !== 'object') throw new ClvkitError('INVALID_MODEL', 'expected a scoring model (scoreCustomers(...).model)', { fn });
  const checked = scoringModelFromJSON(JSON.parse(JSON.stringify(model)) as unknown);
  return scoreWith(checked, input, observationEndOf(input, o.observationEnd, fn), fn);
}
