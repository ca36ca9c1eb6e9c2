import { describe, expect, expectTypeOf, it } from 'vitest';
import { simulateBgBb, type SimulatedBgBb } from '../../../src/clv/bg-bb/simulate-bg-bb.js';
import { isClvkitError } from '../../../src/errors.js';

describe('simulateBgBb', () => {
  const params = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };

  it('is deterministic per seed and per customer', () => {
    const a = simulateBgBb({ params, customers: 50, periods: 6, seed: 3 });
    const b = simulateBgBb({ params, customers: 50, periods: 6, seed: 3 });
    const more = simulateBgBb({ params, customers: 80, periods: 6, seed: 3 });
    expect(a).toEqual(b);
    expect(Array.from(more.frequency.slice(0, 50))).toEqual(Array.from(a.frequency));
    expect(simulateBgBb({ params, customers: 50, periods: 6, seed: 4 }).p).not.toEqual(a.p);
  });

  it('produces valid patterns (0 ≤ x ≤ t_x ≤ n, t_x = 0 iff x = 0)', () => {
    const sim = simulateBgBb({ params, customers: 2000, periods: 6, holdoutPeriods: 3, seed: 1 });
    for (let i = 0; i < sim.length; i++) {
      const x = sim.frequency[i]!;
      const tx = sim.recency[i]!;
      expect(x <= tx && tx <= 6).toBe(true);
      expect(x === 0).toBe(tx === 0);
      expect(sim.holdoutFrequency[i]).toBeLessThanOrEqual(3);
      expect(sim.T[i]).toBe(6);
    }
  });

  it('matches the model means: E[p] = α/(α+β), E[θ] = γ/(γ+δ)', () => {
    const sim = simulateBgBb({ params, customers: 40_000, periods: 1, seed: 2 });
    const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(sim.p)).toBeCloseTo(1.2 / 1.95, 2);
    expect(mean(sim.theta)).toBeCloseTo(0.66 / 3.46, 2);
  });

  it('rejects bad options', () => {
    for (const bad of [
      { params: { ...params, alpha: 0 }, customers: 1, periods: 1, seed: 1 },
      { params, customers: 0, periods: 1, seed: 1 },
      { params, customers: 1, periods: 1.5, seed: 1 },
      { params, customers: 1, periods: 1 },
    ]) {
      try {
        simulateBgBb(bad as never);
        expect.unreachable();
      } catch (e) {
        expect(isClvkitError(e, 'INVALID_OPTIONS')).toBe(true);
      }
    }
  });

  it('has the public types', () => {
    expectTypeOf(simulateBgBb).returns.toEqualTypeOf<SimulatedBgBb>();
  });
});
