import { sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';
import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { parseOptions, requireColumn } from '../../validate.js';
import type { SpendColumns } from './fit-gamma-gamma.js';

const correlationSchema = z.strictObject({});

/** Options of {@link frequencyMonetaryCorrelation} (none yet; the object keeps the signature uniform). */
export type FrequencyMonetaryCorrelationOptions = z.input<typeof correlationSchema>;

/** The independence check of the Gamma-Gamma model. */
export interface FrequencyMonetaryCorrelation {
  /** Pearson correlation of x and m̄ over customers with x > 0. */
  readonly pearson: number;
  /** Spearman rank correlation (ties averaged), robust to a few big spenders. */
  readonly spearman: number;
  /** Customers used (x > 0). */
  readonly customers: number;
  /** Customers left out because x = 0 (their m̄ is undefined). */
  readonly excludedZeroFrequency: number;
}

/**
 * Correlation between frequency x and mean repeat-transaction value m̄ over the customers with x > 0: the
 * check Fader & Hardie (2013, §3) recommend before using the Gamma-Gamma model, which assumes spend is
 * independent of the transaction process (on the CDNOW sample it is 0.11: weak). Values near 0
 * support the assumption; a strong correlation (say |r| > 0.3) argues against it.
 *
 * @throws ClvkitError MISSING_COLUMN, LENGTH_MISMATCH, INVALID_VALUE (non-integer or negative x, non-finite m̄),
 *   TOO_FEW_VALUES (fewer than 2 customers with x > 0), NUMERIC_FAILURE (a column is constant: no correlation).
 * @example
 * frequencyMonetaryCorrelation({ frequency: [0, 1, 2, 3], monetaryValue: [0, 10, 12, 11] })
 * // { pearson: 0.5, spearman: 0.5, customers: 3, excludedZeroFrequency: 1 }
 */
export function frequencyMonetaryCorrelation(customers: SpendColumns, options?: FrequencyMonetaryCorrelationOptions): FrequencyMonetaryCorrelation {
  const fn = 'frequencyMonetaryCorrelation';
  parseOptions(correlationSchema, options, fn);
  if (customers === null || typeof customers !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected frequency and monetaryValue columns', { fn });
  for (const name of ['frequency', 'monetaryValue'] as const) {
    requireColumn(customers as unknown as Readonly<Record<string, unknown>>, name, fn);
  }
  if (customers.monetaryValue.length !== customers.frequency.length) {
    throw new ClvkitError('LENGTH_MISMATCH', `column has ${customers.monetaryValue.length} entries, expected ${customers.frequency.length}`, {
      fn,
      column: 'monetaryValue',
    });
  }
  const x: number[] = [];
  const m: number[] = [];
  let excluded = 0;
  for (let i = 0; i < customers.frequency.length; i++) {
    const xi = customers.frequency[i]!;
    const mi = customers.monetaryValue[i]!;
    if (typeof xi !== 'number' || !Number.isInteger(xi) || xi < 0) {
      throw new ClvkitError('INVALID_VALUE', 'frequency must be a whole number ≥ 0', { fn, column: 'frequency', index: i, value: xi });
    }
    if (typeof mi !== 'number' || !Number.isFinite(mi)) {
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column: 'monetaryValue', index: i, value: mi });
    }
    if (xi === 0) {
      excluded++;
      continue;
    }
    x.push(xi);
    m.push(mi);
  }
  if (x.length < 2) throw new ClvkitError('TOO_FEW_VALUES', 'need at least 2 customers with frequency > 0', { fn, customers: x.length });
  const pearson = sampleCorrelation(x, m);
  const spearman = sampleRankCorrelation(x, m);
  if (!Number.isFinite(pearson) || !Number.isFinite(spearman)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'frequency or monetary value is constant over the customers: the correlation is undefined', { fn });
  }
  return { pearson, spearman, customers: x.length, excludedZeroFrequency: excluded };
}
