import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { dialectRules, quoteIdentifier, SQL_DIALECTS } from './sql-dialect.js';

const identifier = z.string().min(1);

const patternsSqlSchema = z
  .object({
    /** The summary table (summarySql's output): a name, `schema.table`, or the parts. */
    table: z.union([identifier, z.array(identifier).min(1).readonly()]),
    /** Column names of the summary table (defaults: summarySql's). */
    columns: z
      .object({ frequency: identifier.default('frequency'), recency: identifier.default('recency'), T: identifier.default('T') })
      .strict()
      .default({ frequency: 'frequency', recency: 'recency', T: 'T' }),
    dialect: z.enum(SQL_DIALECTS),
  })
  .strict();

/** Options of {@link patternsSql}. */
export type PatternsSqlOptions = z.input<typeof patternsSqlSchema>;

/**
 * The distinct (frequency, recency, T) patterns of a warehouse summary table with the number of
 * customers in each, as one SQL statement: `frequency`, `recency`, `T`, `customers`, ordered by the
 * pattern. Summaries on a day grid have fewer patterns than customers, and their number is bounded by
 * the grid, not by the customers (1M simulated customers with ages up to 78 weeks: 267,321 patterns;
 * 100M such customers cannot have more than the grid's ~546 × 546 × (x + 1) combinations).
 * Fit on them with the counts as weights — `fitBgNbd(rows, { weights: customers, timeUnit })` gives
 * the fit of all customers (the likelihood is a sum over customers, and the fit compresses to the same
 * patterns) — and pass them as `patterns` to {@link scoringSql}.
 *
 * @throws ClvkitError INVALID_OPTIONS (bad options, an empty identifier or a control character in one).
 * @example
 * patternsSql({ table: 'sales.summary', dialect: 'postgres' })
 * // '-- clvkit patterns: distinct (frequency, recency, T) with their customer counts\nSELECT CAST("frequency" AS DOUBLE PRECISION) AS "frequency", …'
 */
export function patternsSql(options: PatternsSqlOptions): string {
  const fn = 'patternsSql';
  const o = parseOptions(patternsSqlSchema, options, fn);
  const r = dialectRules(o.dialect);
  const q = (name: string): string => quoteIdentifier([name], o.dialect, fn);
  const c = o.columns;
  const col = (name: string, alias: string): string => `CAST(${q(name)} AS ${r.doubleType}) AS ${r.quote(alias)}`;
  return `-- clvkit patterns: distinct (frequency, recency, T) with their customer counts
SELECT ${col(c.frequency, 'frequency')}, ${col(c.recency, 'recency')}, ${col(c.T, 'T')}, CAST(COUNT(*) AS ${r.integerType}) AS ${r.quote('customers')}
FROM ${quoteIdentifier(o.table, o.dialect, fn)}
GROUP BY ${q(c.frequency)}, ${q(c.recency)}, ${q(c.T)}
ORDER BY 1, 2, 3`;
}
