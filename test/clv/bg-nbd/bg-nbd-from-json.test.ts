import { describe, expect, it } from 'vitest';
import { bgNbdFromJSON } from '../../../src/clv/bg-nbd/bg-nbd-from-json.js';

const saved = {
  format: 'clvkit-model',
  version: 1,
  kind: 'bg-nbd',
  timeUnit: 'week',
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  standardErrors: null,
  logLikelihood: -9582.4,
  converged: true,
  iterations: 20,
  customers: 2357,
};

describe('bgNbdFromJSON', () => {
  it('restores a model from the published parameters and predicts Hardie’s 1.226', () => {
    const model = bgNbdFromJSON(saved);
    expect(model.conditionalExpectedTransactions(39, { frequency: [2], recency: [30.43], T: [38.86] })[0]).toBeCloseTo(1.226, 3);
    expect(model.penalizer).toBe(0);
  });
  it.each([
    [{ ...saved, format: 'other' }, ['format']],
    [{ ...saved, params: { r: 1, alpha: 1, a: 1 } }, ['params', 'b']],
    [{ ...saved, timeUnit: null }, ['timeUnit']],
  ])('rejects malformed input with INVALID_MODEL (%#)', (json, path) => {
    expect(() => bgNbdFromJSON(json)).toThrowError(expect.objectContaining({ code: 'INVALID_MODEL', details: expect.objectContaining({ path }) }));
  });
});
