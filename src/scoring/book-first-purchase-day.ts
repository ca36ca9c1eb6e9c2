import { ClvkitError } from '../errors.js';
import { isoDate, parseIsoDay } from '../time.js';
import type { ScoringInput } from './customer-scores.js';

/**
 * The first purchase day of a book on or before the observation end (ISO date): min over transaction
 * rows with day ≤ observation end. In-process scoring counts a customer without transactions as silent
 * since max(joinDay, this day); {@link scoreStream} needs it as `firstPurchaseDay`, since one chunk cannot
 * know it. For a book too large to hold, take it from SQL (`min(date)`) or while writing the chunks.
 *
 * @throws ClvkitError INVALID_VALUE (no transactions table), EMPTY_INPUT (no transaction on or before the
 *   observation end), INVALID_DATE (observationEnd).
 * @example
 * bookFirstPurchaseDay(simulateBank({ customers: 500, months: 24, seed: 3 }), '2024-12-31'); // '2023-01-01'
 */
export function bookFirstPurchaseDay(input: ScoringInput, observationEnd: string): string {
  const fn = 'bookFirstPurchaseDay';
  const t = input?.transactions;
  if (t === undefined || t === null || !(t.day instanceof Int32Array))
    throw new ClvkitError('INVALID_VALUE', 'expected a scoring input with a transactions table', { fn });
  const end = parseIsoDay(observationEnd, fn);
  let first = Number.POSITIVE_INFINITY;
  for (let j = 0; j < t.length; j++) {
    const d = t.day[j]!;
    if (d <= end && d < first) first = d;
  }
  if (first === Number.POSITIVE_INFINITY)
    throw new ClvkitError('EMPTY_INPUT', 'no transaction on or before the observation end', { fn, value: observationEnd });
  return isoDate(first);
}
