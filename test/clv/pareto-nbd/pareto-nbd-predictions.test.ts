import { describe, expect, it } from 'vitest';
import { logGamma } from '../../../src/math/log-gamma.js';
import type { ParetoNbdParams } from '../../../src/clv/pareto-nbd/pareto-nbd-log-likelihood.js';
import {
  paretoNbdConditionalExpectedTransactions,
  paretoNbdExpectedTransactions,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityOfTransactions,
} from '../../../src/clv/pareto-nbd/pareto-nbd-predictions.js';
import { bruteForceLogMixture, individualLogLikelihood } from './brute-force.js';

const CDNOW: ParetoNbdParams = { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 };
const SETS: [string, ParetoNbdParams][] = [
  ['CDNOW (α ≈ β)', CDNOW],
  ['α > β', { r: 1.5, alpha: 12, s: 0.7, beta: 3 }],
  ['α < β', { r: 0.8, alpha: 4, s: 1.2, beta: 9 }],
  ['s = 1', { r: 2, alpha: 5, s: 1, beta: 20 }],
];

function rows(frequency: number[], recency: number[], T: number[]) {
  return { frequency: Float64Array.from(frequency), recency: Float64Array.from(recency), T: Float64Array.from(T) };
}

/** Fader & Hardie's closed form of P(X(t) = x) (2F1 terms and an alternating sum), for small x only. */
function closedFormPmf(p: ParetoNbdParams, x: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const f21 = (a: number, b: number, c: number, z: number): number => {
    let sum = 1;
    let term = 1;
    for (let n = 0; n < 100000; n++) {
      term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return sum;
  };
  const lbeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);
  const first = Math.exp(
    logGamma(r + x) - logGamma(r) - logGamma(x + 1) + r * Math.log(alpha / (alpha + t)) + x * Math.log(t / (alpha + t)) + s * Math.log(beta / (beta + t)),
  );
  const pre = Math.exp(r * Math.log(alpha) + s * Math.log(beta) + lbeta(r + x, s + 1) - lbeta(r, s));
  const [big, b2] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const d = Math.abs(alpha - beta);
  const b1 = f21(r + s, b2, r + s + x + 1, d / big) / big ** (r + s);
  let sum = 0;
  for (let i = 0; i <= x; i++) {
    sum +=
      Math.exp(logGamma(r + s + i) - logGamma(r + s) - logGamma(i + 1)) *
      t ** i *
      (f21(r + s + i, b2, r + s + x + 1, d / (big + t)) / (big + t) ** (r + s + i));
  }
  return first + pre * (b1 - sum);
}

describe('paretoNbdProbabilityOfTransactions', () => {
  for (const [label, p] of SETS.slice(0, 3)) {
    it(`matches Fader & Hardie's 2F1 closed form for small x, ${label}`, () => {
      for (const x of [0, 1, 3, 8]) {
        for (const t of [5, 39, 78]) {
          const mine = paretoNbdProbabilityOfTransactions(p, x, t);
          expect(Math.abs(mine - closedFormPmf(p, x, t))).toBeLessThan(1e-12 * mine + 1e-15);
        }
      }
    });
  }

  for (const [label, p] of SETS) {
    it(`sums to 1 over n and its mean is E[X(t)], ${label}`, () => {
      for (const t of [1, 39, 520]) {
        let total = 0;
        let mean = 0;
        for (let n = 0; n < 5000; n++) {
          const pn = paretoNbdProbabilityOfTransactions(p, n, t);
          expect(pn).toBeGreaterThanOrEqual(0);
          expect(pn).toBeLessThanOrEqual(1);
          total += pn;
          mean += n * pn;
          if (n > 50 && pn < 1e-18) break;
        }
        expect(total).toBeCloseTo(1, 10);
        expect(mean / paretoNbdExpectedTransactions(p, t)).toBeCloseTo(1, 8);
      }
    });
  }

  it('stays in [0, 1] and finite over a grid of extreme values', () => {
    const values = [1e-4, 1, 1e4];
    for (const r of values)
      for (const alpha of values)
        for (const s of values)
          for (const beta of values)
            for (const n of [0, 5, 1000])
              for (const t of [1e-3, 1e4]) {
                const v = paretoNbdProbabilityOfTransactions({ r, alpha, s, beta }, n, t);
                if (!(v >= 0 && v <= 1)) throw new Error(`P(X(${t}) = ${n}) = ${v} at ${JSON.stringify({ r, alpha, s, beta })}`);
              }
  });

  it('is exact at t = 0 and tiny but positive far in the tail (no cancellation)', () => {
    expect(paretoNbdProbabilityOfTransactions(CDNOW, 0, 0)).toBe(1);
    expect(paretoNbdProbabilityOfTransactions(CDNOW, 3, 0)).toBe(0);
    const tail = paretoNbdProbabilityOfTransactions(CDNOW, 200, 10);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(1e-50);
  });
});

describe('paretoNbdExpectedTransactions', () => {
  it('is the SMC (1987) closed form, continuous through s = 1', () => {
    const { r, alpha, s, beta } = CDNOW;
    expect(paretoNbdExpectedTransactions(CDNOW, 39)).toBeCloseTo(((r * beta) / (alpha * (s - 1))) * (1 - (beta / (beta + 39)) ** (s - 1)), 12);
    const at = (s: number): number => paretoNbdExpectedTransactions({ r: 2, alpha: 5, s, beta: 20 }, 52);
    expect(at(1)).toBeCloseTo(((2 * 20) / 5) * Math.log1p(52 / 20), 12);
    expect(at(1 + 1e-9)).toBeCloseTo(at(1), 7);
    expect(at(1 - 1e-9)).toBeCloseTo(at(1), 7);
    expect(paretoNbdExpectedTransactions(CDNOW, 0)).toBe(0);
  });
});

describe('paretoNbdProbabilityAlive and paretoNbdConditionalExpectedTransactions', () => {
  const customers: [number, number, number][] = [
    [0, 0, 30],
    [3, 12.5, 30],
    [15, 28, 40],
  ];
  for (const [label, p] of SETS.slice(1)) {
    it(`match 2-D quadrature over the posterior of (λ, μ), ${label}`, () => {
      const checked = rows(
        customers.map((c) => c[0]),
        customers.map((c) => c[1]),
        customers.map((c) => c[2]),
      );
      const alive = paretoNbdProbabilityAlive(p, checked);
      const horizon = 26;
      const expected = paretoNbdConditionalExpectedTransactions(p, horizon, checked);
      customers.forEach(([x, tx, T], i) => {
        const denominator = bruteForceLogMixture(p, individualLogLikelihood(x, tx, T), 0, p.r + x, p.alpha + tx);
        // Alive at T: λ^x e^{−(λ+μ)T}; then E[Y(t) | λ, μ, alive] = λ/μ·(1 − e^{−μt}).
        const aliveNum = bruteForceLogMixture(p, (lam, mu, a) => x * a - (lam + mu) * T, denominator, p.r + x, p.alpha + tx);
        const expNum = bruteForceLogMixture(
          p,
          (lam, mu, a, b) => x * a - (lam + mu) * T + a - b + Math.log(-Math.expm1(-mu * horizon)),
          denominator,
          p.r + x,
          p.alpha + tx,
        );
        expect(alive[i]!).toBeCloseTo(Math.exp(aliveNum - denominator), 9);
        expect(expected[i]! / Math.exp(expNum - denominator)).toBeCloseTo(1, 8);
      });
    });
  }

  it('stay in range and are non-decreasing in t over a grid of extreme values', () => {
    const values = [1e-4, 0.3, 12, 1e4];
    const checked = rows([0, 1, 40, 900, 2500], [0, 1e-3, 5, 9990, 9000], [0.01, 1e4, 52, 1e4, 1e4]);
    for (const r of values)
      for (const alpha of values)
        for (const s of values)
          for (const beta of values) {
            const p = { r, alpha, s, beta };
            const alive = paretoNbdProbabilityAlive(p, checked);
            for (const v of alive) if (!(v >= 0 && v <= 1)) throw new Error(`P(alive) ${v} at ${JSON.stringify(p)}`);
            let previous = paretoNbdConditionalExpectedTransactions(p, 0, checked);
            for (const t of [1e-3, 1, 52, 1e4]) {
              const next = paretoNbdConditionalExpectedTransactions(p, t, checked);
              next.forEach((v, i) => {
                if (!Number.isFinite(v) || v < previous[i]!) throw new Error(`E[Y(${t})] = ${v} at ${JSON.stringify(p)} row ${i}`);
              });
              previous = next;
            }
            const e = paretoNbdExpectedTransactions(p, 1e4);
            if (!Number.isFinite(e) || e < 0) throw new Error(`E[X(t)] = ${e} at ${JSON.stringify(p)}`);
          }
  });

  it('P(alive) falls as the time since the last purchase grows', () => {
    const a = paretoNbdProbabilityAlive(CDNOW, rows([5, 5, 5], [38, 20, 2], [38.86, 38.86, 38.86]));
    expect(a[0]!).toBeGreaterThan(a[1]!);
    expect(a[1]!).toBeGreaterThan(a[2]!);
  });
});
