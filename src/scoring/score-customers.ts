import { z } from 'zod';
import { behaviorStatusFromSnapshots } from '../behavior/behavior-status-from-snapshots.js';
import type { BehaviorStatusFromSnapshotsOptions } from '../behavior/behavior-status-from-snapshots.js';
import type { BehaviorStatus } from '../behavior/behavior-statuses.js';
import { segmentCustomers } from '../clustering/segment-customers.js';
import { assignSegments, segmentModelFromJSON } from '../clustering/segment-model.js';
import type { SegmentTable } from '../clustering/segment-model.js';
import { fitBgNbd } from '../clv/bg-nbd/fit-bg-nbd.js';
import { fitModifiedBgNbd } from '../clv/mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../clv/pareto-nbd/fit-pareto-nbd.js';
import { customerLifetimeValue } from '../clv/customer-lifetime-value.js';
import { fitGammaGamma } from '../clv/gamma-gamma/fit-gamma-gamma.js';
import type { FittedGammaGammaModel } from '../clv/gamma-gamma/fit-gamma-gamma.js';
import { modelFromJSON } from '../clv/model-from-json.js';
import type { FittedTransactionModel } from '../clv/transaction-model.js';
import { ClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import { summarizeCustomers } from '../io/summarize-customers.js';
import type { TransactionTable } from '../io/transaction-table.js';
import { rfmScores } from '../rfm/rfm-scores.js';
import type { RfmScores, RfmScoresOptions } from '../rfm/rfm-scores.js';
import { rfmSegments } from '../rfm/rfm-segments.js';
import type { RfmSegmentsOptions } from '../rfm/rfm-segments.js';
import type { BankSnapshots } from '../simulate/bank-book.js';
import { PRODUCTS } from '../simulate/bank-book.js';
import { latestSnapshot } from '../simulate/latest-snapshot.js';
import { DEFAULT_TAG_RULES } from '../tags/default-tag-rules.js';
import { tagCustomers } from '../tags/tag-customers.js';
import { tagRuleSchema } from '../tags/tag-rule.js';
import { DEFAULT_TIER_BANDS, tierBandSchema } from '../tiers/tier-bands.js';
import { DAYS_PER_UNIT, TIME_UNITS, isoDate, parseIsoDay } from '../time.js';
import { parseOptions } from '../validate.js';
import { applyValueModel, valueDecomposition } from '../value/value-decomposition.js';
import type { ValueDecomposition, ValueDecompositionOptions } from '../value/value-decomposition.js';
import { valueMatrix, VALUE_CELL_TREATMENTS } from '../value/value-matrix.js';
import type { ValueCell, ValueMatrixOptions, ValueMatrixRow } from '../value/value-matrix.js';
import { recordsToCsv } from './records-to-csv.js';
import type { RecordsToCsvOptions } from './records-to-csv.js';
import { PEER_GROUP_SOURCES, makeScoringModel, scoringModelFromJSON } from './scoring-model.js';
import type { PeerGroupSource, ScoringModel, ScoringModelJson, ScoringRfm } from './scoring-model.js';
import { CUSTOMER_SCORES_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';

/** The customer master data scoring reads (a BankCustomers has it). */
export interface ScoringCustomers {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Customer type (individual / enterprise / interbank), the default peer group. */
  readonly type?: readonly string[];
  /**
   * Epoch day the relationship started (a BankCustomers has it). Only used for customers without
   * transactions: their days since last purchase is the days since they joined, capped at the period observed.
   */
  readonly joinDay?: ArrayLike<number>;
}

/**
 * What scoring reads: a {@link BankBook}, or the three parts given separately (`endDate`, the last day
 * observed, may instead be given as `options.observationEnd`).
 */
export interface ScoringInput {
  readonly customers: ScoringCustomers;
  readonly snapshots: BankSnapshots;
  readonly transactions: TransactionTable;
  /** ISO date of the last day of the book (BankBook.endDate). */
  readonly endDate?: string;
}

/** One scored customer: everything the library knows about them, as plain values. */
export interface CustomerScoreRecord {
  readonly customerId: string;
  readonly customerType: string | null;
  /** 1 when the customer has a snapshot in the latest month, else 0 (left the book: values are 0). */
  readonly onBook: boolean;
  /**
   * Whether the customer has a transaction on or before the observation end. Without one (a pure deposit
   * holder, say) every transaction-model field below — summary, RFM, P(alive), expected transactions and
   * spend, transaction-model CLV — is null ("not applicable"), never 0; the snapshot-based fields are filled.
   */
  readonly hasTransactions: boolean;
  /** Transaction summary (time in the model's unit, `timeUnit`); null without transactions. */
  readonly frequency: number | null;
  readonly recency: number | null;
  readonly T: number | null;
  readonly monetaryValue: number | null;
  readonly totalAmount: number | null;
  readonly daysSinceLastPurchase: number | null;
  readonly rfmRecencyScore: number | null;
  readonly rfmFrequencyScore: number | null;
  readonly rfmMonetaryScore: number | null;
  readonly rfmCell: string | null;
  readonly rfmSegment: string | null;
  readonly tier: string | null;
  readonly tierLabel: string | null;
  readonly tierLabelZh: string | null;
  readonly serviceLevel: string | null;
  readonly serviceLevelZh: string | null;
  readonly behaviorStatus: BehaviorStatus;
  readonly tags: readonly string[];
  readonly cluster: number | null;
  readonly clusterLabel: string | null;
  readonly clusterLabelZh: string | null;
  /** The transaction model's P(alive); null without transactions (the value model then uses the tier retention alone). */
  readonly pAlive: number | null;
  /**
   * True for a customer whose first purchase is on the last observed day (T = 0): the transaction model's
   * P(alive) is 1 and its expectations are a new customer's (E[X(t)]), computed explicitly.
   */
  readonly newCustomerPrediction: boolean;
  readonly expectedTransactions: number | null;
  readonly expectedSpend: number | null;
  /** CLV of the transaction stream (transaction model × spend model, discounted, × clvMargin); null without transactions. */
  readonly transactionClv: number | null;
  readonly currentContribution: number;
  readonly explicitValue: number;
  readonly growthValue: number;
  readonly potentialValue: number;
  readonly totalValue: number;
  readonly valueCell: ValueCell;
  readonly treatment: string;
  readonly treatmentZh: string;
  readonly channel: string;
  readonly channelZh: string;
  /** Top product gaps (cross-sell / up-sell candidates), best first. */
  readonly productGaps: readonly string[];
}

/** What went into the scores and what needed special handling. */
export interface ScoringDiagnostics {
  readonly customers: number;
  readonly onBook: number;
  readonly offBook: number;
  /** Customers with at least one transaction on or before the observation end. */
  readonly withTransactions: number;
  /**
   * Customers without any transaction on or before the observation end: scored from their snapshots, with
   * the transaction-model fields not applicable (null; see `hasTransactions`).
   */
  readonly withoutTransactions: number;
  /** Customers with T = 0 predicted as new customers (see `newCustomerPrediction`). */
  readonly newCustomerPredictions: number;
  /** Customers with repeat purchases whose mean repeat value is ≤ 0 (refunds): spend predicted at the population mean. */
  readonly nonPositiveSpend: number;
  /** Transactions after the observation end (not used). */
  readonly transactionsAfterEnd: number;
  readonly observationEnd: string;
  /** Month index of the latest snapshots. */
  readonly asOfMonth: number;
}

/** The result of {@link scoreCustomers} / {@link applyScoringModel}. */
export interface CustomerScores {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Per customer: 1 with a transaction on or before the observation end, else 0. */
  readonly hasTransactions: Uint8Array;
  /** Per customer: the row of `summary` and `rfm`, or −1 for a customer without transactions. */
  readonly transactionRow: Int32Array;
  /**
   * Transaction summary of the customers with transactions only, in customer order (row r is customer
   * `summary.customerId[r]`; see `transactionRow`). It is every customer when all have transactions.
   */
  readonly summary: CustomerSummary;
  /** RFM scores of the same rows as `summary` (RFM is not defined without a purchase). */
  readonly rfm: RfmScores;
  readonly value: ValueDecomposition;
  readonly matrixTable: readonly ValueMatrixRow[];
  readonly diagnostics: ScoringDiagnostics;
  /** The model the scores came from: apply it to next month's book with {@link applyScoringModel}. */
  readonly model: ScoringModel;
  /** One plain record per customer, in customer order. */
  toRecords(): CustomerScoreRecord[];
  /** The records as CSV (text cells neutralised against formula injection; numbers untouched). */
  toCsv(options?: RecordsToCsvOptions): string;
  /** A JSON-ready object: records, matrix table and diagnostics. */
  toJSON(): { format: 'clvkit-scores'; version: 1; diagnostics: ScoringDiagnostics; matrix: readonly ValueMatrixRow[]; customers: CustomerScoreRecord[] };
}

const clusterSchema = z.union([
  z.literal(false),
  z
    .strictObject({
      /** Feature columns of the customer table (latest snapshot + summary), default aum, loans, activity, frequency, daysSinceLastPurchase. */
      features: z.array(z.string().min(1)).min(1).default(['aum', 'loans', 'activity', 'frequency', 'daysSinceLastPurchase']),
      /** Money-like columns (signed log1p). */
      money: z.array(z.string().min(1)).default(['aum', 'loans']),
      /** Number of clusters (default 4). */
      k: z.number().int().min(1).max(50).default(4),
      seed: z.number().int().default(42),
    })
    .prefault({}),
]);

/** The continuous-time transaction models scoring can fit. */
export const SCORING_TRANSACTION_MODELS = ['bg-nbd', 'mbg-nbd', 'pareto-nbd'] as const;
/** A transaction model scoring can fit: BG/NBD, modified BG/NBD or Pareto/NBD. */
export type ScoringTransactionModel = (typeof SCORING_TRANSACTION_MODELS)[number];

/** Peer group (with `peerGroup: 'rfmSegment'`) of customers without transactions, who have no RFM segment. */
export const NO_TRANSACTIONS_SEGMENT = 'no_transactions';

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
    /** Months valued ahead, for both CLVs (default 36). */
    horizonMonths: z.number().int().min(1).max(600).default(36),
    /** Annual discount rate for both CLVs (default 0.08). */
    annualDiscountRate: z.number().min(0).max(1).default(0.08),
    /** Share of transaction spend counted as value in `transactionClv` (default 1: spend). */
    clvMargin: z.number().min(0).max(1e6).default(1),
    /** Peer group of the value benchmarks, within the tier (default customer type). */
    peerGroup: z.enum(PEER_GROUP_SOURCES).default('customerType'),
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
    /** Product names of the snapshot masks (default PRODUCTS). */
    productNames: z.array(z.string().min(1)).min(1).max(32).optional(),
    /** k-means segmentation settings, or false for none. */
    clusters: clusterSchema.default({ features: ['aum', 'loans', 'activity', 'frequency', 'daysSinceLastPurchase'], money: ['aum', 'loans'], k: 4, seed: 42 }),
    /** valueDecomposition options other than horizon, discount rate, tier bands and product names. */
    value: z.record(z.string(), z.unknown()).default({}),
    /** valueMatrix options (thresholds fitted on this book are stored as absolute numbers). */
    matrix: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** Options of {@link scoreCustomers}. */
export type ScoreCustomersOptions = Omit<z.input<typeof scoreSchema>, 'rfm' | 'rfmSegments' | 'behavior' | 'value' | 'matrix'> & {
  readonly rfm?: RfmScoresOptions;
  readonly rfmSegments?: RfmSegmentsOptions;
  readonly behavior?: BehaviorStatusFromSnapshotsOptions;
  readonly value?: Omit<ValueDecompositionOptions, 'horizonMonths' | 'annualDiscountRate' | 'tierBands' | 'productNames'>;
  readonly matrix?: ValueMatrixOptions;
};

const applySchema = z.object({ observationEnd: z.string().optional() }).strict();
/** Options of {@link applyScoringModel}: only the observation end when the input has no `endDate`. */
export type ApplyScoringModelOptions = z.input<typeof applySchema>;

/** Checked input plus the transaction summary and the customer table aligned with the customers. Internal. */
interface Aligned {
  readonly n: number;
  readonly ids: readonly string[];
  readonly types: readonly string[] | null;
  /** Summary of the customers with transactions, in customer order. */
  readonly summary: CustomerSummary;
  /** Per customer: row of `summary`, or −1 without transactions. */
  readonly transactionRow: Int32Array;
  readonly hasTransactions: Uint8Array;
  /** Customer index of each summary row. */
  readonly buyers: Int32Array;
  readonly observationEnd: string;
  /** Latest snapshot + transaction columns for every customer (tags and clusters read it). */
  readonly table: Record<string, Float64Array | Uint32Array>;
  readonly onBookMonth: number;
}

function observationEndOf(input: ScoringInput, given: string | undefined, fn: string): string {
  checkInput(input, fn);
  const end = given ?? input.endDate;
  if (end === undefined) throw new ClvkitError('INVALID_OPTIONS', 'give options.observationEnd or an input with endDate (a BankBook)', { fn, path: ['observationEnd'] });
  return isoDate(parseIsoDay(end, fn));
}

function checkInput(input: ScoringInput, fn: string): void {
  if (input === null || typeof input !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected { customers, snapshots, transactions } (a BankBook)', { fn, value: input });
  for (const part of ['customers', 'snapshots', 'transactions'] as const) {
    if (input[part] === undefined || input[part] === null || typeof input[part] !== 'object') throw new ClvkitError('MISSING_COLUMN', `input.${part} is required`, { fn, column: part });
  }
}

/** The summary of a book where nobody bought anything on or before the observation end. */
function emptySummary(observationEnd: string, timeUnit: (typeof TIME_UNITS)[number], aggregateBy: 'day' | 'none', transactionsAfterEnd: number): CustomerSummary {
  return {
    length: 0,
    timeUnit,
    aggregateBy,
    observationEnd,
    customerId: [],
    frequency: new Float64Array(0),
    recency: new Float64Array(0),
    T: new Float64Array(0),
    monetaryValue: new Float64Array(0),
    firstDay: new Int32Array(0),
    lastDay: new Int32Array(0),
    transactionCount: new Uint32Array(0),
    totalAmount: new Float64Array(0),
    daysSinceLastPurchase: new Int32Array(0),
    transactionsAfterEnd,
  };
}

/**
 * Summarise the transactions, keep the rows in customer order, and build the per-customer table. Customers
 * without transactions get, in the table only (tags, clusters): frequency, transactionCount, totalAmount,
 * monetaryValue, recency and T = 0, and daysSinceLastPurchase = days from max(joinDay, first purchase day of
 * the book) to the observation end (the whole period observed when joinDay is not given).
 */
function align(input: ScoringInput, observationEnd: string, timeUnit: (typeof TIME_UNITS)[number], aggregateBy: 'day' | 'none', fn: string): Aligned {
  checkInput(input, fn);
  const ids = input.customers.customerId;
  if (!Array.isArray(ids)) throw new ClvkitError('MISSING_COLUMN', 'customers.customerId must be an array', { fn, column: 'customerId' });
  const n = ids.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (typeof id !== 'string') throw new ClvkitError('INVALID_VALUE', 'customer ids must be strings', { fn, column: 'customerId', index: i, value: id });
    if (index.has(id)) throw new ClvkitError('DUPLICATE_ID', 'customer id appears twice', { fn, column: 'customerId', index: i, value: id });
    index.set(id, i);
  });
  const types = input.customers.type ?? null;
  if (types !== null && (!Array.isArray(types) || types.length !== n)) {
    throw new ClvkitError('LENGTH_MISMATCH', `customers.type has ${Array.isArray(types) ? types.length : 'no'} entries, expected ${n}`, { fn, column: 'type' });
  }
  const joinDay = input.customers.joinDay;
  if (joinDay !== undefined) {
    if (joinDay === null || typeof joinDay.length !== 'number' || joinDay.length !== n) throw new ClvkitError('LENGTH_MISMATCH', `customers.joinDay must have ${n} entries`, { fn, column: 'joinDay' });
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(joinDay[i])) throw new ClvkitError('INVALID_VALUE', 'joinDay must be an integer epoch day', { fn, column: 'joinDay', index: i, value: joinDay[i] });
    }
  }
  let raw: CustomerSummary;
  try {
    raw = summarizeCustomers(input.transactions, { observationEnd, timeUnit, aggregateBy });
  } catch (error) {
    // No purchase at all on or before the observation end: every customer is scored without transactions.
    const noBuyers = error instanceof ClvkitError && error.code === 'EMPTY_INPUT' && (input.transactions.length === 0 || error.details.afterEnd !== undefined);
    if (!noBuyers) throw error;
    raw = emptySummary(observationEnd, timeUnit, aggregateBy, Number(error.details.afterEnd ?? 0));
  }
  // Reorder the summary rows into customer order; every buyer must be a customer.
  const rowOf = new Int32Array(n).fill(-1);
  for (let r = 0; r < raw.length; r++) {
    const i = index.get(raw.customerId[r]!);
    if (i === undefined) throw new ClvkitError('INVALID_VALUE', 'transactions of a customer who is not in the customer table', { fn, column: 'customerId', value: raw.customerId[r] });
    rowOf[i] = r;
  }
  const hasTransactions = new Uint8Array(n);
  const transactionRow = new Int32Array(n).fill(-1);
  const buyerList: number[] = [];
  for (let i = 0; i < n; i++) {
    if (rowOf[i]! < 0) continue;
    hasTransactions[i] = 1;
    transactionRow[i] = buyerList.length;
    buyerList.push(i);
  }
  const buyers = Int32Array.from(buyerList);
  const m = buyers.length;
  const pick = <A extends Float64Array | Int32Array | Uint32Array>(col: A): A => {
    const out = new (col.constructor as new (k: number) => A)(m);
    for (let r = 0; r < m; r++) out[r] = col[rowOf[buyers[r]!]!]!;
    return out;
  };
  const summary: CustomerSummary = {
    length: m,
    timeUnit: raw.timeUnit,
    aggregateBy: raw.aggregateBy,
    observationEnd: raw.observationEnd,
    customerId: Array.from(buyers, (i) => ids[i]!),
    frequency: pick(raw.frequency),
    recency: pick(raw.recency),
    T: pick(raw.T),
    monetaryValue: pick(raw.monetaryValue),
    firstDay: pick(raw.firstDay),
    lastDay: pick(raw.lastDay),
    transactionCount: pick(raw.transactionCount),
    totalAmount: pick(raw.totalAmount),
    daysSinceLastPurchase: pick(raw.daysSinceLastPurchase),
    transactionsAfterEnd: raw.transactionsAfterEnd,
  };
  // Every customer's transaction columns; customers without transactions get the documented fill values.
  const endDay = parseIsoDay(observationEnd, fn);
  let periodStart = endDay;
  for (let r = 0; r < m; r++) if (summary.firstDay[r]! < periodStart) periodStart = summary.firstDay[r]!;
  const full = (col: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(n);
    for (let r = 0; r < m; r++) out[buyers[r]!] = col[r]!;
    return out;
  };
  const daysSinceLastPurchase = full(summary.daysSinceLastPurchase);
  for (let i = 0; i < n; i++) {
    if (hasTransactions[i] === 1) continue;
    const since = joinDay === undefined ? periodStart : Math.max(periodStart, joinDay[i]!);
    daysSinceLastPurchase[i] = Math.max(0, endDay - since);
  }
  const latest = latestSnapshot(input.snapshots, { customers: n });
  const table: Record<string, Float64Array | Uint32Array> = {
    aum: latest.aum,
    deposits: latest.deposits,
    wealth: latest.wealth,
    loans: latest.loans,
    netRevenue: latest.netRevenue,
    costToServe: latest.costToServe,
    activity: latest.activity,
    products: latest.products,
    frequency: full(summary.frequency),
    recency: full(summary.recency),
    T: full(summary.T),
    monetaryValue: full(summary.monetaryValue),
    totalAmount: full(summary.totalAmount),
    daysSinceLastPurchase,
    transactionCount: full(summary.transactionCount),
  };
  return { n, ids, types, summary, transactionRow, hasTransactions, buyers, observationEnd, table, onBookMonth: latest.month };
}

/** Score a measure with stored breakpoints: bin j = number of breakpoints strictly below (as rfmScores does). */
function binOf(value: number, breakpoints: readonly number[]): number {
  let j = 0;
  while (j < breakpoints.length && breakpoints[j]! < value) j++;
  return j;
}

/** RFM scores of the summary with the model's stored breakpoints (no refitting of quantiles). */
function rfmWithBreakpoints(summary: CustomerSummary, rfm: ScoringRfm): RfmScores {
  const n = summary.length;
  const bins = rfm.bins;
  const recencyDays = Float64Array.from(summary.daysSinceLastPurchase);
  const frequency = Float64Array.from(summary[rfm.frequencyColumn]);
  const monetary = Float64Array.from(summary[rfm.monetaryColumn]);
  const recencyScore = new Uint8Array(n);
  const frequencyScore = new Uint8Array(n);
  const monetaryScore = new Uint8Array(n);
  const cell: string[] = new Array<string>(n);
  const totalScore = new Float64Array(n);
  const seen = { recency: new Set<number>(), frequency: new Set<number>(), monetary: new Set<number>() };
  for (let i = 0; i < n; i++) {
    const r = bins - binOf(recencyDays[i]!, rfm.breakpoints.recency);
    const f = binOf(frequency[i]!, rfm.breakpoints.frequency) + 1;
    const m = binOf(monetary[i]!, rfm.breakpoints.monetary) + 1;
    recencyScore[i] = r;
    frequencyScore[i] = f;
    monetaryScore[i] = m;
    seen.recency.add(r);
    seen.frequency.add(f);
    seen.monetary.add(m);
    cell[i] = `${r}${f}${m}`;
    totalScore[i] = rfm.weights.recency * r + rfm.weights.frequency * f + rfm.weights.monetary * m;
  }
  const empty = (s: Set<number>) => Array.from({ length: bins }, (_, k) => k + 1).filter((k) => !s.has(k));
  return {
    length: n,
    bins,
    customerId: summary.customerId,
    recencyDays,
    frequency,
    monetary,
    recencyScore,
    frequencyScore,
    monetaryScore,
    cell,
    totalScore,
    weights: { ...rfm.weights },
    breakpoints: { recency: [...rfm.breakpoints.recency], frequency: [...rfm.breakpoints.frequency], monetary: [...rfm.breakpoints.monetary] },
    binning: { recency: 'explicit', frequency: 'explicit', monetary: 'explicit' },
    emptyBins: { recency: empty(seen.recency), frequency: empty(seen.frequency), monetary: empty(seen.monetary) },
    source: { frequency: rfm.frequencyColumn, monetary: rfm.monetaryColumn },
  };
}

/** Model-time columns of the customers selected by `rows`. */
function rfmColumnsOf(summary: CustomerSummary, rows: readonly number[]): { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetaryValue: Float64Array } {
  const take = (col: Float64Array) => Float64Array.from(rows, (i) => col[i]!);
  return { frequency: take(summary.frequency), recency: take(summary.recency), T: take(summary.T), monetaryValue: take(summary.monetaryValue) };
}

/** Receives each stage's wall time (ms) of a scoring run. Internal: the benchmark uses it. */
export type ScoringStageTimer = (stage: string, milliseconds: number) => void;

function timed<T>(timer: ScoringStageTimer | undefined, stage: string, run: () => T): T {
  if (timer === undefined) return run();
  const started = performance.now();
  const result = run();
  timer(stage, performance.now() - started);
  return result;
}

/** Spread per-buyer values over all customers; customers without transactions get null. */
function nullable<T>(a: Aligned, values: ArrayLike<T>, i: number): T | null {
  const r = a.transactionRow[i]!;
  return r < 0 ? null : values[r]!;
}

/** Everything but the fitted pieces: the shared body of scoring and applying. */
/** What the fitting pass already computed on the same input, reused by the scoring pass when identical. Internal. */
interface Fitted {
  readonly aligned: Aligned;
  /** The value decomposition of the fit, with the survival and peer groups it was computed with. */
  readonly value: ValueDecomposition;
  readonly survival: Float64Array | undefined;
  readonly peerGroup: readonly string[] | undefined;
}

function sameValues<T>(x: ArrayLike<T> | undefined, y: ArrayLike<T> | undefined): boolean {
  if (x === undefined || y === undefined) return x === y;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

function scoreWith(model: ScoringModel, input: ScoringInput, observationEnd: string, fn: string, timer?: ScoringStageTimer, fitted?: Fitted): CustomerScores {
  const aligned = fitted?.aligned;
  const st = model.settings;
  const a = aligned ?? timed(timer, 'summary', () => align(input, observationEnd, st.timeUnit, st.aggregateBy, fn));
  const { n, summary, buyers } = a;
  const m = buyers.length;
  const transactionModel = modelFromJSON(model.transactionModel) as FittedTransactionModel;
  const spendModel = modelFromJSON(model.spendModel) as FittedGammaGammaModel;

  // RFM with the stored breakpoints, then the segment map (customers with transactions only).
  const { rfm, segments } = timed(timer, 'rfm', () => {
    const scored = rfmWithBreakpoints(summary, model.rfm);
    return { rfm: scored, segments: m > 0 ? rfmSegments(scored, model.rfm.segments).segment : [] };
  });

  // Behaviour status; a customer without any snapshot is off the book, hence lost.
  const status = timed(timer, 'behaviour', () => {
    const behavior = behaviorStatusFromSnapshots(input.snapshots, model.behavior);
    const out: BehaviorStatus[] = new Array<BehaviorStatus>(n).fill('lost');
    for (let r = 0; r < behavior.length; r++) {
      const i = behavior.customer[r]!;
      if (i < n) out[i] = behavior.status[r]!;
    }
    return out;
  });

  const tags = timed(timer, 'tags', () => tagCustomers(a.table, { rules: model.tagRules.map((r) => r), productNames: [...model.productNames] }));

  let cluster: Int32Array | null = null;
  let clusterEn: readonly string[] = [];
  let clusterZh: readonly string[] = [];
  if (model.cluster !== null) {
    const seg = segmentModelFromJSON(model.cluster);
    cluster = timed(timer, 'clustering (assign)', () => assignSegments(seg, a.table as SegmentTable).segment);
    clusterEn = seg.labels.en;
    clusterZh = seg.labels.zh;
  }

  // Transaction model, per summary row: T > 0 through the model, T = 0 explicitly as new customers.
  const withT: number[] = [];
  const newOnes: number[] = [];
  for (let r = 0; r < m; r++) (summary.T[r]! > 0 ? withT : newOnes).push(r);
  const pAlive = new Float64Array(m).fill(1);
  const expectedTransactions = new Float64Array(m);
  const expectedSpend = new Float64Array(m);
  const transactionClv = new Float64Array(m);
  // Spend: the Gamma-Gamma conditional mean; customers whose repeat purchases net to ≤ 0 carry no spend information (x treated as 0).
  let nonPositiveSpend = 0;
  timed(timer, 'clv', () => {
    const spendFreq = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      if (summary.frequency[r]! > 0 && summary.monetaryValue[r]! <= 0) nonPositiveSpend++;
      else spendFreq[r] = summary.frequency[r]!;
    }
    if (m > 0) expectedSpend.set(spendModel.conditionalExpectedAverageSpend({ frequency: spendFreq, monetaryValue: summary.monetaryValue }));
    const monthLength = DAYS_PER_UNIT.month / DAYS_PER_UNIT[transactionModel.timeUnit as (typeof TIME_UNITS)[number]];
    const monthlyRate = (1 + st.annualDiscountRate) ** (1 / 12) - 1;
    if (withT.length > 0) {
      const cols = rfmColumnsOf(summary, withT);
      const alive = transactionModel.probabilityAlive(cols);
      const clv = customerLifetimeValue({
        transactionModel,
        spend: Float64Array.from(withT, (r) => expectedSpend[r]!),
        customers: cols,
        horizon: { value: st.horizonMonths, unit: 'month' },
        step: 'month',
        discountRate: { rate: st.annualDiscountRate, per: 'year' },
        margin: st.clvMargin,
      });
      withT.forEach((r, q) => {
        pAlive[r] = alive[q]!;
        expectedTransactions[r] = clv.expectedTransactions[q]!;
        transactionClv[r] = clv.clv[q]!;
      });
    }
    if (newOnes.length > 0) {
      // T = 0: P(alive) = 1 and E[Y(t) | x = 0, t_x = 0, T = 0] = E[X(t)], the new customer's expectation.
      let discounted = 0;
      let previous = 0;
      for (let k = 1; k <= st.horizonMonths; k++) {
        const e = transactionModel.expectedTransactions(k * monthLength);
        discounted += (e - previous) / (1 + monthlyRate) ** k;
        previous = e;
      }
      for (const r of newOnes) {
        expectedTransactions[r] = previous;
        transactionClv[r] = st.clvMargin * expectedSpend[r]! * discounted;
      }
    }
  });

  if (st.peerGroup === 'customerType' && a.types === null) {
    throw new ClvkitError('MISSING_COLUMN', "peerGroup 'customerType' needs customers.type", { fn, column: 'type' });
  }
  if (st.peerGroup === 'cluster' && cluster === null) throw new ClvkitError('INVALID_CONFIG', "peerGroup 'cluster' needs clustering", { fn, path: ['peerGroup'] });
  const peerGroup = peerGroupOf(st.peerGroup, a, segments, cluster);
  // Survival: P(alive) × tier retention; without transactions there is no P(alive), so the tier retention alone.
  const survival = new Float64Array(n).fill(1);
  for (let r = 0; r < m; r++) survival[buyers[r]!] = pAlive[r]!;
  const value = timed(timer, 'value decomposition', () =>
    // The fit valued this very input with this model (applyValueModel reproduces valueDecomposition exactly on
    // its own input); reuse it when the survival and peer groups are the same, value for value.
    fitted !== undefined && sameValues(fitted.survival, st.usePAlive ? survival : undefined) && sameValues(fitted.peerGroup, peerGroup)
      ? { ...fitted.value, model: model.value, assumptions: { ...fitted.value.assumptions, retention: model.value.retention } }
      : applyValueModel(model.value, {
          customerId: a.ids,
          snapshots: input.snapshots,
          ...(peerGroup !== undefined ? { peerGroup } : {}),
          ...(st.usePAlive ? { pAlive: survival } : {}),
        }),
  );
  const matrix = timed(timer, 'matrix', () => valueMatrix(value, { thresholds: { kind: 'absolute', current: model.matrix.current, future: model.matrix.future } }));

  const diagnostics: ScoringDiagnostics = {
    customers: n,
    onBook: n - value.customersOffBook,
    offBook: value.customersOffBook,
    withTransactions: m,
    withoutTransactions: n - m,
    newCustomerPredictions: newOnes.length,
    nonPositiveSpend,
    transactionsAfterEnd: summary.transactionsAfterEnd,
    observationEnd: a.observationEnd,
    asOfMonth: value.asOfMonth,
  };
  const bands = new Map(model.value.tierBands.map((b) => [b.key, b]));
  const isNew = new Uint8Array(m);
  for (const r of newOnes) isNew[r] = 1;
  const toRecords = (): CustomerScoreRecord[] =>
    Array.from({ length: n }, (_, i) => {
      const tier = value.tier[i] ?? null;
      const band = tier === null ? undefined : bands.get(tier);
      const k = matrix.cell[i]!;
      const t = VALUE_CELL_TREATMENTS[k];
      const c = cluster === null ? null : cluster[i]!;
      const r = a.transactionRow[i]!;
      return {
        customerId: a.ids[i]!,
        customerType: a.types?.[i] ?? null,
        onBook: value.onBook[i] === 1,
        hasTransactions: r >= 0,
        frequency: nullable(a, summary.frequency, i),
        recency: nullable(a, summary.recency, i),
        T: nullable(a, summary.T, i),
        monetaryValue: nullable(a, summary.monetaryValue, i),
        totalAmount: nullable(a, summary.totalAmount, i),
        daysSinceLastPurchase: nullable(a, summary.daysSinceLastPurchase, i),
        rfmRecencyScore: nullable(a, rfm.recencyScore, i),
        rfmFrequencyScore: nullable(a, rfm.frequencyScore, i),
        rfmMonetaryScore: nullable(a, rfm.monetaryScore, i),
        rfmCell: nullable(a, rfm.cell, i),
        rfmSegment: nullable(a, segments, i),
        tier,
        tierLabel: band?.label ?? null,
        tierLabelZh: band?.labelZh ?? null,
        serviceLevel: band?.serviceLevel ?? null,
        serviceLevelZh: band?.serviceLevelZh ?? null,
        behaviorStatus: status[i]!,
        tags: [...tags.tags[i]!],
        cluster: c,
        clusterLabel: c === null ? null : clusterEn[c]!,
        clusterLabelZh: c === null ? null : clusterZh[c]!,
        pAlive: nullable(a, pAlive, i),
        newCustomerPrediction: r >= 0 && isNew[r] === 1,
        expectedTransactions: nullable(a, expectedTransactions, i),
        expectedSpend: nullable(a, expectedSpend, i),
        transactionClv: nullable(a, transactionClv, i),
        currentContribution: value.currentContribution[i]!,
        explicitValue: value.explicit[i]!,
        growthValue: value.growth[i]!,
        potentialValue: value.potential[i]!,
        totalValue: value.total[i]!,
        valueCell: k,
        treatment: t.treatment,
        treatmentZh: t.treatmentZh,
        channel: t.channel,
        channelZh: t.channelZh,
        productGaps: value.productGaps[i]!.map((g) => g.product),
      };
    });
  return withDisplay({
    length: n,
    customerId: [...a.ids],
    hasTransactions: a.hasTransactions,
    transactionRow: a.transactionRow,
    summary,
    rfm,
    value,
    matrixTable: matrix.table,
    diagnostics,
    model,
    toRecords,
    toCsv: (options?: RecordsToCsvOptions) => recordsToCsv(toRecords() as unknown as Record<string, string | number | boolean | null | readonly string[]>[], options ?? {}),
    toJSON: () => ({ format: 'clvkit-scores', version: 1, diagnostics, matrix: matrix.table, customers: toRecords() }),
  }, CUSTOMER_SCORES_DISPLAY);
}

/** The per-customer peer group of the value benchmarks (undefined for 'none'). */
function peerGroupOf(source: PeerGroupSource, a: Aligned, segments: readonly string[], cluster: Int32Array | null): readonly string[] | undefined {
  switch (source) {
    case 'customerType':
      return a.types ?? undefined;
    case 'rfmSegment':
      return Array.from({ length: a.n }, (_, i) => nullable(a, segments, i) ?? NO_TRANSACTIONS_SEGMENT);
    case 'cluster':
      return cluster === null ? undefined : Array.from(cluster, (c) => String(c));
    case 'none':
      return undefined;
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
 * @throws ClvkitError INVALID_OPTIONS, EMPTY_INPUT, MISSING_COLUMN, LENGTH_MISMATCH, DUPLICATE_ID,
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
function fitTransactionModel(kind: ScoringTransactionModel, cols: { frequency: Float64Array; recency: Float64Array; T: Float64Array }, timeUnit: (typeof TIME_UNITS)[number]): FittedTransactionModel {
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
  const observationEnd = observationEndOf(input, o.observationEnd, fn);
  const a = timed(timer, 'summary', () => align(input, observationEnd, o.timeUnit, o.aggregateBy, fn));
  const { n, summary } = a;
  const m = summary.length;
  const productNames = o.productNames ?? [...PRODUCTS];

  // Transaction model on the customers with transactions and T > 0 (the models' domain); spend model on positive repeat spend.
  const fitRows: number[] = [];
  for (let r = 0; r < m; r++) if (summary.T[r]! > 0) fitRows.push(r);
  if (fitRows.length === 0) {
    throw new ClvkitError(
      'TOO_FEW_VALUES',
      m === 0 ? 'no customer has a transaction: nothing to fit a transaction model on' : 'every customer made the first purchase on the last day: nothing to fit a transaction model on',
      { fn },
    );
  }
  const cols = rfmColumnsOf(summary, fitRows);
  const transactionModel = timed(timer, `${o.transactionModel} fit`, () => fitTransactionModel(o.transactionModel, cols, o.timeUnit));
  const spendModel = timed(timer, 'gamma-gamma fit', () => fitGammaGamma({ frequency: summary.frequency, monetaryValue: summary.monetaryValue }, { nonPositiveValues: 'exclude' }));

  const { rfm, segments } = timed(timer, 'rfm fit', () => {
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
  });

  let clusterModel: ScoringModelJson['cluster'] = null;
  let cluster: Int32Array | null = null;
  if (o.clusters !== false) {
    const settings = o.clusters;
    const fit = timed(timer, 'clustering fit', () => segmentCustomers(a.table as SegmentTable, { features: settings.features, money: settings.money, k: settings.k, seed: settings.seed }));
    clusterModel = fit.model.toJSON();
    cluster = fit.segment;
  }
  if (o.peerGroup === 'cluster' && cluster === null) throw new ClvkitError('INVALID_CONFIG', "peerGroup 'cluster' needs clustering (clusters is false)", { fn, path: ['peerGroup'] });
  if (o.peerGroup === 'customerType' && a.types === null) throw new ClvkitError('MISSING_COLUMN', "peerGroup 'customerType' needs customers.type", { fn, column: 'type' });

  // Survival for the value model as the scoring path computes it: P(alive) for T > 0, 1 for T = 0, and for
  // customers without transactions no P(alive) at all (1: the tier retention alone).
  const pAlive = new Float64Array(n).fill(1);
  const alive = timed(timer, 'p(alive) for value fit', () => transactionModel.probabilityAlive(cols));
  fitRows.forEach((r, q) => {
    pAlive[a.buyers[r]!] = alive[q]!;
  });
  const peerGroup = peerGroupOf(o.peerGroup as PeerGroupSource, a, segments, cluster);
  const value = timed(timer, 'value fit', () =>
    valueDecomposition(
      { customerId: a.ids, snapshots: input.snapshots, ...(peerGroup !== undefined ? { peerGroup } : {}), ...(o.usePAlive ? { pAlive } : {}) },
      {
        ...(o.value as ValueDecompositionOptions),
        horizonMonths: o.horizonMonths,
        annualDiscountRate: o.annualDiscountRate,
        productNames,
        ...(o.tierBands !== undefined ? { tierBands: o.tierBands } : { tierBands: DEFAULT_TIER_BANDS.map((b) => ({ ...b })) }),
      },
    ),
  );
  const matrix = timed(timer, 'matrix fit', () => valueMatrix(value, o.matrix as ValueMatrixOptions));

  const model = makeScoringModel({
    format: 'clvkit-scoring-model',
    version: 1,
    settings: {
      timeUnit: o.timeUnit,
      aggregateBy: o.aggregateBy,
      horizonMonths: o.horizonMonths,
      annualDiscountRate: o.annualDiscountRate,
      clvMargin: o.clvMargin,
      peerGroup: o.peerGroup as PeerGroupSource,
      usePAlive: o.usePAlive,
    },
    transactionModel: transactionModel.toJSON(),
    spendModel: spendModel.toJSON(),
    rfm,
    behavior: o.behavior as BehaviorStatusFromSnapshotsOptions,
    tagRules: o.tagRules ?? [...DEFAULT_TAG_RULES],
    productNames,
    cluster: clusterModel,
    value: value.model,
    matrix: { current: matrix.thresholds.current, future: matrix.thresholds.future },
    training: { observationEnd, customers: n, asOfMonth: value.asOfMonth },
  });
  // Score with the saved form of the model, so applying it later reproduces these scores; the aligned input is reused.
  return scoreWith(scoringModelFromJSON(model.toJSON()), input, observationEnd, fn, timer, { aligned: a, value, survival: o.usePAlive ? pAlive : undefined, peerGroup });
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
