import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { TIME_UNITS } from '../../time.js';
import { parseOptions } from '../../validate.js';
import { checkRfmColumns, requireObservationTime } from '../core/check-rfm.js';
import { compressRows } from '../core/compress-rows.js';
import { fitModel } from '../core/fit-model.js';
import { fitControlOf, fitOptionsSchema } from '../core/fit-options.js';
import { resolveTimeUnit, type TransactionModelInput } from '../core/model-input.js';
import { paretoNbdLogLikelihood, paretoNbdLogLikelihoodGradient } from './pareto-nbd-log-likelihood.js';
import { createParetoNbdModel, PARETO_NBD_PARAMS, type ParetoNbdModel } from './pareto-nbd-model.js';

const FN = 'fitParetoNbd';

const fitParetoNbdSchema = fitOptionsSchema.extend({
  /** Time unit of plain columns (a CustomerSummary carries its own). */
  timeUnit: z.enum(TIME_UNITS).optional(),
});

/** Options of {@link fitParetoNbd}: the shared fit options plus `timeUnit` for plain columns. */
export type FitParetoNbdOptions = z.input<typeof fitParetoNbdSchema>;

/**
 * Fit the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) by maximum likelihood: while alive a
 * customer buys at Poisson rate λ ~ Gamma(r, α) and dies at exponential rate μ ~ Gamma(s, β).
 *
 * Identical (x, t_x, T) rows are merged into weights first; the log-likelihood (Fader, Hardie & Lee 2005
 * MATLAB note, eq. 1–3) is computed in log space, robustly for α < β, α = β and α > β, for x in the
 * thousands and parameters from 1e-4 to 1e4 (see {@link paretoNbdLogTerms}); the shared core maximises it
 * over log-parameters and gives standard errors from the Hessian.
 *
 * When the data cannot identify the dropout process (few customers, little drop-out) s and β run off
 * together towards infinity (a point-mass dropout rate s/β) while the likelihood approaches a limit: the
 * core detects that and returns `converged: false` with the reason "s and beta grow without bound …"
 * after ≈ 50 iterations instead of running to the iteration limit; total likelihood evaluations are
 * capped by `maxEvaluations` (default 5000).
 *
 * `customers` is a CustomerSummary or plain `{ frequency, recency, T }` columns (then `options.timeUnit`
 * is required); x a non-negative integer, 0 ≤ t_x ≤ T, t_x = 0 when x = 0;
 * T ≥ 0 (T = 0: first seen at the very end, so x = 0, a likelihood term of 0 and the new-customer predictions).
 *
 * @throws INVALID_OPTIONS, UNIT_MISMATCH, EMPTY_INPUT, TOO_FEW_VALUES (every T = 0: nothing to fit), MISSING_COLUMN, LENGTH_MISMATCH, INVALID_VALUE,
 *   NUMERIC_FAILURE (likelihood not finite at any start), NOT_CONVERGED (with `strict`).
 * @example
 * const model = fitParetoNbd(cdnowSummary); // the 2,357-customer CDNOW sample, weeks
 * model.params // { r: 0.55328, alpha: 10.5776, s: 0.60621, beta: 11.6679 } (published: 0.5533, 10.5776, 0.6061, 11.6650)
 * model.logLikelihood // -9594.97393 (published −9594.98; the CSV's t_x and T are rounded to 0.01 week)
 * @see Fader, Hardie & Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB".
 */
export function fitParetoNbd(customers: TransactionModelInput, options: FitParetoNbdOptions = {}): ParetoNbdModel {
  const parsed = parseOptions(fitParetoNbdSchema, options, FN);
  const timeUnit = resolveTimeUnit(customers, parsed.timeUnit, FN);
  const rows = checkRfmColumns(customers, { fn: FN });
  const n = rows.frequency.length;
  if (parsed.weights !== undefined && parsed.weights.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${parsed.weights.length} entries, expected ${n}`, { fn: FN, column: 'weights' });
  }
  const compressed = compressRows([rows.frequency, rows.recency, rows.T], parsed.weights);
  let weightTotal = 0;
  let meanT = 0;
  let meanX = 0;
  for (let i = 0; i < compressed.length; i++) {
    const w = compressed.weight[i]!;
    weightTotal += w;
    meanX += w * compressed.columns[0]![i]!;
    meanT += w * compressed.columns[2]![i]!;
  }
  if (!(weightTotal > 0)) throw new ClvkitError('EMPTY_INPUT', 'every weight is 0: no customers to fit', { fn: FN });
  requireObservationTime(rows.T, parsed.weights, FN);
  meanT /= weightTotal;
  meanX /= weightTotal;
  const compressedRows = { frequency: compressed.columns[0]!, recency: compressed.columns[1]!, T: compressed.columns[2]! };
  // Default starts: all ones (as lifetimes), and a data-scaled point (purchase and dropout rate
  // scales near the mean observation length, r chosen so that r/α ≈ mean repeat rate).
  const scale = Math.max(meanT, 1e-3);
  const starts = parsed.starts ?? [
    [1, 1, 1, 1],
    [Math.max(1e-3, Math.min(1e3, (meanX + 0.1) / 2)), scale / 2, 1, scale / 2],
  ];
  const outcome = fitModel(
    {
      fn: FN,
      paramNames: PARETO_NBD_PARAMS,
      starts,
      weightTotal,
      logLikelihood: (p) => paretoNbdLogLikelihood({ r: p[0]!, alpha: p[1]!, s: p[2]!, beta: p[3]! }, compressedRows, compressed.weight),
      gradient: (p, out) => paretoNbdLogLikelihoodGradient({ r: p[0]!, alpha: p[1]!, s: p[2]!, beta: p[3]! }, compressedRows, compressed.weight, out),
    },
    fitControlOf(parsed),
  );
  const p = outcome.params;
  const se = outcome.standardErrors;
  return createParetoNbdModel({
    params: { r: p[0]!, alpha: p[1]!, s: p[2]!, beta: p[3]! },
    standardErrors: se === null ? null : { r: se[0]!, alpha: se[1]!, s: se[2]!, beta: se[3]! },
    logLikelihood: outcome.logLikelihood,
    converged: outcome.converged,
    identified: outcome.identified,
    iterations: outcome.iterations,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    customers: weightTotal,
    timeUnit,
    penalizer: parsed.penalizer,
  });
}
