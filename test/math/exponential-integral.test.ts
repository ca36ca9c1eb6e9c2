import { describe, expect, it } from 'vitest';
import { scaledExponentialIntegral } from '../../src/math/exponential-integral.js';
import { expectCode } from '../helpers/expect-code.js';

describe('scaledExponentialIntegral', () => {
  it('matches mpmath e^z·expint(s, z) on both branches (continued fraction z ≥ 0.01, quadrature below)', () => {
    // python3 -c "import mpmath as mp; print(mp.expint(s, z) * mp.e**z)"
    const cases: [number, number, number][] = [
      [0.606, 1.460317, 0.52970293802962753],
      [0.5, 0.005, 23.185247992374723],
      [2.3, 0.02, 0.73746780363718023],
      [1, 1, 0.59634736232319407],
      [5, 50, 0.018210967414157585],
      [0.05, 1e-4, 6507.6286093354911],
      [3, 1e-3, 0.49950316893703522],
    ];
    for (const [s, z, ref] of cases) expect(scaledExponentialIntegral(s, z) / ref).toBeCloseTo(1, 10);
  });

  it('is continuous across the switch at z = 0.01', () => {
    for (const s of [0.3, 1, 4]) expect(scaledExponentialIntegral(s, 0.01 * (1 - 1e-12)) / scaledExponentialIntegral(s, 0.01)).toBeCloseTo(1, 9);
  });

  it('rejects arguments outside its domain', () => {
    expectCode(() => scaledExponentialIntegral(0, 1), 'NUMERIC_FAILURE');
    expectCode(() => scaledExponentialIntegral(1, 0), 'NUMERIC_FAILURE');
    expectCode(() => scaledExponentialIntegral(1, Number.NaN), 'NUMERIC_FAILURE');
  });
});
