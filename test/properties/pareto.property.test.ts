// Property tests of the Pareto module over random value columns (negatives, zeros, ties, values
// from 1e-6 to 1e12): Gini in [0, 1] and equal to a brute-force mean-difference Gini, the Lorenz
// curve monotone, concave and above the diagonal, shares that add up, ABC classes that cover every
// customer once, the Pareto point reaching its target. Seeded and bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { abcClasses } from '../../src/pareto/abc-classes.js';
import { gini } from '../../src/pareto/gini.js';
import { lorenzCurve } from '../../src/pareto/lorenz-curve.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { paretoPoint } from '../../src/pareto/pareto-point.js';
import { topShares } from '../../src/pareto/top-shares.js';

const SEED = 4242;
const RUNS = 200;

/** Bank-like values: many small, a few huge, ties, zeros and loss-making (negative) customers. */
const valueArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 1e4, max: 1e12, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 1e-6, max: 1e-3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 100) },
  { weight: 1, arbitrary: fc.double({ min: -1e5, max: -1e-3, noNaN: true }) },
);
const columnArb = fc.array(valueArb, { minLength: 0, maxLength: 200 });

/** Brute-force Gini of the non-negative values: Σ_i Σ_j |x_i − x_j| / (2 n² μ). */
function bruteGini(values: readonly number[]): number {
  const x = values.filter((v) => v >= 0);
  const n = x.length;
  const total = x.reduce((a, b) => a + b, 0);
  let diff = 0;
  for (const a of x) for (const b of x) diff += Math.abs(a - b);
  return diff / (2 * n * total);
}

/** Run `f`; a ClvkitError for a column with no defined concentration is fine, anything else is not. */
function attempt<T>(f: () => T, values: readonly number[]): T | undefined {
  try {
    return f();
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    const basis = values.filter((v) => v >= 0);
    const code = (error as { code: string }).code;
    if (values.length === 0) expect(code).toBe('EMPTY_INPUT');
    else if (basis.length < 2) expect(code).toBe('TOO_FEW_VALUES');
    else expect(['INVALID_VALUE', 'NUMERIC_FAILURE']).toContain(code); // all-zero basis
    if (code === 'INVALID_VALUE') expect(basis.every((v) => v === 0)).toBe(true);
    return undefined;
  }
}

describe('Gini', () => {
  it('is in [0, 1], its corrected form too, and equals the brute-force mean-difference Gini', () => {
    fc.assert(
      fc.property(columnArb, (values) => {
        const r = attempt(() => gini(values), values);
        if (r === undefined) return;
        expect(r.gini).toBeGreaterThanOrEqual(0);
        expect(r.gini).toBeLessThanOrEqual(1);
        expect(r.giniCorrected).toBeGreaterThanOrEqual(0);
        expect(r.giniCorrected).toBeLessThanOrEqual(1 + 1e-12);
        expect(r.gini).toBeCloseTo(bruteGini(values), 9);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('does not depend on the order of the customers nor on the currency unit (scale)', () => {
    fc.assert(
      fc.property(columnArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (values, scale) => {
        const r = attempt(() => gini(values), values);
        if (r === undefined) return;
        const reversed = gini([...values].reverse());
        const scaled = gini(values.map((v) => v * scale));
        expect(reversed.gini).toBeCloseTo(r.gini, 12);
        expect(scaled.gini).toBeCloseTo(r.gini, 9);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});

describe('Lorenz curve (largest first)', () => {
  it('runs from (0, 0) to (1, 1), is non-decreasing, concave and on or above the diagonal', () => {
    fc.assert(
      fc.property(columnArb, fc.oneof(fc.constant<'all'>('all'), fc.integer({ min: 2, max: 300 })), (values, points) => {
        const c = attempt(() => lorenzCurve(values, { points }), values);
        if (c === undefined) return;
        const { x, y } = c;
        expect(x.length).toBe(y.length);
        expect([x[0], y[0]]).toEqual([0, 0]);
        expect(x[x.length - 1]).toBe(1);
        expect(y[y.length - 1]).toBeCloseTo(1, 12);
        const eps = 1e-12;
        for (let i = 1; i < x.length; i++) {
          expect(x[i]!).toBeGreaterThan(x[i - 1]!);
          expect(y[i]!).toBeGreaterThanOrEqual(y[i - 1]! - eps);
          expect(y[i]!).toBeGreaterThanOrEqual(x[i]! - 1e-9);
          expect(y[i]!).toBeLessThanOrEqual(1 + eps);
        }
        // Concave: slopes non-increasing (relative tolerance for rounding in the running sums).
        for (let i = 2; i < x.length; i++) {
          const s1 = (y[i - 1]! - y[i - 2]!) / (x[i - 1]! - x[i - 2]!);
          const s2 = (y[i]! - y[i - 1]!) / (x[i]! - x[i - 1]!);
          expect(s2).toBeLessThanOrEqual(s1 + 1e-7 * (1 + Math.abs(s1)));
        }
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });
});

describe('top shares, Pareto point and ABC classes', () => {
  it('top shares are in [0, 1], grow with the customer share and match a direct sum', () => {
    fc.assert(
      fc.property(columnArb, (values) => {
        const t = attempt(() => topShares(values, { shares: [0.01, 0.1, 0.2, 0.5, 1] }), values);
        if (t === undefined) return;
        const basis = values.filter((v) => v >= 0).sort((a, b) => b - a);
        const total = basis.reduce((a, b) => a + b, 0);
        let previous = 0;
        for (const row of t.rows) {
          expect(row.valueShare).toBeGreaterThanOrEqual(previous - 1e-12);
          expect(row.valueShare).toBeLessThanOrEqual(1 + 1e-12);
          previous = row.valueShare;
          // Direct: the ⌊x·n⌋ largest plus the fraction of the next one.
          const k = row.customerShare * basis.length;
          const whole = Math.floor(k + 1e-9);
          const direct = basis.slice(0, whole).reduce((a, b) => a + b, 0) + (whole < basis.length ? (k - whole) * basis[whole]! : 0);
          expect(row.valueShare).toBeCloseTo(direct / total, 9);
        }
        expect(t.rows[t.rows.length - 1]!.valueShare).toBeCloseTo(1, 12);
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });

  it('ABC: every customer in exactly one class, counts and value shares add up, A reaches its cut-off', () => {
    fc.assert(
      fc.property(columnArb, (values) => {
        const abc = attempt(() => abcClasses(values), values);
        if (abc === undefined) return;
        expect(abc.classIndex.length).toBe(values.length);
        const counts = [0, 0, 0, 0];
        abc.classIndex.forEach((k, i) => {
          counts[k]!++;
          expect(k === 3).toBe(values[i]! < 0);
        });
        expect(abc.classes.map((c) => c.customers)).toEqual(counts.slice(0, 3));
        expect(counts[3]).toBe(abc.basis.negatives.customers);
        const shares = abc.classes.reduce((a, c) => a + c.valueShare, 0);
        expect(shares).toBeCloseTo(1, 9);
        expect(abc.classes.reduce((a, c) => a + c.customerShare, 0)).toBeCloseTo(1, 12);
        expect(abc.classes[0].valueShare).toBeGreaterThanOrEqual(0.8 - 1e-9);
        // A holds the largest values: no C or B customer has more than the smallest A.
        const minA = Math.min(...values.filter((_, i) => abc.classIndex[i] === 0));
        values.forEach((v, i) => {
          if (abc.classIndex[i] === 1 || abc.classIndex[i] === 2) expect(v).toBeLessThanOrEqual(minA);
        });
      }),
      { seed: SEED + 4, numRuns: RUNS },
    );
  });

  it('the Pareto point is the fewest top customers reaching the target', () => {
    fc.assert(
      fc.property(columnArb, fc.double({ min: 0.05, max: 1, noNaN: true }), (values, target) => {
        const p = attempt(() => paretoPoint(values, { target }), values);
        if (p === undefined) return;
        const basis = values.filter((v) => v >= 0).sort((a, b) => b - a);
        const total = basis.reduce((a, b) => a + b, 0);
        expect(p.members.length).toBe(p.customers);
        expect(p.valueShare).toBeGreaterThanOrEqual(target - 1e-9);
        // One customer fewer would not reach the target.
        const fewer = basis.slice(0, p.customers - 1).reduce((a, b) => a + b, 0) / total;
        expect(fewer).toBeLessThan(target + 1e-9);
        for (const m of p.members) expect(values[m]!).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED + 5, numRuns: RUNS },
    );
  });

  it('paretoAnalysis agrees with the single functions and never returns NaN', () => {
    fc.assert(
      fc.property(columnArb, (values) => {
        const a = attempt(() => paretoAnalysis(values), values);
        if (a === undefined) return;
        expect(a.gini).toBe(gini(values).gini);
        expect(a.abc.classIndex).toEqual(abcClasses(values).classIndex);
        for (const v of [a.gini, a.giniCorrected, ...a.lorenz.x, ...a.lorenz.y, a.basis.negatives.drag, a.paretoPoint.valueShare]) {
          expect(Number.isFinite(v)).toBe(true);
        }
      }),
      { seed: SEED + 6, numRuns: 100 },
    );
  });
});
