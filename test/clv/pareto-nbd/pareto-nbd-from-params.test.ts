import { describe, expect, expectTypeOf, it } from 'vitest';
import { paretoNbdFromJSON } from '../../../src/clv/pareto-nbd/pareto-nbd-from-json.js';
import { paretoNbdModel } from '../../../src/clv/pareto-nbd/pareto-nbd-from-params.js';
import type { ParetoNbdModel } from '../../../src/clv/pareto-nbd/pareto-nbd-model.js';
import type { ParetoNbdSimulation, SimulatedParetoNbd } from '../../../src/clv/pareto-nbd/simulate-pareto-nbd.js';
import { expectCode } from '../../helpers/expect-code.js';

/** Fader, Hardie & Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB": CDNOW, weeks. */
const FHL = { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 };

describe('paretoNbdModel (from given parameters)', () => {
  const model = paretoNbdModel(FHL, { timeUnit: 'week' });

  it('gives E[X(t)] = rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)] (Schmittlein et al. 1987, eq. 17)', () => {
    const { r, alpha, s, beta } = FHL;
    for (const t of [1, 39, 78]) {
      const closed = ((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + t)) ** (s - 1));
      expect(model.expectedTransactions(t)).toBeCloseTo(closed, 10);
    }
  });

  it('is the model a restored fit builds (identical predictions), with the fit report of no data', () => {
    const customers = { frequency: [0, 2, 7], recency: [0, 30.43, 35], T: [38.86, 38.86, 38.86] };
    const restored = paretoNbdFromJSON(model.toJSON());
    expect(restored.probabilityAlive(customers)).toEqual(model.probabilityAlive(customers));
    expect(restored.conditionalExpectedTransactions(39, customers)).toEqual(model.conditionalExpectedTransactions(39, customers));
    expect(model).toMatchObject({ kind: 'pareto-nbd', timeUnit: 'week', params: FHL, customers: 0, iterations: 0, standardErrors: null, penalizer: 0 });
  });

  it('rejects bad parameters and options', () => {
    expect(expectCode(() => paretoNbdModel({ ...FHL, beta: Number.POSITIVE_INFINITY }, { timeUnit: 'week' }), 'INVALID_VALUE').details.path).toEqual(['beta']);
    expectCode(() => paretoNbdModel({ r: 1, alpha: 1, a: 1, b: 1 } as never, { timeUnit: 'week' }), 'INVALID_OPTIONS');
    expectCode(() => paretoNbdModel(FHL, { timeUnit: 'period' } as never), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(paretoNbdModel).returns.toEqualTypeOf<ParetoNbdModel>();
    expectTypeOf<SimulatedParetoNbd>().toEqualTypeOf<ParetoNbdSimulation>();
  });
});
