import { describe, expect, it } from 'vitest';
import { decileCalibration } from '../../../src/clv/compare/decile-calibration.js';
import { expectCode } from '../../helpers/expect-code.js';

describe('decileCalibration', () => {
  it('ranks by prediction and averages each group (worked example)', () => {
    const c = decileCalibration([3, 0.1, 2, 0.5], [4, 0, 1, 1], { groups: 2 });
    expect(c.groups).toEqual([
      { group: 1, customers: 2, meanPredicted: 0.3, meanActual: 0.5 },
      { group: 2, customers: 2, meanPredicted: 2.5, meanActual: 2.5 },
    ]);
    expect(c.meanAbsoluteGap).toBeCloseTo((0.4 + 0) / 4, 14);
    expect(c.topGroupShareOfActual).toBeCloseTo(5 / 6, 14);
  });

  it('splits unequal sizes with the first groups one larger, and conserves totals', () => {
    const p = Array.from({ length: 23 }, (_, i) => (i * 7) % 23);
    const a = p.map((v) => v + 1);
    const c = decileCalibration(p, a);
    expect(c.groups.map((g) => g.customers)).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
    const total = c.groups.reduce((s, g) => s + g.meanActual * g.customers, 0);
    expect(total).toBeCloseTo(
      a.reduce((s, v) => s + v, 0),
      10,
    );
    expect(c.meanAbsoluteGap).toBeCloseTo(1, 12);
  });

  it('rejects bad input', () => {
    expectCode(() => decileCalibration([1, 2], [1]), 'LENGTH_MISMATCH');
    expectCode(() => decileCalibration([1, 2], [1, 2]), 'TOO_FEW_VALUES');
    expectCode(() => decileCalibration([1, Number.NaN], [1, 2], { groups: 2 }), 'INVALID_VALUE');
  });
});
