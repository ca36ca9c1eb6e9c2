import type { BehaviorStatus } from '../behavior/behavior-statuses.js';
import type { BookRevenue, BookSnapshots } from '../book/book.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import type { TransactionTable } from '../io/transaction-table.js';
import type { RfmScores } from '../rfm/rfm-scores.js';
import type { ValueDecomposition } from '../value/value-decomposition.js';
import type { ValueCell, ValueMatrixRow } from '../value/value-matrix.js';
import type { RecordsToCsvOptions } from './records-to-csv.js';
import type { ScoringModel } from './scoring-model.js';

/** The customer master data scoring reads (a BankCustomers has it). */
export interface ScoringCustomers {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Customer type (individual / enterprise / interbank), the default peer group (or `attributes.type`). */
  readonly type?: readonly string[];
  /** Attribute columns by name (a Book's customers have them); `peerGroup: { attribute }` picks one. */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Epoch day the relationship started (a BankCustomers has it). Only used for customers without
   * transactions: their days since last purchase is the days since they joined, capped at the period observed.
   */
  readonly joinDay?: ArrayLike<number>;
}

/**
 * What scoring reads: a {@link Book} (from `readBook` or the simulator), or its parts given separately
 * (`endDate`, the last day observed, may instead be given as `options.observationEnd`). Snapshots and
 * transactions are each optional, but one is needed; what cannot run without a part is listed in `skipped`.
 */
export interface ScoringInput {
  readonly customers: ScoringCustomers;
  readonly snapshots?: BookSnapshots;
  readonly transactions?: TransactionTable;
  /** ISO date of the last day of the book (Book.endDate). */
  readonly endDate?: string;
  /** Month labels of the book, oldest first (Book.months): places the observation end among the snapshot months. */
  readonly months?: readonly string[];
  /** How the book's revenue was obtained (Book.revenue); reported in the diagnostics. */
  readonly revenue?: BookRevenue;
}

/** An analysis scoring could not run, and why (a missing part, too few customers, a model that is undefined on this data). */
export interface SkippedPart {
  readonly part: string;
  readonly reason: string;
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
  readonly behaviorStatus: BehaviorStatus | null;
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
  readonly currentContribution: number | null;
  readonly explicitValue: number | null;
  readonly growthValue: number | null;
  readonly potentialValue: number | null;
  readonly totalValue: number | null;
  /** Value fields are null when the value model was skipped (no snapshots; see `skipped`). */
  readonly valueCell: ValueCell | null;
  readonly treatment: string | null;
  readonly treatmentZh: string | null;
  readonly channel: string | null;
  readonly channelZh: string | null;
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
  /** Month index of the latest snapshots (−1 without snapshots). */
  readonly asOfMonth: number;
  /** Snapshot rows after the observation end's month (not used: no look-ahead). */
  readonly snapshotsAfterEnd: number;
  /** Where the value model's revenue came from (the book's columns, or the stated margin on balances). */
  readonly revenue: BookRevenue;
  /** What could not run, and why. */
  readonly skipped: readonly SkippedPart[];
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
  /** RFM scores of the same rows as `summary` (RFM is not defined without a purchase); null when skipped. */
  readonly rfm: RfmScores | null;
  /** The value decomposition; null when skipped (no snapshots). */
  readonly value: ValueDecomposition | null;
  /** The value-matrix table (empty when the value model was skipped). */
  readonly matrixTable: readonly ValueMatrixRow[];
  /** What could not run, and why (also in `diagnostics.skipped` and in the report). */
  readonly skipped: readonly SkippedPart[];
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
