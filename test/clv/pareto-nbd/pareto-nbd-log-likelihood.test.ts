import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { logGamma } from '../../../src/math/log-gamma.js';
import {
  logDropoutIntegral,
  paretoNbdLogLikelihood,
  paretoNbdLogLikelihoodGradient,
  paretoNbdLogTerms,
  paretoNbdRowGradient,
  type ParetoNbdLogTerms,
  type ParetoNbdParams,
} from '../../../src/clv/pareto-nbd/pareto-nbd-log-likelihood.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { bruteForceLogMixture, individualLogLikelihood } from './brute-force.js';

/** Brute force: the gamma mixture of the individual-level likelihood, by 2-D quadrature. */
function bruteForceLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number, shift: number): number {
  return bruteForceLogMixture(p, individualLogLikelihood(x, tx, T), shift, p.r + x, p.alpha + tx);
}

describe('paretoNbdLogTerms', () => {
  const cases: [string, ParetoNbdParams][] = [
    ['α < β', { r: 0.8, alpha: 4, s: 1.2, beta: 9 }],
    ['α > β', { r: 1.5, alpha: 12, s: 0.7, beta: 3 }],
    ['α = β', { r: 0.9, alpha: 6, s: 1.1, beta: 6 }],
    ['α ≫ β (quadrature path)', { r: 0.7, alpha: 40, s: 0.9, beta: 0.5 }],
  ];
  const customers: [number, number, number][] = [
    [0, 0, 30],
    [3, 12.5, 30],
    [15, 28, 40],
  ];
  for (const [label, p] of cases) {
    it(`matches 2-D quadrature over (λ, μ) of the individual likelihood, ${label}`, () => {
      for (const [x, tx, T] of customers) {
        const mine = paretoNbdLogTerms(p, x, tx, T).logLikelihood;
        const brute = bruteForceLogLikelihood(p, x, tx, T, mine);
        expect(Math.abs(mine - brute)).toBeLessThan(1e-8);
      }
    });
  }

  it('is continuous through α = β (no special case visible)', () => {
    const at = (alpha: number): number => paretoNbdLogTerms({ r: 0.6, alpha, s: 0.8, beta: 7 }, 4, 20, 35).logLikelihood;
    expect(at(7 - 1e-9)).toBeCloseTo(at(7), 9);
    expect(at(7 + 1e-9)).toBeCloseTo(at(7), 9);
  });

  it('gives P(alive) = 1-share 1 when the last purchase is at T, and its likelihood the closed form', () => {
    const p = { r: 0.5, alpha: 3, s: 2, beta: 5 };
    const terms = paretoNbdLogTerms(p, 2, 10, 10);
    expect(terms.logAlive).toBe(0);
    const closed = logGamma(2.5) - logGamma(0.5) + 0.5 * Math.log(3) + 2 * Math.log(5) - 2.5 * Math.log(13) - 2 * Math.log(15);
    expect(terms.logLikelihood).toBeCloseTo(closed, 12);
  });

  // For x > 0 the likelihood is a density in the purchase times and may exceed 1; for x = 0 it is a probability.
  it('stays finite, and P(alive) in [0, 1], over a grid of extreme values', () => {
    const values = [1e-4, 0.05, 1, 30, 1e4];
    const shapes: [number, number, number][] = [
      [0, 0, 1e-3],
      [0, 0, 1e4],
      [1, 1e-3, 1e4],
      [5, 9999, 1e4],
      [300, 40, 52],
      [2500, 9000, 1e4],
      [1000, 0.5, 1],
    ];
    let count = 0;
    for (const r of values)
      for (const alpha of values)
        for (const s of values)
          for (const beta of values)
            for (const [x, tx, T] of shapes) {
              const t = paretoNbdLogTerms({ r, alpha, s, beta }, x, tx, T);
              if (!Number.isFinite(t.logLikelihood) || (x === 0 && !(t.logLikelihood <= 1e-9)) || !(t.logAlive <= 0) || !Number.isFinite(t.logAlive)) {
                throw new Error(`bad terms at ${JSON.stringify({ r, alpha, s, beta, x, tx, T, t })}`);
              }
              count++;
            }
    expect(count).toBe(5 ** 4 * shapes.length);
  });
});

describe('logDropoutIntegral', () => {
  it('series and quadrature agree (z from 0 to 0.99)', () => {
    const grid: [number, number, number, number, number, number, number][] = [
      [0.5, 10, 0.6, 11, 2, 30, 39],
      [2, 1, 0.3, 1.8, 0, 0, 50],
      [0.3, 1.8, 2, 1, 0, 0, 50],
      [5, 1, 0.5, 1.7, 1000, 30, 40],
      [0.5, 5, 5, 9, 50, 1, 100],
      [0.01, 100, 30, 180, 7, 2, 1e4],
      [40, 0.02, 0.05, 0.011, 3000, 9000, 1e4],
      [0.7, 40, 0.9, 0.5, 0, 0, 30],
      [0.7, 40, 0.9, 0.5, 3, 2, 30],
      [3, 0.01, 40, 100, 12, 1, 52],
      [0.2, 1e4, 1.5, 100, 2500, 9000, 1e4],
    ];
    for (const [r, alpha, s, beta, x, tx, T] of grid) {
      const series = logDropoutIntegral(r, alpha, s, beta, x, tx, T, 'series');
      const quad = logDropoutIntegral(r, alpha, s, beta, x, tx, T, 'quadrature');
      expect(Math.abs(series - quad)).toBeLessThan(1e-11 * Math.max(1, Math.abs(series)));
    }
  });

  it('matches 40-digit reference values where one rate dwarfs the other (mpmath.quad)', () => {
    // ln ∫_{t_x}^T (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ by mpmath.quad at 40 digits (independent tool).
    expect(logDropoutIntegral(0.7, 1e4, 0.9, 1e-4, 0, 0, 30)).toBeCloseTo(1.94741667273944023, 13);
    expect(logDropoutIntegral(2, 1e-4, 1, 1e4, 3, 2, 30)).toBeCloseTo(-22.5803166750049365, 12);
  });

  it('is −Infinity (I = 0) when t_x = T', () => {
    expect(logDropoutIntegral(1, 2, 3, 4, 5, 10, 10)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('paretoNbdLogLikelihood', () => {
  it('sums weighted rows and skips zero weights', () => {
    const p = { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 };
    const a = paretoNbdLogTerms(p, 2, 30.43, 38.86).logLikelihood;
    const b = paretoNbdLogTerms(p, 0, 0, 38.86).logLikelihood;
    const rows = { frequency: [2, 0, 5], recency: [30.43, 0, 3], T: [38.86, 38.86, 20] };
    expect(paretoNbdLogLikelihood(p, rows, [2, 3, 0])).toBeCloseTo(2 * a + 3 * b, 10);
    expect(paretoNbdLogLikelihood(p, { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] })).toBeCloseTo(a + b, 10);
  });

  it('has the public types', () => {
    expectTypeOf(paretoNbdLogTerms).returns.toEqualTypeOf<ParetoNbdLogTerms>();
    expectTypeOf(paretoNbdLogLikelihood).returns.toBeNumber();
  });
});

describe('paretoNbdRowGradient and paretoNbdLogLikelihoodGradient', () => {
  const sets: ParetoNbdParams[] = [
    { r: 0.55, alpha: 10.5, s: 0.6, beta: 11.6 },
    { r: 1.5, alpha: 12, s: 0.7, beta: 3 },
    { r: 0.8, alpha: 4, s: 1.2, beta: 9 },
    { r: 0.9, alpha: 6, s: 1.1, beta: 6 },
    { r: 0.7, alpha: 40, s: 0.9, beta: 0.5 }, // quadrature path for small t_x
    { r: 3, alpha: 0.01, s: 40, beta: 100 }, // quadrature path, α < β
  ];
  const customers: [number, number, number][] = [
    [0, 0, 30],
    [3, 12.5, 30],
    [15, 28, 40],
    [2, 10, 10],
  ];
  it('matches central differences of the log-likelihood (series and quadrature paths)', () => {
    const grad = new Float64Array(4);
    for (const p of sets) {
      for (const [x, tx, T] of customers) {
        const ll = paretoNbdRowGradient(p, x, tx, T, grad);
        expect(ll).toBeCloseTo(paretoNbdLogTerms(p, x, tx, T).logLikelihood, 10);
        const values = [p.r, p.alpha, p.s, p.beta];
        values.forEach((v, k) => {
          const h = 1e-5 * v;
          const at = (delta: number): number => {
            const q = values.slice();
            q[k] = v + delta;
            return paretoNbdLogTerms({ r: q[0]!, alpha: q[1]!, s: q[2]!, beta: q[3]! }, x, tx, T).logLikelihood;
          };
          const numeric = (at(h) - at(-h)) / (2 * h);
          expect(Math.abs(grad[k]! - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
        });
      }
    }
  });

  it('sums weighted row gradients', () => {
    const p = sets[0]!;
    const rows = { frequency: [0, 3], recency: [0, 12.5], T: [30, 30] };
    const out = new Float64Array(4);
    const total = paretoNbdLogLikelihoodGradient(p, rows, [2, 0.5], out);
    const g0 = new Float64Array(4);
    const g1 = new Float64Array(4);
    const l0 = paretoNbdRowGradient(p, 0, 0, 30, g0);
    const l1 = paretoNbdRowGradient(p, 3, 12.5, 30, g1);
    expect(total).toBeCloseTo(2 * l0 + 0.5 * l1, 10);
    for (let k = 0; k < 4; k++) expect(out[k]!).toBeCloseTo(2 * g0[k]! + 0.5 * g1[k]!, 10);
    expect(total).toBeCloseTo(paretoNbdLogLikelihood(p, rows, [2, 0.5]), 10);
  });
});

describe('a customer first seen at the end of the period (x = 0, t_x = 0, T = 0)', () => {
  it('has likelihood 1 (log 0), zero gradient and P(alive) = 1 for α < β, α > β, α = β and the quadrature path', () => {
    for (const p of [
      { r: 0.8, alpha: 4, s: 1.2, beta: 9 },
      { r: 1.5, alpha: 12, s: 0.7, beta: 3 },
      { r: 0.9, alpha: 6, s: 1.1, beta: 6 },
      { r: 0.7, alpha: 40, s: 0.9, beta: 0.5 },
      { r: 1e-3, alpha: 1e3, s: 20, beta: 1e-3 },
    ]) {
      const terms = paretoNbdLogTerms(p, 0, 0, 0);
      expect(terms.logLikelihood).toBe(0);
      expect(terms.logAlive).toBe(0);
      const g = new Float64Array(4).fill(Number.NaN);
      expect(paretoNbdRowGradient(p, 0, 0, 0, g)).toBe(0);
      for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-15);
      // Extra T = 0 rows leave the weighted total and its gradient unchanged.
      const rows = { frequency: [2, 0, 0], recency: [30.43, 0, 0], T: [38.86, 38.86, 0] };
      const gWith = new Float64Array(4);
      const gWithout = new Float64Array(4);
      const withZero = paretoNbdLogLikelihoodGradient(p, rows, [1, 2, 5], gWith);
      const without = paretoNbdLogLikelihoodGradient(p, { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }, [1, 2], gWithout);
      expect(withZero).toBeCloseTo(without, 12);
      expect(paretoNbdLogLikelihood(p, rows, [1, 2, 5])).toBeCloseTo(without, 12);
      for (let k = 0; k < 4; k++) expect(gWith[k]).toBeCloseTo(gWithout[k]!, 12);
    }
  });
});

describeWithSharedData('paretoNbdLogLikelihood on the CDNOW sample', () => {
  it('gives LL = −9594.98 at the published estimates (Fader, Hardie & Lee 2005 MATLAB note)', () => {
    const records = parse(readFileSync(sharedFile('cdnow_sample_summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(2357);
    const rows = {
      frequency: records.map((r) => Number(r['frequency'])),
      recency: records.map((r) => Number(r['recency'])),
      T: records.map((r) => Number(r['T'])),
    };
    const ll = paretoNbdLogLikelihood({ r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 }, rows);
    // The note prints −9594.98; the summary file's t_x and T are rounded to 0.01 week, so agree to 0.01.
    expect(Math.abs(ll - -9594.98)).toBeLessThan(0.01);
  });
});
