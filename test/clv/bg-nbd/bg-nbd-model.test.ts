import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgNbdFromJSON } from '../../../src/clv/bg-nbd/bg-nbd-from-json.js';
import type { BgParams } from '../../../src/clv/bg-nbd/bg-family.js';
import { bgNbdModel } from '../../../src/clv/bg-nbd/bg-nbd-model.js';
import type { BgNbdModel } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { GIVEN_PARAMS_REASON } from '../../../src/clv/core/given-params.js';
import { expectCode } from '../../helpers/expect-code.js';

/** Fader, Hardie & Lee (2005): the CDNOW estimates, weeks. */
const FHL = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const customer = { frequency: [2], recency: [30.43], T: [38.86] };

describe('bgNbdModel (from given parameters)', () => {
  const model = bgNbdModel(FHL, { timeUnit: 'week' });

  it("predicts Hardie's worked example: x = 2, t_x = 30.43, T = 38.86 → 1.226 transactions in the next 39 weeks", () => {
    expect(Math.abs(model.conditionalExpectedTransactions(39, customer)[0]! - 1.226)).toBeLessThan(5e-4);
  });

  it("gives the cohort's E[X(t)] of Hardie's spreadsheet, to the rounding of the published estimates", () => {
    // The spreadsheet evaluates the unrounded estimates (fitBgNbd's test matches them to 5e-4); the printed
    // three digits move E[X(t)] by up to 0.16%.
    const published: [number, number][] = [
      [1, 0.0532],
      [3, 0.1506],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, e] of published) expect(Math.abs(model.expectedTransactions(t) / e - 1), `t = ${t}`).toBeLessThan(2e-3);
  });

  it('is the model a restored fit builds (identical predictions), with the fit report of no data', () => {
    const restored = bgNbdFromJSON({ ...model.toJSON(), standardErrors: null });
    expect(restored.conditionalExpectedTransactions(39, customer)).toEqual(model.conditionalExpectedTransactions(39, customer));
    expect(restored.probabilityAlive(customer)).toEqual(model.probabilityAlive(customer));
    expect(restored.probabilityOfTransactions(2, 39)).toBe(model.probabilityOfTransactions(2, 39));
    expect(model).toMatchObject({ kind: 'bg-nbd', timeUnit: 'week', params: FHL, standardErrors: null, customers: 0, iterations: 0, logLikelihood: 0 });
    expect(model.reason).toBe(GIVEN_PARAMS_REASON);
    expect(bgNbdFromJSON(JSON.parse(JSON.stringify(model))).params).toEqual(FHL);
  });

  it('rejects bad parameters and options, naming the place', () => {
    expect(expectCode(() => bgNbdModel({ ...FHL, a: 0 }, { timeUnit: 'week' }), 'INVALID_VALUE').details.path).toEqual(['a']);
    expect(expectCode(() => bgNbdModel({ ...FHL, r: Number.NaN }, { timeUnit: 'week' }), 'INVALID_VALUE').details.path).toEqual(['r']);
    const { b: _b, ...missing } = FHL;
    expect(expectCode(() => bgNbdModel(missing as never, { timeUnit: 'week' }), 'INVALID_VALUE').details.path).toEqual(['b']);
    expect(expectCode(() => bgNbdModel({ ...FHL, s: 1 } as never, { timeUnit: 'week' }), 'INVALID_OPTIONS').details.path).toEqual(['s']);
    expect(expectCode(() => bgNbdModel(FHL, undefined as never), 'INVALID_OPTIONS').details.fn).toBe('bgNbdModel');
    expectCode(() => bgNbdModel(FHL, { timeUnit: 'year' } as never), 'INVALID_OPTIONS');
    expectCode(() => bgNbdModel(FHL, { timeUnit: 'week', penalizer: 1 } as never), 'INVALID_OPTIONS');
    expectCode(() => bgNbdModel(null as never, { timeUnit: 'week' }), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(bgNbdModel).returns.toEqualTypeOf<BgNbdModel>();
    expectTypeOf(bgNbdModel).parameter(0).toEqualTypeOf<BgParams>();
  });
});
