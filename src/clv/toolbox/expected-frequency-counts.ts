import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { parseOptions } from '../../validate.js';
import { checkRfmColumns } from '../core/check-rfm.js';
import { distinctRows } from '../core/compress-rows.js';
import type { FittedTransactionModel, RfmColumns } from '../transaction-model.js';

const schema = z.object({ maxFrequency: z.number().int().min(0).max(1000).default(7) }).strict();

/** Observed and model-expected customers by calibration-period repeat purchases. */
export interface ExpectedFrequencyCounts {
  /** "0", "1", …, "maxFrequency+". */
  readonly labels: readonly string[];
  /** Customers observed with each count (the last bucket: maxFrequency or more). */
  readonly actual: Float64Array;
  /** Σ_i P(X(T_i) = x): customers the model expects with each count, each customer over their own T. */
  readonly expected: Float64Array;
}

/**
 * The calibration-period frequency histogram against the model (FHL 2005 Fig. 3, lifetimes'
 * `plot_period_transactions`): how many customers made 0, 1, 2, … repeat purchases, observed, and expected by
 * the model from `probabilityOfTransactions(x, T_i)` summed over customers (each over their own observation
 * length; distinct T computed once). The last bucket collects maxFrequency and more (1 − the rest).
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (bad RFM columns or not a model).
 * @example expectedFrequencyCounts(fitBgNbd(cdnow), cdnow) // CDNOW, 39 weeks
 * // actual:   [1411, 439, 214, 100, 62, 38, 29, 64]
 * // expected: [1407.7, 460.3, 192.5, 101.2, 59.8, 38.1, 25.5, 71.9]
 */
export function expectedFrequencyCounts(model: FittedTransactionModel, customers: RfmColumns, options?: z.input<typeof schema>): ExpectedFrequencyCounts {
  const fn = 'expectedFrequencyCounts';
  const { maxFrequency } = parseOptions(schema, options, fn);
  if (model === null || typeof model !== 'object' || typeof model.probabilityOfTransactions !== 'function') {
    throw new ClvkitError('INVALID_VALUE', 'expected a fitted transaction model', { fn });
  }
  const rfm = checkRfmColumns(customers, { fn, discrete: model.kind === 'bg-bb' });
  const buckets = maxFrequency + 1;
  const actual = new Float64Array(buckets);
  const expected = new Float64Array(buckets);
  for (let i = 0; i < rfm.frequency.length; i++) actual[Math.min(maxFrequency, rfm.frequency[i]!)]! += 1;
  const ts = distinctRows([rfm.T]);
  const count = new Float64Array(ts.length);
  for (let i = 0; i < rfm.T.length; i++) count[ts.index[i]!]! += 1;
  for (let j = 0; j < ts.length; j++) {
    const T = rfm.T[ts.firstRow[j]!]!;
    let below = 0;
    for (let x = 0; x < maxFrequency; x++) {
      const p = model.probabilityOfTransactions(x, T);
      expected[x]! += count[j]! * p;
      below += p;
    }
    expected[maxFrequency]! += count[j]! * Math.max(0, 1 - below);
  }
  const labels = Array.from({ length: buckets }, (_, x) => (x === maxFrequency ? `${x}+` : String(x)));
  return { labels, actual, expected };
}
