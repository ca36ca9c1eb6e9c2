import { ClvkitError } from '../../errors.js';
import type { TimeUnit } from '../../time.js';
import type { CustomerSummary } from '../../io/customer-summary.js';
import type { RfmColumns } from '../transaction-model.js';

/** What a fit accepts: a CustomerSummary (which knows its time unit) or plain (x, t_x, T) columns. */
export type TransactionModelInput = CustomerSummary | RfmColumns;

/**
 * The time unit of a fit's input: the summary's own `timeUnit`, or `options.timeUnit` for plain
 * columns (required there). Both given and different → UNIT_MISMATCH.
 *
 * @throws INVALID_OPTIONS when plain columns come without `timeUnit`; UNIT_MISMATCH on a conflict.
 * @example
 * resolveTimeUnit({ frequency: [0], recency: [0], T: [1] }, 'week', 'fitBgNbd') // 'week'
 */
export function resolveTimeUnit(customers: TransactionModelInput, timeUnit: TimeUnit | undefined, fn: string): TimeUnit {
  const own = customers !== null && typeof customers === 'object' && 'timeUnit' in customers ? (customers as CustomerSummary).timeUnit : undefined;
  if (own !== undefined && timeUnit !== undefined && own !== timeUnit) {
    throw new ClvkitError('UNIT_MISMATCH', `the summary is in ${own}s but options.timeUnit is ${timeUnit}`, { fn, path: ['timeUnit'], value: timeUnit });
  }
  const unit = own ?? timeUnit;
  if (unit === undefined) {
    throw new ClvkitError('INVALID_OPTIONS', 'options.timeUnit is required for plain columns (a CustomerSummary carries its own)', { fn, path: ['timeUnit'] });
  }
  return unit;
}
