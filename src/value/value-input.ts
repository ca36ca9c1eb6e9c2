// The input and result types of valueDecomposition / applyValueModel (split from value-decomposition.ts).
import type { ProductGapStat, ValueAssumptions, ValueModel } from './value-model.js';

/** The snapshot columns the value model reads (a {@link BankSnapshots} has them). */
export interface ValueSnapshots {
  readonly length: number;
  /** Per row: index into `customerId`. */
  readonly customer: ArrayLike<number>;
  /** Per row: month index (consecutive months differ by 1). */
  readonly month: ArrayLike<number>;
  readonly netRevenue: ArrayLike<number>;
  readonly costToServe: ArrayLike<number>;
  /** Assets under management at month end (the tiers' measure). */
  readonly aum: ArrayLike<number>;
  /** Bit mask over `productNames` of the products held at month end. */
  readonly products: ArrayLike<number>;
}

/** What {@link valueDecomposition} values: monthly snapshots plus optional customer attributes. */
export interface ValueInput {
  /** One id per customer; snapshot rows point into it. */
  readonly customerId: readonly string[];
  readonly snapshots: ValueSnapshots;
  /**
   * Per customer: the peer group used with the tier for benchmarks (RFM segment, cluster label, customer
   * type, ... — the caller's choice). Without it, peers are the customer's tier.
   */
  readonly peerGroup?: readonly string[];
  /** Per customer: P(alive now) from a fitted transaction model, in [0, 1]; without it 1 for everyone. */
  readonly pAlive?: ArrayLike<number>;
}

/** A product the customer lacks that comparable customers hold, with its ranking. */
export type ProductGap = ProductGapStat;

/**
 * Where a customer's benchmark came from: 'group' (same tier and peer group), 'tier' (the group was too
 * small), 'peerGroup' (the tier was too small too: same peer group across tiers), 'all' (everyone).
 */
export type BenchmarkLevel = 'group' | 'tier' | 'peerGroup' | 'all';

/** The result of {@link valueDecomposition} / {@link applyValueModel}: one entry per customer. */
export interface ValueDecomposition {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Index (into the snapshots' months) of the month the values are as of: the latest month in the data. */
  readonly asOfMonth: number;
  /** 1 when the customer has a snapshot in the as-of month; 0 when they have left the book (every value 0). */
  readonly onBook: Uint8Array;
  /** Asset tier key in the as-of month (null for customers off the book). */
  readonly tier: readonly (string | null)[];
  /** The peer group as given (null without `peerGroup` or off the book). */
  readonly peerGroup: readonly (string | null)[];
  /** Which peers the benchmark came from (null off the book). */
  readonly benchmarkLevel: readonly (BenchmarkLevel | null)[];
  /** c_i: mean monthly contribution (net revenue − cost to serve) over the last `currentWindow` months. */
  readonly currentContribution: Float64Array;
  /** Months with a snapshot in the trend window. */
  readonly trendMonths: Uint16Array;
  /** The customer's own Theil–Sen slope (0 with fewer than two months). */
  readonly rawSlope: Float64Array;
  /** Weight of the own slope: n / (n + n0) (0 with fewer than two months). */
  readonly slopeWeight: Float64Array;
  /** g_i: the shrunk, capped slope used for growth (currency per month, per month). */
  readonly slope: Float64Array;
  /** B_i: the peer benchmark contribution. */
  readonly benchmark: Float64Array;
  readonly pAlive: Float64Array;
  /** ρ of the customer's tier (0 off the book). */
  readonly monthlyRetention: Float64Array;
  readonly explicit: Float64Array;
  readonly growth: Float64Array;
  readonly potential: Float64Array;
  /** explicit + growth + potential, exactly as summed in that order. */
  readonly total: Float64Array;
  /** Up to `topProducts` products the customer lacks, best first. */
  readonly productGaps: readonly (readonly ProductGap[])[];
  /** Customers off the book in the as-of month (valued 0, listed in `onBook`). */
  readonly customersOffBook: number;
  readonly assumptions: ValueAssumptions;
  /** The fitted pieces, for {@link applyValueModel} next month (plain JSON). */
  readonly model: ValueModel;
}
