import type { TransactionTable } from '../io/transaction-table.js';

/**
 * Customer master data, one row per customer, column by column. Attributes are open: any columns
 * (type, region, branch, segment, relationship manager, ...) with any values; which one is the value
 * model's peer group is chosen by name (`peerGroup`).
 */
export interface BookCustomers {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Attribute columns by name, each aligned with `customerId` (any names, any text values). */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  /** Epoch day the relationship started (optional; used for customers without transactions). */
  readonly joinDay?: ArrayLike<number>;
}

/**
 * The products each snapshot row holds, as a product dictionary plus a compressed sparse row list:
 * row j holds `names[index[k]]` for k in `offsets[j] .. offsets[j + 1] - 1`. Any number of products, any names.
 */
export interface BookHoldings {
  /** The product dictionary, in the book's order. */
  readonly names: readonly string[];
  /** Length rows + 1; `offsets[0] = 0`, non-decreasing. */
  readonly offsets: Uint32Array;
  /** Indexes into `names`, each row's list ascending and without repeats. */
  readonly index: Uint32Array;
}

/**
 * Month-end balance snapshots, one row per customer and month while the customer is on the book.
 * Balances map to roles: deposits, wealth (wealth management, funds, insurance cash value), loans and
 * AUM (deposits + wealth unless the book gives its own). Revenue and cost to serve are optional: without
 * them the value model uses a stated margin on balances (see {@link BookRevenue}).
 */
export interface BookSnapshots {
  readonly length: number;
  /** Per row: index into the customers. */
  readonly customer: Uint32Array;
  /** Per row: index into `Book.months`. */
  readonly month: Uint16Array;
  readonly deposits: Float64Array;
  readonly wealth: Float64Array;
  readonly loans: Float64Array;
  /** Assets under management (deposits + wealth unless given). */
  readonly aum: Float64Array;
  /** Net revenue earned from the customer that month; absent: derived from the margin assumption. */
  readonly netRevenue?: Float64Array;
  /** Cost to serve that month; absent: 0 under the margin assumption. */
  readonly costToServe?: Float64Array;
  /** Customer-initiated activities that month (0 = inactive); absent: no behaviour status. */
  readonly activity?: ArrayLike<number>;
  /** Products held at month end (open vocabulary). */
  readonly holdings?: BookHoldings;
  /**
   * Legacy form of the products: a bit mask over the simulator's ten PRODUCTS per row. Books read with
   * `readBook` carry `holdings` instead; the simulator writes both.
   */
  readonly products?: ArrayLike<number>;
}

/** Where the value model's revenue comes from: the book's own columns, or a stated margin on balances. */
export type BookRevenue =
  | { readonly source: 'given' }
  | {
      readonly source: 'margin';
      /** Annual margin on AUM + loans; monthly net revenue = margin × (aum + loans) / 12, cost to serve 0. */
      readonly annualMargin: number;
    };

/**
 * A bank's book in clvkit's data contract: customers, and optionally monthly snapshots and transactions.
 * Transactions alone unlock the summary, Pareto, RFM, clusters, transaction models and CLV; snapshots
 * alone tiers, behaviour, tags, the value model and the matrix; all parts everything.
 */
export interface Book {
  readonly customers: BookCustomers;
  readonly snapshots?: BookSnapshots;
  readonly transactions?: TransactionTable;
  /** Month labels `YYYY-MM`, oldest first, without gaps. */
  readonly months: readonly string[];
  /** ISO date of the first and last day of the book. */
  readonly startDate: string;
  readonly endDate: string;
  /** How revenue was obtained (default: given). */
  readonly revenue?: BookRevenue;
  /** Currency of the money columns (shown, never converted). */
  readonly currency?: string;
  /** Name of the customer attribute that is the value model's peer group. */
  readonly peerGroup?: string;
}

/** The parts a book can have. */
export const BOOK_PARTS = ['customers', 'snapshots', 'transactions'] as const;
export type BookPart = (typeof BOOK_PARTS)[number];
