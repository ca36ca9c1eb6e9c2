import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgNbdModel } from '../../../src/clv/bg-nbd/bg-nbd-model.js';
import { fitModifiedBgNbd, type ModifiedBgNbdModel } from '../../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { modifiedBgNbdModel } from '../../../src/clv/mbg-nbd/modified-bg-nbd-model.js';
import { type ModifiedBgNbdSimulation, simulateModifiedBgNbd } from '../../../src/clv/mbg-nbd/simulate-modified-bg-nbd.js';
import type { BgNbdSimulation } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { expectCode } from '../../helpers/expect-code.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('modifiedBgNbdModel (from given parameters)', () => {
  it('predicts exactly as the fitted model with the same parameters', () => {
    const sim = simulateModifiedBgNbd({ params, customers: 300, T: 39, seed: 4 });
    const fitted = fitModifiedBgNbd(sim, { timeUnit: 'week' });
    const given = modifiedBgNbdModel(fitted.params, { timeUnit: 'week' });
    expect(given.conditionalExpectedTransactions(13, sim)).toEqual(fitted.conditionalExpectedTransactions(13, sim));
    expect(given.probabilityAlive(sim)).toEqual(fitted.probabilityAlive(sim));
    expect(given.expectedTransactions(52)).toBe(fitted.expectedTransactions(52));
    expect(given).toMatchObject({ kind: 'mbg-nbd', timeUnit: 'week', customers: 0, standardErrors: null });
  });

  it('differs from BG/NBD where the models differ: a customer without repeat purchases may be gone', () => {
    const none = { frequency: [0], recency: [0], T: [38] };
    // MBG/NBD: P(alive | x = 0) = 1 / (1 + a/b · ((α+T)/(α+t_x))^r) (Batislam et al. 2007, eq. 6).
    const expected = 1 / (1 + (params.a / params.b) * ((params.alpha + 38) / params.alpha) ** params.r);
    expect(modifiedBgNbdModel(params, { timeUnit: 'week' }).probabilityAlive(none)[0]).toBeCloseTo(expected, 12);
    expect(bgNbdModel(params, { timeUnit: 'week' }).probabilityAlive(none)[0]).toBe(1);
  });

  it('rejects bad parameters and a missing time unit', () => {
    expect(expectCode(() => modifiedBgNbdModel({ ...params, alpha: -1 }, { timeUnit: 'week' }), 'INVALID_VALUE').details.fn).toBe('modifiedBgNbdModel');
    expectCode(() => modifiedBgNbdModel(params, {} as never), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(modifiedBgNbdModel).returns.toEqualTypeOf<ModifiedBgNbdModel>();
    // simulateModifiedBgNbd's result type is exported, with the shape of BG/NBD's.
    expectTypeOf(simulateModifiedBgNbd).returns.toEqualTypeOf<ModifiedBgNbdSimulation>();
    expectTypeOf<ModifiedBgNbdSimulation>().toEqualTypeOf<BgNbdSimulation>();
  });
});
