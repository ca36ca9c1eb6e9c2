import { describe, expect, expectTypeOf, it } from 'vitest';
import { hyp2f1, logAbsHyp2f1, logGammaSigned, logHyp2f1 } from '../../src/math/hyp2f1.js';
import type { SignedLog } from '../../src/math/hyp2f1.js';
import { expectCode } from '../helpers/expect-code.js';

/** ln of a positive rational given as BigInt numerator/denominator (exact digits, then a double log). */
function logRatio(num: bigint, den: bigint): number {
  const digits = (v: bigint): number => v.toString().length;
  const shift = Math.max(0, digits(num) - 30);
  const shiftD = Math.max(0, digits(den) - 30);
  return Math.log(Number(num / 10n ** BigInt(shift))) - Math.log(Number(den / 10n ** BigInt(shiftD))) + (shift - shiftD) * Math.LN10;
}

/**
 * Brute force: the Gauss series in exact rational arithmetic (BigInt fixed point with 80 digits)
 * for rational a = an/ad etc. Independent of the implementation under test (no transformations).
 */
function bruteLog2f1(an: bigint, ad: bigint, bn: bigint, bd: bigint, cn: bigint, cd: bigint, zn: bigint, zd: bigint): number {
  const scale = 10n ** 80n;
  let term = scale;
  let sum = scale;
  for (let n = 0n; n < 200_000n; n++) {
    // term *= (a+n)(b+n) z / ((c+n)(n+1))
    const num = (an + n * ad) * (bn + n * bd) * zn * cd;
    const den = ad * bd * (cn + n * cd) * (n + 1n) * zd;
    term = (term * num) / den;
    sum += term;
    const abs = term < 0n ? -term : term;
    if (n > 10n && abs * 10n ** 20n < (sum < 0n ? -sum : sum) && abs < scale) break;
  }
  return logRatio(sum, scale);
}

const zs = [-1e4, -50, -5, -1, -0.3, 0, 0.2, 0.5, 0.8, 0.95, 0.999, 0.99999, 0.9999999];

describe('hyp2f1', () => {
  it('matches the worked example', () => {
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(2 * Math.LN2, 14);
  });

  it.each(zs)('matches closed forms at z = %f', (z) => {
    const rel = (v: number, e: number): number => Math.abs(v / e - 1);
    // −ln(1−z)/z (c − a − b = 0, an integer)
    expect(rel(hyp2f1(1, 1, 2, z), z === 0 ? 1 : -Math.log1p(-z) / z)).toBeLessThan(1e-12);
    // (1−z)^(−a)
    expect(rel(hyp2f1(0.7, 2.3, 2.3, z), Math.pow(1 - z, -0.7))).toBeLessThan(1e-12);
    // 2[(1−z)ln(1−z) + z]/z² (c − a − b = 1)
    if (Math.abs(z) > 1e-3) expect(rel(hyp2f1(1, 1, 3, z), (2 * ((1 - z) * Math.log1p(-z) + z)) / (z * z))).toBeLessThan(1e-10);
    // 1/(1 − z) (c − a − b = −1)
    expect(rel(hyp2f1(1, 2, 2, z), 1 / (1 - z))).toBeLessThan(1e-12);
    if (z > 0) {
      const q = Math.sqrt(z);
      // arcsin(√z)/√z and artanh(√z)/√z, with artanh in a form that keeps precision near 1
      expect(rel(hyp2f1(0.5, 0.5, 1.5, z), Math.asin(q) / q)).toBeLessThan(1e-12);
      const atanh = 0.5 * (Math.log1p(q) - Math.log((1 - z) / (1 + q)));
      expect(rel(hyp2f1(0.5, 1, 1.5, z), atanh / q)).toBeLessThan(1e-12);
    } else if (z < 0) {
      const q = Math.sqrt(-z);
      expect(rel(hyp2f1(0.5, 1, 1.5, z), Math.atan(q) / q)).toBeLessThan(1e-12);
    }
  });

  it.each([
    // a, b, c, z as (numerator, denominator) pairs
    [
      [3, 10],
      [17, 4],
      [5, 2],
      [9, 10],
    ],
    [
      [2431, 100],
      [2426, 1000],
      [7219, 1000],
      [1, 2],
    ],
    [
      [-5, 2],
      [13, 10],
      [7, 3],
      [4, 5],
    ],
    [
      [1, 3],
      [-7, 4],
      [1, 7],
      [-3, 4],
    ],
    [
      [11, 10],
      [9, 10],
      [1, 1],
      [99, 100],
    ],
  ])('agrees with an exact-rational brute-force series (%j, %j, %j, %j)', ([an, ad], [bn, bd], [cn, cd], [zn, zd]) => {
    const v = logAbsHyp2f1(an! / ad!, bn! / bd!, cn! / cd!, zn! / zd!);
    expect(v.sign).toBe(1);
    const big = [an, ad, bn, bd, cn, cd, zn, zd].map((q) => BigInt(q!)) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    expect(v.log).toBeCloseTo(bruteLog2f1(...big), 11);
  });

  it('handles BG/NBD-sized parameters in log space: ₂F₁(r+x, b+x; a+b+x−1; z) with x up to 10,000', () => {
    // r = 0.25, a = 0.8, b = 2.4 (rationals), z = 39/(4.4+38.86+39) ≈ 0.474.
    for (const x of [0n, 10n, 1000n, 10000n]) {
      const brute = bruteLog2f1(25n + 100n * x, 100n, 24n + 10n * x, 10n, 22n + 10n * x, 10n, 3900n, 8226n);
      const v = logHyp2f1(0.25 + Number(x), 2.4 + Number(x), 3.2 + Number(x) - 1, 3900 / 8226);
      expect(Math.abs(v - brute)).toBeLessThan(1e-9 * Math.max(1, Math.abs(brute)));
    }
    expect(logHyp2f1(0.25 + 10000, 2.4 + 10000, 2.2 + 10000, 0.999)).toBeGreaterThan(700);
  });

  it.each([
    // Pareto/NBD-like ₂F₁(r+s+x, s+1; r+s+x+1; z) with s = 2: c − a − b = −2, an integer.
    [
      [25533, 10000],
      [3, 1],
      [35533, 10000],
      [7, 10],
    ],
    [
      [25533, 10000],
      [3, 1],
      [35533, 10000],
      [95, 100],
    ],
    [
      [75533, 10000],
      [2, 1],
      [85533, 10000],
      [999, 1000],
    ],
    // m = c − a − b = +2 without Euler's transformation.
    [
      [1, 1],
      [15533, 10000],
      [45533, 10000],
      [97, 100],
    ],
    // Large x: the z → 1 − z limit forms cancel (these came out as e^29.8 with sign −1, e^37.5, NaN).
    [
      [5025533, 10000],
      [3, 1],
      [5035533, 10000],
      [91, 100],
    ],
    [
      [10035533, 10000],
      [3, 1],
      [10045533, 10000],
      [95, 100],
    ],
    [
      [10025533, 10000],
      [2, 1],
      [10035533, 10000],
      [95, 100],
    ],
    [
      [1000025533, 10000],
      [3, 1],
      [1000035533, 10000],
      [95, 100],
    ], // was NaN
    [
      [525533, 10000],
      [3, 1],
      [535533, 10000],
      [91, 100],
    ], // was 2.5e-12 off
  ])('integer c − a − b: agrees with the exact-rational series (%j, %j, %j, %j)', ([an, ad], [bn, bd], [cn, cd], [zn, zd]) => {
    const v = logAbsHyp2f1(an! / ad!, bn! / bd!, cn! / cd!, zn! / zd!);
    expect(v.sign).toBe(1);
    const big = [an, ad, bn, bd, cn, cd, zn, zd].map((q) => BigInt(q!)) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    const brute = bruteLog2f1(...big);
    expect(Math.abs(v.log - brute)).toBeLessThan(1e-13 * Math.max(1, Math.abs(brute)));
  });

  it('logHyp2f1 works where hyp2f1 overflows', () => {
    const log = logHyp2f1(1000, 1000, 1500, 0.9);
    expect(Number.isFinite(log)).toBe(true);
    expect(log).toBeGreaterThan(710);
    expectCode(() => hyp2f1(1000, 1000, 1500, 0.9), 'NUMERIC_FAILURE');
  });

  it('terminates exactly for a non-positive integer a (a polynomial)', () => {
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const z = 0.97;
    expect(hyp2f1(-2, 3, 5, z)).toBeCloseTo(1 - (2 * 3 * z) / 5 + (3 * 4 * z * z) / (5 * 6), 13);
  });

  it('reports the sign of negative values and refuses them in logHyp2f1', () => {
    // ₂F₁(−1, 10; 2; 0.9) = 1 − 10·0.9/2 = −3.5
    const v = logAbsHyp2f1(-1, 10, 2, 0.9);
    expect(v.sign).toBe(-1);
    expect(Math.exp(v.log)).toBeCloseTo(3.5, 13);
    expect(hyp2f1(-1, 10, 2, 0.95)).toBeCloseTo(1 - 4.75, 13);
    expectCode(() => logHyp2f1(-1, 10, 2, 0.9), 'NUMERIC_FAILURE');
  });

  it.each([
    [1, 1, 2, 1],
    [1, 1, 2, 1.5],
    [1, 1, -2, 0.5],
    [1, Number.NaN, 2, 0.5],
  ])('throws NUMERIC_FAILURE for (%f, %f, %f, %f)', (a, b, c, z) => {
    expectCode(() => hyp2f1(a, b, c, z), 'NUMERIC_FAILURE');
  });

  it('logGammaSigned reflects to negative arguments', () => {
    const g = logGammaSigned(-0.5);
    expect(g.sign).toBe(-1);
    expect(Math.exp(g.log)).toBeCloseTo(2 * Math.sqrt(Math.PI), 13);
    expect(logGammaSigned(-1.5).sign).toBe(1);
    expectCode(() => logGammaSigned(-2), 'NUMERIC_FAILURE');
  });

  it('types', () => {
    expectTypeOf(logAbsHyp2f1).returns.toEqualTypeOf<SignedLog>();
    expectTypeOf(hyp2f1).returns.toBeNumber();
  });
});

describe('logAbsHyp2f1 at a zero of ₂F₁', () => {
  it('returns ln 0 = -Infinity with sign 0 where a terminating series has a root (was NUMERIC_FAILURE)', () => {
    // Pfaff: ₂F₁(3.1, 3; 2.1; z) = (1−z)^(−3) ₂F₁(−1, 3; 2.1; z/(z−1)) = (1−z)^(−3)(1 − 3w/2.1), w = z/(z−1);
    // at z = −7/3, w = 0.7 and the bracket is exactly 0.
    for (const [a, b] of [
      [3.1, 3],
      [3, 3.1],
    ] as const) {
      expect(logAbsHyp2f1(a, b, 2.1, -7 / 3)).toEqual({ log: Number.NEGATIVE_INFINITY, sign: 0 });
    }
    expect(logAbsHyp2f1(-1, 3, 2.1, 0.7)).toEqual({ log: Number.NEGATIVE_INFINITY, sign: 0 });
  });

  it('is exact on both sides of the root (independent closed form)', () => {
    for (const z of [-2.3, -2.4, -7 / 3 + 1e-6]) {
      const w = z / (z - 1);
      const exact = Math.pow(1 - z, -3) * (1 - (3 * w) / 2.1);
      const got = logAbsHyp2f1(3.1, 3, 2.1, z);
      expect(got.sign).toBe(Math.sign(exact));
      expect(got.log).toBeCloseTo(Math.log(Math.abs(exact)), z === -7 / 3 + 1e-6 ? 5 : 10);
    }
  });
});
