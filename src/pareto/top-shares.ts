import { z } from 'zod';
import { parseOptions, type NumericColumn } from '../validate.js';
import { lorenzValueHeld, lorenzValueShare, snapToInteger } from './lorenz-curve.js';
import { columnOption, prepareOrThrow, readValueColumn, type ParetoBasis, type ParetoValues, requireParetoValues } from './pareto-values.js';

/** Default top-share table: the top 1%, 5%, 10%, 20% and 50% of customers. */
export const DEFAULT_TOP_SHARES: readonly number[] = [0.01, 0.05, 0.1, 0.2, 0.5];

/** A list of customer shares in (0, 1]. @internal */
export const topSharesOption = z
  .array(z.number().gt(0, 'a top share must be > 0').lte(1, 'a top share must be ≤ 1'))
  .min(1)
  .default([...DEFAULT_TOP_SHARES]);

const topSharesSchema = z.strictObject({
  /** Name of the value column in error messages. */
  column: columnOption,
  /** Shares of customers to report, each in (0, 1]; rows come back in this order. */
  shares: topSharesOption,
});

export type TopSharesOptions = z.input<typeof topSharesSchema>;

/** One row of the top-share table: "the top `customerShare` of customers hold `valueShare` of the value". */
export interface TopShare {
  /** Requested share of (basis) customers, in (0, 1]. */
  readonly customerShare: number;
  /** customerShare × basis customers; may be fractional (see {@link topShares}). */
  readonly customers: number;
  /** Value held by them. */
  readonly value: number;
  /** value / basis total, in [0, 1]. */
  readonly valueShare: number;
}

/** The top-share table. */
export interface TopShares {
  readonly rows: readonly TopShare[];
  readonly basis: ParetoBasis;
}

/**
 * The share of value held by the top x of customers, for each requested x (default 1%, 5%, 10%,
 * 20%, 50%), computed on every customer.
 *
 * "The top x of n customers" is x·n customers, usually not a whole number. The value they hold is
 * read off the piecewise-linear Lorenz curve: the ⌊x·n⌋ largest values plus the fraction
 * x·n − ⌊x·n⌋ of the next one. So the top 1% of 150 customers (1.5 customers) hold the largest value
 * plus half of the second largest. Whole-number counts (top 20% of 150 = 30) are exact sums.
 * Shares are non-decreasing in x; at x = 1 the share is 1.
 *
 * @throws EMPTY_INPUT, INVALID_VALUE, TOO_FEW_VALUES, NUMERIC_FAILURE as {@link prepareParetoValues};
 *   INVALID_OPTIONS for a share outside (0, 1] or an empty list.
 * @example
 * topShares([1, 2, 3, 4], { shares: [0.25, 0.5, 0.6] }).rows
 * // [ { customerShare: 0.25, customers: 1, value: 4, valueShare: 0.4 },
 * //   { customerShare: 0.5, customers: 2, value: 7, valueShare: 0.7 },
 * //   { customerShare: 0.6, customers: 2.4, value: 7.8, valueShare: 0.7799999999999999 } ]
 */
export function topShares(values: NumericColumn, options: TopSharesOptions = {}): TopShares {
  const fn = 'topShares';
  const parsed = parseOptions(topSharesSchema, options, fn);
  return topSharesOf(prepareOrThrow(readValueColumn(values, parsed.column, fn), parsed.column, fn), parsed.shares);
}

/**
 * {@link topShares} on values prepared once with {@link prepareParetoValues}.
 * @throws INVALID_VALUE when `prepared` is not what prepareParetoValues returns; INVALID_OPTIONS malformed options.
 */
export function topSharesPrepared(prepared: ParetoValues, options: TopSharesOptions = {}): TopShares {
  const fn = 'topSharesPrepared';
  const checked = requireParetoValues(prepared, fn);
  const parsed = parseOptions(topSharesSchema, options, fn);
  return topSharesOf(checked, parsed.shares);
}

/** @internal */
export function topSharesOf(prepared: ParetoValues, shares: readonly number[]): TopShares {
  const { basis } = prepared;
  const rows = shares.map((customerShare): TopShare => {
    return {
      customerShare,
      customers: snapToInteger(customerShare * basis.basisCustomers),
      value: lorenzValueHeld(prepared, customerShare),
      valueShare: lorenzValueShare(prepared, customerShare),
    };
  });
  return { rows, basis };
}
