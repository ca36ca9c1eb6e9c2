import { z } from 'zod';
import { parseOptions, type NumericColumn } from '../validate.js';
import { checkLabelColumn, labelColumnOption, type Label, type LabelColumn } from './label-column.js';
import { columnOption, prepareOrThrow, readValueColumn, type ParetoBasis, type ParetoValues, requireParetoValues } from './pareto-values.js';
import { assignRankClasses } from './rank-classes.js';

/** Default Pareto target: the customers who hold 80% of the value. */
export const DEFAULT_PARETO_TARGET = 0.8;

/** A target share of value in (0, 1]. @internal */
export const targetOption = z.number().gt(0, 'the target share must be > 0').lte(1, 'the target share must be ≤ 1').default(DEFAULT_PARETO_TARGET);

const paretoPointSchema = z.strictObject({
  /** Name of the value column in error messages. */
  column: columnOption,
  /** Share of value to reach, in (0, 1]; default 0.8 (the "80" of 80/20). */
  target: targetOption,
  /** Customer ids, one per value; when given, `memberIds` lists the ids of the customers in the point. */
  ids: labelColumnOption.optional(),
});

export type ParetoPointOptions = z.input<typeof paretoPointSchema>;

/** The Pareto point: the smallest share of customers that holds the target share of value. */
export interface ParetoPoint {
  /** The target share of value (default 0.8). */
  readonly target: number;
  /**
   * The smallest share of (basis) customers holding `target` of the value, read off the
   * piecewise-linear Lorenz curve (so it may include part of one customer): the x with L(x) = target.
   */
  readonly customerShare: number;
  /** The number of whole customers needed: the fewest top customers whose total is ≥ target × total. */
  readonly customers: number;
  /** customers / basis customers (≥ customerShare). */
  readonly wholeCustomerShare: number;
  /** The value those whole customers hold. */
  readonly value: number;
  /** value / basis total (≥ target). */
  readonly valueShare: number;
  /** Input row indices of those customers, ascending (ties at the boundary: earlier rows first). */
  readonly members: Uint32Array;
  /** Their ids, aligned with `members`; present only when `ids` was given. */
  readonly memberIds?: readonly Label[];
  readonly basis: ParetoBasis;
}

/**
 * The Pareto point: the smallest share of customers that holds a target share of the value
 * (default 80%), and which customers they are.
 *
 * With customers sorted by value (largest first) and S_k the total of the k largest, the whole
 * count is m = min{k : S_k ≥ target·S_n}; the continuous share on the Lorenz curve is
 * x* = (m − 1 + (target·S_n − S_{m−1}) / x₍ₘ₎) / n. Customers with equal values at the boundary are
 * taken in input order (earlier rows first), so the membership is deterministic. With the default
 * target this is exactly ABC class A for an A cut-off of 0.8 (see {@link abcClasses}).
 *
 * @throws EMPTY_INPUT, INVALID_VALUE, TOO_FEW_VALUES, NUMERIC_FAILURE as {@link prepareParetoValues};
 *   LENGTH_MISMATCH when `ids` has another length; INVALID_VALUE for an id that is not a string or a
 *   finite number; INVALID_OPTIONS for a target outside (0, 1].
 * @example
 * const p = paretoPoint([10, 50, 5, 30, 5], { ids: ['a', 'b', 'c', 'd', 'e'] });
 * p.customerShare      // 0.4
 * p.customers          // 2
 * p.memberIds          // ['b', 'd']
 * p.valueShare         // 0.8
 */
export function paretoPoint(values: NumericColumn, options: ParetoPointOptions = {}): ParetoPoint {
  const fn = 'paretoPoint';
  const parsed = parseOptions(paretoPointSchema, options, fn);
  const prepared = prepareOrThrow(readValueColumn(values, parsed.column, fn), parsed.column, fn);
  if (parsed.ids !== undefined) checkLabelColumn(parsed.ids, prepared.values.length, 'ids', fn);
  return paretoPointOf(prepared, parsed.target, parsed.ids);
}

/**
 * {@link paretoPoint} on values prepared once with {@link prepareParetoValues}.
 * @throws INVALID_VALUE when `prepared` is not what prepareParetoValues returns; INVALID_OPTIONS malformed options.
 */
export function paretoPointPrepared(prepared: ParetoValues, options: Omit<ParetoPointOptions, 'column'> = {}): ParetoPoint {
  const fn = 'paretoPointPrepared';
  const checked = requireParetoValues(prepared, fn);
  const parsed = parseOptions(paretoPointSchema, options, fn);
  if (parsed.ids !== undefined) checkLabelColumn(parsed.ids, checked.values.length, 'ids', fn);
  return paretoPointOf(checked, parsed.target, parsed.ids);
}

/** The Pareto point without its members (the per-group tables of {@link paretoByGroup}). */
export interface ParetoPointSummary {
  readonly target: number;
  readonly customerShare: number;
  readonly customers: number;
  readonly wholeCustomerShare: number;
  readonly value: number;
  readonly valueShare: number;
}

/** @internal */
export function paretoPointSummary(prepared: ParetoValues, target: number): ParetoPointSummary {
  const { descending, cumulative, basis } = prepared;
  const n = basis.basisCustomers;
  const total = basis.total;
  // Shares are compared as ratios (S_k / S_n ≥ target), the same test abcClasses uses for its A class.
  const m = firstReaching(cumulative, total, target);
  const partial = (target - cumulative[m - 1]! / total) / (descending[m - 1]! / total);
  const within = partial < 0 ? 0 : partial > 1 ? 1 : partial;
  const valueShare = cumulative[m]! / basis.total;
  return {
    target,
    customerShare: (m - 1 + within) / n,
    customers: m,
    wholeCustomerShare: m / n,
    value: cumulative[m]!,
    valueShare: valueShare > 1 ? 1 : valueShare,
  };
}

/**
 * @internal `leading`, when given, is a per-customer class array whose class 0 is exactly the top
 * `customers` ranks (the ABC A class when its cut-off equals `target`): it saves one pass.
 */
export function paretoPointOf(prepared: ParetoValues, target: number, ids: LabelColumn | undefined, leading?: Uint8Array): ParetoPoint {
  const summary = paretoPointSummary(prepared, target);
  const classes = leading ?? assignRankClasses(prepared, [summary.customers, prepared.basis.basisCustomers], 2);
  const members = new Uint32Array(summary.customers);
  let j = 0;
  for (let i = 0; i < classes.length; i++) if (classes[i] === 0) members[j++] = i;
  const point: ParetoPoint = { ...summary, members, basis: prepared.basis };
  if (ids === undefined) return point;
  const memberIds: Label[] = new Array<Label>(members.length);
  for (let k = 0; k < members.length; k++) memberIds[k] = ids[members[k]!]!;
  return { ...point, memberIds };
}

/** Smallest m in 1..n with cumulative[m]/total ≥ target (non-decreasing; cumulative[n]/total = 1 ≥ target). */
function firstReaching(cumulative: Float64Array, total: number, target: number): number {
  let lo = 1;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! / total >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
