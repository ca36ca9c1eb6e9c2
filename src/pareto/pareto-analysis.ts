import { z } from 'zod';
import { parseOptions, type NumericColumn } from '../validate.js';
import { abcClassesOf, cutoffsOption, type AbcClassRow } from './abc-classes.js';
import { giniOf } from './gini.js';
import { checkLabelColumn, labelColumnOption, type Label } from './label-column.js';
import { DEFAULT_LORENZ_POINTS, lorenzCurveOf } from './lorenz-curve.js';
import { paretoGroupsOf, type ParetoGroup } from './pareto-by-group.js';
import { paretoPointOf, targetOption } from './pareto-point.js';
import { columnOption, prepareOrThrow, readValueColumn, type ParetoBasis } from './pareto-values.js';
import { topSharesOf, topSharesOption, type TopShare } from './top-shares.js';
import { PARETO_ANALYSIS_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

const paretoAnalysisSchema = z.strictObject({
  /** Name of the value column in error messages, e.g. `aum`. */
  column: columnOption,
  /** Customer ids, one per value: the Pareto-point customers are then listed by id. */
  ids: labelColumnOption.optional(),
  /** A group per customer (region, customer type, tier, …): adds the per-group breakdown. */
  groups: labelColumnOption.optional(),
  /** Lorenz-curve chart points (≥ 2, evenly spaced, both endpoints included) or `'all'`; default 101. */
  points: z.union([z.number().int().min(2).max(10_000_000), z.literal('all')]).default(DEFAULT_LORENZ_POINTS),
  /** Customer shares of the top-share table, each in (0, 1]; default 1%, 5%, 10%, 20%, 50%. */
  shares: topSharesOption,
  /** Target share of value for the Pareto point, in (0, 1]; default 0.8. */
  target: targetOption,
  /** ABC cumulative-value cut-offs [A, B], 0 < A < B ≤ 1; default [0.8, 0.95]. */
  cutoffs: cutoffsOption,
});

export type ParetoAnalysisOptions = z.input<typeof paretoAnalysisSchema>;

/** Everything {@link paretoAnalysis} reports. Every customer share is of `basis.basisCustomers`, every value share of `basis.total`. */
export interface ParetoAnalysis {
  /** What the statistics were computed on (values ≥ 0) and the negative customers reported beside it. */
  readonly basis: ParetoBasis;
  /** Gini coefficient G (see {@link gini}) and its small-sample form n/(n − 1)·G. */
  readonly gini: number;
  readonly giniCorrected: number;
  /** The Lorenz curve, largest customers first, downsampled to `points` (see {@link lorenzCurve}). */
  readonly lorenz: { readonly x: Float64Array; readonly y: Float64Array };
  /** Share of value held by the top x of customers (see {@link topShares}). */
  readonly topShares: readonly TopShare[];
  /** The smallest share of customers holding `target` of the value, and who they are (see {@link paretoPoint}). */
  readonly paretoPoint: {
    readonly target: number;
    readonly customerShare: number;
    readonly customers: number;
    readonly wholeCustomerShare: number;
    readonly value: number;
    readonly valueShare: number;
    readonly members: Uint32Array;
    readonly memberIds?: readonly Label[];
  };
  /** ABC classes (see {@link abcClasses}). */
  readonly abc: {
    readonly cutoffs: readonly [number, number];
    readonly classes: readonly [AbcClassRow, AbcClassRow, AbcClassRow];
    readonly classIndex: Uint8Array;
  };
  /** Per-group breakdown (see {@link paretoByGroup}); present only when `groups` was given. */
  readonly groups?: readonly ParetoGroup[];
}

/**
 * Pareto (80/20) concentration analysis of a per-customer value (assets under management, revenue,
 * profit, CLV): the Lorenz curve, the Gini coefficient, the top-share table, the Pareto point and
 * its customers, ABC classes and, given a group column, the same per group. The values are
 * validated and sorted once; every statistic uses every customer (only the chart curve is
 * downsampled).
 *
 * Negative values (loss-making customers) are kept out of the curve and the statistics, which are
 * computed on the customers with value ≥ 0, and are reported in `basis.negatives` (count, total,
 * drag = −total / positive total); customers with value 0 are part of the basis. See
 * {@link prepareParetoValues}, {@link lorenzCurve}, {@link gini}, {@link topShares},
 * {@link paretoPoint}, {@link abcClasses} and {@link paretoByGroup} for each definition.
 *
 * Cost: a few O(n) passes plus one sort (a linear-time radix sort for large n): 10 million values
 * take about 0.8 s in total, 0.4–0.55 s of it the sort (2 cores, Node 20; see bench/pareto.ts).
 *
 * @throws EMPTY_INPUT when there are no values; INVALID_VALUE (with the row) for NaN or ±Infinity, for an
 *   id or group that is not a string or finite number, and when the total of the values ≥ 0 is 0;
 *   TOO_FEW_VALUES with fewer than 2 customers of value ≥ 0; LENGTH_MISMATCH when `ids` or `groups` has
 *   another length; NUMERIC_FAILURE when the total overflows; INVALID_OPTIONS for bad options.
 * @example
 * const r = paretoAnalysis([120, 40, 15, 10, 8, 4, 2, 1, 0, -5], { ids: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'] });
 * r.gini                          // 0.6988888888888888
 * r.topShares[3]                  // { customerShare: 0.2, customers: 1.8, value: 152, valueShare: 0.76 }
 * r.paretoPoint.memberIds         // ['c0', 'c1']
 * r.abc.classes.map((c) => c.customers) // [2, 3, 4]
 * r.basis.negatives               // { customers: 1, total: -5, drag: 0.025 }
 */
export function paretoAnalysis(values: NumericColumn, options: ParetoAnalysisOptions = {}): Displayed<ParetoAnalysis> {
  const fn = 'paretoAnalysis';
  const parsed = parseOptions(paretoAnalysisSchema, options, fn);
  const checked = readValueColumn(values, parsed.column, fn);
  if (parsed.ids !== undefined) checkLabelColumn(parsed.ids, checked.length, 'ids', fn);
  if (parsed.groups !== undefined) checkLabelColumn(parsed.groups, checked.length, 'groups', fn);
  const prepared = prepareOrThrow(checked, parsed.column, fn);
  const { basis } = prepared;
  const { gini, giniCorrected } = giniOf(prepared);
  const { x, y } = lorenzCurveOf(prepared, parsed.points);
  const { basis: _abcBasis, ...abc } = abcClassesOf(prepared, parsed.cutoffs);
  // With the target equal to the A cut-off (the default, 0.8), class A is the Pareto point: reuse it.
  const leading = parsed.target === parsed.cutoffs[0] ? abc.classIndex : undefined;
  const { basis: _pointBasis, ...point } = paretoPointOf(prepared, parsed.target, parsed.ids, leading);
  const result: ParetoAnalysis = {
    basis,
    gini,
    giniCorrected,
    lorenz: { x, y },
    topShares: topSharesOf(prepared, parsed.shares).rows,
    paretoPoint: point,
    abc,
  };
  return withDisplay(
    parsed.groups === undefined ? result : { ...result, groups: paretoGroupsOf(checked, parsed.groups, basis.total, parsed.shares, parsed.target) },
    PARETO_ANALYSIS_DISPLAY,
  );
}
