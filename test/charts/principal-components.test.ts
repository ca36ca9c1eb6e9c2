import { describe, expect, expectTypeOf, it } from 'vitest';
import { principalComponents, type PrincipalComponents } from '../../src/charts/principal-components.js';
import { createRandom } from '../../src/random.js';
import { errorCode } from './chart-test-helpers.js';

describe('principalComponents', () => {
  it('worked example: points on the diagonal', () => {
    const p = principalComponents([1, 1, 2, 2, 3, 3], 3, 2, { components: 1 });
    expect(p.loadings[0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(p.loadings[1]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(Array.from(p.explained)).toEqual([1]);
    expect(p.scores[0]).toBeCloseTo(-Math.SQRT2, 14);
    expect(p.scores[2]).toBeCloseTo(Math.SQRT2, 14);
  });

  it('recovers known axes and variances of a rotated Gaussian cloud (simulation with known truth)', () => {
    const rng = createRandom(5);
    const n = 20_000;
    const sd = [3, 1.5, 0.5];
    const theta = 0.6;
    const data = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const z = sd.map((s) => s * rng.normal());
      // Rotate in the (0, 1) plane by theta; axis 2 unchanged.
      data[i * 3] = Math.cos(theta) * z[0]! - Math.sin(theta) * z[1]! + 10;
      data[i * 3 + 1] = Math.sin(theta) * z[0]! + Math.cos(theta) * z[1]! - 4;
      data[i * 3 + 2] = z[2]!;
    }
    const p = principalComponents(data, n, 3, { components: 3 });
    expect(p.variance[0]).toBeCloseTo(9, 0);
    expect(p.variance[1]).toBeCloseTo(2.25, 1);
    expect(p.variance[2]).toBeCloseTo(0.25, 1);
    // First axis ≈ (cos θ, sin θ, 0), sign fixed so its largest entry is positive.
    expect(p.loadings[0]).toBeCloseTo(Math.cos(theta), 1);
    expect(p.loadings[1]).toBeCloseTo(Math.sin(theta), 1);
    expect(Math.abs(p.loadings[2]!)).toBeLessThan(0.05);
    expect(p.mean[0]).toBeCloseTo(10, 1);
    // Loadings orthonormal; explained sums to 1 with all components.
    const dot = (a: number, b: number) => [0, 1, 2].reduce((s, j) => s + p.loadings[a * 3 + j]! * p.loadings[b * 3 + j]!, 0);
    expect(dot(0, 0)).toBeCloseTo(1, 12);
    expect(dot(0, 1)).toBeCloseTo(0, 12);
    expect(dot(1, 2)).toBeCloseTo(0, 12);
    expect(p.explained.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // Score variance equals the component variance (brute force).
    let ss = 0;
    for (let i = 0; i < n; i++) ss += p.scores[i * 3]! ** 2;
    expect(ss / (n - 1)).toBeCloseTo(p.variance[0]!, 8);
  });

  it('is deterministic and does not mutate its input', () => {
    const data = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.3) * (i % 7));
    const copy = Float64Array.from(data);
    const a = principalComponents(data, 20, 3);
    const b = principalComponents(data, 20, 3);
    expect(a).toEqual(b);
    expect(data).toEqual(copy);
  });

  it('edges and bad input', () => {
    const constant = principalComponents([1, 2, 1, 2, 1, 2], 3, 2);
    expect(Array.from(constant.explained)).toEqual([0, 0]);
    expect(errorCode(() => principalComponents([], 0, 2))).toBe('EMPTY_INPUT');
    expect(errorCode(() => principalComponents([1, 2], 1, 2))).toBe('TOO_FEW_VALUES');
    expect(errorCode(() => principalComponents([1, 2, 3], 2, 2))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => principalComponents([1, 2, 3, Number.NaN], 2, 2))).toBe('INVALID_VALUE');
    expect(errorCode(() => principalComponents([1, 2, 3, 4], 2, 2, { components: 3 }))).toBe('INVALID_OPTIONS');
    expect(errorCode(() => principalComponents([1, 2, 3, 4], 2, 0))).toBe('INVALID_VALUE');
    expectTypeOf(principalComponents).returns.toEqualTypeOf<PrincipalComponents>();
  });
});
