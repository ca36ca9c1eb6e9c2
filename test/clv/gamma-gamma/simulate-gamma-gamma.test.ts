import { describe, expect, expectTypeOf, it } from 'vitest';
import { simulateGammaGamma, type SimulatedGammaGamma } from '../../../src/clv/gamma-gamma/simulate-gamma-gamma.js';
import { isClvkitError } from '../../../src/errors.js';

describe('simulateGammaGamma', () => {
  const params = { p: 6, q: 4, gamma: 15 };

  it('is deterministic per seed and per customer', () => {
    const a = simulateGammaGamma({ params, frequency: [0, 2, 5], seed: 1 });
    expect(simulateGammaGamma({ params, frequency: [0, 2, 5], seed: 1 })).toEqual(a);
    expect(simulateGammaGamma({ params, frequency: [0, 2, 5, 1], seed: 1 }).monetaryValue.slice(0, 3)).toEqual(a.monetaryValue);
    expect(a.monetaryValue[0]).toBe(0);
  });

  it('has the model moments: E[ν] = q/γ and E[m̄] = pγ/(q−1)', () => {
    const sim = simulateGammaGamma({ params, frequency: Array.from({ length: 40_000 }, () => 3), seed: 2 });
    const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(sim.nu) / (4 / 15)).toBeCloseTo(1, 1);
    expect(mean(sim.monetaryValue) / ((6 * 15) / 3)).toBeCloseTo(1, 1);
  });

  it('rejects bad options', () => {
    for (const bad of [
      { params: { ...params, p: -1 }, frequency: [1], seed: 1 },
      { params, frequency: [1.5], seed: 1 },
      { params, frequency: [], seed: 1 },
      { params, frequency: [1] },
    ]) {
      try {
        simulateGammaGamma(bad as never);
        expect.unreachable();
      } catch (e) {
        expect(isClvkitError(e, 'INVALID_OPTIONS')).toBe(true);
      }
    }
  });

  it('has the public types', () => {
    expectTypeOf(simulateGammaGamma).returns.toEqualTypeOf<SimulatedGammaGamma>();
  });
});
