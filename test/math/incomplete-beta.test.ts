import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClvkitError } from '../../src/errors.js';
import { logRegularizedBeta } from '../../src/math/incomplete-beta.js';
import { logGamma } from '../../src/math/log-gamma.js';

/** P(N ≥ n) of a negative binomial by summing the pmf (brute force): I_{1−q}(n, r). */
function negBinTail(r: number, q: number, n: number): number {
  let below = 0;
  for (let j = 0; j < n; j++) below += Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * Math.log(q) + j * Math.log1p(-q));
  return 1 - below;
}

/** P(Bin(m, x) ≥ k) = I_x(k, m − k + 1) for integer k, m. */
function binomialTail(m: number, x: number, k: number): number {
  let s = 0;
  for (let j = k; j <= m; j++) s += Math.exp(logGamma(m + 1) - logGamma(j + 1) - logGamma(m - j + 1) + j * Math.log(x) + (m - j) * Math.log1p(-x));
  return s;
}

describe('logRegularizedBeta', () => {
  it('worked example: I_0.3(2, 3) = P(Bin(4, 0.3) ≥ 2) = 0.3483', () => {
    expect(Math.exp(logRegularizedBeta(0.3, 0.7, 2, 3))).toBeCloseTo(0.3483, 14);
  });

  it('matches binomial tails (integer a, b) on both branches of the continued fraction', () => {
    for (const [m, x, k] of [
      [10, 0.2, 3],
      [10, 0.9, 3],
      [40, 0.5, 30],
      [200, 0.01, 10],
    ] as const) {
      const got = Math.exp(logRegularizedBeta(x, 1 - x, k, m - k + 1));
      expect(got / binomialTail(m, x, k)).toBeCloseTo(1, 11);
    }
  });

  it('matches negative-binomial tails with a tiny shape r (the BG/NBD use)', () => {
    for (const [r, q, n] of [
      [0.5, 0.3, 3],
      [2.5, 0.01, 400],
      [1e-4, 1e-2, 10],
      [50, 0.5, 10],
    ] as const) {
      expect(Math.exp(logRegularizedBeta(1 - q, q, n, r)) / negBinTail(r, q, n)).toBeCloseTo(1, 9);
    }
  });

  it('keeps tails far below the smallest double in log space, and has the edges', () => {
    // I_x(a, 1) = x^a exactly: here e^−1381.55, far below the smallest double.
    expect(logRegularizedBeta(1e-3, 1 - 1e-3, 200, 1)).toBeCloseTo(200 * Math.log(1e-3), 9);
    expect(logRegularizedBeta(1e-3, 1 - 1e-3, 200, 1) / (200 * Math.log(1e-3))).toBeCloseTo(1, 14);
    expect(logRegularizedBeta(0, 1, 2, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(logRegularizedBeta(1, 0, 2, 3)).toBe(0);
    // Symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    expect(Math.exp(logRegularizedBeta(0.4, 0.6, 2.5, 7)) + Math.exp(logRegularizedBeta(0.6, 0.4, 7, 2.5))).toBeCloseTo(1, 14);
  });

  it('throws NUMERIC_FAILURE outside its domain', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return (error as ClvkitError).code;
      }
      return undefined;
    };
    expect(code(() => logRegularizedBeta(0.3, 0.7, 0, 1))).toBe('NUMERIC_FAILURE');
    expect(code(() => logRegularizedBeta(0.3, 0.6, 1, 1))).toBe('NUMERIC_FAILURE');
    expect(code(() => logRegularizedBeta(0.3, 0.7, Number.NaN, 1))).toBe('NUMERIC_FAILURE');
  });

  it('has the documented type', () => {
    expectTypeOf(logRegularizedBeta).toEqualTypeOf<(x: number, y: number, a: number, b: number) => number>();
  });
});
