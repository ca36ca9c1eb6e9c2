import { type CalendarModelOptions, calendarModelOptions, givenFitReport, givenParams } from '../core/given-params.js';
import type { BgParams } from './bg-family.js';
import { BG_PARAM_NAMES, makeBgModel } from './bg-model.js';
import type { BgNbdModel } from './fit-bg-nbd.js';

/**
 * A BG/NBD model from given parameters (a paper, lifetimes' `BetaGeoFitter.params_`, an earlier fit),
 * with the same predictions as a fitted one (the same model object `fitBgNbd` builds). Its fit report is
 * that of no data: `customers` 0, `iterations` 0, `logLikelihood` 0, `standardErrors` null, and `reason`
 * says the parameters were given.
 *
 * @param params r, α (a rate per `timeUnit`), a, b: each a finite number > 0.
 * @param options `timeUnit` (required): the unit α is measured in; predictions take horizons in it.
 * @throws INVALID_VALUE (a parameter missing, non-finite or ≤ 0; `path` names it), INVALID_OPTIONS
 *   (an unknown parameter or option, no `timeUnit`).
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2).
 * @example
 * const model = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { timeUnit: 'week' });
 * model.conditionalExpectedTransactions(39, { frequency: [2], recency: [30.43], T: [38.86] }); // Float64Array [1.2259…] (FHL 2005: 1.226)
 */
export function bgNbdModel(params: BgParams, options: CalendarModelOptions): BgNbdModel {
  const fn = 'bgNbdModel';
  const p = givenParams(params, BG_PARAM_NAMES, fn);
  const timeUnit = calendarModelOptions(options, fn);
  return makeBgModel('bg-nbd', timeUnit, p, { ...givenFitReport(p), penalizer: 0, patterns: 0 });
}
