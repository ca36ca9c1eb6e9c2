import { ClvkitError } from '../errors.js';
import { parseIsoDay } from '../time.js';

/** Check that `value` is an ISO calendar day (YYYY-MM-DD); throw INVALID_DATE naming the row otherwise. @internal */
export function parseISODateStrict(value: unknown, fn: string, index: number): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new ClvkitError('INVALID_DATE', 'expected an ISO date YYYY-MM-DD', { fn, column: 'endDate', index, value });
  try {
    parseIsoDay(value);
  } catch {
    throw new ClvkitError('INVALID_DATE', 'not a calendar day', { fn, column: 'endDate', index, value });
  }
  return value;
}
