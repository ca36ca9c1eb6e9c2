import { type CalendarModelOptions, calendarModelOptions, givenFitReport, givenParams } from '../core/given-params.js';
import type { BgParams } from '../bg-nbd/bg-family.js';
import { BG_PARAM_NAMES, makeBgModel } from '../bg-nbd/bg-model.js';
import type { ModifiedBgNbdModel } from './fit-modified-bg-nbd.js';

/**
 * An MBG/NBD model from given parameters, with the same predictions as a fitted one (the model object
 * `fitModifiedBgNbd` builds). Its fit report is that of no data: `customers` 0, `iterations` 0,
 * `logLikelihood` 0, `standardErrors` null, and `reason` says the parameters were given.
 *
 * @param params r, α (a rate per `timeUnit`), a, b: each a finite number > 0.
 * @param options `timeUnit` (required).
 * @throws INVALID_VALUE (a bad parameter, with its `path`), INVALID_OPTIONS (unknown key, no `timeUnit`).
 * @see Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for customer
 *   base analysis", IJRM 24(3).
 * @example
 * modifiedBgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { timeUnit: 'week' }).probabilityAlive({ frequency: [0], recency: [0], T: [38] }); // below 1, unlike BG/NBD
 */
export function modifiedBgNbdModel(params: BgParams, options: CalendarModelOptions): ModifiedBgNbdModel {
  const fn = 'modifiedBgNbdModel';
  const p = givenParams(params, BG_PARAM_NAMES, fn);
  const timeUnit = calendarModelOptions(options, fn);
  return makeBgModel('mbg-nbd', timeUnit, p, { ...givenFitReport(p), penalizer: 0, patterns: 0 });
}
