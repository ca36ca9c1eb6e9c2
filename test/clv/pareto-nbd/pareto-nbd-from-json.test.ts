import { describe, expect, expectTypeOf, it } from 'vitest';
import { isClvkitError } from '../../../src/errors.js';
import { paretoNbdFromJSON } from '../../../src/clv/pareto-nbd/pareto-nbd-from-json.js';
import { createParetoNbdModel, type ParetoNbdModel } from '../../../src/clv/pareto-nbd/pareto-nbd-model.js';

const model = createParetoNbdModel({
  params: { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 },
  standardErrors: null,
  logLikelihood: -9594.97,
  converged: false,
  iterations: 1000,
  reason: 'iteration limit 1000 reached',
  customers: 2357,
  timeUnit: 'month',
  penalizer: 0.05,
});

function codeAndPath(run: () => unknown): [string | undefined, unknown] {
  try {
    run();
  } catch (e) {
    return isClvkitError(e) ? [e.code, e.details.path] : [`not a ClvkitError: ${String(e)}`, undefined];
  }
  return [undefined, undefined];
}

describe('paretoNbdFromJSON', () => {
  it('round-trips through JSON text with the same report and predictions', () => {
    const copy = paretoNbdFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.params).toEqual(model.params);
    expect(copy.standardErrors).toBeNull();
    expect(copy.reason).toBe(model.reason);
    expect(copy.penalizer).toBe(0.05);
    expect(copy.timeUnit).toBe('month');
    expect(copy.toJSON()).toEqual(model.toJSON());
    const rows = { frequency: [3, 0], recency: [8, 0], T: [12, 12] };
    expect(copy.conditionalExpectedTransactions(6, rows)).toEqual(model.conditionalExpectedTransactions(6, rows));
  });

  it('throws INVALID_MODEL with the path of the problem', () => {
    const good = model.toJSON();
    expect(codeAndPath(() => paretoNbdFromJSON(null))).toEqual(['INVALID_MODEL', []]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, format: 'x' }))).toEqual(['INVALID_MODEL', ['format']]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, kind: 'bg-nbd' }))).toEqual(['INVALID_MODEL', ['kind']]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, params: { ...good.params, s: -1 } }))).toEqual(['INVALID_MODEL', ['params', 's']]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, params: { r: 1, alpha: 1, s: 1 } }))).toEqual(['INVALID_MODEL', ['params', 'beta']]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, params: { ...good.params, a: 1 } }))).toEqual(['INVALID_MODEL', ['params', 'a']]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, timeUnit: null }))).toEqual(['INVALID_MODEL', ['timeUnit']]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, timeUnit: 'period' }))).toEqual(['INVALID_MODEL', ['timeUnit']]);
    expect(codeAndPath(() => paretoNbdFromJSON({ ...good, extra: { penalizer: -1 } }))).toEqual(['INVALID_MODEL', ['extra', 'penalizer']]);
  });

  it('has the public types', () => {
    expectTypeOf(paretoNbdFromJSON).returns.toEqualTypeOf<ParetoNbdModel>();
  });
});
