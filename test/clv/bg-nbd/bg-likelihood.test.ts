import { describe, expect, it } from 'vitest';
import { bgDefaultStarts, bgLikelihoodProblem } from '../../../src/clv/bg-nbd/bg-likelihood.js';
import { bgPatternsOf } from '../../../src/clv/bg-nbd/bg-patterns.js';
import { logAddExp } from '../../../src/math/log-sum-exp.js';
import { logGamma, logBeta } from '../../../src/math/log-gamma.js';
import { createRandom } from '../../../src/random.js';

// (x, t_x, T, weight): the same rows as the mpmath script below.
const rows: [number, number, number, number][] = [
  [0, 0, 38.86, 3],
  [2, 30.43, 38.86, 1],
  [7, 29.43, 38.86, 1],
  [1, 5, 20, 2],
  [0, 0, 12, 0.5],
  [12, 3.5, 70, 1.5],
];
const patterns = bgPatternsOf(
  { frequency: Float64Array.from(rows, (r) => r[0]), recency: Float64Array.from(rows, (r) => r[1]), T: Float64Array.from(rows, (r) => r[2]) },
  rows.map((r) => r[3]),
);

/**
 * mpmath 1.3, mp.dps = 40: Σ w·ln L with L = B(a, b+x+k)/B(a, b)·Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x)) + [x > 0 or k = 1]·
 * B(a+1, b+x+k−1)/B(a, b)·Γ(r+x)αʳ/(Γ(r)(α+t_x)^(r+x)), and its first and second derivatives by mpmath.diff.
 */
const reference: { k: 0 | 1; p: number[]; ll: number; grad: number[]; hess: number[] }[] = [
  {
    k: 0,
    p: [0.243, 4.414, 0.793, 2.426],
    ll: -60.990456768719863,
    grad: [14.397474206615628, -2.2742721730783854, -0.9721146888014615, 0.38042711600087718],
    hess: [
      -96.054469167388923, 1.5084536827949738, 0.72573534237419902, -0.21545980200324608, 1.5084536827949738, 0.20825457636812943, -0.067755973038589623,
      0.018700942925765296, 0.72573534237419902, -0.067755973038589623, -2.506425687515725, 0.68342266308893312, -0.21545980200324608, 0.018700942925765296,
      0.68342266308893312, -0.27872545733356625,
    ],
  },
  {
    k: 0,
    p: [2, 30, 0.3, 7],
    ll: -79.132627932435906,
    grad: [1.4103368398426984, -0.454443226249627, 3.4422775305578436, -0.040019268897218597],
    hess: [
      -2.2171798352769827, 0.12639873436382455, 0.29528987725629155, -0.011808887810708833, 0.12639873436382455, 0.0061978856379790119, -0.023538391429056545,
      0.00089965782123836832, 0.29528987725629155, -0.023538391429056545, -16.76502221658532, 0.14940653778881101, -0.011808887810708833,
      0.00089965782123836832, 0.14940653778881101, -0.0041062318133833322,
    ],
  },
  {
    k: 1,
    p: [0.243, 4.414, 0.793, 2.426],
    ll: -61.722304037019502,
    grad: [16.905210466682915, -2.3186056430352264, -1.6623442818752679, 0.59922803655568214],
    hess: [
      -92.265947256632727, 1.1899379614195544, 2.879396346220534, -0.86121701960966866, 1.1899379614195544, 0.22312559640425943, -0.11465460057953443,
      0.029112824492377801, 2.879396346220534, -0.11465460057953443, -2.3833582247246921, 0.87738703292076515, -0.86121701960966866, 0.029112824492377801,
      0.87738703292076515, -0.43131396429718319,
    ],
  },
  {
    k: 1,
    p: [2, 30, 0.3, 7],
    ll: -78.900939325501401,
    grad: [1.8720003873391251, -0.47516741432088915, 4.3159656471024613, -0.0747854719706791],
    hess: [
      -1.9046150755833469, 0.10175319942055475, 1.5558318209706081, -0.064609289471074191, 0.10175319942055475, 0.0078344965184896111, -0.080190186025050098,
      0.0032393282158291255, 1.5558318209706081, -0.080190186025050098, -17.738989154613109, 0.059953232153439105, -0.064609289471074191, 0.0032393282158291255,
      0.059953232153439105, 0.0049191801077359108,
    ],
  },
];

describe('bgLikelihoodProblem', () => {
  it.each(reference)('value, gradient and Hessian match mpmath (k = $k, θ = $p)', ({ k, p, ll, grad, hess }) => {
    const problem = bgLikelihoodProblem('t', patterns, k, []);
    const theta = Float64Array.from(p);
    const g = new Float64Array(4);
    const h = new Float64Array(16);
    expect(Math.abs(problem.logLikelihood(theta) / ll - 1)).toBeLessThan(1e-13);
    expect(Math.abs(problem.hessian!(theta, g, h) / ll - 1)).toBeLessThan(1e-13);
    // Relative to the largest entry of the row, so that small entries are held to the row's scale.
    for (let i = 0; i < 4; i++) expect(Math.abs(g[i]! - grad[i]!), `∂/∂θ${i}`).toBeLessThan(1e-11 * Math.max(...grad.map(Math.abs)));
    for (let i = 0; i < 4; i++) {
      const scale = Math.max(...hess.slice(4 * i, 4 * i + 4).map(Math.abs));
      for (let j = 0; j < 4; j++) expect(Math.abs(h[i * 4 + j]! - hess[i * 4 + j]!), `∂²/∂θ${i}∂θ${j}`).toBeLessThan(1e-10 * scale);
    }
    // The gradient route and the Hessian route give the same gradient.
    const g2 = new Float64Array(4);
    problem.gradient!(theta, g2);
    expect([...g2]).toEqual([...g]);
  });

  it('equals FHL eq. (6) summed customer by customer on random data, for BG/NBD and MBG/NBD', () => {
    const rng = createRandom(11);
    const n = 3000;
    const c = { frequency: new Float64Array(n), recency: new Float64Array(n), T: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      const T = 1 + rng.int(60);
      const x = rng.next() < 0.4 ? 0 : 1 + rng.int(15);
      c.T[i] = T;
      c.frequency[i] = x;
      c.recency[i] = x === 0 ? 0 : rng.int(T + 1);
    }
    const all = bgPatternsOf(c, undefined);
    for (const k of [0, 1] as const) {
      for (const p of [
        [0.243, 4.414, 0.793, 2.426],
        [3, 0.5, 5, 0.2],
        [0.01, 200, 0.05, 40],
      ]) {
        const [r, alpha, a, b] = p as [number, number, number, number];
        let expected = 0;
        for (let i = 0; i < n; i++) {
          const x = c.frequency[i]!;
          const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) - logBeta(a, b);
          const first = common + logBeta(a, b + x + k) - (r + x) * Math.log(alpha + c.T[i]!);
          const second = x > 0 || k === 1 ? common + logBeta(a + 1, b + x + k - 1) - (r + x) * Math.log(alpha + c.recency[i]!) : Number.NEGATIVE_INFINITY;
          expected += logAddExp(first, second);
        }
        const got = bgLikelihoodProblem('t', all, k, []).logLikelihood(Float64Array.from(p));
        expect(Math.abs(got / expected - 1), `k = ${k}, θ = ${p}`).toBeLessThan(1e-12);
      }
    }
  });

  it('forms the value pattern by pattern where the partial sums would cancel (r = 1e300, t_x = 0)', () => {
    // MBG/NBD, x = 0, T = 38: ln L = ln(b/(a+b)·(1+T/α)^−r + a/(a+b)) → ln(1/2) as r → ∞, while
    // −r·ln(1+T/α) ≈ −3.7e300 and the drop-out odds d ≈ +3.7e300.
    const one = bgPatternsOf({ frequency: Float64Array.of(0), recency: Float64Array.of(0), T: Float64Array.of(38) }, undefined);
    const problem = bgLikelihoodProblem('t', one, 1, []);
    const theta = Float64Array.of(1e300, 1, 1, 1);
    expect(problem.logLikelihood(theta)).toBeCloseTo(-Math.LN2, 14);
    expect(problem.gradient!(theta, new Float64Array(4))).toBeCloseTo(-Math.LN2, 14);
  });

  it('default starts match the mean repeat rate', () => {
    const starts = bgDefaultStarts(patterns);
    expect(starts).toHaveLength(2);
    // Σw·x / Σw·T = (2 + 7 + 2 + 18) / (3·38.86 + 38.86 + 38.86 + 40 + 6 + 105).
    const rate = 29 / (5 * 38.86 + 40 + 6 + 105);
    expect(starts[0]![1]).toBeCloseTo(1 / rate, 10);
  });
});
