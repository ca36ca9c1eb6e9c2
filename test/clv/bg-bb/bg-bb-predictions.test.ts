import { describe, expect, it } from 'vitest';
import { bgBbPatternLogLikelihood } from '../../../src/clv/bg-bb/bg-bb-log-likelihood.js';
import { bgBbConditional, bgBbExpectedTransactions, bgBbProbabilityOfTransactions, survivalSum } from '../../../src/clv/bg-bb/bg-bb-predictions.js';
import { simulateBgBb } from '../../../src/clv/bg-bb/simulate-bg-bb.js';
import { logBeta } from '../../../src/math/log-gamma.js';

const PAPER = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };

describe('survivalSum', () => {
  it('is Σ_{t=n+1}^{n+m} B(γ, δ+t)/B(γ, δ) term by term', () => {
    let direct = 0;
    for (let t = 4; t <= 10; t++) direct += Math.exp(logBeta(0.657, 2.783 + t) - logBeta(0.657, 2.783));
    expect(survivalSum(0.657, 2.783, 3, 7)).toBeCloseTo(direct, 13);
    expect(survivalSum(0.657, 2.783, 3, 0)).toBe(0);
  });

  it('switches to the closed form for long spans without a jump', () => {
    const summed = survivalSum(0.657, 2.783, 0, 99_999) + survivalSum(0.657, 2.783, 99_999, 100_001);
    const closed = survivalSum(0.657, 2.783, 0, 200_000);
    expect(closed / summed).toBeCloseTo(1, 8);
  });

  it('handles γ = 1 exactly (the closed form would divide by zero)', () => {
    // With γ = 1, B(1, δ+t)/B(1, δ) = δ/(δ+t).
    let direct = 0;
    for (let t = 1; t <= 200_001; t++) direct += 2 / (2 + t);
    expect(survivalSum(1, 2, 0, 200_001)).toBeCloseTo(direct, 8);
  });
});

describe('bgBbProbabilityOfTransactions (eq. 7)', () => {
  it('sums to 1 over x = 0..n and its mean is E[X(n)] (eq. 8)', () => {
    for (const n of [1, 6, 25]) {
      let total = 0;
      let mean = 0;
      for (let x = 0; x <= n; x++) {
        const p = bgBbProbabilityOfTransactions(PAPER, x, n);
        total += p;
        mean += x * p;
      }
      expect(total).toBeCloseTo(1, 12);
      expect(mean).toBeCloseTo(bgBbExpectedTransactions(PAPER, n), 12);
    }
    expect(bgBbProbabilityOfTransactions(PAPER, 7, 6)).toBe(0);
  });

  it('equals the sum over patterns of C(t_x−1, x−1)·L (eq. 5), an independent route', () => {
    const n = 6;
    for (let x = 1; x <= n; x++) {
      let viaPatterns = 0;
      for (let tx = x; tx <= n; tx++) {
        let c = 1;
        for (let i = 1; i <= x - 1; i++) c = (c * (tx - 1 - (x - 1) + i)) / i;
        viaPatterns += c * Math.exp(bgBbPatternLogLikelihood(PAPER, x, tx, n));
      }
      expect(bgBbProbabilityOfTransactions(PAPER, x, n)).toBeCloseTo(viaPatterns, 12);
    }
  });
});

describe('bgBbConditional (eqs. 11, 13)', () => {
  it('reproduces FHS 2010 Table 6 (P(alive in 2002)) at the published estimates', () => {
    // (x, t_x) = (0, 0): 0.11; (2, 4): 0.59; (6, 6): 0.93 — as also checked by lifetimes' test suite.
    const { alive } = bgBbConditional(PAPER, Float64Array.of(0, 2, 6), Float64Array.of(0, 4, 6), Float64Array.of(6, 6, 6), null);
    expect(alive[0]).toBeCloseTo(0.11, 2);
    expect(alive[1]).toBeCloseTo(0.59, 2);
    expect(alive[2]).toBeCloseTo(0.93, 2);
  });

  it('conditional expectation at n* = 0 is 0 and grows with n*; first step is E[p | ·]·P(alive)', () => {
    const x = Float64Array.of(0, 3, 6);
    const tx = Float64Array.of(0, 5, 6);
    const n = Float64Array.of(6, 6, 6);
    expect(Array.from(bgBbConditional(PAPER, x, tx, n, 0).expected!)).toEqual([0, 0, 0]);
    const one = bgBbConditional(PAPER, x, tx, n, 1);
    const five = bgBbConditional(PAPER, x, tx, n, 5).expected!;
    // For one opportunity: E = P(alive at n+1 | ·) · E[p | alive, x, n] with E[p | ·] = (α+x)/(α+β+n).
    for (let i = 0; i < 3; i++) {
      const posteriorP = (PAPER.alpha + x[i]!) / (PAPER.alpha + PAPER.beta + n[i]!);
      expect(one.expected![i]).toBeCloseTo(one.alive[i]! * posteriorP, 12);
      expect(five[i]).toBeGreaterThan(one.expected![i]!);
    }
  });

  it('gives the same values for repeated patterns (memoised) as for single ones', () => {
    const x = Float64Array.of(2, 0, 2, 2);
    const tx = Float64Array.of(4, 0, 4, 3);
    const n = Float64Array.of(6, 6, 6, 6);
    const all = bgBbConditional(PAPER, x, tx, n, 5);
    const single = bgBbConditional(PAPER, Float64Array.of(2), Float64Array.of(4), Float64Array.of(6), 5);
    expect(all.expected![0]).toBe(single.expected![0]);
    expect(all.expected![2]).toBe(single.expected![0]);
    expect(all.alive[2]).toBe(single.alive[0]);
    expect(all.expected![3]).not.toBe(single.expected![0]);
  });

  it('agrees with simulation: holdout transactions and survival by pattern', () => {
    const params = { alpha: 1.2, beta: 0.8, gamma: 0.7, delta: 2.5 };
    const sim = simulateBgBb({ params, customers: 60_000, periods: 5, holdoutPeriods: 4, seed: 11 });
    const { alive, expected } = bgBbConditional(params, sim.frequency, sim.recency, sim.T, 4);
    // Totals over the base and over two well-populated patterns.
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < sim.length; i++) {
      predicted += expected![i]!;
      actual += sim.holdoutFrequency[i]!;
    }
    expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.02);
    for (const [px, ptx] of [
      [0, 0],
      [5, 5],
    ]) {
      let k = 0;
      let sumPred = 0;
      let sumAct = 0;
      for (let i = 0; i < sim.length; i++) {
        if (sim.frequency[i] !== px || sim.recency[i] !== ptx) continue;
        k++;
        sumPred += expected![i]!;
        sumAct += sim.holdoutFrequency[i]!;
      }
      expect(k).toBeGreaterThan(2000);
      expect(Math.abs(sumPred - sumAct) / Math.max(sumAct, 50)).toBeLessThan(0.08);
    }
    // P(alive at n+1): compare with a one-opportunity continuation of the same customers.
    const next = simulateBgBb({ params, customers: 60_000, periods: 5, holdoutPeriods: 1, seed: 11 });
    let pAlive = 0;
    let aliveCount = 0;
    for (let i = 0; i < next.length; i++) {
      pAlive += alive[i]!;
      aliveCount += next.aliveAtEnd[i]!;
    }
    expect(Math.abs(pAlive - aliveCount) / aliveCount).toBeLessThan(0.02);
  });

  it('keeps probabilities in [0, 1] and values finite for extreme histories', () => {
    const { alive, expected } = bgBbConditional(
      { alpha: 0.05, beta: 20, gamma: 0.01, delta: 50 },
      Float64Array.of(0, 400, 1),
      Float64Array.of(0, 500, 1),
      Float64Array.of(1000, 500, 1000),
      52,
    );
    for (let i = 0; i < 3; i++) {
      expect(alive[i]).toBeGreaterThanOrEqual(0);
      expect(alive[i]).toBeLessThanOrEqual(1);
      expect(Number.isFinite(expected![i])).toBe(true);
    }
  });
});

describe('BG/BB at extreme horizons and parameters (issue 15), against mpmath', () => {
  // mpmath 1.3 (mp.dps = 40) of FHS 2010 eqs. 8, 11 and 13 (closed-form survival sums with mp.gamma).
  it('conditional expectations do not underflow at γ = 1000 (survival sum in log space)', () => {
    const rows: [number, number, number, number, number, number, number, number, number][] = [
      // α, β, γ, δ, x, t_x, n, n*, E[X(n, n+n*) | x, t_x, n]
      [1, 1, 1000, 1000, 5000, 5000, 5000, 1, 0.8569714971154396142],
      [1, 1, 1000, 1000, 5000, 5000, 5000, 200_000, 6.0048052850931704699],
      [1.2, 0.75, 1000, 50, 3000, 3000, 3000, 10, 2.8719574389064212358],
      [1, 1, 1000, 1000, 200, 200, 200, 1, 0.54275427542754280224],
    ];
    for (const [alpha, beta, gamma, delta, x, tx, n, m, expected] of rows) {
      const got = bgBbConditional({ alpha, beta, gamma, delta }, Float64Array.of(x), Float64Array.of(tx), Float64Array.of(n), m).expected![0]!;
      expect(Math.abs(got / expected - 1), `${[alpha, beta, gamma, delta, x, tx, n, m].join(', ')}: ${got}`).toBeLessThan(1e-10);
    }
    const alive = bgBbConditional({ alpha: 1, beta: 1, gamma: 1000, delta: 1000 }, Float64Array.of(5000), Float64Array.of(5000), Float64Array.of(5000), null)
      .alive[0]!;
    expect(Math.abs(alive / (6 / 7) - 1)).toBeLessThan(1e-12);
  });

  it('E[X(n)] stays right (and positive, increasing) for n up to 1e20', () => {
    const params = { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 };
    const reference: [number, number][] = [
      [1e15, 476750.79563066619725],
      [1e16, 1050978.696626664985],
      [1e20, 24819663.545545240101],
    ];
    for (const [n, expected] of reference) expect(Math.abs(bgBbExpectedTransactions(params, n) / expected - 1), `n = ${n}`).toBeLessThan(1e-10);
    let previous = 0;
    for (let e = 3; e <= 300; e += 3) {
      const v = bgBbExpectedTransactions(params, 10 ** e);
      expect(v).toBeGreaterThan(previous);
      previous = v;
    }
  });

  it('survival sums are right for long spans starting far out, and at γ = 1 exactly', () => {
    // Σ_{t=n+1}^{n+m} B(γ, δ+t)/B(γ, δ), mpmath closed form / (γ = 1) δ·(ψ(1+δ+n+m) − ψ(1+δ+n)).
    expect(Math.abs(survivalSum(1, 2, 0, 1000) / (2 * (digammaRef(1003) - digammaRef(3))) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(survivalSum(1, 2, 1e6, 1e9) / (2 * (digammaRef(1 + 2 + 1e6 + 1e9) - digammaRef(1 + 2 + 1e6))) - 1)).toBeLessThan(1e-10);
  });
});

/** ψ(x) for x ≥ 3 by the asymptotic series after shifting (an independent few lines, for the γ = 1 reference). */
function digammaRef(x: number): number {
  let shift = 0;
  while (x < 30) {
    shift -= 1 / x;
    x += 1;
  }
  const i2 = 1 / (x * x);
  return shift + Math.log(x) - 0.5 / x - i2 * (1 / 12 - i2 * (1 / 120 - i2 / 252));
}
