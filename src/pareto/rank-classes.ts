import type { ParetoValues } from './pareto-values.js';

/**
 * Give every customer the class of its rank, without sorting customer indices.
 *
 * The basis customers are ranked by value, largest first; among equal values the customer that
 * comes first in the input ranks higher (a stable order). Classes are consecutive rank ranges:
 * class c holds ranks ends[c − 1] .. ends[c] − 1 (ends[−1] = 0). Because the ranking is by value,
 * a customer's class follows from its value alone, except for values tied across a class boundary;
 * those few tie groups are resolved in input order. So one O(n) pass over the customers (plus a
 * binary search per boundary) replaces an O(n log n) sort of indices with a comparator, which is
 * several times slower than the value sort itself.
 *
 * @param prepared the prepared values (their `descending` basis and input-order `values`).
 * @param ends non-decreasing rank ends, the last equal to the number of basis customers.
 * @param negativeClass the code stored for customers with a negative value (outside the basis).
 * @returns the class code of every customer, in input order.
 * @internal
 */
export function assignRankClasses(prepared: ParetoValues, ends: readonly number[], negativeClass: number): Uint8Array {
  const { values, descending } = prepared;
  const n = descending.length;
  const classes = ends.length;
  // The smallest value of each class; +Infinity for an empty class, which no finite value reaches.
  const lowest = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    const start = c === 0 ? 0 : ends[c - 1]!;
    lowest[c] = ends[c]! > start ? descending[ends[c]! - 1]! : Infinity;
  }
  // Tie groups that straddle a boundary: their value, first rank and how many were seen so far.
  const tieValues: number[] = [];
  const tieFirstRank: number[] = [];
  const tieSeen: number[] = [];
  for (let c = 0; c < classes - 1; c++) {
    const e = ends[c]!;
    if (e <= 0 || e >= n) continue;
    const v = descending[e]!;
    if (descending[e - 1] === v && !tieValues.includes(v)) {
      tieValues.push(v);
      tieFirstRank.push(countGreater(descending, v));
      tieSeen.push(0);
    }
  }
  const out = new Uint8Array(values.length);
  const last = classes - 1;
  const ties = tieValues.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0) {
      out[i] = negativeClass;
      continue;
    }
    const tie = ties === 0 ? -1 : tieValues.indexOf(v);
    let c = 0;
    if (tie >= 0) {
      const rank = tieFirstRank[tie]! + tieSeen[tie]!;
      tieSeen[tie] = tieSeen[tie]! + 1;
      while (c < last && rank >= ends[c]!) c++;
    } else {
      while (c < last && v < lowest[c]!) c++;
    }
    out[i] = c;
  }
  return out;
}

/** Number of entries of a descending array that are strictly greater than v (binary search). */
function countGreater(descending: Float64Array, v: number): number {
  let lo = 0;
  let hi = descending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (descending[mid]! > v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
