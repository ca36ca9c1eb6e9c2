import { describe, expect, expectTypeOf, it } from 'vitest';
import { adjustedRandIndex } from '../../src/clustering/adjusted-rand-index.js';
import { isClvkitError } from '../../src/errors.js';
import { createRandom } from '../../src/random.js';

/** Independent computation from pair counts: agreements over all C(n,2) pairs. */
function arByPairs(a: number[], b: number[]): number {
  const n = a.length;
  let both = 0;
  let sameA = 0;
  let sameB = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = a[i] === a[j];
      const y = b[i] === b[j];
      if (x) sameA++;
      if (y) sameB++;
      if (x && y) both++;
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const expected = (sameA * sameB) / pairs;
  return (both - expected) / ((sameA + sameB) / 2 - expected);
}

describe('adjustedRandIndex', () => {
  it('hand case: {0,0,0,1,1,1} vs {0,0,1,1,2,2}', () => {
    // Σ C(n_ij,2) = 2, Σ C(a_i,2) = 6, Σ C(b_j,2) = 3, C(6,2) = 15: E = 1.2, ARI = 0.8 / 3.3.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.8 / 3.3, 15);
  });

  it('is 1 for the same partition under other names, and symmetric', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [5, 5, 9, 9, 7])).toBe(1);
    expect(adjustedRandIndex([1, 1, 1], [2, 2, 2])).toBe(1);
    expect(adjustedRandIndex([1, 2, 3], [3, 1, 2])).toBe(1);
    expect(adjustedRandIndex([0, 1, 0, 1, 2], [0, 0, 1, 1, 1])).toBe(adjustedRandIndex([0, 0, 1, 1, 1], [0, 1, 0, 1, 2]));
  });

  it('matches the pair-counting definition on random labelings', () => {
    const rng = createRandom(3);
    for (let t = 0; t < 5; t++) {
      const a = Array.from({ length: 60 }, () => rng.int(4));
      const b = a.map((x) => (rng.next() < 0.5 ? x : rng.int(3)));
      expect(adjustedRandIndex(a, b)).toBeCloseTo(arByPairs(a, b), 12);
    }
  });

  it('one cluster vs all singletons is 0', () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('bad input', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isClvkitError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => adjustedRandIndex([], []))).toBe('EMPTY_INPUT');
    expect(code(() => adjustedRandIndex([1], [1, 2]))).toBe('LENGTH_MISMATCH');
    expect(code(() => adjustedRandIndex([1, NaN], [1, 2]))).toBe('INVALID_VALUE');
    expect(code(() => adjustedRandIndex([1], [1], { extra: 1 } as never))).toBe('INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(adjustedRandIndex).returns.toEqualTypeOf<number>();
  });
});

describe('adjustedRandIndex: garbage (issue 11)', () => {
  it('a labeling that is not an array: INVALID_VALUE naming adjustedRandIndex (either argument)', () => {
    for (const garbage of [undefined, null, 42, 'x', {}, Object.create(null) as unknown, 10n]) {
      for (const call of [() => adjustedRandIndex(garbage as number[], [0, 1]), () => adjustedRandIndex([0, 1], garbage as number[])]) {
        let caught: unknown;
        try {
          call();
        } catch (error) {
          caught = error;
        }
        expect(isClvkitError(caught, 'INVALID_VALUE'), String(caught)).toBe(true);
        expect((caught as { details: { fn: string } }).details.fn).toBe('adjustedRandIndex');
      }
    }
  });
});
