import type { ClusterProfileInput } from '../charts/cluster-profile-chart.js';
import type { ClusterScatterTable } from '../charts/cluster-scatter.js';
import type { SegmentResult } from '../clustering/segment-customers.js';
import type { CustomerLifetimeValue } from '../clv/customer-lifetime-value.js';
import type { FrequencyRecencyMatrix } from '../clv/frequency-recency-matrix.js';
import type { HoldoutValidation } from '../clv/holdout/holdout-validation.js';
import type { ParetoAnalysis } from '../pareto/pareto-analysis.js';
import type { RfmScores } from '../rfm/rfm-scores.js';
import type { RfmSegments } from '../rfm/rfm-segments.js';
import type { SummarisableModel } from '../display/model-summary.js';
import type { TierAssignment } from '../tiers/assign-tiers.js';
import type { TierMigration } from '../tiers/tier-migration.js';
import type { ValueMatrix } from '../value/value-matrix.js';

/** A fitted model's report: what the model-fit table shows (any fitted clvkit model has these fields). */
export type ReportModelFit = Pick<
  SummarisableModel,
  'kind' | 'timeUnit' | 'params' | 'standardErrors' | 'logLikelihood' | 'converged' | 'iterations' | 'customers'
>;

/**
 * The module results a report is built from. Every section is optional: the report shows the sections
 * whose results are given (and lists the others as not in this run). Per-customer arrays of one section
 * are aligned with that section's own ids.
 */
export interface ReportInput {
  /** The book: how many customers, as of when, in which currency. */
  readonly book: {
    readonly customers: number;
    /** Customers on the book at the as-of date (default: all). */
    readonly onBook?: number;
    /** ISO date of the data. */
    readonly asOf: string;
    readonly currency?: string;
  };
  /** paretoAnalysis of a per-customer value (with `ids` for the top-customer list), and what the value is. */
  readonly pareto?: {
    readonly analysis: ParetoAnalysis;
    readonly valueName: string;
    readonly values?: ArrayLike<number>;
    readonly ids?: readonly (string | number)[];
  };
  readonly rfm?: { readonly scores: RfmScores; readonly segments: RfmSegments };
  readonly tiers?: { readonly assignment: TierAssignment; readonly migration?: TierMigration; readonly migrationFrom?: string };
  /**
   * segmentCustomers' result (or any cluster profiles: `model` and `segment` are needed only for the
   * scatter) and the table it was run on (for the scatter; optional).
   */
  readonly clusters?: {
    readonly result: ClusterProfileInput & {
      readonly k: number;
      readonly silhouette: number | null;
      readonly features: readonly string[];
      readonly segment?: SegmentResult['segment'];
      readonly model?: SegmentResult['model'];
    };
    readonly table?: ClusterScatterTable;
  };
  readonly models?: { readonly transaction?: ReportModelFit; readonly spend?: ReportModelFit };
  readonly holdout?: HoldoutValidation;
  readonly frequencyRecency?: FrequencyRecencyMatrix;
  /** customerLifetimeValue's result with the customers' ids (aligned) and optional P(alive). */
  readonly clv?: {
    readonly result: Pick<CustomerLifetimeValue, 'clv' | 'expectedTransactions'> & {
      readonly assumptions: Pick<CustomerLifetimeValue['assumptions'], 'horizon'>;
    };
    readonly customerId: readonly (string | number)[];
    readonly pAlive?: ArrayLike<number>;
  };
  /** Analyses that could not run, and why (listed in the report). */
  readonly skipped?: readonly { readonly part: string; readonly reason: string }[];
  /** The value decomposition's parts per customer, each customer's tier, and the value matrix built from them. */
  readonly value?: {
    readonly explicit: ArrayLike<number>;
    readonly growth: ArrayLike<number>;
    readonly potential: ArrayLike<number>;
    readonly customerId: readonly (string | number)[];
    readonly tier?: readonly (string | null)[];
    /** The tiers' keys and names, lowest first (a value decomposition's `model.tierBands`): bar order and labels. */
    readonly tiers?: readonly { readonly key: string; readonly label: string; readonly labelZh: string }[];
    readonly matrix: Pick<ValueMatrix, 'cell' | 'table' | 'thresholds'>;
    /** The retention model behind the survival (the value model's assumptions) and each tier's monthly rate: noted in the section. */
    readonly retention?: { readonly model: 'sbg' | 'one-year-ratio'; readonly monthlyRate: Readonly<Record<string, number>> };
  };
}
