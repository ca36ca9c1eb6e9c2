import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgBbModel } from '../../../src/clv/bg-bb/bg-bb-model.js';
import { bgBbFromJSON, type BgBbModel, type FittedBgBbModel } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import type { BgBbSimulation, SimulatedBgBb } from '../../../src/clv/bg-bb/simulate-bg-bb.js';
import { expectCode } from '../../helpers/expect-code.js';

/** Fader, Hardie & Shang (2010), donations data. */
const FHS = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };

describe('bgBbModel (from given parameters)', () => {
  const model = bgBbModel(FHS);
  const patterns = { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] };

  it('reproduces FHS 2010 Table 6: P(alive in 2002) = 0.11, 0.59, 0.93 for (x, t_x) = (0, 0), (2, 4), (6, 6)', () => {
    const alive = model.probabilityAlive(patterns);
    expect(alive[0]).toBeCloseTo(0.11, 2);
    expect(alive[1]).toBeCloseTo(0.59, 2);
    expect(alive[2]).toBeCloseTo(0.93, 2);
  });

  it('is the model a restored fit builds, in opportunities, with the fit report of no data', () => {
    const restored = bgBbFromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.conditionalExpectedTransactions(5, patterns)).toEqual(model.conditionalExpectedTransactions(5, patterns));
    expect(model).toMatchObject({ kind: 'bg-bb', timeUnit: 'period', params: FHS, customers: 0, standardErrors: null });
  });

  it('rejects bad parameters', () => {
    expect(expectCode(() => bgBbModel({ ...FHS, delta: 0 }), 'INVALID_VALUE').details.path).toEqual(['delta']);
    expectCode(() => bgBbModel({ ...FHS, timeUnit: 'period' } as never), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(bgBbModel).returns.toEqualTypeOf<BgBbModel>();
    // The old names stay, deprecated, for one release.
    expectTypeOf<FittedBgBbModel>().toEqualTypeOf<BgBbModel>();
    expectTypeOf<SimulatedBgBb>().toEqualTypeOf<BgBbSimulation>();
  });
});
