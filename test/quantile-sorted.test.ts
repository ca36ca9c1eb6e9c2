import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../src/quantile-sorted.js';

describe('quantileSorted (type 7)', () => {
  const x = [1.5, 2, 3.25, 7, 11, 11, 20];

  it("matches Python's statistics.quantiles(method='inclusive') (the same definition, an independent implementation)", () => {
    // python3 -c "import statistics; print(statistics.quantiles([1.5,2,3.25,7,11,11,20], n=10, method='inclusive'))"
    const deciles = [1.8, 2.25, 3.0, 4.75, 7.0, 9.4, 11.0, 11.0, 14.6];
    deciles.forEach((q, i) => expect(quantileSorted(x, (i + 1) / 10)).toBeCloseTo(q, 12));
    expect([0.25, 0.5, 0.75].map((p) => quantileSorted(x, p))).toEqual([2.625, 7, 11]);
  });

  it('edges: p = 0 and 1 are the extremes; one value; typed arrays read the same', () => {
    expect(quantileSorted(x, 0)).toBe(1.5);
    expect(quantileSorted(x, 1)).toBe(20);
    expect(quantileSorted([4], 0.3)).toBe(4);
    expect(quantileSorted(Float64Array.from(x), 0.5)).toBe(quantileSorted(x, 0.5));
    expect(quantileSorted(Float64Array.of(0, 10), 0.25)).toBe(2.5);
  });
});
