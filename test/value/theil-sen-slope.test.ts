import { median } from 'simple-statistics';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { MAX_THEIL_SEN_POINTS, theilSenSlope, theilSenSlopeUnchecked } from '../../src/value/theil-sen-slope.js';
import type { TheilSenSlopeOptions } from '../../src/value/theil-sen-slope.js';
import { expectCode } from '../helpers/expect-code.js';

describe('theilSenSlope', () => {
  it('worked example: the median of the pairwise slopes ignores an outlier', () => {
    // Pairwise slopes of (1,10) (2,12) (3,14) (4,100) (5,18): 2, 2, 30, 2, 2, 44, 2, 86, 2, −82 → median 2.
    expect(theilSenSlope([1, 2, 3, 4, 5], [10, 12, 14, 100, 18], {})).toBe(2);
  });

  it('recovers an exact line, and an even number of slopes averages the middle two', () => {
    expect(theilSenSlope([0, 1, 2, 3], [5, 8, 11, 14])).toBe(3);
    // Slopes of (0,0) (1,1) (2,4): 1, 2, 3 → 2; with (3,3) added: 1, 2, 1, 3, 1, −1 → sorted −1 1 1 1 2 3 → 1.
    expect(theilSenSlope([0, 1, 2], [0, 1, 4])).toBe(2);
    expect(theilSenSlope([0, 1, 2, 3], [0, 1, 4, 3])).toBe(1);
    expect(Object.is(theilSenSlope([3, 2, 1], [5, 5, 5]), 0)).toBe(true);
  });

  it('skips pairs with equal x', () => {
    expect(theilSenSlope([1, 1, 2], [0, 10, 20])).toBe(15); // slopes 20 and 10
  });

  it('cross-check: brute force with simple-statistics median on random series', () => {
    const rng = createRandom(9);
    for (let t = 0; t < 20; t++) {
      const n = 2 + rng.int(15);
      const x = Array.from({ length: n }, (_, i) => i + rng.int(3));
      const y = Array.from({ length: n }, () => rng.normal() * 10);
      const slopes: number[] = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (x[j] !== x[i]) slopes.push((y[j]! - y[i]!) / (x[j]! - x[i]!));
      if (slopes.length === 0) continue;
      expect(theilSenSlope(x, y)).toBeCloseTo(median(slopes), 12);
    }
  });

  it('the internal entry with a reused scratch buffer gives the public result; a short buffer is not used', () => {
    const rng = createRandom(4);
    const scratch = new Float64Array(66); // 12 points
    const small = new Float64Array(1); // big enough for two points only: larger series allocate their own
    for (let t = 0; t < 30; t++) {
      const n = 2 + rng.int(11);
      const x = Array.from({ length: n }, (_, i) => n - i + rng.int(2)); // descending, with ties
      const y = Array.from({ length: n }, () => Math.round(rng.normal() * 5));
      const fresh = theilSenSlopeUnchecked(x, y, n);
      expect(theilSenSlopeUnchecked(x, y, n, scratch)).toBe(fresh);
      expect(theilSenSlopeUnchecked(x, y, n, small)).toBe(fresh);
      expect(Object.is(fresh, -0)).toBe(false);
    }
  });

  it('bad input', () => {
    expectCode(() => theilSenSlope(undefined as never, [1]), 'INVALID_VALUE');
    expectCode(() => theilSenSlope([1, 2], 'ab' as never), 'INVALID_VALUE');
    expectCode(() => theilSenSlope([1, 2], [1]), 'LENGTH_MISMATCH');
    expectCode(() => theilSenSlope([1, 2], [1, Number.NaN]), 'INVALID_VALUE');
    expectCode(() => theilSenSlope([1, 1], [1, 2]), 'TOO_FEW_VALUES');
    expectCode(() => theilSenSlope([1], [1]), 'TOO_FEW_VALUES');
    expectCode(() => theilSenSlope([1, 2], [1, 2], { extra: 1 } as never), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(theilSenSlope).returns.toEqualTypeOf<number>();
    expectTypeOf<TheilSenSlopeOptions>().toBeObject();
  });
});

describe('theilSenSlope: size limits', () => {
  it('more than MAX_THEIL_SEN_POINTS points is INVALID_VALUE at once (not an 18 s, 1.6 GB run); the cap itself works', () => {
    const n = MAX_THEIL_SEN_POINTS + 1;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const started = Date.now();
    expect(() => theilSenSlope(x, x)).toThrowError(
      expect.objectContaining({ code: 'INVALID_VALUE', message: expect.stringContaining(`at most ${MAX_THEIL_SEN_POINTS} points`) }),
    );
    expect(Date.now() - started).toBeLessThan(500);
    expect(MAX_THEIL_SEN_POINTS).toBe(5_000);
  });

  it('array-likes claiming a length of 1e10 or −1 are INVALID_VALUE, not a RangeError', () => {
    for (const length of [1e10, -1, 1.5, Number.NaN]) {
      expect(() => theilSenSlope({ length } as ArrayLike<number>, { length } as ArrayLike<number>)).toThrowError(
        expect.objectContaining({ code: 'INVALID_VALUE' }),
      );
    }
  });
});
