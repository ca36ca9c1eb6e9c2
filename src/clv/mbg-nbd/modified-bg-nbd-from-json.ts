import { bgFamilyFromJSON } from '../bg-nbd/bg-model.js';
import type { ModifiedBgNbdModel } from './fit-modified-bg-nbd.js';

/**
 * Restore an MBG/NBD model saved with `model.toJSON()`.
 *
 * @throws INVALID_MODEL (with the `path` of the problem) when `json` is not a saved MBG/NBD model.
 * @example
 * modifiedBgNbdFromJSON(JSON.parse(JSON.stringify(model))).params // the same as model.params
 */
export function modifiedBgNbdFromJSON(json: unknown): ModifiedBgNbdModel {
  return bgFamilyFromJSON('mbg-nbd', json, 'modifiedBgNbdFromJSON');
}
