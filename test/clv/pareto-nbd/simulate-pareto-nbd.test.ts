import { describe, expect, expectTypeOf, it } from 'vitest';
import { paretoNbdExpectedTransactions, paretoNbdProbabilityOfTransactions } from '../../../src/clv/pareto-nbd/pareto-nbd-predictions.js';
import { simulateParetoNbd, type SimulatedParetoNbd } from '../../../src/clv/pareto-nbd/simulate-pareto-nbd.js';
import { codeOf } from '../../helpers/expect-code.js';

const params = { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 };

describe('simulateParetoNbd', () => {
  it('is deterministic per seed and per customer', () => {
    const a = simulateParetoNbd({ params, customers: 100, T: 39, seed: 5 });
    const b = simulateParetoNbd({ params, customers: 100, T: 39, seed: 5 });
    const c = simulateParetoNbd({ params, customers: 10, T: 39, seed: 5 });
    const d = simulateParetoNbd({ params, customers: 100, T: 39, seed: 6 });
    expect(a.frequency).toEqual(b.frequency);
    expect(a.recency).toEqual(b.recency);
    expect(c.frequency).toEqual(a.frequency.slice(0, 10));
    expect(d.frequency).not.toEqual(a.frequency);
  });

  it('obeys the domain rules (integer x, 0 ≤ t_x ≤ T, t_x = 0 iff x = 0)', () => {
    const T = Float64Array.from({ length: 5000 }, (_, i) => 1 + (i % 100));
    const sim = simulateParetoNbd({ params: { r: 2, alpha: 1, s: 0.3, beta: 5 }, customers: 5000, T, seed: 1 });
    for (let i = 0; i < sim.length; i++) {
      const x = sim.frequency[i]!;
      expect(Number.isInteger(x) && x >= 0).toBe(true);
      expect(sim.recency[i]!).toBeLessThanOrEqual(sim.T[i]!);
      expect(sim.recency[i]! > 0).toBe(x > 0);
      expect(sim.lambda[i]!).toBeGreaterThan(0);
      expect(sim.mu[i]!).toBeGreaterThan(0);
    }
  });

  it('matches E[X(t)] and P(X(t) = n) of the model (200,000 customers)', () => {
    const n = 200_000;
    const t = 39;
    const sim = simulateParetoNbd({ params, customers: n, T: t, seed: 11 });
    let sum = 0;
    let sumSq = 0;
    const counts = [0, 0, 0];
    for (const x of sim.frequency) {
      sum += x;
      sumSq += x * x;
      if (x < 3) counts[x]!++;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sumSq / n - mean * mean);
    expect(Math.abs(mean - paretoNbdExpectedTransactions(params, t))).toBeLessThan((4 * sd) / Math.sqrt(n));
    counts.forEach((c, k) => {
      const p = paretoNbdProbabilityOfTransactions(params, k, t);
      expect(Math.abs(c / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    });
    // The share still alive at T: E[(β/(β+T))^s].
    const alive = sim.aliveAtEnd.reduce((a, v) => a + v, 0) / n;
    const pAlive = (params.beta / (params.beta + t)) ** params.s;
    expect(Math.abs(alive - pAlive)).toBeLessThan(4 * Math.sqrt((pAlive * (1 - pAlive)) / n));
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => simulateParetoNbd({ params: { ...params, r: 0 }, customers: 1, T: 1, seed: 1 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => simulateParetoNbd({ params, customers: 0, T: 1, seed: 1 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => simulateParetoNbd({ params, customers: 1, T: -1, seed: 1 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => simulateParetoNbd({ params, customers: 1, T: 1, seed: 1.5 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => simulateParetoNbd({ params, customers: 2, T: [1], seed: 1 }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => simulateParetoNbd({ params, customers: 2, T: [1, 0], seed: 1 }))).toBe('INVALID_VALUE');
    expect(codeOf(() => simulateParetoNbd({ params, customers: 1, T: [Number.NaN], seed: 1 }))).toBe('INVALID_VALUE');
  });

  it('has the public types', () => {
    expectTypeOf(simulateParetoNbd).returns.toEqualTypeOf<SimulatedParetoNbd>();
  });
});
