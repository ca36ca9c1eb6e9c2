import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgNbdFromJSON } from '../../../src/clv/bg-nbd/bg-nbd-from-json.js';
import { bgLikelihoodProblem } from '../../../src/clv/bg-nbd/bg-likelihood.js';
import { bgPatternsOf } from '../../../src/clv/bg-nbd/bg-patterns.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import type { BgNbdModel, FitBgNbdOptions } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import type { CustomerSummary } from '../../../src/io/customer-summary.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { createRandom } from '../../../src/random.js';
import { invertPositiveDefinite } from '../../../src/clv/core/fit-model.js';
import { logGamma } from '../../../src/math/log-gamma.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { expectCode } from '../../helpers/expect-code.js';

function readCdnow(): { frequency: number[]; recency: number[]; T: number[] } {
  const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
  return { frequency: rows.map((r) => Number(r.frequency)), recency: rows.map((r) => Number(r.recency)), T: rows.map((r) => Number(r.T)) };
}

const small = {
  frequency: [2, 1, 0, 0, 7, 1, 0, 2, 0, 5, 0, 10],
  recency: [30.43, 1.71, 0, 0, 29.43, 5, 0, 35.71, 0, 24.43, 0, 34.14],
  T: [38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86, 38.86],
};

describeWithSharedData('fitBgNbd on the CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  const cdnow = readCdnow();
  const model = fitBgNbd(cdnow, { timeUnit: 'week' });

  it('reproduces the published estimates r = 0.243, α = 4.414, a = 0.793, b = 2.426 and LL = −9582.4', () => {
    // FHL 2005, §4 (CDNOW, 2,357 customers, 39-week calibration); also CLVTools test_correctness_bgnbd.R.
    expect(model.converged).toBe(true);
    expect(model.params.r).toBeCloseTo(0.243, 3);
    expect(model.params.alpha).toBeCloseTo(4.414, 3);
    expect(model.params.a).toBeCloseTo(0.793, 3);
    expect(model.params.b).toBeCloseTo(2.426, 3);
    expect(model.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(model.customers).toBe(2357);
    expect(model.timeUnit).toBe('week');
  });

  it('converges by Newton steps (analytic Hessian) in a few iterations, to a vanishing gradient', () => {
    expect(model.iterations).toBeLessThanOrEqual(10);
    const patterns = bgPatternsOf(
      { frequency: Float64Array.from(cdnow.frequency), recency: Float64Array.from(cdnow.recency), T: Float64Array.from(cdnow.T) },
      undefined,
    );
    const theta = Float64Array.of(model.params.r, model.params.alpha, model.params.a, model.params.b);
    const g = new Float64Array(4);
    bgLikelihoodProblem('t', patterns, 0, []).gradient!(theta, g);
    // ∂LL/∂ln θ at the optimum: ~1e-8 here (BFGS on the covariate form of these data stops at ~1e-4).
    for (let i = 0; i < 4; i++) expect(Math.abs(g[i]! * theta[i]!)).toBeLessThan(1e-6);
  });

  it('reports standard errors equal to an independent finite-difference Hessian of eq. (6)', () => {
    // Eq. (6) written out per customer, independently of the library's pattern-compressed likelihood.
    const ll = (r: number, alpha: number, a: number, b: number): number => {
      let total = 0;
      for (let i = 0; i < cdnow.frequency.length; i++) {
        const x = cdnow.frequency[i]!;
        const tx = cdnow.recency[i]!;
        const T = cdnow.T[i]!;
        const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
        let like = Math.pow(alpha + T, -(r + x));
        if (x > 0) like += (a / (b + x - 1)) * Math.pow(alpha + tx, -(r + x));
        total += common + Math.log(like);
      }
      return total;
    };
    const p = [model.params.r, model.params.alpha, model.params.a, model.params.b];
    const f = (q: number[]): number => ll(q[0]!, q[1]!, q[2]!, q[3]!);
    const h = p.map((v) => 1e-4 * v);
    const hessian = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const at = (di: number, dj: number): number => {
          const q = [...p];
          q[i] = q[i]! + di * h[i]!;
          q[j] = q[j]! + dj * h[j]!;
          return f(q);
        };
        hessian[i * 4 + j] = -(at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i]! * h[j]!);
      }
    }
    const cov = invertPositiveDefinite(hessian, 4)!;
    const se = model.standardErrors!;
    [se.r, se.alpha, se.a, se.b].forEach((v, i) => expect(v / Math.sqrt(cov[i * 5]!)).toBeCloseTo(1, 3));
  });

  it('reproduces Hardie’s worked prediction: x = 2, t_x = 30.43, T = 38.86 → 1.226 transactions in the next 39 weeks', () => {
    // FHL 2005 §5 / Hardie's BG/NBD spreadsheet (also lifetimes test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet).
    const e = model.conditionalExpectedTransactions(39, { frequency: [2], recency: [30.43], T: [38.86] });
    expect(Math.abs(e[0]! - 1.226)).toBeLessThan(5e-4);
  });

  it('reproduces the cohort’s E[X(t)] from Hardie’s spreadsheet', () => {
    // t (weeks) → E[X(t)]: values from the spreadsheet accompanying FHL 2005 (lifetimes test_expectation_returns_same_value_Hardie_excel_sheet).
    const published: [number, number][] = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, e] of published) expect(Math.abs(model.expectedTransactions(t) - e)).toBeLessThan(5e-4);
  });

  it('gives P(alive) = 1 for customers without repeat purchases and in (0, 1] otherwise', () => {
    const alive = model.probabilityAlive(cdnow);
    for (let i = 0; i < alive.length; i++) {
      if (cdnow.frequency[i] === 0) expect(alive[i]).toBe(1);
      expect(alive[i]!).toBeGreaterThan(0);
      expect(alive[i]!).toBeLessThanOrEqual(1);
    }
  });
});

describe('fitBgNbd', () => {
  it('recovers known parameters from 50,000 simulated customers (each within 3 standard errors)', () => {
    const truth = { r: 0.6, alpha: 5, a: 0.9, b: 3.5 };
    const rng = createRandom(99);
    const T = Float64Array.from({ length: 50_000 }, () => rng.uniform(20, 78));
    const sim = simulateBgNbd({ params: truth, T, seed: 2024 });
    const model = fitBgNbd(sim, { timeUnit: 'week' });
    expect(model.converged).toBe(true);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(model.params[name] - truth[name])).toBeLessThan(3 * model.standardErrors![name]);
    }
  });

  it('weights equal repeated rows', () => {
    const weighted = fitBgNbd({ frequency: [0, 1, 4], recency: [0, 10, 30], T: [40, 40, 40] }, { timeUnit: 'week', weights: [50, 20, 10] });
    const expanded = fitBgNbd(
      {
        frequency: [...Array(50).fill(0), ...Array(20).fill(1), ...Array(10).fill(4)],
        recency: [...Array(50).fill(0), ...Array(20).fill(10), ...Array(10).fill(30)],
        T: Array(80).fill(40),
      },
      { timeUnit: 'week' },
    );
    expect(weighted.logLikelihood).toBeCloseTo(expanded.logLikelihood, 6);
    expect(weighted.params.r).toBeCloseTo(expanded.params.r, 5);
    expect(weighted.customers).toBe(80);
    expect(weighted.patterns).toBe(3);
  });

  it('takes the time unit of a CustomerSummary', () => {
    const summary = {
      ...small,
      frequency: Float64Array.from(small.frequency),
      recency: Float64Array.from(small.recency),
      T: Float64Array.from(small.T),
      timeUnit: 'week',
      length: 12,
    } as unknown as CustomerSummary;
    expect(fitBgNbd(summary).timeUnit).toBe('week');
    expectCode(() => fitBgNbd(summary, { timeUnit: 'day' }), 'UNIT_MISMATCH');
  });

  it('shrinks parameters with a penalizer', () => {
    const plain = fitBgNbd(small, { timeUnit: 'week' });
    const penalised = fitBgNbd(small, { timeUnit: 'week', penalizer: 0.1 });
    const norm = (m: BgNbdModel): number => m.params.r ** 2 + m.params.alpha ** 2 + m.params.a ** 2 + m.params.b ** 2;
    expect(norm(penalised)).toBeLessThan(norm(plain));
    expect(penalised.logLikelihood).toBeLessThanOrEqual(plain.logLikelihood + 1e-9);
    expect(penalised.penalizer).toBe(0.1);
  });

  it('round-trips through JSON', () => {
    const model = fitBgNbd(small, { timeUnit: 'week' });
    const back = bgNbdFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.params).toEqual(model.params);
    expect(back.standardErrors).toEqual(model.standardErrors);
    expect(back.conditionalExpectedTransactions(10, small)).toEqual(model.conditionalExpectedTransactions(10, small));
    expect(back.kind).toBe('bg-nbd');
    expectCode(() => bgNbdFromJSON({ ...model.toJSON(), kind: 'mbg-nbd' }), 'INVALID_MODEL');
  });

  it('does not mutate its input', () => {
    const input = { frequency: Float64Array.from(small.frequency), recency: Float64Array.from(small.recency), T: Float64Array.from(small.T) };
    const copy = { frequency: [...input.frequency], recency: [...input.recency], T: [...input.T] };
    fitBgNbd(input, { timeUnit: 'week' });
    expect({ frequency: [...input.frequency], recency: [...input.recency], T: [...input.T] }).toEqual(copy);
  });

  it.each([
    [() => fitBgNbd(small), 'INVALID_OPTIONS'],
    [() => fitBgNbd(small, { timeUnit: 'week', penalizer: -1 }), 'INVALID_OPTIONS'],
    [() => fitBgNbd(small, { timeUnit: 'week', weights: [1, 2] }), 'LENGTH_MISMATCH'],
    [() => fitBgNbd(small, { timeUnit: 'week', weights: Array(12).fill(0) }), 'EMPTY_INPUT'],
    [() => fitBgNbd({ frequency: [], recency: [], T: [] }, { timeUnit: 'week' }), 'EMPTY_INPUT'],
    [() => fitBgNbd({ frequency: [1], recency: [5], T: [4] }, { timeUnit: 'week' }), 'INVALID_VALUE'],
    [() => fitBgNbd({ frequency: [1, 2], recency: [1], T: [4, 4] }, { timeUnit: 'week' }), 'LENGTH_MISMATCH'],
    [() => fitBgNbd(small, { timeUnit: 'week', maxIterations: 1, strict: true }), 'NOT_CONVERGED'],
  ])('throws the right code (%#)', (f, code) => {
    expectCode(f, code);
  });

  it('reports non-convergence without strict', () => {
    const model = fitBgNbd(small, { timeUnit: 'week', maxIterations: 1 });
    expect(model.converged).toBe(false);
    expect(model.reason).toBeDefined();
  });

  it('rejects bad prediction arguments', () => {
    const model = fitBgNbd(small, { timeUnit: 'week' });
    expectCode(() => model.expectedTransactions(-1), 'INVALID_VALUE');
    expectCode(() => model.conditionalExpectedTransactions(Number.NaN, small), 'INVALID_VALUE');
    expectCode(() => model.probabilityOfTransactions(1.5, 10), 'INVALID_VALUE');
    expectCode(() => model.probabilityAlive({ frequency: [0], recency: [1], T: [3] }), 'INVALID_VALUE');
  });

  it('has the documented types', () => {
    expectTypeOf(fitBgNbd).returns.toEqualTypeOf<BgNbdModel>();
    expectTypeOf<BgNbdModel>().toMatchTypeOf<FittedTransactionModel<'r' | 'alpha' | 'a' | 'b'>>();
    expectTypeOf<FitBgNbdOptions['timeUnit']>().toEqualTypeOf<'day' | 'week' | 'month' | undefined>();
  });
});

describe('customers first seen at the end of the period (T = 0)', () => {
  it('contribute nothing to the fit and get the new-customer predictions', () => {
    const sim = simulateBgNbd({ params: { r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, customers: 2000, T: 30, seed: 7 });
    const base = { frequency: [...sim.frequency], recency: [...sim.recency], T: [...sim.T] };
    const withNew = { frequency: [...base.frequency, 0, 0], recency: [...base.recency, 0, 0], T: [...base.T, 0, 0] };
    const a = fitBgNbd(base, { timeUnit: 'week' });
    const b = fitBgNbd(withNew, { timeUnit: 'week' });
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(b.params[k]).toBeCloseTo(a.params[k], 4);
    const fresh = { frequency: [0], recency: [0], T: [0] };
    expect(b.probabilityAlive(fresh)[0]).toBe(1);
    expect(b.conditionalExpectedTransactions(10, fresh)[0]).toBeCloseTo(b.expectedTransactions(10), 10);
  });
});
