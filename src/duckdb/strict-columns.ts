import { MAX_AMOUNT } from '../io/record-decoder.js';
import { quoteIdentifier, sqlString } from '../sql/sql-dialect.js';

/**
 * SQL (DuckDB) that applies the in-process reader's rules to the three source columns before the
 * summary statement converts them: a value the in-process reader rejects becomes NULL, which the
 * summary counts as a bad row and reports with its line and column (INVALID_ROW for the id,
 * INVALID_DATE, INVALID_NUMBER). Without it DuckDB's own casts accept `NaN`, `inf`, `1e300`, `.5`,
 * `5.`, `1_000`, `" 5 "` and `2024-01-05x` (the date cut to its first ten characters).
 *
 * The rules (those of `streamTransactions`):
 * - id: not empty or blank, no control character (U+0000–U+001F, U+007F), at most `maxFieldLength` characters;
 * - amount as text: `[+-]?digits[.digits]` (decimal point, no exponent, no spaces, no separators), |x| ≤ MAX_AMOUNT;
 *   a numeric column (Parquet, a table): finite and |x| ≤ MAX_AMOUNT;
 * - date as text: the date in its format (YYYY-MM-DD or YYYYMMDD for 'auto'), optionally followed by a
 *   time of day (`T` or a space, `HH:MM[:SS[.fff]]` or `HHMM[SS[.fff]]`, then `Z` or `±HH[:MM]`).
 */

/** `[+-]?digits[.digits]`: the strict decimal grammar of `createAmountParser` with '.' and no thousands. */
const AMOUNT = '[+-]?[0-9]+(\\.[0-9]+)?';
/** A time of day after the date (checked ranges as in parse-date.ts's endsCleanly). */
const TIME =
  '([T ]([01][0-9]|2[0-3])(:[0-5][0-9](:([0-5][0-9]|60)(\\.[0-9]+)?)?|[0-5][0-9](([0-5][0-9]|60)(\\.[0-9]+)?)?)(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?';

/** The regular expression (RE2, full match) of a date written in `format`. */
export function dateRegex(format: string): string {
  if (format === 'auto') return `([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})${TIME}`;
  const body = format
    .split(/(YYYY|MM|DD)/)
    .map((part) => (part === 'YYYY' ? '[0-9]{4}' : part === 'MM' || part === 'DD' ? '[0-9]{2}' : part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return `${body}${TIME}`;
}

/** Column kinds as DuckDB reports them (DESCRIBE column_type). */
function isText(type: string): boolean {
  return /^(VARCHAR|TEXT|STRING|CHAR)/i.test(type);
}

function isDateType(type: string): boolean {
  return /^(DATE|TIMESTAMP)/i.test(type);
}

/** The strict form of each of the three columns, for `SELECT * REPLACE (...)`. */
export function strictReplaceList(
  columns: { readonly customerId: string; readonly date: string; readonly amount: string },
  types: ReadonlyMap<string, string>,
  dateFormat: string,
  maxFieldLength: number,
  fn: string,
): string {
  const q = (name: string): string => quoteIdentifier([name], 'duckdb', fn);
  const id = q(columns.customerId);
  const idText = `CAST(${id} AS VARCHAR)`;
  const idRule = `CASE WHEN NOT regexp_full_match(${idText}, '[ \\t]*') AND NOT regexp_matches(${idText}, '[\\x00-\\x1F\\x7F]') AND length(${idText}) <= ${maxFieldLength} THEN ${id} END`;
  const amount = q(columns.amount);
  const amountType = types.get(columns.amount) ?? 'VARCHAR';
  const amountRule = isText(amountType)
    ? `CASE WHEN regexp_full_match(${amount}, ${sqlString(AMOUNT)}) AND abs(CAST(${amount} AS DOUBLE)) <= ${MAX_AMOUNT} THEN ${amount} END`
    : `CASE WHEN isfinite(CAST(${amount} AS DOUBLE)) AND abs(CAST(${amount} AS DOUBLE)) <= ${MAX_AMOUNT} THEN ${amount} END`;
  const date = q(columns.date);
  const dateType = types.get(columns.date) ?? 'VARCHAR';
  const parts = [`${idRule} AS ${id}`, `${amountRule} AS ${amount}`];
  if (isText(dateType) && !isDateType(dateType) && dateFormat !== 'date') {
    parts.push(`CASE WHEN regexp_full_match(${date}, ${sqlString(dateRegex(dateFormat))}) THEN ${date} END AS ${date}`);
  }
  return parts.join(', ');
}
