import { describe, expect, it } from 'vitest';
import { integrate } from '../../src/math/integrate.js';

describe('integrate', () => {
  it('integrates smooth functions to near machine precision', () => {
    expect(integrate((x) => Math.exp(-x), 0, 50, { tolerance: 1e-13 })).toBeCloseTo(1 - Math.exp(-50), 13);
    expect(integrate(Math.sin, 0, Math.PI)).toBeCloseTo(2, 13);
    expect(integrate((x) => x ** 7, -1, 2)).toBeCloseTo((2 ** 8 - 1) / 8, 11);
  });
  it('finds a narrow peak when given a breakpoint near it, and adapts to endpoint singularities', () => {
    const peak = (x: number): number => Math.exp(-((x - 3.3) ** 2) / (2 * 1e-4)) / Math.sqrt(2 * Math.PI * 1e-4);
    expect(integrate(peak, -50, 50, { breakpoints: [3.3] })).toBeCloseTo(1, 10);
    expect(integrate((x) => 1 / Math.sqrt(x), 1e-12, 1, { tolerance: 1e-10 })).toBeCloseTo(2 - 2e-6, 6);
  });
  it('throws NUMERIC_FAILURE for a non-finite integrand or unreachable accuracy', () => {
    expect(() => integrate(() => Number.NaN, 0, 1)).toThrowError(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
    expect(() => integrate((x) => Math.sin(1 / x), 1e-300, 1, { maxDepth: 3 })).toThrowError(expect.objectContaining({ code: 'NUMERIC_FAILURE' }));
  });
});
