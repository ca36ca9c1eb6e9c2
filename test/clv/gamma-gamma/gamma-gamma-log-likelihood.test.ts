import { describe, expect, it } from 'vitest';
import {
  gammaGammaCustomerLogLikelihood,
  gammaGammaGroupedLogLikelihood,
  gammaGammaLogLikelihood,
  groupGammaGammaData,
} from '../../../src/clv/gamma-gamma/gamma-gamma-log-likelihood.js';
import { createRandom } from '../../../src/random.js';
import { logGamma } from '../../../src/math/log-gamma.js';

/** Gamma density with shape k and rate λ. */
function gammaDensity(z: number, k: number, rate: number): number {
  return Math.exp(k * Math.log(rate) + (k - 1) * Math.log(z) - rate * z - logGamma(k));
}

describe('gammaGammaCustomerLogLikelihood', () => {
  it('equals ∫ Gamma(m̄; px, νx) · Gamma(ν; q, γ) dν computed by quadrature', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const [x, m] of [
      [1, 20],
      [3, 35.5],
      [10, 12],
    ] as const) {
      // The mean of x Gamma(p, ν) values is Gamma(px, νx); integrate ν on a fine log grid.
      let integral = 0;
      const steps = 20_000;
      const lo = Math.log(1e-4);
      const hi = Math.log(50);
      const h = (hi - lo) / steps;
      for (let s = 0; s <= steps; s++) {
        const nu = Math.exp(lo + s * h);
        const w = s === 0 || s === steps ? 0.5 : 1;
        integral += w * gammaDensity(m, params.p * x, nu * x) * gammaDensity(nu, params.q, params.gamma) * nu * h;
      }
      expect(Math.exp(gammaGammaCustomerLogLikelihood(params, x, m)) / integral).toBeCloseTo(1, 8);
    }
  });

  it('sums with weights and is -Infinity outside the parameter space', () => {
    const params = { p: 2, q: 3, gamma: 4 };
    const one = gammaGammaCustomerLogLikelihood(params, 2, 5);
    const two = gammaGammaCustomerLogLikelihood(params, 1, 8);
    expect(gammaGammaLogLikelihood(params, [2, 1], [5, 8], [3, 1])).toBeCloseTo(3 * one + two, 12);
    expect(gammaGammaLogLikelihood(params, [2, 1], [5, 8], [0, 1])).toBeCloseTo(two, 12);
    expect(gammaGammaLogLikelihood({ p: 0, q: 1, gamma: 1 }, [1], [1])).toBe(-Infinity);
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, gamma: Number.NaN }, [1], [1])).toBe(-Infinity);
  });
});

describe('gammaGammaGroupedLogLikelihood', () => {
  const rng = createRandom(31);
  const n = 500;
  const x: number[] = [];
  const m: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(1 + rng.int(12));
    // Some repeated (x, m̄) rows, so that merging is exercised.
    m.push(i % 7 === 0 ? 25 : Math.round(rng.gamma(4, 10) * 100) / 100 + 0.01);
    w.push(i % 11 === 0 ? 0 : 1 + rng.int(3));
  }
  const data = groupGammaGammaData(x, m, w);

  it('groups by frequency: distinct x only, weights and Σ w ln m̄ preserved, weight-0 rows dropped', () => {
    expect(data.groups).toBe(new Set(x.filter((_, i) => w[i]! > 0)).size);
    expect([...data.x]).toEqual([...data.x].sort((a, b) => a - b));
    let totalW = 0;
    let totalLogM = 0;
    for (let i = 0; i < n; i++) {
      totalW += w[i]!;
      totalLogM += w[i]! * Math.log(m[i]!);
    }
    expect(data.weight.reduce((s, v) => s + v, 0)).toBe(totalW);
    expect(data.sumLogM.reduce((s, v) => s + v, 0)).toBeCloseTo(totalLogM, 8);
    expect(data.mx.length).toBeLessThan(n);
  });

  it('equals the per-customer sum (an independent route) at several parameter points', () => {
    for (const params of [
      { p: 6.25, q: 3.74, gamma: 15.44 },
      { p: 0.3, q: 0.8, gamma: 1e-3 },
      { p: 1e4, q: 2e3, gamma: 1e5 },
    ]) {
      const grouped = gammaGammaGroupedLogLikelihood(params, data);
      expect(grouped / gammaGammaLogLikelihood(params, x, m, w)).toBeCloseTo(1, 11);
      const g = new Float64Array(3);
      expect(gammaGammaGroupedLogLikelihood(params, data, g)).toBe(grouped);
    }
  });

  it('has an analytic gradient equal to central differences', () => {
    const params = { p: 2.5, q: 3.1, gamma: 12 };
    const g = new Float64Array(3);
    gammaGammaGroupedLogLikelihood(params, data, g);
    const names = ['p', 'q', 'gamma'] as const;
    names.forEach((name, k) => {
      const h = 1e-5 * params[name];
      const up = gammaGammaLogLikelihood({ ...params, [name]: params[name] + h }, x, m, w);
      const down = gammaGammaLogLikelihood({ ...params, [name]: params[name] - h }, x, m, w);
      expect(g[k]! / ((up - down) / (2 * h))).toBeCloseTo(1, 6);
    });
  });

  it('is -Infinity outside the parameter space, leaving the gradient untouched', () => {
    const g = Float64Array.of(7, 7, 7);
    expect(gammaGammaGroupedLogLikelihood({ p: -1, q: 1, gamma: 1 }, data, g)).toBe(-Infinity);
    expect(gammaGammaGroupedLogLikelihood({ p: 1, q: Infinity, gamma: 1 }, data)).toBe(-Infinity);
    expect([...g]).toEqual([7, 7, 7]);
  });
});

describe('Gamma-Gamma likelihood at parameters up to 1e300 (issue 15)', () => {
  // mpmath 1.3 at mp.dps = 700 of ln f(m̄ | x) for customers (x, m̄) = (1, 20) and (5, 35.5).
  const rows: [number, number, number, [number, number]][] = [
    [1e300, 1e300, 1e300, [-6.863935012635399e302, -3.425279419193293e303]],
    [1, 1e300, 1e300, [-20.0, -158.35273348225195]],
    [1e300, 1, 1, [-4.879016416943201e298, -2.8089961521116405e298]],
    [6.25, 3.74, 15.44, [-3.594196492949196, -4.0644026548446055]],
    [1e-300, 1, 1, [-696.8157826094911, -697.9202112834806]],
    [1, 1e300, 1, [-3.044522437723423e300, -5.184588601219694e300]],
  ];
  it.each(rows)('p=%d q=%d γ=%d: per customer and grouped', (p, q, gamma, expected) => {
    const a = gammaGammaCustomerLogLikelihood({ p, q, gamma }, 1, 20);
    const b = gammaGammaCustomerLogLikelihood({ p, q, gamma }, 5, 35.5);
    const tol = (v: number): number => 1e-9 * Math.max(1, Math.abs(v));
    expect(Math.abs(a - expected[0])).toBeLessThan(tol(expected[0]));
    expect(Math.abs(b - expected[1])).toBeLessThan(tol(expected[1]));
    const grouped = gammaGammaGroupedLogLikelihood({ p, q, gamma }, groupGammaGammaData([1, 5], [20, 35.5]));
    expect(Math.abs(grouped - (expected[0] + expected[1]))).toBeLessThan(tol(expected[0] + expected[1]));
  });
});
