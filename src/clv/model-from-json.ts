import { ClvkitError } from '../errors.js';
import { bgBbFromJSON, type FittedBgBbModel } from './bg-bb/fit-bg-bb.js';
import { bgNbdFromJSON } from './bg-nbd/bg-nbd-from-json.js';
import type { BgNbdModel } from './bg-nbd/fit-bg-nbd.js';
import { gammaGammaFromJSON, type FittedGammaGammaModel } from './gamma-gamma/fit-gamma-gamma.js';
import type { ModifiedBgNbdModel } from './mbg-nbd/fit-modified-bg-nbd.js';
import { modifiedBgNbdFromJSON } from './mbg-nbd/modified-bg-nbd-from-json.js';
import { paretoNbdFromJSON } from './pareto-nbd/pareto-nbd-from-json.js';
import type { ParetoNbdModel } from './pareto-nbd/pareto-nbd-model.js';
import { covariateModelFromJSON, type RestoredCovariateModel } from './covariates/covariate-model-from-json.js';
import { shiftedBetaGeometricFromJSON, type FittedShiftedBetaGeometricModel } from './sbg/fit-shifted-beta-geometric.js';

/** Any model `modelFromJSON` can restore. */
export type RestoredModel =
  | BgNbdModel
  | ModifiedBgNbdModel
  | ParetoNbdModel
  | FittedBgBbModel
  | FittedGammaGammaModel
  | FittedShiftedBetaGeometricModel
  | RestoredCovariateModel;

/**
 * Restore any saved clvkit model (the `toJSON()` of a fitted model, or `JSON.parse` of its text) by its
 * `kind`: 'bg-nbd', 'mbg-nbd', 'pareto-nbd', 'bg-bb', 'gamma-gamma' or 'sbg'. Each kind's own `…FromJSON` checks the
 * rest (format, version, parameters). Version 2 files (BG/NBD, Pareto/NBD and Gamma-Gamma with static
 * covariates, their `covariates` block) are restored by covariateModelFromJSON.
 *
 * @throws ClvkitError INVALID_MODEL (not an object, an unknown kind, or whatever the kind's restorer rejects)
 * @example
 * modelFromJSON(JSON.parse(JSON.stringify(fitBgBb(donations, { weights })))).kind // 'bg-bb'
 */
export function modelFromJSON(json: unknown): RestoredModel {
  const fn = 'modelFromJSON';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ClvkitError('INVALID_MODEL', 'expected a saved clvkit model (an object)', { fn, value: json === null ? 'null' : typeof json });
  }
  const kind = (json as { kind?: unknown }).kind;
  if ((json as { version?: unknown }).version === 2) return covariateModelFromJSON(json);
  switch (kind) {
    case 'bg-nbd':
      return bgNbdFromJSON(json);
    case 'mbg-nbd':
      return modifiedBgNbdFromJSON(json);
    case 'pareto-nbd':
      return paretoNbdFromJSON(json);
    case 'bg-bb':
      return bgBbFromJSON(json);
    case 'gamma-gamma':
      return gammaGammaFromJSON(json);
    case 'sbg':
      return shiftedBetaGeometricFromJSON(json);
    default:
      throw new ClvkitError(
        'INVALID_MODEL',
        `unknown model kind ${JSON.stringify(kind) ?? String(kind)}; expected bg-nbd, mbg-nbd, pareto-nbd, bg-bb, gamma-gamma or sbg`,
        {
          fn,
          path: ['kind'],
          value: kind,
        },
      );
  }
}
