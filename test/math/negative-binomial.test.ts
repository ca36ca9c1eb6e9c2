import { describe, expect, it } from 'vitest';
import { logNegativeBinomialPmf, negativeBinomialTail } from '../../src/math/negative-binomial.js';
import { logGamma } from '../../src/math/log-gamma.js';

describe('logNegativeBinomialPmf / negativeBinomialTail', () => {
  it('equals the ln Γ form, sums to 1, and its tail equals 1 − the partial sums', () => {
    for (const [shape, rate, t] of [
      [0.243, 4.414, 39],
      [50, 30, 20],
      [2.5, 100, 1],
    ] as const) {
      const pmf = logNegativeBinomialPmf(shape, rate, t, 400);
      let total = 0;
      for (let j = 0; j <= 400; j++) {
        const direct = logGamma(shape + j) - logGamma(shape) - logGamma(j + 1) + shape * Math.log(rate / (rate + t)) + j * Math.log(t / (rate + t));
        expect(pmf[j]).toBeCloseTo(direct, 8);
        if (j >= 1 && j <= 30) expect(negativeBinomialTail(shape, rate, t, j)).toBeCloseTo(1 - total, 12);
        total += Math.exp(pmf[j]!);
      }
      expect(total).toBeCloseTo(1, 10);
    }
    expect(Array.from(logNegativeBinomialPmf(1, 1, 0, 2))).toEqual([0, -Infinity, -Infinity]);
    expect(negativeBinomialTail(1, 1, 0, 3)).toBe(0);
  });
});
