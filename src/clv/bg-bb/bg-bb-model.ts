import { givenFitReport, givenParams } from '../core/given-params.js';
import type { BgBbParams } from './bg-bb-log-likelihood.js';
import { BG_BB_PARAMS, createBgBbModel, type BgBbModel } from './fit-bg-bb.js';

/**
 * A BG/BB model from given parameters, with the same predictions as a fitted one (the model object
 * `fitBgBb` builds); time is counted in opportunities (`timeUnit: 'period'`), so there is no time-unit
 * option. Its fit report is that of no data: `customers` 0, `iterations` 0, `logLikelihood` 0,
 * `standardErrors` null, and `reason` says the parameters were given.
 *
 * @param params α, β (transaction probability ~ Beta(α, β)), γ, δ (drop-out ~ Beta(γ, δ)): each finite and > 0.
 * @throws INVALID_VALUE (a bad parameter, with its `path`), INVALID_OPTIONS (an unknown parameter).
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), Table 6.
 * @example
 * const model = bgBbModel({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 });
 * model.probabilityAlive({ frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] }); // Float64Array [0.11…, 0.59…, 0.93…] (FHS 2010 Table 6)
 */
export function bgBbModel(params: BgBbParams): BgBbModel {
  const p = givenParams(params, BG_BB_PARAMS, 'bgBbModel');
  return createBgBbModel({ ...givenFitReport(p), penalizer: 0 });
}
