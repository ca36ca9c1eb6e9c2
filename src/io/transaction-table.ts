import type { ClvkitErrorCode } from '../errors.js';

/**
 * Transactions stored column by column: one typed array per field, customer ids dictionary-encoded.
 * Row i is the transaction of customer `customerIds[customer[i]]` on epoch day `day[i]` for `amount[i]`.
 * Extra columns kept from the source (product, channel, ...) are dictionary-encoded string columns.
 */
export interface TransactionTable {
  /** Number of accepted transactions (rows). */
  readonly length: number;
  /** Distinct customer ids in order of first appearance. */
  readonly customerIds: readonly string[];
  /** Per row: index into `customerIds`. */
  readonly customer: Uint32Array;
  /** Per row: calendar day as days since 1970-01-01 (UTC). */
  readonly day: Int32Array;
  /** Per row: the amount; negative for refunds and reversals. */
  readonly amount: Float64Array;
  /** Extra columns kept as attributes, by output name. */
  readonly attributes: Readonly<Record<string, DictionaryColumn>>;
  /** Rows read, accepted and rejected; `read === accepted + rejected` always. */
  readonly stats: IngestStats;
  /** The rejected rows with reasons (only with `onInvalid: 'collect'`; empty otherwise). */
  readonly rejects: readonly RejectedRow[];
}

/** A string column stored as codes into a dictionary of distinct values. */
export interface DictionaryColumn {
  readonly values: readonly string[];
  readonly codes: Uint32Array;
}

/** Counts that always add up: `read === accepted + rejected`. */
export interface IngestStats {
  /** Data rows read (the header is not a row). */
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Accepted rows with a negative amount (refunds, reversals): counted, kept, never dropped. */
  readonly negativeAmounts: number;
}

/** One rejected row: where it was, what was wrong, and the raw record. */
export interface RejectedRow {
  /** 1-based line number in the source (header is line 1); for object input, 0-based index + 1. */
  readonly line: number;
  readonly code: ClvkitErrorCode;
  readonly column?: string;
  readonly value?: unknown;
  readonly reason: string;
  /** The raw fields of the row as read. */
  readonly raw: readonly string[] | Readonly<Record<string, unknown>>;
}
