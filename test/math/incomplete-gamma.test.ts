import { describe, expect, it } from 'vitest';
import { regularizedGammaQ } from '../../src/math/incomplete-gamma.js';
import { expectCode } from '../helpers/expect-code.js';

describe('regularizedGammaQ', () => {
  it('matches mpmath gammainc(a, x, inf, regularized=True) on both branches', () => {
    const cases: [number, number, number][] = [
      [0.5, 1.920729, 0.050000024472662899],
      [1, 2.995732, 0.050000013677701428],
      [2.5, 3, 0.30621891841327842],
      [10, 25, 0.00022147663824878358],
      [0.5, 1e-3, 0.9643294082703201],
      [50, 40, 0.92966493334060505],
    ];
    for (const [a, x, ref] of cases) expect(regularizedGammaQ(a, x) / ref).toBeCloseTo(1, 12);
    expect(regularizedGammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 15);
    expect(regularizedGammaQ(3, 0)).toBe(1);
  });
  it('rejects arguments outside its domain', () => {
    expectCode(() => regularizedGammaQ(0, 1), 'NUMERIC_FAILURE');
    expectCode(() => regularizedGammaQ(1, -1), 'NUMERIC_FAILURE');
  });
});
