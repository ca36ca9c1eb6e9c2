import { describe, expect, expectTypeOf, it } from 'vitest';
import { createParetoNbdModel, PARETO_NBD_PARAMS, type ParetoNbdModel } from '../../../src/clv/pareto-nbd/pareto-nbd-model.js';
import {
  paretoNbdConditionalExpectedTransactions,
  paretoNbdExpectedTransactions,
  paretoNbdProbabilityOfTransactions,
} from '../../../src/clv/pareto-nbd/pareto-nbd-predictions.js';
import { codeOf } from '../../helpers/expect-code.js';

const params = { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 };
const model = createParetoNbdModel({
  params,
  standardErrors: { r: 0.048, alpha: 0.843, s: 0.187, beta: 6.211 },
  logLikelihood: -9594.97,
  converged: true,
  iterations: 27,
  customers: 2357,
  timeUnit: 'week',
  penalizer: 0,
});

describe('createParetoNbdModel', () => {
  it('exposes the fit report and delegates predictions', () => {
    expect(model.kind).toBe('pareto-nbd');
    expect(PARETO_NBD_PARAMS).toEqual(['r', 'alpha', 's', 'beta']);
    expect(model.expectedTransactions(39)).toBe(paretoNbdExpectedTransactions(params, 39));
    expect(model.probabilityOfTransactions(2, 39)).toBe(paretoNbdProbabilityOfTransactions(params, 2, 39));
    const rows = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] };
    const checked = { frequency: Float64Array.of(2, 0), recency: Float64Array.of(30.43, 0), T: Float64Array.of(38.86, 38.86) };
    expect(model.conditionalExpectedTransactions(52, rows)).toEqual(paretoNbdConditionalExpectedTransactions(params, 52, checked));
    // Worked example: customer 1 of the CDNOW sample (x = 2, t_x = 30.43, T = 38.86).
    expect(model.probabilityAlive(rows)[0]).toBeCloseTo(0.8691, 4);
  });

  it('never mutates its inputs', () => {
    const rows = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] };
    const copy = JSON.parse(JSON.stringify(rows));
    model.probabilityAlive(rows);
    model.conditionalExpectedTransactions(10, rows);
    expect(rows).toEqual(copy);
  });

  it('throws INVALID_VALUE for bad horizons, counts and customers', () => {
    expect(codeOf(() => model.expectedTransactions(-1))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.expectedTransactions(Number.POSITIVE_INFINITY))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.conditionalExpectedTransactions(Number.NaN, { frequency: [0], recency: [0], T: [1] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.probabilityOfTransactions(1.5, 10))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.probabilityOfTransactions(-1, 10))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.probabilityAlive({ frequency: [0], recency: [2], T: [1] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.probabilityAlive({ frequency: [], recency: [], T: [] }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => model.probabilityAlive({ frequency: [1], recency: [0.5, 1], T: [1] }))).toBe('LENGTH_MISMATCH');
  });

  it('serialises to plain JSON', () => {
    const json = model.toJSON();
    expect(json).toEqual({
      format: 'clvkit-model',
      version: 1,
      kind: 'pareto-nbd',
      timeUnit: 'week',
      params,
      standardErrors: { r: 0.048, alpha: 0.843, s: 0.187, beta: 6.211 },
      logLikelihood: -9594.97,
      converged: true,
      iterations: 27,
      customers: 2357,
      extra: { penalizer: 0 },
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('has the public types', () => {
    expectTypeOf(model).toEqualTypeOf<ParetoNbdModel>();
    expectTypeOf(model.params).toEqualTypeOf<Readonly<Record<'r' | 'alpha' | 's' | 'beta', number>>>();
  });
});
