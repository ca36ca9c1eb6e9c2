import { describe, expect, it } from 'vitest';
import { logIntegrateLogConcave } from '../../../src/clv/pareto-nbd/log-integrate-log-concave.js';

describe('logIntegrateLogConcave', () => {
  it('integrates e^{-u} on [0, 5] (1 − e^{-5})', () => {
    expect(
      logIntegrateLogConcave(
        (u) => -u,
        () => -1,
        0,
        5,
      ),
    ).toBeCloseTo(Math.log(1 - Math.exp(-5)), 13);
  });

  it('integrates a standard normal kernel over (−∞, ∞) as √(2π), with a far mode and lo = −∞', () => {
    const v = logIntegrateLogConcave(
      (u) => -0.5 * (u - 300) ** 2,
      (u) => -(u - 300),
      Number.NEGATIVE_INFINITY,
      400,
    );
    expect(v).toBeCloseTo(0.5 * Math.log(2 * Math.PI), 12);
  });

  it('handles integrands far outside double range (log scale only)', () => {
    // ∫_0^1 e^{5000 − 2000u} du = e^{5000}(1 − e^{−2000})/2000
    const v = logIntegrateLogConcave(
      (u) => 5000 - 2000 * u,
      () => -2000,
      0,
      1,
    );
    expect(v).toBeCloseTo(5000 - Math.log(2000), 9);
  });

  it('is accurate across a sharp bend given as a break (Gamma-type kernel)', () => {
    // ∫_{−∞}^{∞} exp(k·u − e^u) du = Γ(k); k = 250 (sharp), checked against ln Γ(250) by Stirling series.
    const k = 250;
    const v = logIntegrateLogConcave(
      (u) => k * u - Math.exp(u),
      (u) => k - Math.exp(u),
      Number.NEGATIVE_INFINITY,
      20,
      [Math.log(k)],
    );
    const stirling = (k - 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k ** 3);
    expect(v).toBeCloseTo(stirling, 9);
  });

  it('returns −Infinity for an empty range', () => {
    expect(
      logIntegrateLogConcave(
        (u) => -u,
        () => -1,
        2,
        2,
      ),
    ).toBe(Number.NEGATIVE_INFINITY);
    expect(
      logIntegrateLogConcave(
        (u) => -u,
        () => -1,
        3,
        2,
      ),
    ).toBe(Number.NEGATIVE_INFINITY);
  });
});
