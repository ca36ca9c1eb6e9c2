import { describe, expect, it } from 'vitest';
import { log1pExp, logAddExp, logDiffExp, logSumExp } from '../../src/math/log-sum-exp.js';

describe('log-space helpers', () => {
  it('log1pExp is accurate and never overflows', () => {
    for (const x of [-800, -40, -5, 0, 5, 30, 40, 800]) {
      const direct = Math.log1p(Math.exp(x));
      if (Number.isFinite(direct) && direct > 0) expect(log1pExp(x) / direct).toBeCloseTo(1, 14);
    }
    expect(log1pExp(1000)).toBe(1000);
    expect(log1pExp(-1000)).toBe(0);
  });
  it('logAddExp adds in log space', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
  });
  it('logDiffExp subtracts in log space, accurately for close arguments', () => {
    expect(logDiffExp(Math.log(5), Math.log(3))).toBeCloseTo(Math.LN2, 15);
    expect(logDiffExp(0, -1e-12)).toBeCloseTo(Math.log(1e-12), 9);
    expect(logDiffExp(2, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDiffExp(2, Number.NEGATIVE_INFINITY)).toBe(2);
    expect(logDiffExp(1, 2)).toBeNaN();
  });
  it('logSumExp sums arrays', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([Math.log(1), Math.log(2), Math.log(3)])).toBeCloseTo(Math.log(6), 15);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
  });
});
