import { describe, expect, it } from 'vitest';
import { simulateShiftedBetaGeometric } from '../../../src/clv/sbg/simulate-shifted-beta-geometric.js';
import { expectCode } from '../../helpers/expect-code.js';

describe('simulateShiftedBetaGeometric', () => {
  const params = { alpha: 0.704, beta: 1.182 };
  const sim = simulateShiftedBetaGeometric({ params, customers: 40_000, periods: 7, seed: 3 });

  it('draws survivors whose shares match S(t) = Π (β+j−1)/(α+β+j−1) within 4 binomial standard errors', () => {
    let s = 1;
    for (let t = 1; t <= 7; t++) {
      s *= (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
      const share = sim.cohort.survivors[t - 1]! / 40_000;
      expect(Math.abs(share - s)).toBeLessThan(4 * Math.sqrt((s * (1 - s)) / 40_000));
    }
  });

  it('keeps its two forms consistent and is seeded and prefix-stable', () => {
    let churned = 0;
    for (let i = 0; i < sim.length; i++) {
      if (sim.churned[i] === 1) {
        churned++;
        expect(sim.periods[i]).toBe(sim.lifetime[i]);
      } else {
        expect(sim.periods[i]).toBe(7);
        expect(sim.lifetime[i]).toBeGreaterThan(7);
      }
    }
    expect(40_000 - churned).toBe(sim.cohort.survivors[6]);
    const small = simulateShiftedBetaGeometric({ params, customers: 100, periods: 7, seed: 3 });
    expect(Array.from(small.theta)).toEqual(Array.from(sim.theta.slice(0, 100)));
  });

  it('rejects bad options', () => {
    expectCode(() => simulateShiftedBetaGeometric({ params: { alpha: -1, beta: 1 }, customers: 10, periods: 3, seed: 1 }), 'INVALID_OPTIONS');
    expectCode(() => simulateShiftedBetaGeometric({ params, customers: 10, periods: 3, seed: 1, extra: 1 } as never), 'INVALID_OPTIONS');
  });
});
