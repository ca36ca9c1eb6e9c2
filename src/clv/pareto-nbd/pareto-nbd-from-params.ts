import { type CalendarModelOptions, calendarModelOptions, givenFitReport, givenParams } from '../core/given-params.js';
import type { ParetoNbdParams } from './pareto-nbd-log-likelihood.js';
import { createParetoNbdModel, PARETO_NBD_PARAMS, type ParetoNbdModel } from './pareto-nbd-model.js';

/**
 * A Pareto/NBD model from given parameters, with the same predictions as a fitted one (the model object
 * `fitParetoNbd` builds). Its fit report is that of no data: `customers` 0, `iterations` 0,
 * `logLikelihood` 0, `standardErrors` null, and `reason` says the parameters were given.
 * (The file is not named pareto-nbd-model.ts: that one holds the model object both share.)
 *
 * @param params r, α, s, β (α and β per `timeUnit`): each a finite number > 0.
 * @param options `timeUnit` (required).
 * @throws INVALID_VALUE (a bad parameter, with its `path`), INVALID_OPTIONS (unknown key, no `timeUnit`).
 * @see Schmittlein, Morrison & Colombo (1987); Fader, Hardie & Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB".
 * @example
 * const model = paretoNbdModel({ r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 }, { timeUnit: 'week' });
 * model.expectedTransactions(39); // ≈ 1.21 repeat purchases of a new CDNOW customer in 39 weeks
 */
export function paretoNbdModel(params: ParetoNbdParams, options: CalendarModelOptions): ParetoNbdModel {
  const fn = 'paretoNbdModel';
  const p = givenParams(params, PARETO_NBD_PARAMS, fn);
  const timeUnit = calendarModelOptions(options, fn);
  return createParetoNbdModel({ ...givenFitReport(p), timeUnit, penalizer: 0 });
}
