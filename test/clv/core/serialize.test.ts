import { describe, expect, it } from 'vitest';
import { bgBbFromJSON } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import { checkSerializedModel, restoreFitReport, serializeModel } from '../../../src/clv/core/serialize.js';
import type { ClvkitError } from '../../../src/errors.js';
import { expectCode } from '../../helpers/expect-code.js';

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
    const e = expectCode(() => checkSerializedModel(json, 'bg-nbd', 'bgNbdFromJSON', ['r', 'alpha']), 'INVALID_MODEL');
    expect(e.details.fn).toBe('bgNbdFromJSON');
    expect(e.details.path).toEqual(path);
  });
});

describe('restoreFitReport', () => {
  const saved = {
    format: 'clvkit-model',
    version: 1,
    kind: 'bg-bb',
    timeUnit: 'period',
    params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 },
    standardErrors: { alpha: 0.1, beta: 0.05, gamma: 0.04, delta: 0.2 },
    logLikelihood: -33225.6,
    converged: true,
    iterations: 30,
    customers: 11104,
    extra: { penalizer: 0.5 },
  } as const;

  it('picks the parameters and standard errors by name and keeps the penalizer', () => {
    const r = restoreFitReport(saved, ['alpha', 'beta', 'gamma', 'delta'], 'bgBbFromJSON');
    expect(r.params).toEqual({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 });
    expect(r.standardErrors?.delta).toBe(0.2);
    expect(r.penalizer).toBe(0.5);
    expect(restoreFitReport({ ...saved, extra: undefined }, ['alpha'], 'f').penalizer).toBe(0);
  });

  it('rejects a corrupt penalizer instead of defaulting it (every model restores through here)', () => {
    for (const penalizer of [-1, Number.NaN, 'x']) {
      const e = (() => {
        try {
          restoreFitReport({ ...saved, extra: { penalizer } } as never, ['alpha'], 'bgBbFromJSON');
        } catch (error) {
          return error as ClvkitError;
        }
        throw new Error('expected INVALID_MODEL');
      })();
      expect(e.code).toBe('INVALID_MODEL');
      expect(e.details.path).toEqual(['extra', 'penalizer']);
    }
    expect(() => bgBbFromJSON({ ...saved, extra: { penalizer: -1 } })).toThrow(/extra\.penalizer/);
  });
});
