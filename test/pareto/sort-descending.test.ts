import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { RADIX_THRESHOLD, radixSortDescending, sortDescendingNonNegative } from '../../src/pareto/sort-descending.js';

function reference(values: Float64Array): number[] {
  return Array.from(values, (v) => v + 0).sort((a, b) => b - a);
}

function awkwardValues(seed: number, n: number): Float64Array {
  const rng = createRandom(seed);
  const special = [0, -0, 5e-324, 2.2250738585072014e-308, 1, 1, 1, 0.1, 1e300, Number.MAX_VALUE, 2 ** 53, 123456.789];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    if (u < 0.1) out[i] = special[rng.int(special.length)]!;
    else if (u < 0.3)
      out[i] = rng.int(100); // many exact ties
    else out[i] = Math.exp(rng.normal(0, 8));
  }
  return out;
}

describe('sortDescendingNonNegative', () => {
  it('sorts a small array descending (worked example) and leaves the input alone', () => {
    const input = new Float64Array([2, 0, 5, 1]);
    expect(Array.from(sortDescendingNonNegative(input))).toEqual([5, 2, 1, 0]);
    expect(Array.from(input)).toEqual([2, 0, 5, 1]);
  });

  it('matches a comparator sort below and above the radix threshold', () => {
    for (const n of [1, 2, 17, 1000, RADIX_THRESHOLD - 1, RADIX_THRESHOLD, RADIX_THRESHOLD + 12_345]) {
      const values = awkwardValues(n, n);
      const copy = values.slice();
      const sorted = sortDescendingNonNegative(values);
      expect(sorted).toBeInstanceOf(Float64Array);
      expect(Array.from(sorted)).toEqual(reference(values));
      expect(values).toEqual(copy);
    }
  });

  it('radix path agrees with the built-in sort on the same data, including -0 stored as +0', () => {
    const values = awkwardValues(7, 5000);
    const radix = radixSortDescending(values);
    expect(Array.from(radix)).toEqual(reference(values));
    expect(radix.some((v) => Object.is(v, -0))).toBe(false);
    const builtIn = sortDescendingNonNegative(values);
    expect(builtIn.some((v) => Object.is(v, -0))).toBe(false);
  });

  it('handles all-equal and empty inputs (every pass skipped)', () => {
    expect(Array.from(radixSortDescending(new Float64Array(40_000).fill(3.5))).every((v) => v === 3.5)).toBe(true);
    expect(radixSortDescending(new Float64Array(0)).length).toBe(0);
  });

  it('has the documented types', () => {
    expectTypeOf(sortDescendingNonNegative).parameter(0).toEqualTypeOf<Float64Array>();
    expectTypeOf(sortDescendingNonNegative).returns.toEqualTypeOf<Float64Array>();
  });
});
