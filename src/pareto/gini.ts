import { z } from 'zod';
import { parseOptions, type NumericColumn } from '../validate.js';
import { columnOption, prepareOrThrow, readValueColumn, type ParetoBasis, type ParetoValues, requireParetoValues } from './pareto-values.js';

const giniSchema = z.strictObject({
  /** Name of the value column in error messages. */
  column: columnOption,
});

export type GiniOptions = z.input<typeof giniSchema>;

/** The Gini coefficient of a value column, in two forms. */
export interface GiniResult {
  /**
   * G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ), in [0, (n − 1)/n]: 0 when every customer has the same value,
   * (n − 1)/n when one customer holds everything.
   */
  readonly gini: number;
  /** n/(n − 1)·G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n (n − 1) μ), in [0, 1]: reaches 1 when one customer holds everything. */
  readonly giniCorrected: number;
  readonly basis: ParetoBasis;
}

/**
 * The Gini coefficient of the basis values (value ≥ 0; negatives reported in `basis.negatives`),
 * exact on all customers in O(n log n).
 *
 * Definition (Gini 1912, the relative mean difference): G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ). It equals
 * twice the area between the Lorenz curve and the diagonal; with the Pareto-oriented curve
 * (largest first, corners (k/n, L_k), L_k = S_k/S_n) and its area by trapezoids, which is exact
 * because the curve is piecewise linear,
 *
 *   G = 2·∫₀¹ L(x) dx − 1 = (2 Σ_{k=1}^{n} L_k − (n + 1)) / n,
 *
 * the same as the sorted-values form G = Σ_k (n + 1 − 2k)·x₍ₖ₎ / (n² μ) with x₍₁₎ the largest. The
 * small-sample form n/(n − 1)·G is Glasser's (1962) unbiased estimator of the population
 * coefficient; it rescales G so that its maximum is 1 for any n.
 *
 * @see C. Gini (1912), *Variabilità e mutabilità*; G. J. Glasser (1962), "Variance formulas for the mean
 *   difference and coefficient of concentration", JASA 57(299): 648–654; C. Damgaard & J. Weiner (2000),
 *   "Describing inequality in plant size or fecundity", Ecology 81(4): 1139–1142, eq. 1–2.
 * @throws EMPTY_INPUT, INVALID_VALUE, TOO_FEW_VALUES, NUMERIC_FAILURE as {@link prepareParetoValues}
 *   (one customer → TOO_FEW_VALUES; all values 0 → INVALID_VALUE "total value is zero").
 * @example
 * const g = gini([1, 2, 3, 4]);
 * g.gini          // 0.25
 * g.giniCorrected // 0.3333333333333333
 */
export function gini(values: NumericColumn, options: GiniOptions = {}): GiniResult {
  const fn = 'gini';
  const { column } = parseOptions(giniSchema, options, fn);
  return giniOf(prepareOrThrow(readValueColumn(values, column, fn), column, fn));
}

/**
 * {@link gini} on values prepared once with {@link prepareParetoValues}.
 * @throws INVALID_VALUE when `prepared` is not what prepareParetoValues returns; INVALID_OPTIONS malformed options.
 */
export function giniPrepared(prepared: ParetoValues, options: GiniOptions = {}): GiniResult {
  const fn = 'giniPrepared';
  const checked = requireParetoValues(prepared, fn);
  parseOptions(giniSchema, options, fn);
  return giniOf(checked);
}

/** @internal */
export function giniOf(prepared: ParetoValues): GiniResult {
  const { descending, cumulative, basis } = prepared;
  const n = basis.basisCustomers;
  let g = 0;
  if (descending[0] !== descending[n - 1]) {
    // Neumaier-compensated Σ L_k: n terms in [0, 1], then one subtraction of similar magnitudes.
    let sum = 0;
    let compensation = 0;
    const total = basis.total;
    for (let k = 1; k <= n; k++) {
      const term = cumulative[k]! / total;
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    g = (2 * (sum + compensation) - (n + 1)) / n;
    // Rounding can leave G a few ulps outside its range; the exact value is inside.
    const max = (n - 1) / n;
    g = g < 0 ? 0 : g > max ? max : g;
  }
  const corrected = (n / (n - 1)) * g;
  return { gini: g, giniCorrected: corrected > 1 ? 1 : corrected, basis };
}
