import { describe, expect, it } from 'vitest';
import { digamma } from '../../src/math/digamma.js';
import { trigamma, trigammaStep } from '../../src/math/trigamma.js';

describe('trigamma', () => {
  it('matches mpmath psi(1, x) (mp.dps = 30) to 1e-14 relative', () => {
    const reference: [number, number][] = [
      [1e-3, 1000001.642533195869],
      [0.243, 18.141779787095828626],
      [0.5, 4.9348022005446793094],
      [1, 1.6449340668482264365],
      [3.7, 0.3100378576700383191],
      [19.99, 0.05129711763484186657],
      [20, 0.051270822935203119832],
      [25.5, 0.039994669649562924037],
      [100, 0.010050166663333571395],
      [1e10, 1.00000000005e-10],
    ];
    for (const [x, expected] of reference) expect(Math.abs(trigamma(x) / expected - 1), `x = ${x}`).toBeLessThan(1e-14);
  });

  it('is the derivative of digamma (central differences)', () => {
    for (const x of [0.05, 0.7, 3.3, 18, 21, 400]) {
      const h = 1e-5 * x;
      expect(trigamma(x) / ((digamma(x + h) - digamma(x - h)) / (2 * h))).toBeCloseTo(1, 7);
    }
  });

  it('throws NUMERIC_FAILURE outside x > 0', () => {
    for (const x of [0, -1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => trigamma(x)).toThrowError(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
  });
});

describe('trigammaStep', () => {
  it('is −Σ 1/(z+j)² for small n, exactly the worked example', () => {
    expect(trigammaStep(2, 3)).toBe(-(1 / 4 + 1 / 9 + 1 / 16));
    expect(trigammaStep(0.3, 0)).toBe(0);
  });

  it('the summed and the differenced forms agree around the switch at n = 64', () => {
    for (const z of [0.01, 0.9, 7.5, 300]) {
      // n = 64 is summed; n = 65 differenced: their difference is the one extra term −1/(z+64)².
      const step = trigammaStep(z, 65) - trigammaStep(z, 64);
      expect(step / (-1 / ((z + 64) * (z + 64)))).toBeCloseTo(1, 6);
      expect(trigammaStep(z, 200) / (trigamma(z + 200) - trigamma(z))).toBe(1);
    }
  });

  it('keeps its digits for large z where the trigamma difference would cancel', () => {
    // ψ₁(z+1) − ψ₁(z) = −1/z² exactly.
    expect(trigammaStep(1e8, 1)).toBe(-1e-16);
  });
});
