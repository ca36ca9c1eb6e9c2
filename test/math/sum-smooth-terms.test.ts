import { describe, expect, it } from 'vitest';
import { sumSmoothTerms } from '../../src/math/sum-smooth-terms.js';

describe('sumSmoothTerms (Euler–Maclaurin)', () => {
  it('sums a power law over a span of 1e12 to 1e-12, against mpmath ζ(2.5, 1000) − ζ(2.5, 1e12 + 1)', () => {
    const got = sumSmoothTerms(
      (u) => -2.5 * Math.log(u),
      (u) => -2.5 / u,
      1000,
      1e12,
    );
    expect(Math.abs(got / 0.0000210976690441661 - 1)).toBeLessThan(1e-12);
  });

  it('agrees with direct summation, and handles empty and one-term spans', () => {
    let direct = 0;
    for (let i = 500; i <= 200_000; i++) direct += Math.pow(i, -1.3);
    expect(
      sumSmoothTerms(
        (u) => -1.3 * Math.log(u),
        (u) => -1.3 / u,
        500,
        200_000,
      ) /
        direct -
        1,
    ).toBeLessThan(1e-12);
    expect(
      sumSmoothTerms(
        (u) => -Math.log(u),
        (u) => -1 / u,
        10,
        9,
      ),
    ).toBe(0);
    expect(
      sumSmoothTerms(
        (u) => -Math.log(u),
        (u) => -1 / u,
        10,
        10,
      ),
    ).toBeCloseTo(0.1, 15);
  });
});
