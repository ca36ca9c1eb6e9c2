import { describe, expect, it } from 'vitest';
import { bgBbLogLikelihood, bgBbPatternLogLikelihood, logAddExp, logBetaRatio, logRisingFactorial } from '../../../src/clv/bg-bb/bg-bb-log-likelihood.js';
import { bgBbConditional } from '../../../src/clv/bg-bb/bg-bb-predictions.js';
import { logBeta, logGamma } from '../../../src/math/log-gamma.js';

/**
 * Brute force, independent of eq. 5: for fixed (p, θ) enumerate every death time and every purchase history
 * over n opportunities, collect P(x, t_x), then integrate over Beta(α,β) × Beta(γ,δ) with Gauss–Legendre.
 */
function patternProbabilitiesGivenPTheta(p: number, theta: number, n: number): Map<string, number> {
  const out = new Map<string, number>();
  // alive through opportunities 1..a (a = n: never died within n), died at the start of a+1 (a < n).
  for (let a = 0; a <= n; a++) {
    const pa = a < n ? Math.pow(1 - theta, a) * theta : Math.pow(1 - theta, n);
    for (let mask = 0; mask < 1 << a; mask++) {
      let x = 0;
      let last = 0;
      let prob = pa;
      for (let t = 1; t <= a; t++) {
        if (mask & (1 << (t - 1))) {
          x++;
          last = t;
          prob *= p;
        } else prob *= 1 - p;
      }
      const key = `${x},${last}`;
      out.set(key, (out.get(key) ?? 0) + prob);
    }
  }
  return out;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

function gaussLegendre(order: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= order; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (order + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= order; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (order * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    nodes.push((z + 1) / 2);
    weights.push(1 / ((1 - z * z) * dp * dp));
  }
  return { nodes, weights };
}

describe('bgBbPatternLogLikelihood', () => {
  it('matches brute-force enumeration integrated over the Beta mixing distributions', () => {
    // Integer shapes make the integrand a polynomial, which 30-point Gauss–Legendre integrates exactly.
    const params = { alpha: 2, beta: 3, gamma: 2, delta: 5 };
    const n = 4;
    const { nodes, weights } = gaussLegendre(30);
    const lnBab = logBeta(params.alpha, params.beta);
    const lnBgd = logBeta(params.gamma, params.delta);
    const integrated = new Map<string, number>();
    for (let i = 0; i < nodes.length; i++) {
      const p = nodes[i]!;
      const fp = Math.exp((params.alpha - 1) * Math.log(p) + (params.beta - 1) * Math.log(1 - p) - lnBab);
      for (let j = 0; j < nodes.length; j++) {
        const th = nodes[j]!;
        const ft = Math.exp((params.gamma - 1) * Math.log(th) + (params.delta - 1) * Math.log(1 - th) - lnBgd);
        for (const [key, prob] of patternProbabilitiesGivenPTheta(p, th, n)) {
          integrated.set(key, (integrated.get(key) ?? 0) + weights[i]! * weights[j]! * fp * ft * prob);
        }
      }
    }
    let total = 0;
    for (const [key, prob] of integrated) {
      const [x, tx] = key.split(',').map(Number) as [number, number];
      // L is the probability of one purchase sequence; C(t_x − 1, x − 1) sequences share the pattern.
      const sequences = x === 0 ? 1 : binomial(tx - 1, x - 1);
      const ll = bgBbPatternLogLikelihood(params, x, tx, n);
      expect(sequences * Math.exp(ll)).toBeCloseTo(prob, 13);
      total += sequences * Math.exp(ll);
    }
    expect(integrated.size).toBe(11); // (0,0) plus (x, t_x) with 1 ≤ x ≤ t_x ≤ 4
    expect(total).toBeCloseTo(1, 12);
  });

  it('gives the published log-likelihood of FHS 2010 at the published estimates (donations data)', () => {
    // The 22 patterns of the donations file (x, t_x, count), n = 6 (also read from the CSV in fit-bg-bb.test.ts).
    const patterns = [
      [0, 0, 3464],
      [1, 1, 1091],
      [1, 2, 277],
      [1, 3, 129],
      [1, 4, 78],
      [1, 5, 119],
      [1, 6, 129],
      [2, 2, 613],
      [2, 3, 255],
      [2, 4, 155],
      [2, 5, 173],
      [2, 6, 234],
      [3, 3, 322],
      [3, 4, 181],
      [3, 5, 225],
      [3, 6, 357],
      [4, 4, 240],
      [4, 5, 284],
      [4, 6, 512],
      [5, 5, 335],
      [5, 6, 728],
      [6, 6, 1203],
    ] as const;
    const ll = bgBbLogLikelihood(
      { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
      patterns.map((r) => r[0]),
      patterns.map((r) => r[1]),
      patterns.map(() => 6),
      patterns.map((r) => r[2]),
    );
    expect(ll).toBeCloseTo(-33225.6, 1);
  });

  it('is -Infinity outside the parameter space and skips zero weights', () => {
    expect(bgBbLogLikelihood({ alpha: -1, beta: 1, gamma: 1, delta: 1 }, [0], [0], [3])).toBe(-Infinity);
    expect(bgBbLogLikelihood({ alpha: 1, beta: 1, gamma: Infinity, delta: 1 }, [0], [0], [3])).toBe(-Infinity);
    const p = { alpha: 1, beta: 2, gamma: 1, delta: 3 };
    expect(bgBbLogLikelihood(p, [0, 2], [0, 3], [3, 3], [1, 0])).toBe(bgBbLogLikelihood(p, [0], [0], [3]));
  });

  it('stays finite for long histories (log space)', () => {
    const p = { alpha: 0.5, beta: 0.5, gamma: 0.5, delta: 0.5 };
    const ll = bgBbLogLikelihood(p, [900], [1000], [5000]);
    expect(Number.isFinite(ll)).toBe(true);
    expect(ll).toBeLessThan(0);
  });

  it('logAddExp is exact at the edges', () => {
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(-Infinity, 2)).toBe(2);
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
  });
});

describe('logRisingFactorial and logBetaRatio', () => {
  it('equal ln Γ differences for ordinary arguments and exact products for tiny ones', () => {
    expect(logRisingFactorial(2.5, 0)).toBe(0);
    expect(logRisingFactorial(2.5, 3)).toBeCloseTo(Math.log(2.5 * 3.5 * 4.5), 14);
    expect(logRisingFactorial(3.7, 40)).toBeCloseTo(logGamma(43.7) - logGamma(3.7), 11);
    // (a)_k = a·(k−1)! · (1 + O(a)) for tiny a: exact where ln Γ(a+k) − ln Γ(a) would cancel to nothing.
    expect(logRisingFactorial(1e-300, 5) - Math.log(1e-300)).toBeCloseTo(Math.log(24), 14);
    expect(logRisingFactorial(1e-300, 40) - Math.log(1e-300)).toBeCloseTo(logGamma(40), 11);
    expect(logBetaRatio(2, 3, 1, 2)).toBeCloseTo(logBeta(3, 5) - logBeta(2, 3), 13);
  });
});

describe('BG/BB likelihood for parameters down to the smallest positive double', () => {
  // α = γ = δ = 1 and β → 0: B(α+x, β+n−x)/B(α, β) → x!… closed forms below, by hand.
  it('has the β → 0 limits: L(6, 6, 6) → 1/7, L(1, 1, 6) → 1/6, and P(alive | 1, 1, 6) ∝ β', () => {
    for (const beta of [1e-16, 1e-50, 1e-300, 5e-324]) {
      const p = { alpha: 1, beta, gamma: 1, delta: 1 };
      // L(6, 6, 6) = B(7, β)/B(1, β) · B(1, 7)/B(1, 1) → 1 · 1/7.
      expect(Math.exp(bgBbPatternLogLikelihood(p, 6, 6, 6))).toBeCloseTo(1 / 7, 14);
      // L(1, 1, 6): only "bought at opportunity 1, died at 2" survives: B(2, β)/B(1, β) · B(2, 2)/B(1, 1) → 1/6.
      expect(Math.exp(bgBbPatternLogLikelihood(p, 1, 1, 6))).toBeCloseTo(1 / 6, 14);
    }
    // P(alive at 7 | 1, 1, 6) = B(2, β+5)/B(1, β) · B(1, 8) / L = (β)_5/(1+β)_6 · (1/8) · 6 → β · 4!/6! · 6/8 = β/40.
    const alive = (beta: number): number =>
      bgBbConditional({ alpha: 1, beta, gamma: 1, delta: 1 }, Float64Array.of(1), Float64Array.of(1), Float64Array.of(6), null).alive[0]!;
    for (const beta of [1e-16, 1e-50, 1e-300]) expect(alive(beta) / beta).toBeCloseTo(1 / 40, 14);
  });

  it('agrees with the ln Γ form where that form is accurate, and up to parameters of 1e4', () => {
    for (const [alpha, beta, gamma, delta] of [
      [1.2, 0.75, 0.66, 2.78],
      [1e4, 1e4, 1e4, 1e4],
      [1e-3, 1e4, 5, 1e-2],
    ] as const) {
      const p = { alpha, beta, gamma, delta };
      for (const [x, tx, n] of [
        [0, 0, 6],
        [2, 4, 6],
        [6, 6, 6],
        [3, 10, 40],
      ] as const) {
        let direct = logBeta(alpha + x, beta + n - x) - logBeta(alpha, beta) + logBeta(gamma, delta + n) - logBeta(gamma, delta);
        for (let i = 0; i <= n - tx - 1; i++) {
          direct = logAddExp(direct, logBeta(alpha + x, beta + tx - x + i) - logBeta(alpha, beta) + logBeta(gamma + 1, delta + tx + i) - logBeta(gamma, delta));
        }
        expect(bgBbPatternLogLikelihood(p, x, tx, n)).toBeCloseTo(direct, 8);
      }
    }
  });

  it('sums 10,000 opportunities by recurrence: equal to the term-by-term ln Γ sum', () => {
    const p = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 };
    const [x, tx, n] = [3, 20, 10_000];
    let direct = logBeta(p.alpha + x, p.beta + n - x) - logBeta(p.alpha, p.beta) + logBeta(p.gamma, p.delta + n) - logBeta(p.gamma, p.delta);
    for (let i = 0; i <= n - tx - 1; i++) {
      direct = logAddExp(
        direct,
        logBeta(p.alpha + x, p.beta + tx - x + i) - logBeta(p.alpha, p.beta) + logBeta(p.gamma + 1, p.delta + tx + i) - logBeta(p.gamma, p.delta),
      );
    }
    expect(bgBbPatternLogLikelihood(p, x, tx, n)).toBeCloseTo(direct, 9);
  });
});

describe('BG/BB likelihood for very long observation (issue 15)', () => {
  // mpmath 1.3 (mp.dps = 40): the sum of eq. 5 as f(0)·[₃F₂(β', δ', 1; α+x+β', γ+1+δ'; 1) − tail from n − t_x on].
  const rows: [number, number, number, number, number, number, number, number][] = [
    [1.2035, 0.7497, 0.6567, 2.7834, 3, 5, 1e9, -6.8932995366736832991],
    [1.2035, 0.7497, 0.6567, 2.7834, 0, 0, 1e9, -1.2476663136480976018],
    [1.2035, 0.7497, 0.6567, 2.7834, 3, 5, 1e12, -6.8932995366736832991],
    [0.5, 2, 0.3, 5, 10, 100, 1e9, -38.888093490373086393],
  ];
  it.each(rows)('ln L(%f, %f, %f, %f | x=%i, t_x=%i, n=%d) is right and fast', (alpha, beta, gamma, delta, x, tx, n, expected) => {
    const start = performance.now();
    const got = bgBbPatternLogLikelihood({ alpha, beta, gamma, delta }, x, tx, n);
    expect(performance.now() - start).toBeLessThan(200);
    expect(Math.abs(got - expected)).toBeLessThan(1e-10 * Math.abs(expected));
  });
});

describe('BG/BB likelihood at parameters up to 1e300 (issue 15: a likelihood is right or NUMERIC_FAILURE)', () => {
  // mpmath 1.3 at mp.dps = 700 of eq. 5 term by term; patterns (x, t_x, n) = (0,0,6), (2,4,6), (6,6,6).
  const rows: [number, number, number, number, number[]][] = [
    [1e-300, 1, 1e300, 1, [0.0, -3453.1844923105086, -4830.641203544714]],
    [1, 1, 1e300, 1e10, [-4.9999999999999996e-291, -2674.399905254155, -4008.4439719571947]],
    [1e300, 1e300, 1, 1, [-0.48535901732893016, -5.286482908901034, -6.104793232414985]],
    [1e300, 1, 1e300, 1e300, [-0.6931471805599453, -1384.3236445186672, -4.1588830833596715]],
    [1e10, 1e-10, 1e300, 1e-300, [0.0, -3521.1634328120617, -4830.641203544714]],
  ];
  it.each(rows)('α=%d β=%d γ=%d δ=%d', (alpha, beta, gamma, delta, expected) => {
    const patterns: [number, number, number][] = [
      [0, 0, 6],
      [2, 4, 6],
      [6, 6, 6],
    ];
    patterns.forEach(([x, tx, n], i) => {
      const got = bgBbPatternLogLikelihood({ alpha, beta, gamma, delta }, x, tx, n);
      expect(Math.abs(got - expected[i]!), `(${x}, ${tx}, ${n}): ${got}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected[i]!)));
    });
  });

  it('is a log-probability (≤ 0) over a grid of parameters from 1e-300 to 1e300', () => {
    const values = [1e-300, 1e-10, 1, 1e10, 1e300];
    for (const alpha of values)
      for (const beta of values)
        for (const gamma of values)
          for (const delta of values) {
            for (const [x, tx, n] of [
              [0, 0, 6],
              [2, 4, 6],
              [6, 6, 6],
            ] as const) {
              const v = bgBbPatternLogLikelihood({ alpha, beta, gamma, delta }, x, tx, n);
              expect(v <= 1e-12, `${[alpha, beta, gamma, delta, x, tx, n].join(', ')}: ${v}`).toBe(true);
            }
          }
  });
});
