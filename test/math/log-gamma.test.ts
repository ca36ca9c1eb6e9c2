import { describe, expect, it } from 'vitest';
import { logBeta, logGamma } from '../../src/math/log-gamma.js';

describe('logGamma', () => {
  it('matches factorials exactly computed', () => {
    let f = 1;
    for (let n = 1; n < 25; n++) {
      f *= n;
      if (n === 1) continue;
      expect(logGamma(n + 1) / Math.log(f)).toBeCloseTo(1, 13);
    }
  });
  it('matches Γ(1/2) = √π and the recurrence on both sides of 10', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    for (const x of [1e-6, 0.3, 9.5, 9.99, 10.01, 1e5]) expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 9);
  });
  it('returns NaN outside its domain and logBeta is consistent', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
  });
});
