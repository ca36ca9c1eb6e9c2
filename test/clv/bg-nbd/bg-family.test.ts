import { describe, expect, it } from 'vitest';
import {
  bgConditionalExpected,
  bgExpectationByQuadrature,
  bgExpectationKernel,
  bgExpectedTransactions,
  bgLikelihoodProblem,
  bgPatternsOf,
  bgProbabilityAlive,
  bgProbabilityOfTransactions,
} from '../../../src/clv/bg-nbd/bg-family.js';
import type { BgParams, DropoutOffset } from '../../../src/clv/bg-nbd/bg-family.js';
import { logGamma } from '../../../src/math/log-gamma.js';
import { createRandom } from '../../../src/random.js';

const cdnow: BgParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function ll(p: BgParams, k: DropoutOffset, x: number, tx: number, T: number): number {
  const patterns = bgPatternsOf({ frequency: Float64Array.of(x), recency: Float64Array.of(tx), T: Float64Array.of(T) }, undefined);
  return bgLikelihoodProblem('t', patterns, k, [[1, 1, 1, 1]]).logLikelihood(Float64Array.of(p.r, p.alpha, p.a, p.b));
}

/**
 * Brute force: the individual likelihood integrated numerically over λ ~ Gamma(r, α) and
 * p ~ Beta(a, b) (Simpson's rule after λ = v^(1/r), p = u^(1/a), which remove the endpoint singularities).
 * Individual likelihood given (λ, p): (1−p)^(x+k) λ^x e^(−λT) + [x>0 or k=1] p (1−p)^(x+k−1) λ^x e^(−λ t_x).
 */
function bruteLikelihood(p: BgParams, k: DropoutOffset, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const lambdaMax = (x + 60) / alpha + 200 / (alpha + tx);
  const vMax = Math.pow(lambdaMax, r);
  const N = 4000;
  const simpson = (f: (s: number) => number, hi: number): number => {
    const h = hi / N;
    let s = f(0) + f(hi);
    for (let i = 1; i < N; i++) s += (i % 2 === 1 ? 4 : 2) * f(i * h);
    return (s * h) / 3;
  };
  const logNormG = r * Math.log(alpha) - logGamma(r) - Math.log(r);
  const logNormB = -(logGamma(a) + logGamma(b) - logGamma(a + b)) - Math.log(a);
  // Inner integrals over λ of λ^x e^(−λ s): do them numerically too.
  const lambdaMoment = (s: number): number =>
    simpson((v) => {
      const lam = Math.pow(v, 1 / r);
      return Math.exp(-alpha * lam - lam * s + logNormG + (x > 0 ? x * Math.log(lam) : 0));
    }, vMax);
  const mT = lambdaMoment(T);
  const mTx = lambdaMoment(tx);
  const pIntegral = (power1: number, powerP: number): number =>
    simpson((u) => {
      const q = Math.pow(u, 1 / a);
      const oneMinus = 1 - q;
      if (oneMinus <= 0) return 0;
      return Math.exp(logNormB + (b - 1) * Math.log(oneMinus) + power1 * Math.log(oneMinus)) * (powerP === 1 ? q : 1);
    }, 1);
  let value = pIntegral(x + k, 0) * mT;
  if (x > 0 || k === 1) value += pIntegral(x + k - 1, 1) * mTx;
  return value;
}

describe('BG-family likelihood', () => {
  it.each([
    [0, 0, 0, 38.86],
    [0, 2, 30.43, 38.86],
    [0, 7, 29.43, 38.86],
    [1, 0, 0, 38.86],
    [1, 3, 10.5, 20],
  ] as const)('matches a numerical double integral over λ and p (k = %i, x = %i, t_x = %f, T = %f)', (k, x, tx, T) => {
    const value = ll(cdnow, k, x, tx, T);
    expect(value).toBeCloseTo(Math.log(bruteLikelihood(cdnow, k, x, tx, T)), 5);
  });

  it('has an analytic gradient equal to central differences', () => {
    const patterns = bgPatternsOf(
      { frequency: Float64Array.of(0, 2, 7, 1, 0), recency: Float64Array.of(0, 30.43, 29.43, 5, 0), T: Float64Array.of(38.86, 38.86, 38.86, 20, 12) },
      [3, 1, 1, 2, 0.5],
    );
    for (const k of [0, 1] as const) {
      const problem = bgLikelihoodProblem('t', patterns, k, []);
      const p = Float64Array.of(0.4, 3.1, 0.7, 2.2);
      const g = new Float64Array(4);
      const value = problem.gradient!(p, g);
      expect(value).toBeCloseTo(problem.logLikelihood(p), 12);
      for (let i = 0; i < 4; i++) {
        const h = 1e-6 * p[i]!;
        const up = Float64Array.from(p);
        const down = Float64Array.from(p);
        up[i] = up[i]! + h;
        down[i] = down[i]! - h;
        expect(g[i]!).toBeCloseTo((problem.logLikelihood(up) - problem.logLikelihood(down)) / (2 * h), 5);
      }
    }
  });
});

describe('BG-family at T = 0 (first seen at the very end of the period)', () => {
  it('a T = 0 row has likelihood 1: log-likelihood and gradient exactly 0 for BG/NBD and MBG/NBD', () => {
    const zero = bgPatternsOf({ frequency: Float64Array.of(0), recency: Float64Array.of(0), T: Float64Array.of(0) }, [3]);
    for (const k of [0, 1] as const) {
      for (const p of [Float64Array.of(0.243, 4.414, 0.793, 2.426), Float64Array.of(1e-3, 1e3, 20, 0.05), Float64Array.of(50, 0.01, 1, 1)]) {
        const problem = bgLikelihoodProblem('t', zero, k, []);
        const g = new Float64Array(4).fill(Number.NaN);
        const value = problem.gradient!(p, g);
        expect(Math.abs(value)).toBeLessThan(1e-12);
        expect(Math.abs(problem.logLikelihood(p))).toBeLessThan(1e-12);
        for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-12);
      }
    }
  });

  it('P(alive) and E[Y(t)] are the new-customer ones: 1 (BG/NBD) or b/(a+b) (MBG/NBD), and E[X(t)]', () => {
    const fresh = { frequency: [0], recency: [0], T: [0] };
    // BG/NBD: no drop-out chance before the first repeat purchase. MBG/NBD: drop-out at time 0 with
    // probability p ~ Beta(a, b), so alive with E[1 − p] = b/(a + b).
    expect(bgProbabilityAlive(cdnow, 0, fresh, 't')[0]).toBe(1);
    expect(bgProbabilityAlive(cdnow, 1, fresh, 't')[0]).toBeCloseTo(cdnow.b / (cdnow.a + cdnow.b), 14);
    for (const k of [0, 1] as const) {
      for (const t of [0.5, 39, 520]) {
        const value = bgConditionalExpected(cdnow, k, t, fresh, 't')[0]!;
        expect(value).toBeCloseTo(bgExpectedTransactions(cdnow, k, t, 't'), 12);
        expect(Number.isFinite(value)).toBe(true);
      }
    }
  });
});

describe('BG-family predictions: internal consistency', () => {
  it.each([0, 1] as const)('the PMF sums to 1 and its mean is E[X(t)] (k = %i)', (k) => {
    for (const p of [cdnow, { r: 2, alpha: 1.5, a: 3, b: 7 }, { r: 0.6, alpha: 2, a: 1.7, b: 0.9 }]) {
      for (const t of [0.5, 39, 78]) {
        let total = 0;
        let mean = 0;
        for (let n = 0; n < 100_000; n++) {
          const q = bgProbabilityOfTransactions(p, k, n, t, 't');
          expect(q).toBeGreaterThanOrEqual(0);
          total += q;
          mean += n * q;
          if (n > 10 && q < 1e-13 && 1 - total < 1e-10) break;
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-8);
        const e = bgExpectedTransactions(p, k, t, 't');
        expect(Math.abs(mean - e)).toBeLessThan(1e-7 * Math.max(1, e));
      }
    }
  });

  it('P(X(0) = n) is a point mass at 0', () => {
    expect(bgProbabilityOfTransactions(cdnow, 0, 0, 0, 't')).toBe(1);
    expect(bgProbabilityOfTransactions(cdnow, 0, 3, 0, 't')).toBe(0);
  });

  it('the expectation kernel is smooth through its removable singularity at a = 1', () => {
    const at = (a: number): number => bgExpectationKernel(0.5, 3, a, 2, 20, 't');
    const mid = at(1);
    expect(Math.abs(mid - (at(1 - 1e-4) + at(1 + 1e-4)) / 2)).toBeLessThan(1e-7);
    expect(Number.isFinite(mid)).toBe(true);
  });

  it('the expectation kernel near a = 1 matches mpmath to 1e-12 relative (not the a = 1 value)', () => {
    // mpmath 1.3, mp.dps = 50: c/(a−1)·(1 − (α/(α+t))^r·hyp2f1(r, b, c, t/(α+t))), c = a+b−1, r = 0.5, α = 3, b = 2, t = 20.
    const reference: [number, number][] = [
      [1.0000005, 1.595841473999592],
      [0.9999995, 1.5958422096596767],
      [1.0000001, 1.5958417682635118],
      [1.00001, 1.595834485276219],
      [0.99999, 1.5958491984779119],
    ];
    for (const [a, expected] of reference) {
      expect(Math.abs(bgExpectationKernel(0.5, 3, a, 2, 20, 't') / expected - 1), `a = ${a}`).toBeLessThan(1e-12);
    }
  });

  it('the expectation kernel is right where ₂F₁ has z > 0.9 and a large b (issue 15), against mpmath', () => {
    // (r, α, a, b, t) → mpmath value; the first two are the ₂F₁ cases 2F1(1, 1000; 1000.01; ·) and 2F1(0.001, 1000; 1099; ·).
    const reference: [number, number, number, number, number, number][] = [
      [1, 1, 1.01, 1000, 46.6, 44.589466190645645],
      [0.001, 1, 100, 1000, 26, 0.01336148938378894],
      [2, 1, 1.5, 1000, 46.6, 84.70710242543572],
      [1, 1, 1.5, 5000, 500, 439.14719684143481],
    ];
    for (const [r, alpha, a, b, t, expected] of reference) {
      expect(Math.abs(bgExpectationKernel(r, alpha, a, b, t, 't') / expected - 1), `${[r, alpha, a, b, t].join(', ')}`).toBeLessThan(1e-10);
    }
  });

  it('BG/NBD and MBG/NBD conditional expectations match mpmath far ahead (z > 0.9) and for heavy buyers', () => {
    // mpmath 1.3 (mp.dps = 50) of kernel(r+x, α+T, a, b+x+k, t) / (1 + e^d), the CDNOW parameters.
    const rows: [number, number, number, number, number, number][] = [
      // x, t_x, T, t, BG/NBD, MBG/NBD
      [1000, 9, 10, 200, 2.669450808295237569e-25, 2.673578869203571414e-25],
      [1000, 10, 10, 500, 5297.7907277462487355, 5301.0447562161868515],
      [150, 30, 39, 1000, 9.024416325508267631e-11, 9.1189590912086624207e-11],
      [3, 20, 39, 2000, 11.659087091593018956, 14.292321759967340916],
    ];
    for (const [x, tx, T, t, bg, mbg] of rows) {
      const customers = { frequency: [x], recency: [tx], T: [T] };
      expect(Math.abs(bgConditionalExpected(cdnow, 0, t, customers, 't')[0]! / bg - 1)).toBeLessThan(1e-10);
      expect(Math.abs(bgConditionalExpected(cdnow, 1, t, customers, 't')[0]! / mbg - 1)).toBeLessThan(1e-10);
    }
  });

  it('the log-likelihood is right at parameters from 1e-300 to 1e300 (issue 15: +581 at a start of 1e300), against mpmath', () => {
    // mpmath 1.3 at mp.dps = 700 (enough digits for ln Γ(1e300)) of FHL eq. 6 / its MBG form; customers (x, t_x, T).
    const customers: [number, number, number][] = [
      [0, 0, 38],
      [2, 30.43, 38.86],
      [7, 29.43, 38.86],
    ];
    const rows: [number, number, number, number, DropoutOffset, number[]][] = [
      [1e300, 1e300, 1e300, 1e300, 0, [-38.0, -31.816076163436346, -34.281949987941886]],
      [1e300, 1e300, 1e300, 1e300, 1, [-0.6931471805599453, -32.50922334399629, -34.975097168501826]],
      [1e300, 1, 1, 1, 0, [-3.663561646129647e300, -3.4477628508094765e300, -3.41542896390888e300]],
      [1e300, 1, 1, 1, 1, [-0.6931471805599453, -3.4477628508094765e300, -3.41542896390888e300]],
      [1, 1e300, 1, 1, 0, [-3.7999999999999997e-299, -1381.5510557964274, -4828.849444075486]],
      [1, 1e300, 1, 1, 1, [-1.8999999999999999e-299, -1381.9565209045356, -4828.98297546811]],
      [1, 1, 1e300, 1e300, 0, [-3.6635616461296463, -10.637489071269943, -23.541108620996916]],
      [1, 1, 1e300, 1e300, 1, [-0.6678293725756554, -11.330636251829889, -24.234255801556863]],
      [1e300, 1e300, 1, 1, 0, [-38.0, -32.221323121460806, -33.45478989417284]],
      [1e300, 1e300, 1, 1, 1, [-0.6931471805599453, -32.914252199516135, -33.7060240915603]],
      [1e-300, 1, 1, 1, 0, [-3.6635616461296466e-300, -698.6547779909598, -711.4079379426662]],
      [1e-300, 1, 1, 1, 1, [-1.8317808230648233e-300, -699.1033070724935, -711.58838509636]],
      [1, 1, 1e-300, 1, 0, [-3.6635616461296463, -10.362972763794001, -20.957825157211776]],
      [1, 1, 1e-300, 1, 1, [-3.6635616461296463, -10.362972763794001, -20.957825157211776]],
    ];
    for (const [r, alpha, a, b, k, expected] of rows) {
      customers.forEach(([x, tx, T], i) => {
        const got = ll({ r, alpha, a, b }, k, x, tx, T);
        expect(Math.abs(got - expected[i]!), `k=${k} (${r}, ${alpha}, ${a}, ${b}) customer ${i}: ${got}`).toBeLessThan(
          1e-9 * Math.max(1, Math.abs(expected[i]!)),
        );
      });
    }
  });

  it('the ₂F₁ route and the quadrature of the mixture integral agree', () => {
    const rng = createRandom(5);
    for (let i = 0; i < 60; i++) {
      const r = Math.exp(rng.uniform(-4, 4));
      const alpha = Math.exp(rng.uniform(-3, 6));
      const a = Math.exp(rng.uniform(-3, 4));
      const b = Math.exp(rng.uniform(-3, 5));
      const t = Math.exp(rng.uniform(-2, 6));
      const viaHyp = bgExpectationKernel(r, alpha, a, b, t, 't');
      const viaQuadrature = bgExpectationByQuadrature(r, alpha, a, b, t, 't');
      expect(Math.abs(viaHyp / viaQuadrature - 1)).toBeLessThan(1e-6);
    }
  });

  it('conditional expectations are non-decreasing in t and start at 0', () => {
    const customers = { frequency: [0, 2, 7, 40], recency: [0, 30.43, 29.43, 38], T: [38.86, 38.86, 38.86, 38.86] };
    for (const k of [0, 1] as const) {
      let previous = bgConditionalExpected(cdnow, k, 0, customers, 't');
      expect([...previous]).toEqual([0, 0, 0, 0]);
      for (const t of [1, 5, 39, 100, 1000, 10_000]) {
        const next = bgConditionalExpected(cdnow, k, t, customers, 't');
        for (let i = 0; i < 4; i++) expect(next[i]!).toBeGreaterThanOrEqual(previous[i]!);
        previous = next;
      }
    }
  });

  it('shares one kernel per distinct (x, T): the same values as one customer at a time', () => {
    // Repeated (x, T) pairs with different recencies, -0 beside 0, and values that differ in the last bit.
    const rng = createRandom(5);
    const frequency: number[] = [];
    const recency: number[] = [];
    const T: number[] = [];
    const ages = [0, -0, 1 / 7, 39, 39 + 2 ** -40, 52.285714285714285];
    for (let i = 0; i < 300; i++) {
      const age = ages[rng.int(ages.length)]!;
      const x = age === 0 ? 0 : rng.int(4);
      frequency.push(x);
      T.push(age);
      recency.push(x === 0 ? 0 : Math.max(1e-3, rng.next() * age));
    }
    for (const k of [0, 1] as const) {
      const all = bgConditionalExpected(cdnow, k, 26, { frequency, recency, T }, 't');
      for (let i = 0; i < frequency.length; i++) {
        const one = bgConditionalExpected(cdnow, k, 26, { frequency: [frequency[i]!], recency: [recency[i]!], T: [T[i]!] }, 't');
        expect(all[i]).toBe(one[0]);
      }
    }
  });

  it('P(alive) is 1 at x = 0 for BG/NBD, below 1 for MBG/NBD, and always in [0, 1]', () => {
    const c = { frequency: [0, 1, 5, 5000], recency: [0, 1, 20, 10], T: [39, 39, 39, 10_000] };
    const bg = bgProbabilityAlive(cdnow, 0, c, 't');
    const mbg = bgProbabilityAlive(cdnow, 1, c, 't');
    expect(bg[0]).toBe(1);
    // 1/(1 + a/b·((α+T)/α)^r): the MBG/NBD customer may have dropped out at time 0.
    expect(mbg[0]).toBeCloseTo(1 / (1 + (cdnow.a / cdnow.b) * ((cdnow.alpha + 39) / cdnow.alpha) ** cdnow.r), 14);
    expect(mbg[0]).toBeLessThan(1);
    for (const v of [...bg, ...mbg]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('stays finite with x in the thousands, T up to 10,000 and parameters from 1e-4 to 1e4', () => {
    const grid = [1e-4, 0.3, 3, 1e4];
    const customers = { frequency: [0, 1, 50, 3000, 10_000], recency: [0, 0.5, 40, 900, 9999], T: [1, 10_000, 52, 1000, 10_000] };
    let failures = 0;
    for (const r of grid)
      for (const alpha of grid)
        for (const a of grid)
          for (const b of grid)
            for (const k of [0, 1] as const) {
              const p = { r, alpha, a, b };
              try {
                const alive = bgProbabilityAlive(p, k, customers, 't');
                const cond = bgConditionalExpected(p, k, 52, customers, 't');
                const e = bgExpectedTransactions(p, k, 52, 't');
                const q = bgProbabilityOfTransactions(p, k, 3, 52, 't');
                for (const v of [...alive, q]) expect(v >= 0 && v <= 1).toBe(true);
                for (const v of [...cond, e]) expect(Number.isFinite(v) && v >= 0).toBe(true);
              } catch (error) {
                expect(error).toMatchObject({ code: 'NUMERIC_FAILURE' });
                failures++;
              }
            }
    expect(failures).toBe(0);
  });
});

describe('bgProbabilityOfTransactions with a heavy negative-binomial tail', () => {
  /**
   * Brute force of FHL eq. 8: B(a, b+n)/B(a,b)·NB(n) + B(a+1, b+n−1)/B(a,b)·Σ_{j≥n} NB(j), the tail summed
   * term by term (ratio (r+j)/(j+1)·(1−q)) until the terms are below 1e-18 of the sum and falling geometrically.
   */
  function brute(p: BgParams, n: number, t: number): number {
    const { r, alpha, a, b } = p;
    const q = alpha / (alpha + t);
    const logNb = (j: number): number => logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * Math.log(q) + j * Math.log1p(-q);
    const lB = (x: number, y: number): number => logGamma(x) + logGamma(y) - logGamma(x + y);
    let term = 1;
    let sum = 1;
    for (let j = n; ; j++) {
      const ratio = ((r + j) / (j + 1)) * (1 - q);
      term *= ratio;
      sum += term;
      if (term < 1e-18 * sum * (1 - ratio)) break;
    }
    const tail = Math.exp(logNb(n) + Math.log(sum));
    return Math.exp(lB(a, b + n) - lB(a, b) + logNb(n)) + Math.exp(lB(a + 1, b + n - 1) - lB(a, b)) * tail;
  }

  it('is computed, not a 2-second NUMERIC_FAILURE, for r = 1e-4, α = 1e-2, t = 10,000 (the tail is an incomplete beta)', () => {
    const p = { r: 1e-4, alpha: 1e-2, a: 1, b: 1 };
    const v = bgProbabilityOfTransactions(p, 0, 1000, 10_000, 't');
    // The brute force multiplies ~4·10⁷ ratios here, so it is itself good to only ~1e-8.
    expect(v / brute(p, 1000, 10_000)).toBeCloseTo(1, 7);
    const w = bgProbabilityOfTransactions(p, 0, 10_000, 10_000, 't');
    expect(w > 0 && w < 1).toBe(true);
  });

  it('matches the brute-force tail for both BG/NBD and a range of shapes', () => {
    for (const p of [
      { r: 1e-4, alpha: 1, a: 0.5, b: 2 },
      { r: 0.24, alpha: 4.4, a: 0.79, b: 2.43 },
      { r: 30, alpha: 2, a: 3, b: 1.5 },
    ]) {
      for (const n of [1, 5, 200]) expect(bgProbabilityOfTransactions(p, 0, n, 1000, 't') / brute(p, n, 1000)).toBeCloseTo(1, 9);
    }
  });
});
