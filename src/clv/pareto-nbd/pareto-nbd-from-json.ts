import { ClvkitError } from '../../errors.js';
import { checkSerializedModel, restoreFitReport } from '../core/serialize.js';
import { createParetoNbdModel, PARETO_NBD_PARAMS, type ParetoNbdModel } from './pareto-nbd-model.js';

const FN = 'paretoNbdFromJSON';

/**
 * Restore a Pareto/NBD model saved with `model.toJSON()` (for example after `JSON.stringify`/`JSON.parse`):
 * the same parameters, fit report and predictions.
 *
 * @throws INVALID_MODEL when `json` is not a saved clvkit model, is another kind, lacks r, α, s or β (each
 *   must be > 0), or has no calendar time unit.
 * @example
 * const copy = paretoNbdFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
 * copy.params.r === model.params.r // true
 */
export function paretoNbdFromJSON(json: unknown): ParetoNbdModel {
  const saved = checkSerializedModel(json, 'pareto-nbd', FN, PARETO_NBD_PARAMS);
  if (saved.timeUnit === null || saved.timeUnit === 'period') {
    throw new ClvkitError('INVALID_MODEL', 'a Pareto/NBD model needs a calendar time unit (day, week or month)', {
      fn: FN,
      path: ['timeUnit'],
      value: saved.timeUnit,
    });
  }
  return createParetoNbdModel({ ...restoreFitReport(saved, PARETO_NBD_PARAMS, FN), timeUnit: saved.timeUnit });
}
