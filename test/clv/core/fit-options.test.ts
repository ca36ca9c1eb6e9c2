import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitControlOf, fitOptionsSchema } from '../../../src/clv/core/fit-options.js';
import type { FitOptions } from '../../../src/clv/core/fit-options.js';
import { parseOptions } from '../../../src/validate.js';

describe('fitOptionsSchema', () => {
  it('fills the defaults', () => {
    const parsed = parseOptions(fitOptionsSchema, {}, 'fitX');
    expect(fitControlOf(parsed)).toEqual({ maxIterations: 1000, maxEvaluations: 5000, tolerance: 1e-10, penalizer: 0, strict: false });
    expect(parsed.weights).toBeUndefined();
  });

  it('accepts typed-array weights and custom starts', () => {
    const parsed = parseOptions(fitOptionsSchema, { weights: Float64Array.of(1, 0, 2), starts: [[1, 2]] }, 'fitX');
    expect(Array.from(parsed.weights!)).toEqual([1, 0, 2]);
  });

  it.each([
    [{ weights: [1, -1] }, ['weights', 1]],
    [{ weights: [1, Number.NaN] }, ['weights', 1]],
    [{ weights: 'abc' }, ['weights']],
    [{ penalizer: -1 }, ['penalizer']],
    [{ maxIterations: 1.5 }, ['maxIterations']],
    [{ maxEvaluations: 0 }, ['maxEvaluations']],
    [{ tolerance: 0 }, ['tolerance']],
    [{ strict: 'yes' }, ['strict']],
    [{ starts: [[1, -2]] }, ['starts', 0, 1]],
  ])('rejects %j with INVALID_OPTIONS at its path', (options, path) => {
    let error: unknown;
    try {
      parseOptions(fitOptionsSchema, options, 'fitX');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', details: { fn: 'fitX', path } });
  });

  it('types', () => {
    expectTypeOf<FitOptions['penalizer']>().toEqualTypeOf<number | undefined>();
  });
});
