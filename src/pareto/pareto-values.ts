import { z } from 'zod';
import { ClvkitError, type ClvkitErrorCode } from '../errors.js';
import { finiteColumn, parseOptions, requireTable, type NumericColumn } from '../validate.js';
import { sortDescendingNonNegative } from './sort-descending.js';

/**
 * The values every concentration statistic is computed on, sorted once.
 *
 * **Basis.** Concentration (Lorenz curve, Gini, top shares, Pareto point, ABC classes) is defined
 * for non-negative quantities. Loss-making customers (negative net contribution, the "below-zero"
 * customers of a value matrix) are real in banking, so they are neither dropped silently nor allowed
 * to bend the curve: the statistics are computed on the customers whose value is ≥ 0 (the *basis*;
 * customers with value exactly 0 belong to it and count in every customer share), and the negative
 * customers are reported beside it: their count, their total and their *drag* = −(negative total) /
 * (basis total), the share of the value created by the others that they erase (0.05 = 5%).
 */

/** The customers with a negative value, reported beside the basis. */
export interface ParetoNegatives {
  /** Number of customers with a value < 0. */
  readonly customers: number;
  /** Their total value (≤ 0). */
  readonly total: number;
  /** −total / (basis total): the share of the positive value they erase, ≥ 0. */
  readonly drag: number;
}

/** What the concentration statistics were computed on. */
export interface ParetoBasis {
  /** Always `'non-negative'`: statistics use the customers with value ≥ 0. */
  readonly kind: 'non-negative';
  /** All customers in the input (basis + negatives). */
  readonly customers: number;
  /** Customers with value ≥ 0: the denominator of every customer share. */
  readonly basisCustomers: number;
  /** Basis customers whose value is exactly 0 (they are part of the denominator). */
  readonly zeroCustomers: number;
  /** Sum of the basis values (> 0): the denominator of every value share. */
  readonly total: number;
  /** The customers left out of the basis because their value is negative. */
  readonly negatives: ParetoNegatives;
}

/**
 * A value column prepared for the Pareto statistics: validated, split into basis and negatives,
 * the basis sorted descending with its running totals. Build it once with
 * {@link prepareParetoValues} and pass it to the `…Prepared` variants to avoid sorting again.
 */
export interface ParetoValues {
  /** The validated values in input order (a copy; negatives included). */
  readonly values: Float64Array;
  /** The basis values (≥ 0), largest first. */
  readonly descending: Float64Array;
  /** `cumulative[k]` = sum of the k largest basis values; length basisCustomers + 1, last = basis.total. */
  readonly cumulative: Float64Array;
  readonly basis: ParetoBasis;
}

/** Why a value column has no defined concentration (the code a throwing caller uses). */
export interface ParetoFailure {
  readonly code: Extract<ClvkitErrorCode, 'TOO_FEW_VALUES' | 'INVALID_VALUE' | 'NUMERIC_FAILURE'>;
  readonly reason: string;
}

/** Options shared by every Pareto function. */
export const columnOption = z.string().min(1).default('values');

const prepareSchema = z.strictObject({
  /** Name of the value column in error messages, e.g. `aum`. */
  column: columnOption,
});

export type PrepareParetoValuesOptions = z.input<typeof prepareSchema>;

/**
 * Validate a value column and prepare it for the Pareto statistics: split off the negative values,
 * sort the rest descending (one sort, O(n log n) or a linear-time radix sort for large inputs) and
 * accumulate the running totals.
 *
 * @param values one value per customer (any finite number).
 * @throws EMPTY_INPUT when there are no values; INVALID_VALUE (with the row index) for NaN or ±Infinity;
 *   TOO_FEW_VALUES when fewer than 2 customers have a value ≥ 0; INVALID_VALUE when the basis total is 0
 *   (every basis value is 0: concentration is undefined); NUMERIC_FAILURE when a total overflows.
 * @example
 * const p = prepareParetoValues([3, -1, 0, 5]);
 * p.descending  // Float64Array [5, 3, 0]
 * p.cumulative  // Float64Array [0, 5, 8, 8]
 * p.basis       // { kind: 'non-negative', customers: 4, basisCustomers: 3, zeroCustomers: 1, total: 8,
 *               //   negatives: { customers: 1, total: -1, drag: 0.125 } }
 */
export function prepareParetoValues(values: NumericColumn, options: PrepareParetoValuesOptions = {}): ParetoValues {
  const fn = 'prepareParetoValues';
  const { column } = parseOptions(prepareSchema, options, fn);
  return prepareOrThrow(readValueColumn(values, column, fn), column, fn);
}

/** Validate a value column: non-empty, every entry finite. Returns a copy. @internal */
export function readValueColumn(values: NumericColumn, column: string, fn: string): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new ClvkitError('INVALID_VALUE', 'expected an array of numbers', { fn, column, value: values });
  }
  if (values.length === 0) throw new ClvkitError('EMPTY_INPUT', 'no values', { fn, column });
  if (!(values instanceof Float64Array)) return finiteColumn(values, column, fn);
  // Fast path for the common columnar input: copy in bulk, then scan (x − x is NaN only for NaN and ±Infinity).
  const copy = values.slice();
  for (let i = 0; i < copy.length; i++) {
    const v = copy[i]!;
    if (v - v !== 0) throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column, index: i, value: v });
  }
  return copy;
}

/**
 * Check that `prepared` is what {@link prepareParetoValues} returns (the `…Prepared` variants trust
 * its arrays): typed arrays of consistent lengths, a basis of at least 2 customers with a positive
 * finite total equal to the last running total. O(1); the values themselves are not re-scanned.
 * Throws INVALID_VALUE naming the calling function. @internal
 */
export function requireParetoValues(prepared: unknown, fn: string): ParetoValues {
  const p = requireTable(prepared, fn, 'prepared values from prepareParetoValues');
  const basis = p['basis'] === null || typeof p['basis'] !== 'object' ? undefined : (p['basis'] as Partial<Record<keyof ParetoBasis, unknown>>);
  const { values, descending, cumulative } = p;
  const n = basis?.basisCustomers;
  const ok =
    basis !== undefined &&
    values instanceof Float64Array &&
    descending instanceof Float64Array &&
    cumulative instanceof Float64Array &&
    typeof n === 'number' &&
    Number.isInteger(n) &&
    n >= 2 &&
    descending.length === n &&
    cumulative.length === n + 1 &&
    basis.customers === values.length &&
    typeof basis.total === 'number' &&
    Number.isFinite(basis.total) &&
    basis.total > 0 &&
    cumulative[n] === basis.total &&
    basis.negatives !== null &&
    typeof basis.negatives === 'object';
  if (!ok) throw new ClvkitError('INVALID_VALUE', 'expected prepared values from prepareParetoValues (descending, cumulative, basis)', { fn });
  return prepared as ParetoValues;
}

/** {@link buildParetoValues}, throwing the failure as a ClvkitError. @internal */
export function prepareOrThrow(values: Float64Array, column: string, fn: string): ParetoValues {
  const built = buildParetoValues(values);
  if ('code' in built) throw new ClvkitError(built.code, built.reason, { fn, column });
  return built;
}

/**
 * Prepare already validated (finite, non-empty) values, reporting instead of throwing when the
 * concentration is undefined (used per group, where one tiny group must not fail the whole book).
 * @internal
 */
export function buildParetoValues(values: Float64Array): ParetoValues | ParetoFailure {
  const n = values.length;
  let negativeCustomers = 0;
  let negativeTotal = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < 0) {
      negativeCustomers++;
      negativeTotal += v;
    }
  }
  const basisCustomers = n - negativeCustomers;
  if (basisCustomers < 2) {
    return {
      code: 'TOO_FEW_VALUES',
      reason:
        negativeCustomers === 0
          ? `concentration needs at least 2 customers, got ${n}`
          : `concentration needs at least 2 customers with a value ≥ 0, got ${basisCustomers} (${negativeCustomers} negative excluded)`,
    };
  }
  let basisValues = values;
  if (negativeCustomers > 0) {
    basisValues = new Float64Array(basisCustomers);
    let j = 0;
    for (let i = 0; i < n; i++) if (values[i]! >= 0) basisValues[j++] = values[i]!;
  }
  const descending = sortDescendingNonNegative(basisValues);
  const cumulative = new Float64Array(basisCustomers + 1);
  let running = 0;
  let zeroCustomers = 0;
  for (let k = 0; k < basisCustomers; k++) {
    const v = descending[k]!;
    if (v === 0) zeroCustomers++;
    running += v;
    cumulative[k + 1] = running;
  }
  const total = running;
  if (!Number.isFinite(total) || !Number.isFinite(negativeTotal)) {
    return { code: 'NUMERIC_FAILURE', reason: 'the total value overflows a double' };
  }
  if (total === 0) {
    return { code: 'INVALID_VALUE', reason: 'total value is zero: concentration is undefined when every value ≥ 0 is 0' };
  }
  return {
    values,
    descending,
    cumulative,
    basis: {
      kind: 'non-negative',
      customers: n,
      basisCustomers,
      zeroCustomers,
      total,
      negatives: { customers: negativeCustomers, total: negativeTotal, drag: negativeTotal === 0 ? 0 : -negativeTotal / total },
    },
  };
}
