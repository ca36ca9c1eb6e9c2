import { describe, expect, it } from 'vitest';
import { digamma } from '../../src/math/digamma.js';
import { logGamma } from '../../src/math/log-gamma.js';

describe('digamma', () => {
  it('matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 14);
    expect(digamma(-0.5)).toBeCloseTo(digamma(0.5) + 2, 13); // ψ(x+1) = ψ(x) + 1/x
  });
  it('is the derivative of logGamma (central differences)', () => {
    for (const x of [0.01, 0.3, 2.5, 17, 1234.5]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 5);
    }
  });
  it('throws NUMERIC_FAILURE at poles', () => {
    expect(() => digamma(0)).toThrowError(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
    expect(() => digamma(-3)).toThrowError(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
    expect(() => digamma(Number.NaN)).toThrowError(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
  });
});
