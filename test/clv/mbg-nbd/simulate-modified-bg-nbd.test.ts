import { describe, expect, it } from 'vitest';
import { simulateModifiedBgNbd } from '../../../src/clv/mbg-nbd/simulate-modified-bg-nbd.js';

describe('simulateModifiedBgNbd', () => {
  it('drops customers at time 0 with probability E[p] = a/(a+b)', () => {
    const params = { r: 2, alpha: 1, a: 1, b: 3 };
    const sim = simulateModifiedBgNbd({ params, customers: 40_000, T: 100, seed: 3 });
    // With λ ~ Gamma(2, 1) and T = 100 nearly every surviving customer buys; x = 0 ≈ dropped at time 0.
    let zero = 0;
    for (const x of sim.frequency) if (x === 0) zero++;
    expect(zero / 40_000).toBeCloseTo(0.25, 2);
    for (let i = 0; i < 100; i++) if (sim.frequency[i] === 0) expect(sim.alive[i]).toBe(0);
  });
  it('is deterministic in the seed and validates options', () => {
    const o = { params: { r: 1, alpha: 1, a: 1, b: 1 }, customers: 5, T: 10, seed: 1 };
    expect(simulateModifiedBgNbd(o).recency).toEqual(simulateModifiedBgNbd(o).recency);
    expect(() => simulateModifiedBgNbd({ ...o, seed: Number.NaN })).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});
