import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClvkitError } from '../../../src/errors.js';
import {
  paretoNbdLogLikelihood,
  paretoNbdLogTerms,
  paretoNbdRowGradient,
  type ParetoNbdParams,
} from '../../../src/clv/pareto-nbd/pareto-nbd-log-likelihood.js';

/**
 * mpmath 1.3 (400 digits) of FHL's closed form with the note's own ₂F₁ (not clvkit's Euler-transformed
 * series), at r, α, s, β from 1e-300 to 1e300: test/fixtures/clv/make-pareto-nbd-extremes.py regenerates it.
 */
interface Reference {
  readonly customers: [number, number, number][];
  readonly rows: [number, number, number, number, number[]][];
}
const reference = JSON.parse(readFileSync(new URL('../../fixtures/clv/pareto-nbd-extremes.json', import.meta.url), 'utf8')) as Reference;

/** The value, or 'numeric-failure' when the likelihood says it cannot be computed (anything else rethrows). */
function orFailure(f: () => number): number | 'numeric-failure' {
  try {
    return f();
  } catch (e) {
    if (e instanceof ClvkitError && e.code === 'NUMERIC_FAILURE') return 'numeric-failure';
    throw e;
  }
}

function check(got: number | 'numeric-failure', expected: number, what: string): boolean {
  if (got === 'numeric-failure') return false;
  expect(Number.isNaN(got), `${what}: NaN`).toBe(false);
  expect(Math.abs(got - expected), `${what}: got ${got}, mpmath ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  return true;
}

describe('Pareto/NBD log-likelihood at extreme parameters (against mpmath)', () => {
  it('the table covers all-equal large and small values and mixed large/small rates (quadrature branch)', () => {
    const has = (r: number, a: number, s: number, b: number) => reference.rows.some((row) => row[0] === r && row[1] === a && row[2] === s && row[3] === b);
    expect(has(1e10, 1e10, 1e10, 1e10)).toBe(true);
    expect(has(1e100, 1e100, 1e100, 1e100)).toBe(true);
    expect(has(1e300, 1e300, 1e300, 1e300)).toBe(true);
    expect(has(1e-300, 1e-300, 1e-300, 1e-300)).toBe(true);
    expect(has(1, 1e100, 1, 1)).toBe(true);
    expect(reference.rows.length).toBeGreaterThanOrEqual(50);
  });

  it('each customer is within 1e-9 (relative, absolute below 1) or a NUMERIC_FAILURE, never a wrong value or NaN', () => {
    let failures = 0;
    let checked = 0;
    const grad = new Float64Array(4);
    for (const [r, alpha, s, beta, expected] of reference.rows) {
      const params: ParetoNbdParams = { r, alpha, s, beta };
      reference.customers.forEach(([x, tx, T], i) => {
        const what = `(${r}, ${alpha}, ${s}, ${beta}) customer ${i}`;
        const terms = orFailure(() => paretoNbdLogTerms(params, x, tx, T).logLikelihood);
        if (check(terms, expected[i]!, `paretoNbdLogTerms ${what}`)) checked++;
        else failures++;
        // The gradient path computes the same value on its own route.
        const viaGradient = orFailure(() => paretoNbdRowGradient(params, x, tx, T, grad));
        if (viaGradient !== 'numeric-failure' && Number.isFinite(viaGradient)) check(viaGradient, expected[i]!, `paretoNbdRowGradient ${what}`);
      });
    }
    // Failure is allowed only where doubles cannot resolve the integrand: a small minority of the table.
    expect(failures).toBeLessThanOrEqual(Math.floor(0.1 * (checked + failures)));
  });

  it('the summed likelihood (the fitting objective) is right where every customer is, e.g. r = α = s = β = 1e100', () => {
    const rows = {
      frequency: reference.customers.map((c) => c[0]),
      recency: reference.customers.map((c) => c[1]),
      T: reference.customers.map((c) => c[2]),
    };
    for (const [r, alpha, s, beta, expected] of reference.rows) {
      const sum = expected.reduce((acc, v) => acc + v, 0);
      const got = orFailure(() => paretoNbdLogLikelihood({ r, alpha, s, beta }, rows));
      if (got === 'numeric-failure' || got === Number.NEGATIVE_INFINITY) continue;
      check(got, sum, `paretoNbdLogLikelihood (${r}, ${alpha}, ${s}, ${beta})`);
    }
    const big = reference.rows.find((row) => row[0] === 1e100 && row[1] === 1e100 && row[2] === 1e100 && row[3] === 1e100)!;
    expect(Math.abs(paretoNbdLogLikelihood({ r: 1e100, alpha: 1e100, s: 1e100, beta: 1e100 }, rows) - big[4].reduce((a, v) => a + v, 0))).toBeLessThan(
      1e-9 * 133,
    );
  });

  it('over an 8⁴ grid from 1e-300 to 1e300 every customer is finite (≤ 0 when x = 0: a probability) or a NUMERIC_FAILURE', () => {
    const grid = [1e-300, 1e-100, 1e-10, 0.5, 1, 1e10, 1e100, 1e300];
    let failures = 0;
    for (const r of grid)
      for (const alpha of grid)
        for (const s of grid)
          for (const beta of grid) {
            for (const [x, tx, T] of reference.customers) {
              const v = orFailure(() => paretoNbdLogTerms({ r, alpha, s, beta }, x, tx, T).logLikelihood);
              if (v === 'numeric-failure') {
                failures++;
                continue;
              }
              expect(Number.isFinite(v), `(${r}, ${alpha}, ${s}, ${beta}) x = ${x}: ${v}`).toBe(true);
              if (x === 0) expect(v, `(${r}, ${alpha}, ${s}, ${beta}) x = 0`).toBeLessThanOrEqual(1e-12);
            }
          }
    // Measured: 27 of 12,288, all x = 0 with r ≤ 1e-10 and s ≥ 1e100 (a peak of width ~1/√s inside (0, T)).
    expect(failures).toBeLessThan(100);
  });

  it('throws NUMERIC_FAILURE (not a wrong number) where the peak is too narrow for doubles', () => {
    expect(() => paretoNbdLogTerms({ r: 1e-300, alpha: 1e-300, s: 1e300, beta: 1e300 }, 0, 0, 38.86)).toThrow(
      expect.objectContaining({ code: 'NUMERIC_FAILURE' }) as unknown as Error,
    );
  });
});
