import { describe, expect, it } from 'vitest';
import { checkSerializedModel, serializeModel } from '../../../src/clv/core/serialize.js';
import type { ClvkitError } from '../../../src/errors.js';

const fields = {
  kind: 'bg-nbd' as const,
  timeUnit: 'week' as const,
  params: { r: 0.24, alpha: 4.4 },
  standardErrors: { r: 0.01, alpha: 0.3 },
  logLikelihood: -9582.4,
  converged: true,
  iterations: 20,
  customers: 2357,
  extra: { penalizer: 0 },
};

function errorOf(f: () => unknown): ClvkitError {
  try {
    f();
  } catch (e) {
    return e as ClvkitError;
  }
  throw new Error('expected a throw');
}

describe('serializeModel / checkSerializedModel', () => {
  it('round-trips through JSON text', () => {
    const json = JSON.parse(JSON.stringify(serializeModel(fields))) as unknown;
    const back = checkSerializedModel(json, 'bg-nbd', 'bgNbdFromJSON', ['r', 'alpha']);
    expect(back).toEqual({ format: 'clvkit-model', version: 1, ...fields });
  });

  it.each([
    [null, []],
    [{ ...serializeModel(fields), format: 'x' }, ['format']],
    [{ ...serializeModel(fields), version: 2 }, ['version']],
    [{ ...serializeModel(fields), kind: 'pareto-nbd' }, ['kind']],
    [{ ...serializeModel(fields), params: { r: 0.24 } }, ['params', 'alpha']],
    [{ ...serializeModel(fields), params: { r: -1, alpha: 1 } }, ['params', 'r']],
    [{ ...serializeModel(fields), params: { r: 1, alpha: 1, z: 1 } }, ['params', 'z']],
    [{ ...serializeModel(fields), params: { r: Number.NaN, alpha: 1 } }, ['params', 'r']],
    [{ ...serializeModel(fields), standardErrors: { r: 1 } }, ['standardErrors', 'alpha']],
    [{ ...serializeModel(fields), timeUnit: 'year' }, ['timeUnit']],
  ])('rejects a bad model with INVALID_MODEL and its path (%#)', (json, path) => {
    const e = errorOf(() => checkSerializedModel(json, 'bg-nbd', 'bgNbdFromJSON', ['r', 'alpha']));
    expect(e.code).toBe('INVALID_MODEL');
    expect(e.details.fn).toBe('bgNbdFromJSON');
    expect(e.details.path).toEqual(path);
  });
});
