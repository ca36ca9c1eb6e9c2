import { ClvkitError } from './errors.js';
import { requireFiniteNumber, requireOneOf } from './validate.js';

/**
 * Time in clvkit: a calendar day is an integer count of days since 1970-01-01 in UTC
 * (an "epoch day"); nothing depends on the machine's time zone or locale.
 * Model time is measured in a named unit: a day, a week (7 days) or a month (365.25/12 days).
 */
export type TimeUnit = 'day' | 'week' | 'month';

/** All time units, for validation schemas. */
export const TIME_UNITS = ['day', 'week', 'month'] as const satisfies readonly TimeUnit[];

/** Days in one unit: day 1, week 7, month 365.25 / 12 = 30.4375. */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 365.25 / 12 };

/**
 * Convert a duration from one unit to another: value × days(from) / days(to).
 * @throws ClvkitError INVALID_VALUE when `value` is not a finite number or a unit is not a TimeUnit.
 * @example convertTime(1, 'month', 'week') // 4.348214285714286
 */
export function convertTime(value: number, from: TimeUnit, to: TimeUnit): number {
  const fn = 'convertTime';
  requireFiniteNumber(value, 'value', fn);
  requireOneOf(from, TIME_UNITS, 'from', fn);
  requireOneOf(to, TIME_UNITS, 'to', fn);
  return from === to ? value : (value * DAYS_PER_UNIT[from]) / DAYS_PER_UNIT[to];
}

const MS_PER_DAY = 86_400_000;

/**
 * Epoch day of a proleptic Gregorian calendar date (Hinnant's days_from_civil; pure integer
 * arithmetic, no Date object, so no time zone can leak in). Throws INVALID_DATE for an impossible date.
 * @example epochDay(1997, 1, 1) // 9862
 */
export function epochDay(year: number, month: number, day: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ClvkitError('INVALID_DATE', 'not a calendar date', { fn: 'epochDay', value: `${year}-${month}-${day}` });
  }
  return daysFromCivil(year, month, day);
}

/** days_from_civil without validation, for hot parsing loops that have validated already. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Largest |epoch day| a `Date` can represent (±100,000,000 days around 1970, ECMA-262 §21.4.1.1). */
const MAX_EPOCH_DAY = 100_000_000;

/**
 * ISO `YYYY-MM-DD` of an epoch day (years outside 0000–9999 as ±YYYYYY).
 * @throws ClvkitError INVALID_DATE when `day` is not an integer within ±100,000,000.
 * @example isoDate(0) // '1970-01-01'
 */
export function isoDate(day: number): string {
  const fn = 'isoDate';
  requireFiniteNumber(day, 'day', fn, 'INVALID_DATE');
  if (!Number.isInteger(day) || Math.abs(day) > MAX_EPOCH_DAY) {
    throw new ClvkitError('INVALID_DATE', `an epoch day must be an integer within ±${MAX_EPOCH_DAY}`, { fn, value: day });
  }
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const dd = d.getUTCDate();
  const yy = y < 0 ? `-${String(-y).padStart(6, '0')}` : y > 9999 ? `+${String(y).padStart(6, '0')}` : String(y).padStart(4, '0');
  return `${yy}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/**
 * Epoch day of an ISO date `YYYY-MM-DD` (a time part, if any, is ignored: days are calendar days).
 * Used for option values such as `observationEnd`; the CSV reader has its own, faster parsers.
 * @throws ClvkitError INVALID_DATE
 */
export function parseIsoDay(text: string, fn = 'parseIsoDay'): number {
  if (typeof fn !== 'string') fn = 'parseIsoDay';
  if (typeof text !== 'string')
    throw new ClvkitError('INVALID_DATE', 'expected a date as YYYY-MM-DD', {
      fn,
      value: typeof text === 'object' && text !== null ? Object.prototype.toString.call(text) : String(text),
    });
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (!m) throw new ClvkitError('INVALID_DATE', 'expected a date as YYYY-MM-DD', { fn, value: text });
  try {
    return epochDay(Number(m[1]), Number(m[2]), Number(m[3]));
  } catch {
    throw new ClvkitError('INVALID_DATE', 'not a calendar date', { fn, value: text });
  }
}

/** Accepts an ISO date string, a `Date` (its UTC calendar day) or an epoch day number. */
export type DateInput = string | Date | number;

/** Normalise a DateInput to an epoch day. @throws ClvkitError INVALID_DATE */
export function toEpochDay(input: DateInput, fn = 'toEpochDay'): number {
  if (typeof fn !== 'string') fn = 'toEpochDay';
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) throw new ClvkitError('INVALID_DATE', 'an epoch day must be an integer', { fn, value: input });
    return input;
  }
  if (input instanceof Date) {
    const t = input.getTime();
    if (!Number.isFinite(t)) throw new ClvkitError('INVALID_DATE', 'invalid Date', { fn, value: String(input) });
    return Math.floor(t / MS_PER_DAY);
  }
  return parseIsoDay(input, fn);
}
