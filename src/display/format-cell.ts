import type { RecordCell } from './records.js';

/** Longest text a cell shows in a printed table before it is cut with an ellipsis. */
export const MAX_CELL_WIDTH = 24;

/**
 * A number for people: integers in full, other values rounded to 6 significant digits (the way pandas
 * prints), so `27.140000000000004` shows as `27.14`; non-finite values as `NaN`, `Infinity`, `-Infinity`.
 * Locale-free: the same text in every runtime.
 *
 * @example
 * formatNumber(27.140000000000004) // '27.14'
 * formatNumber(23570) // '23570'
 * formatNumber(0.000123456789) // '0.000123457'
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const rounded = Number(x.toPrecision(6));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * A count with thousands separators, locale-free (a non-integer count, e.g. a sum of weights, is rounded
 * like {@link formatNumber}).
 *
 * @example
 * formatCount(23570) // '23,570'
 */
export function formatCount(n: number): string {
  if (!Number.isInteger(n)) return formatNumber(n);
  const s = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A record cell as short text for a printed table: numbers rounded ({@link formatNumber}), null as
 * empty, lists and objects as compact JSON cut to {@link MAX_CELL_WIDTH} characters.
 *
 * @example
 * formatCell(['vip', 'dormant']) // 'vip, dormant'
 */
export function formatCell(cell: RecordCell): string {
  let text: string;
  if (cell === null) text = '';
  else if (typeof cell === 'number') text = formatNumber(cell);
  else if (typeof cell === 'string') text = cell;
  else if (typeof cell === 'boolean') text = String(cell);
  else if (Array.isArray(cell)) text = cell.map((c) => (c !== null && typeof c === 'object' ? JSON.stringify(c) : formatCell(c))).join(', ');
  else text = JSON.stringify(cell);
  return text.length > MAX_CELL_WIDTH ? `${text.slice(0, MAX_CELL_WIDTH - 1)}…` : text;
}
