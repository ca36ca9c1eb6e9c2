import { z } from 'zod';
import { parseOptions, type NumericColumn } from '../validate.js';
import { columnOption, prepareOrThrow, readValueColumn, type ParetoBasis, type ParetoValues, requireParetoValues } from './pareto-values.js';
import { LORENZ_CURVE_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/**
 * The Lorenz curve read the Pareto way: customers sorted by value, largest first; the curve joins
 * (k/n, S_k/S_n), k = 0..n, where S_k is the total of the k largest values, with straight lines. A
 * point (x, y) reads "the top x of customers hold y of the value". Sorted descending the curve is
 * concave, starts at (0, 0), ends at (1, 1), and lies on or above the diagonal y = x (equality only
 * when every customer has the same value).
 *
 * Between two customers the curve is linear, which fixes what a fractional number of customers
 * means: the top x of n customers hold the k = ⌊x·n⌋ largest values plus the fraction x·n − k of the
 * next one (the top 1% of 150 customers = the largest customer plus half of the second).
 */

/** Default number of chart points: every percentage point 0%, 1%, …, 100%. */
export const DEFAULT_LORENZ_POINTS = 101;

const lorenzSchema = z.strictObject({
  /** Name of the value column in error messages. */
  column: columnOption,
  /**
   * Points returned, evenly spaced on the customer axis at x = j/(points − 1), j = 0..points − 1
   * (so both endpoints are included), each exact on the full curve; or `'all'` for the n + 1
   * corners (k/n, S_k/S_n). Statistics never depend on this: they use every customer.
   */
  points: z.union([z.number().int().min(2).max(10_000_000), z.literal('all')]).default(DEFAULT_LORENZ_POINTS),
});

export type LorenzCurveOptions = z.input<typeof lorenzSchema>;

/** A Lorenz curve, as two aligned arrays. */
export interface LorenzCurve {
  /** Cumulative share of (basis) customers, top first, 0..1, increasing. */
  readonly x: Float64Array;
  /** Cumulative share of value they hold, 0..1, non-decreasing and concave. */
  readonly y: Float64Array;
  readonly basis: ParetoBasis;
}

/**
 * The Pareto-oriented Lorenz curve of a value column (sorted descending), downsampled for charts.
 *
 * @param values one value per customer; negative values are left out of the curve and reported in
 *   `basis.negatives` (see {@link prepareParetoValues}).
 * @throws EMPTY_INPUT, INVALID_VALUE, TOO_FEW_VALUES, NUMERIC_FAILURE as {@link prepareParetoValues};
 *   INVALID_OPTIONS for a bad `points`.
 * @example
 * const c = lorenzCurve([1, 2, 3, 4], { points: 5 });
 * c.x // Float64Array [0, 0.25, 0.5, 0.75, 1]
 * c.y // Float64Array [0, 0.4, 0.7, 0.9, 1]
 */
export function lorenzCurve(values: NumericColumn, options: LorenzCurveOptions = {}): Displayed<LorenzCurve> {
  const fn = 'lorenzCurve';
  const parsed = parseOptions(lorenzSchema, options, fn);
  return lorenzCurveOf(prepareOrThrow(readValueColumn(values, parsed.column, fn), parsed.column, fn), parsed.points);
}

/**
 * {@link lorenzCurve} on values prepared once with {@link prepareParetoValues}.
 * @throws INVALID_VALUE when `prepared` is not what prepareParetoValues returns; INVALID_OPTIONS malformed options.
 */
export function lorenzCurvePrepared(prepared: ParetoValues, options: LorenzCurveOptions = {}): Displayed<LorenzCurve> {
  const fn = 'lorenzCurvePrepared';
  const checked = requireParetoValues(prepared, fn);
  const parsed = parseOptions(lorenzSchema, options, fn);
  return lorenzCurveOf(checked, parsed.points);
}

/** @internal */
export function lorenzCurveOf(prepared: ParetoValues, points: number | 'all'): Displayed<LorenzCurve> {
  const { cumulative, basis } = prepared;
  const n = basis.basisCustomers;
  if (points === 'all') {
    const x = new Float64Array(n + 1);
    const y = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) {
      x[k] = k / n;
      y[k] = cumulative[k]! / basis.total;
    }
    y[n] = 1;
    return withDisplay({ x, y, basis }, LORENZ_CURVE_DISPLAY);
  }
  const x = new Float64Array(points);
  const y = new Float64Array(points);
  for (let j = 0; j < points; j++) {
    const share = j / (points - 1);
    x[j] = share;
    y[j] = lorenzValueShare(prepared, share);
  }
  return withDisplay({ x, y, basis }, LORENZ_CURVE_DISPLAY);
}

/**
 * The share of the basis value held by the top `customerShare` (0..1) of basis customers, read
 * exactly off the piecewise-linear Lorenz curve: L(k/n) with k = customerShare·n is
 * S_⌊k⌋/S_n + (k − ⌊k⌋)·x₍⌊k⌋+1₎/S_n (each term divided first, so that tiny totals cannot underflow). @internal
 */
export function lorenzValueShare(prepared: ParetoValues, customerShare: number): number {
  const { descending, cumulative, basis } = prepared;
  const n = basis.basisCustomers;
  const k = snapToInteger(customerShare * n);
  if (k <= 0) return 0;
  if (k >= n) return 1;
  const whole = Math.floor(k);
  const share = cumulative[whole]! / basis.total + (k - whole) * (descending[whole]! / basis.total);
  return share > 1 ? 1 : share;
}

/**
 * The value held by the top `customerShare` (0..1) of basis customers: with k = customerShare·n, the
 * ⌊k⌋ largest values plus the fraction k − ⌊k⌋ of the next one. A k within a few ulps of an integer
 * is taken as that integer, so that "top 20% of 150" is exactly the 30 largest. @internal
 */
export function lorenzValueHeld(prepared: ParetoValues, customerShare: number): number {
  const { descending, cumulative, basis } = prepared;
  const n = basis.basisCustomers;
  const k = snapToInteger(customerShare * n);
  if (k <= 0) return 0;
  if (k >= n) return basis.total;
  const whole = Math.floor(k);
  const held = cumulative[whole]! + (k - whole) * descending[whole]!;
  return held > basis.total ? basis.total : held;
}

/** Round x to the nearest integer when it is within a few ulps of it (removes x·n rounding noise). */
export function snapToInteger(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 4 * Number.EPSILON * Math.max(1, Math.abs(x)) ? r : x;
}
