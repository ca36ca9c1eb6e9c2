import { bgFamilyFromJSON } from './bg-model.js';
import type { BgNbdModel } from './fit-bg-nbd.js';

/**
 * Restore a BG/NBD model saved with `model.toJSON()` (or its JSON text, parsed): the same
 * parameters, fit report and predictions.
 *
 * @throws INVALID_MODEL (with the `path` of the problem) when `json` is not a saved BG/NBD model.
 * @example
 * bgNbdFromJSON(JSON.parse(JSON.stringify(model))).params // the same as model.params
 */
export function bgNbdFromJSON(json: unknown): BgNbdModel {
  return bgFamilyFromJSON('bg-nbd', json, 'bgNbdFromJSON');
}
