import { daysFromCivil, daysInMonth } from '../time.js';

/**
 * Date formats the readers accept: `'auto'` (ISO `YYYY-MM-DD` or compact `YYYYMMDD`) or a pattern of
 * the tokens `YYYY`, `MM`, `DD` in any order, joined by one separator (`-`, `/`, `.`, space) or none,
 * e.g. `'DD/MM/YYYY'`, `'MM/DD/YYYY'`, `'YYYY/MM/DD'`, `'DD.MM.YYYY'`, `'YYYYMMDD'`.
 * In every format the date may be followed by a time of day: `T` or a space, `HH:MM[:SS[.fff]]`
 * (or `HHMM[SS[.fff]]`), then optionally `Z` or `±HH:MM` / `±HHMM` / `±HH`. The time is checked
 * and then ignored: the calendar day is the date part as written, never converted to UTC
 * (`2024-01-05T23:30-05:00` is 2024-01-05). Any other text after the date is invalid.
 */
export type DateFormat = string;

/** A date pattern: three distinct tokens, one optional separator used twice. */
export const DATE_PATTERN = /^(YYYY|MM|DD)([-/. ]?)(YYYY|MM|DD)\2(YYYY|MM|DD)$/;

/** True when `format` is `'auto'` or a valid pattern with the three tokens once each. */
export function isDateFormat(format: string): boolean {
  if (format === 'auto') return true;
  const m = DATE_PATTERN.exec(format);
  return m !== null && new Set([m[1], m[3], m[4]]).size === 3;
}

/** Epoch-day parser of `text[start, end)`; returns NaN for text that is not a real calendar day. */
export type DayParser = (text: string, start: number, end: number) => number;

const C0 = 48;
const C9 = 57;
const DASH = 45;
const T = 84;
const SPACE = 32;

/** Epoch day from parts, or NaN when the parts are not a calendar date. */
function civil(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

const COLON = 58;
const DOT = 46;
const Z = 90;
const PLUS = 43;

/** Two digits at `pos` with a value of at most `max`, or -1. */
function twoDigits(text: string, pos: number, end: number, max: number): number {
  const v = digits(text, pos, 2, end);
  return v > max ? -1 : v;
}

/**
 * True when `text[pos, end)` is empty or a time of day after the date: `T` or a space, then
 * `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` (or the basic forms `HHMM`, `HHMMSS[.fff]`), then
 * optionally `Z` or an offset `±HH:MM` / `±HHMM` / `±HH`. The time is checked, then ignored: the
 * calendar day is the date as written (an offset does not move it to UTC).
 */
function endsCleanly(text: string, pos: number, end: number): boolean {
  if (pos === end) return true;
  if (pos > end) return false;
  const c = text.charCodeAt(pos);
  if (c !== T && c !== SPACE) return false;
  let i = pos + 1;
  if (twoDigits(text, i, end, 23) < 0) return false;
  i += 2;
  const colon = text.charCodeAt(i) === COLON;
  if (colon) i++;
  if (twoDigits(text, i, end, 59) < 0) return false;
  i += 2;
  if (i < end && (colon ? text.charCodeAt(i) === COLON : text.charCodeAt(i) >= C0 && text.charCodeAt(i) <= C9)) {
    if (colon) i++;
    if (twoDigits(text, i, end, 60) < 0) return false; // 60: a leap second
    i += 2;
    if (i < end && text.charCodeAt(i) === DOT) {
      const first = ++i;
      while (i < end && text.charCodeAt(i) >= C0 && text.charCodeAt(i) <= C9) i++;
      if (i === first) return false;
    }
  }
  if (i === end) return true;
  const z = text.charCodeAt(i);
  if (z === Z) return i + 1 === end;
  if (z !== PLUS && z !== DASH) return false;
  i++;
  if (twoDigits(text, i, end, 23) < 0) return false;
  i += 2;
  if (i === end) return true;
  if (text.charCodeAt(i) === COLON) i++;
  return twoDigits(text, i, end, 59) >= 0 && i + 2 === end;
}

function digits(text: string, pos: number, n: number, end: number): number {
  if (pos + n > end) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(pos + i) - C0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** ISO `YYYY-MM-DD` or compact `YYYYMMDD`, optionally with a time of day (see the readers), by character codes (no regex, no Date). */
export function parseAutoDay(text: string, start = 0, end = text.length): number {
  const y = digits(text, start, 4, end);
  if (y < 0) return NaN;
  if (text.charCodeAt(start + 4) === DASH) {
    if (start + 7 >= end || text.charCodeAt(start + 7) !== DASH) return NaN;
    const m = digits(text, start + 5, 2, end);
    const d = digits(text, start + 8, 2, end);
    if (m < 0 || d < 0 || !endsCleanly(text, start + 10, end)) return NaN;
    return civil(y, m, d);
  }
  const m = digits(text, start + 4, 2, end);
  const d = digits(text, start + 6, 2, end);
  if (m < 0 || d < 0 || !endsCleanly(text, start + 8, end)) return NaN;
  return civil(y, m, d);
}

/**
 * Compile a day parser for a format (see {@link DateFormat}). With a separator, `MM` and `DD` take
 * one or two digits (`3/7/1997`); without one, exactly two. `YYYY` is always four digits.
 * The caller validates the format first (see {@link isDateFormat}).
 */
export function createDayParser(format: DateFormat): DayParser {
  if (format === 'auto') return parseAutoDay;
  const m = DATE_PATTERN.exec(format);
  if (m === null) throw new Error(`unchecked date format ${format}`);
  const tokens = [m[1]!, m[3]!, m[4]!];
  const sep = m[2] === '' ? -1 : m[2]!.charCodeAt(0);
  return (text: string, start = 0, end = text.length): number => {
    let pos = start;
    let y = -1;
    let mo = -1;
    let d = -1;
    for (let t = 0; t < 3; t++) {
      const token = tokens[t]!;
      const max = token === 'YYYY' ? 4 : 2;
      const min = token === 'YYYY' || sep < 0 ? max : 1;
      let v = 0;
      let n = 0;
      while (n < max && pos < end) {
        const c = text.charCodeAt(pos);
        if (!(c >= C0 && c <= C9)) break;
        v = v * 10 + (c - C0);
        pos++;
        n++;
      }
      if (n < min) return NaN;
      if (token === 'YYYY') y = v;
      else if (token === 'MM') mo = v;
      else d = v;
      if (t < 2 && sep >= 0) {
        if (pos >= end || text.charCodeAt(pos) !== sep) return NaN;
        pos++;
      }
    }
    if (!endsCleanly(text, pos, end)) return NaN;
    return civil(y, mo, d);
  };
}
