// Property tests of the CLV models at random parameters: probabilities in [0, 1], expected
// transactions non-decreasing in the horizon, the PMF of X(t) summing to 1 with mean E[X(t)]
// (two independent computations of the same law), the Gamma-Gamma conditional spend a weighted
// average of the population mean and the customer's mean. Seeded and bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { modelFromJSON } from '../../src/clv/model-from-json.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import type { FittedGammaGammaModel } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';

const SEED = 2026;

function saved(kind: string, timeUnit: string | null, params: Record<string, number>) {
  return { format: 'clvkit-model', version: 1, kind, timeUnit, params, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, customers: 1 };
}

/** Log-uniform on [lo, hi]. */
const logUniform = (lo: number, hi: number) => fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);
const params4 = (lo = 1e-2, hi = 1e2) => fc.tuple(logUniform(lo, hi), logUniform(lo, hi), logUniform(lo, hi), logUniform(lo, hi));

const CONTINUOUS = [
  ['bg-nbd', ['r', 'alpha', 'a', 'b']],
  ['mbg-nbd', ['r', 'alpha', 'a', 'b']],
  ['pareto-nbd', ['r', 'alpha', 's', 'beta']],
] as const;

function continuousModel(kind: string, names: readonly string[], p: readonly number[]): FittedTransactionModel {
  return modelFromJSON(saved(kind, 'week', Object.fromEntries(names.map((n, i) => [n, p[i]!])))) as FittedTransactionModel;
}

/** A customer: x repeat purchases, t_x ≤ T. */
const customerArb = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 200, noNaN: true }))
  .map(([x, f, T]) => ({ x, tx: x === 0 ? 0 : Math.max(1e-6, f * T), T }));

describe.each(CONTINUOUS)('%s', (kind, names) => {
  it('P(alive) in [0, 1]; E[Y(t) | ·] ≥ 0 and non-decreasing in t; E[X(t)] non-decreasing in t', () => {
    fc.assert(
      fc.property(
        params4(),
        fc.array(customerArb, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (p, cs, t1, dt) => {
          const m = continuousModel(kind, names, p);
          const cols = { frequency: cs.map((c) => c.x), recency: cs.map((c) => c.tx), T: cs.map((c) => c.T) };
          const alive = m.probabilityAlive(cols);
          for (const v of alive) expect(v >= 0 && v <= 1).toBe(true);
          const e1 = m.conditionalExpectedTransactions(t1, cols);
          const e2 = m.conditionalExpectedTransactions(t1 + dt, cols);
          e1.forEach((v, i) => {
            expect(Number.isFinite(v) && v >= 0).toBe(true);
            expect(e2[i]!).toBeGreaterThanOrEqual(v * (1 - 1e-9) - 1e-12);
          });
          const x1 = m.expectedTransactions(t1);
          const x2 = m.expectedTransactions(t1 + dt);
          expect(x1).toBeGreaterThanOrEqual(0);
          expect(x2).toBeGreaterThanOrEqual(x1 * (1 - 1e-9) - 1e-12);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('P(X(t) = n) sums to 1 over n and its mean is E[X(t)]', () => {
    fc.assert(
      // A light tail (mean purchase rate r/alpha ≤ 5 per unit, t ≤ 5) so that 400 terms hold it all.
      fc.property(
        fc.tuple(logUniform(0.1, 5), logUniform(1, 50), logUniform(0.1, 10), logUniform(0.1, 10)),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        (p, t) => {
          const m = continuousModel(kind, names, p);
          let mass = 0;
          let mean = 0;
          for (let n = 0; n < 400; n++) {
            const q = m.probabilityOfTransactions(n, t);
            expect(q >= 0 && q <= 1).toBe(true);
            mass += q;
            mean += n * q;
            if (n > 20 && q < 1e-16) break;
          }
          expect(mass).toBeCloseTo(1, 7);
          const e = m.expectedTransactions(t);
          expect(Math.abs(mean - e)).toBeLessThanOrEqual(1e-6 * (1 + e));
        },
      ),
      { seed: SEED + 1, numRuns: 60 },
    );
  });

  it('a bad horizon or customer is a typed error, not NaN', () => {
    const m = continuousModel(kind, names, [1, 1, 1, 1]);
    for (const t of [Number.NaN, -1, Infinity]) {
      expect(() => m.expectedTransactions(t)).toThrow(expect.objectContaining({ name: 'ClvkitError' }));
    }
    for (const cols of [
      { frequency: [1.5], recency: [1], T: [2] },
      { frequency: [1], recency: [3], T: [2] },
      { frequency: [Number.NaN], recency: [1], T: [2] },
      { frequency: [0], recency: [1], T: [2] },
    ]) {
      try {
        m.probabilityAlive(cols);
        expect.unreachable(JSON.stringify(cols));
      } catch (error) {
        expect(isClvkitError(error, 'INVALID_VALUE'), String(error)).toBe(true);
      }
    }
  });
});

describe('bg-nbd specifics', () => {
  it('P(alive | x = 0) = 1 (a BG/NBD customer can only drop out right after a purchase)', () => {
    fc.assert(
      fc.property(params4(), fc.double({ min: 0, max: 500, noNaN: true }), (p, T) => {
        const m = continuousModel('bg-nbd', ['r', 'alpha', 'a', 'b'], p);
        expect(m.probabilityAlive({ frequency: [0], recency: [0], T: [T] })[0]).toBe(1);
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });
});

describe('bg-bb', () => {
  it('P(X(n) = x) over x = 0..n sums to 1, with mean E[X(n)]; P(alive) in [0, 1]', () => {
    fc.assert(
      fc.property(params4(0.05, 20), fc.integer({ min: 1, max: 40 }), (p, n) => {
        const [alpha, beta, gamma, delta] = p;
        const m = modelFromJSON(saved('bg-bb', 'period', { alpha, beta, gamma, delta })) as FittedTransactionModel;
        let mass = 0;
        let mean = 0;
        for (let x = 0; x <= n; x++) {
          const q = m.probabilityOfTransactions(x, n);
          expect(q >= 0 && q <= 1).toBe(true);
          mass += q;
          mean += x * q;
        }
        expect(mass).toBeCloseTo(1, 9);
        expect(mean).toBeCloseTo(m.expectedTransactions(n), 8);
        const cols = { frequency: [0, 1, n], recency: [0, n, n], T: [n, n, n] };
        for (const v of m.probabilityAlive(cols)) expect(v >= 0 && v <= 1).toBe(true);
      }),
      { seed: SEED + 3, numRuns: 80 },
    );
  });
});

describe('gamma-gamma', () => {
  it('E[M | x, m̄] lies between the population mean p·γ/(q − 1) and the customer mean m̄', () => {
    fc.assert(
      fc.property(
        logUniform(0.1, 50),
        logUniform(1.05, 50),
        logUniform(0.1, 1000),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), logUniform(0.01, 1e6)), { minLength: 1, maxLength: 10 }),
        (p, q, gamma, rows) => {
          const m = modelFromJSON(saved('gamma-gamma', null, { p, q, gamma })) as FittedGammaGammaModel;
          const population = m.expectedAverageSpend();
          expect(population).toBeCloseTo((p * gamma) / (q - 1), 6);
          const spend = m.conditionalExpectedAverageSpend({ frequency: rows.map((r) => r[0]), monetaryValue: rows.map((r) => r[1]) });
          rows.forEach(([, mbar], i) => {
            const lo = Math.min(population, mbar);
            const hi = Math.max(population, mbar);
            expect(spend[i]!).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
            expect(spend[i]!).toBeLessThanOrEqual(hi * (1 + 1e-9));
          });
        },
      ),
      { seed: SEED + 4, numRuns: 150 },
    );
  });
});
