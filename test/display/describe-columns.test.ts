import { describe, expect, it } from 'vitest';
import { describeColumns, quantileType7 } from '../../src/display/describe-columns.js';
import { createRandom } from '../../src/random.js';

describe('describeColumns', () => {
  it('a worked example: pandas gives count 4, mean 2.5, std 1.290994, quartiles 1.75 / 2.5 / 3.25', () => {
    const [d] = describeColumns([{ name: 'x', values: new Float64Array([4, 1, 3, 2]) }]);
    expect(d).toEqual({
      column: 'x',
      count: 4,
      missing: 0,
      mean: 2.5,
      std: expect.closeTo(1.2909944487358056, 14),
      min: 1,
      q25: 1.75,
      median: 2.5,
      q75: 3.25,
      max: 4,
    });
  });

  it('leaves out text, date and dictionary columns; counts non-finite values as missing', () => {
    const out = describeColumns([
      { name: 'id', values: ['a', 'b'] },
      { name: 'day', values: new Int32Array([1, 2]), as: 'epoch-day' },
      { name: 'v', values: [1, Number.NaN] },
      { name: 'empty', values: new Float64Array([Number.POSITIVE_INFINITY]) },
    ]);
    expect(out.map((d) => d.column)).toEqual(['v', 'empty']);
    expect(out[0]).toMatchObject({ count: 1, missing: 1, mean: 1, std: null, min: 1, max: 1 });
    expect(out[1]).toMatchObject({ count: 0, missing: 1, mean: null });
  });

  it('cross-check on random data: brute-force mean, variance and type-7 quantiles by definition', () => {
    const rnd = createRandom(7);
    const xs = Array.from({ length: 501 }, () => 1e6 + rnd.next() * 10);
    const [d] = describeColumns([{ name: 'x', values: xs }]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    expect(d!.mean).toBeCloseTo(mean, 8);
    expect(d!.std).toBeCloseTo(Math.sqrt(variance), 8);
    const sorted = [...xs].sort((a, b) => a - b);
    // n = 501: (n − 1)·p is an integer for the quartiles, so they are order statistics.
    expect([d!.q25, d!.median, d!.q75]).toEqual([sorted[125], sorted[250], sorted[375]]);
  });

  it('type-7 quantile interpolates between order statistics', () => {
    expect(quantileType7(new Float64Array([10, 20]), 0.3)).toBeCloseTo(13, 12);
    expect(quantileType7(new Float64Array([5]), 0.5)).toBe(5);
  });
});
