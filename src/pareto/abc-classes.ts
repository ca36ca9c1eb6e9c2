import { z } from 'zod';
import { parseOptions, type NumericColumn } from '../validate.js';
import { columnOption, prepareOrThrow, readValueColumn, type ParetoBasis, type ParetoValues, requireParetoValues } from './pareto-values.js';
import { assignRankClasses } from './rank-classes.js';
import { ABC_CLASSES_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/** Class codes of {@link AbcClasses.classIndex}: 0 = A, 1 = B, 2 = C, 3 = negative value (outside the basis). */
export const ABC_LABELS = ['A', 'B', 'C', 'negative'] as const;
export type AbcLabel = (typeof ABC_LABELS)[number];

/** Default cumulative-value cut-offs: A = the top customers up to 80% of value, B up to 95%, C the rest. */
export const DEFAULT_ABC_CUTOFFS: readonly [number, number] = [0.8, 0.95];

/** Two cumulative-value cut-offs 0 < a < b ≤ 1. @internal */
export const cutoffsOption = z
  .tuple([z.number(), z.number()])
  .refine(([a, b]) => a > 0 && a < b && b <= 1, { message: 'cut-offs must satisfy 0 < A < B ≤ 1' })
  .default([DEFAULT_ABC_CUTOFFS[0], DEFAULT_ABC_CUTOFFS[1]]);

const abcSchema = z.strictObject({
  /** Name of the value column in error messages. */
  column: columnOption,
  /** Cumulative-value cut-offs [A, B] with 0 < A < B ≤ 1; default [0.8, 0.95]. */
  cutoffs: cutoffsOption,
});

export type AbcClassesOptions = z.input<typeof abcSchema>;

/** One row of the ABC table. */
export interface AbcClassRow {
  readonly label: 'A' | 'B' | 'C';
  /** Customers in the class. */
  readonly customers: number;
  /** customers / basis customers. */
  readonly customerShare: number;
  /** Their total value. */
  readonly value: number;
  /** value / basis total. */
  readonly valueShare: number;
}

/** ABC classification of the customers. */
export interface AbcClasses {
  /** The cut-offs used, [A, B]. */
  readonly cutoffs: readonly [number, number];
  /** Rows A, B, C (basis customers only; the negatives are in `basis.negatives`). */
  readonly classes: readonly [AbcClassRow, AbcClassRow, AbcClassRow];
  /** Each customer's class as an index into {@link ABC_LABELS} (3 = negative value), in input order. */
  readonly classIndex: Uint8Array;
  readonly basis: ParetoBasis;
}

/**
 * ABC classes by cumulative value: customers sorted by value (largest first) are A while the value
 * accumulated *before* them is below cut-off A (default 80%), B while it is below cut-off B (95%),
 * C after that.
 *
 * Straddling rule: a customer whose value carries the running total across a cut-off gets the
 * class its cumulative share *before* adding it falls in, i.e. the class being filled. So A is the
 * fewest top customers holding at least 80% of the value (the Pareto point for target 0.8), and
 * A + B the fewest holding at least 95%. Customers with value 0 come after the whole total and are C.
 * Equal values are ranked in input order (earlier rows first), so a tie group crossing a cut-off is
 * split deterministically. Customers with a negative value are outside the basis: class index 3
 * (`'negative'`), counted in `basis.negatives`.
 *
 * @throws EMPTY_INPUT, INVALID_VALUE, TOO_FEW_VALUES, NUMERIC_FAILURE as {@link prepareParetoValues};
 *   INVALID_OPTIONS unless 0 < A < B ≤ 1.
 * @example
 * const abc = abcClasses([50, 30, 10, 6, 4, -2]);
 * abc.classes.map((c) => `${c.label}:${c.customers}`) // ['A:2', 'B:2', 'C:1']
 * abc.classIndex                                     // Uint8Array [0, 0, 1, 1, 2, 3]
 */
export function abcClasses(values: NumericColumn, options: AbcClassesOptions = {}): Displayed<AbcClasses> {
  const fn = 'abcClasses';
  const parsed = parseOptions(abcSchema, options, fn);
  return abcClassesOf(prepareOrThrow(readValueColumn(values, parsed.column, fn), parsed.column, fn), parsed.cutoffs);
}

/**
 * {@link abcClasses} on values prepared once with {@link prepareParetoValues}.
 * @throws INVALID_VALUE when `prepared` is not what prepareParetoValues returns; INVALID_OPTIONS malformed options.
 */
export function abcClassesPrepared(prepared: ParetoValues, options: AbcClassesOptions = {}): Displayed<AbcClasses> {
  const fn = 'abcClassesPrepared';
  const checked = requireParetoValues(prepared, fn);
  const parsed = parseOptions(abcSchema, options, fn);
  return abcClassesOf(checked, parsed.cutoffs);
}

/** @internal */
export function abcClassesOf(prepared: ParetoValues, cutoffs: readonly [number, number]): Displayed<AbcClasses> {
  const { cumulative, basis } = prepared;
  const n = basis.basisCustomers;
  // Rank r (1-based) is in A when S_{r−1}/S_n < a: A holds ranks 1..endA, endA = #{k < n : S_k/S_n < a}
  // (the same ratio test as the Pareto point, so A is the Pareto point's customers for target a).
  const endA = countBelow(cumulative, basis.total, cutoffs[0]);
  const endB = Math.max(endA, countBelow(cumulative, basis.total, cutoffs[1]));
  const ends = [endA, endB, n];
  const row = (label: 'A' | 'B' | 'C', start: number, end: number): AbcClassRow => {
    const value = cumulative[end]! - cumulative[start]!;
    return { label, customers: end - start, customerShare: (end - start) / n, value, valueShare: value / basis.total };
  };
  return withDisplay(
    {
      cutoffs: [cutoffs[0], cutoffs[1]],
      classes: [row('A', 0, endA), row('B', endA, endB), row('C', endB, n)],
      classIndex: assignRankClasses(prepared, ends, 3),
      basis,
    },
    ABC_CLASSES_DISPLAY,
  );
}

/** #{k in 0..n−1 : cumulative[k]/total < cutoff}; cumulative is non-decreasing, cumulative[n]/total = 1 ≥ cutoff. */
function countBelow(cumulative: Float64Array, total: number, cutoff: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! / total < cutoff) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
