import { givenFitReport, givenParams } from '../core/given-params.js';
import { createGammaGammaModel, type GammaGammaModel, GAMMA_GAMMA_PARAMS } from './fit-gamma-gamma.js';
import type { GammaGammaParams } from './gamma-gamma-log-likelihood.js';

/**
 * A Gamma-Gamma spend model from given parameters, with the same predictions as a fitted one (the model
 * object `fitGammaGamma` builds). Its fit report is that of no data: `customers` 0, `iterations` 0,
 * `logLikelihood` 0, `standardErrors` null, no exclusions, and `reason` says the parameters were given.
 *
 * @param params p, q, γ: each a finite number > 0 (the mean spend p·γ/(q−1) exists only for q > 1).
 * @throws INVALID_VALUE (a bad parameter, with its `path`), INVALID_OPTIONS (an unknown parameter).
 * @see Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", note 025.
 * @example
 * gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 }).expectedAverageSpend(); // 35.218… (p·γ/(q−1))
 */
export function gammaGammaModel(params: GammaGammaParams): GammaGammaModel {
  const p = givenParams(params, GAMMA_GAMMA_PARAMS, 'gammaGammaModel');
  return createGammaGammaModel({ ...givenFitReport(p), excluded: { zeroFrequency: 0, nonPositiveValue: 0 }, penalizer: 0 });
}
