import { ClvkitError } from '../../errors.js';
import { checkSerializedModel } from '../core/serialize.js';
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
    throw new ClvkitError('INVALID_MODEL', 'a Pareto/NBD model needs a calendar time unit (day, week or month)', { fn: FN, path: ['timeUnit'], value: saved.timeUnit });
  }
  const penalizer = saved.extra?.['penalizer'] ?? 0;
  if (typeof penalizer !== 'number' || !Number.isFinite(penalizer) || penalizer < 0) {
    throw new ClvkitError('INVALID_MODEL', 'extra.penalizer must be a finite number ≥ 0', { fn: FN, path: ['extra', 'penalizer'], value: penalizer });
  }
  const p = saved.params;
  const se = saved.standardErrors;
  return createParetoNbdModel({
    params: { r: p['r']!, alpha: p['alpha']!, s: p['s']!, beta: p['beta']! },
    standardErrors: se === null ? null : { r: se['r']!, alpha: se['alpha']!, s: se['s']!, beta: se['beta']! },
    logLikelihood: saved.logLikelihood,
    converged: saved.converged,
    iterations: saved.iterations,
    ...(saved.reason !== undefined ? { reason: saved.reason } : {}),
    customers: saved.customers,
    timeUnit: saved.timeUnit,
    penalizer,
  });
}
