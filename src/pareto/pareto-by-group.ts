import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { checkFiniteResult, type NumericColumn, parseOptions } from '../validate.js';
import { giniOf } from './gini.js';
import { checkLabelColumn, labelColumnOption, type Label, type LabelColumn } from './label-column.js';
import { paretoPointSummary, targetOption, type ParetoPointSummary } from './pareto-point.js';
import { buildParetoValues, columnOption, readValueColumn, type ParetoBasis, type ParetoFailure } from './pareto-values.js';
import { topSharesOf, topSharesOption, type TopShare } from './top-shares.js';
import { displayRecords } from '../display/with-display.js';

const byGroupSchema = z.strictObject({
  /** Name of the value column in error messages. */
  column: columnOption,
  /** The group of each customer (region, customer type, tier, …), one per value. */
  groups: labelColumnOption,
  /** Customer shares of each group's top-share table, each in (0, 1]; default 1%, 5%, 10%, 20%, 50%. */
  shares: topSharesOption,
  /** Target share of value of each group's Pareto point; default 0.8. */
  target: targetOption,
});

export type ParetoByGroupOptions = z.input<typeof byGroupSchema>;

/** A group's concentration statistics, or why they are undefined for it. */
export type GroupConcentration =
  | {
      readonly status: 'ok';
      /** The group's own basis (its non-negative customers) and negatives. */
      readonly basis: ParetoBasis;
      readonly gini: number;
      readonly giniCorrected: number;
      /** The group's own Pareto point (shares of the group's customers and value). */
      readonly paretoPoint: ParetoPointSummary;
      /** The group's own top-share table. */
      readonly topShares: readonly TopShare[];
    }
  | {
      /** Fewer than 2 customers with a value ≥ 0, or a zero total: no Gini, curve or Pareto point. */
      readonly status: 'not-computable';
      readonly code: ParetoFailure['code'];
      readonly reason: string;
    };

/** One group of the per-group breakdown. */
export interface ParetoGroup {
  /** The group label as given. */
  readonly group: Label;
  /** All customers of the group (negatives included). */
  readonly customers: number;
  /** customers / all customers of the book. */
  readonly customerShare: number;
  /** Total of the group's values ≥ 0. */
  readonly value: number;
  /** value / the book's total of values ≥ 0 (the group's slice of the book's value). */
  readonly valueShare: number;
  /** Customers of the group with a negative value, and their total (≤ 0). */
  readonly negativeCustomers: number;
  readonly negativeTotal: number;
  readonly concentration: GroupConcentration;
}

/**
 * Concentration per group: for each group (in order of first appearance) its count and share of
 * the book's customers, its share of the book's value, and its own Gini, Pareto point and top-share
 * table computed on the group's customers alone. A group whose concentration is undefined (fewer
 * than 2 customers with a value ≥ 0, or only zeros) is reported with `status: 'not-computable'`
 * and the reason instead of failing the whole breakdown. Value shares use values ≥ 0, as every
 * Pareto statistic (see {@link prepareParetoValues}); negatives are counted per group.
 *
 * @throws EMPTY_INPUT, INVALID_VALUE (NaN/±Infinity with the row) for the values; LENGTH_MISMATCH when
 *   `groups` has another length; INVALID_VALUE for a group that is not a string or finite number,
 *   or when the book's total of values ≥ 0 is 0; NUMERIC_FAILURE when it or the total of the negative values
 *   overflows.
 * @example
 * const rows = paretoByGroup([5, 1, 8, 2, 0, 4], { groups: ['n', 'n', 's', 's', 's', 'w'] });
 * rows.map((g) => [g.group, g.customers, g.valueShare, g.concentration.status])
 * // [['n', 2, 0.3, 'ok'], ['s', 3, 0.5, 'ok'], ['w', 1, 0.2, 'not-computable']]
 */
export function paretoByGroup(values: NumericColumn, options: ParetoByGroupOptions): readonly ParetoGroup[] {
  const fn = 'paretoByGroup';
  const parsed = parseOptions(byGroupSchema, options, fn);
  const checked = readValueColumn(values, parsed.column, fn);
  checkLabelColumn(parsed.groups, checked.length, 'groups', fn);
  let bookTotal = 0;
  let negativeTotal = 0;
  for (let i = 0; i < checked.length; i++) {
    const v = checked[i]!;
    if (v >= 0) bookTotal += v;
    else negativeTotal += v;
  }
  // Group totals are partial sums of these one-signed totals, so they are finite when these are.
  checkFiniteResult(bookTotal, 'the total value', fn, { column: parsed.column });
  checkFiniteResult(negativeTotal, 'the total of the negative values', fn, { column: parsed.column });
  if (bookTotal === 0) {
    throw new ClvkitError('INVALID_VALUE', 'total value is zero: value shares are undefined', { fn, column: parsed.column });
  }
  return displayRecords([...paretoGroupsOf(checked, parsed.groups, bookTotal, parsed.shares, parsed.target)], 'ParetoGroups', 'groups');
}

/** @internal Validated values and groups; bookTotal > 0 is the book's total of values ≥ 0. */
export function paretoGroupsOf(
  values: Float64Array,
  groups: LabelColumn,
  bookTotal: number,
  shares: readonly number[],
  target: number,
): readonly ParetoGroup[] {
  const n = values.length;
  const ids = new Map<Label, number>();
  const labels: Label[] = [];
  const groupOf = new Uint32Array(n);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = groups[i]!;
    let g = ids.get(label);
    if (g === undefined) {
      g = labels.length;
      ids.set(label, g);
      labels.push(label);
      counts.push(0);
    }
    groupOf[i] = g;
    counts[g]!++;
  }
  // Counting sort of the values by group, keeping input order inside each group.
  const offsets = new Uint32Array(labels.length + 1);
  for (let g = 0; g < labels.length; g++) offsets[g + 1] = offsets[g]! + counts[g]!;
  const next = offsets.slice(0, labels.length);
  const grouped = new Float64Array(n);
  for (let i = 0; i < n; i++) grouped[next[groupOf[i]!]!++] = values[i]!;

  return labels.map((group, g): ParetoGroup => {
    const own = grouped.subarray(offsets[g]!, offsets[g + 1]!);
    let value = 0;
    let negativeCustomers = 0;
    let negativeTotal = 0;
    for (let i = 0; i < own.length; i++) {
      const v = own[i]!;
      if (v >= 0) value += v;
      else {
        negativeCustomers++;
        negativeTotal += v;
      }
    }
    const built = buildParetoValues(own);
    const concentration: GroupConcentration =
      'code' in built
        ? { status: 'not-computable', code: built.code, reason: built.reason }
        : {
            status: 'ok',
            basis: built.basis,
            ...pickGini(giniOf(built)),
            paretoPoint: paretoPointSummary(built, target),
            topShares: topSharesOf(built, shares).rows,
          };
    return {
      group,
      customers: own.length,
      customerShare: own.length / n,
      value,
      valueShare: value / bookTotal,
      negativeCustomers,
      negativeTotal,
      concentration,
    };
  });
}

function pickGini(result: { gini: number; giniCorrected: number }): { gini: number; giniCorrected: number } {
  return { gini: result.gini, giniCorrected: result.giniCorrected };
}
