import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitModifiedBgNbd } from '../../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import type { ModifiedBgNbdModel } from '../../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { simulateModifiedBgNbd } from '../../../src/clv/mbg-nbd/simulate-modified-bg-nbd.js';
import { hyp2f1 } from '../../../src/math/hyp2f1.js';
import { logBeta, logGamma } from '../../../src/math/log-gamma.js';
import { createRandom } from '../../../src/random.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { expectCode } from '../../helpers/expect-code.js';

const small = {
  frequency: [2, 1, 0, 0, 7, 1, 0, 2, 0, 5, 0, 10],
  recency: [30.43, 1.71, 0, 0, 29.43, 5, 0, 35.71, 0, 24.43, 0, 34.14],
  T: Array(12).fill(38.86) as number[],
};

describe('fitModifiedBgNbd', () => {
  it('recovers known parameters from 50,000 simulated customers (each within 3 standard errors)', () => {
    const truth = { r: 0.6, alpha: 5, a: 0.9, b: 3.5 };
    // Over 12 seeds the z-scores (estimate − truth)/SE were centred on 0 with one draw at 3.2 SE
    // (r), as expected of a 3-SE band over four correlated estimates; this seed is one of them.
    const rng = createRandom(8);
    const T = Float64Array.from({ length: 50_000 }, () => rng.uniform(20, 78));
    const sim = simulateModifiedBgNbd({ params: truth, T, seed: 78 });
    const model = fitModifiedBgNbd(sim, { timeUnit: 'week' });
    expect(model.converged).toBe(true);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(model.params[name] - truth[name])).toBeLessThan(3 * model.standardErrors![name]);
    }
  });

  it('matches lifetimes’ ModifiedBetaGeoFitter formulas written out directly', () => {
    const model = fitModifiedBgNbd(small, { timeUnit: 'week' });
    const { r, alpha, a, b } = model.params;
    const x = 3;
    const tx = 20;
    const T = 38.86;
    const t = 26;
    // lifetimes: conditional_expected_number_of_purchases_up_to_time (Wagner & Hoppe 2008)
    const hyp = hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
    const numerator = ((a + b + x) / (a - 1)) * (1 - hyp * ((alpha + T) / (alpha + t + T)) ** (r + x));
    const denominator = 1 + (a / (b + x)) * ((alpha + T) / (alpha + tx)) ** (r + x);
    expect(model.conditionalExpectedTransactions(t, { frequency: [x], recency: [tx], T: [T] })[0]).toBeCloseTo(numerator / denominator, 10);
    // expected_number_of_purchases_up_to_time
    const e = (b / (a - 1)) * (1 - hyp2f1(r, b + 1, a + b, t / (alpha + t)) * (alpha / (alpha + t)) ** r);
    expect(model.expectedTransactions(t)).toBeCloseTo(e, 10);
    // conditional_probability_alive
    expect(model.probabilityAlive({ frequency: [x], recency: [tx], T: [T] })[0]).toBeCloseTo(1 / denominator, 12);
    // probability_of_n_purchases_up_to_time
    const n = 2;
    const nb = (j: number): number =>
      Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * Math.log(alpha / (alpha + t)) + j * Math.log(t / (alpha + t)));
    const pmf = Math.exp(logBeta(a, b + n + 1) - logBeta(a, b)) * nb(n) + Math.exp(logBeta(a + 1, b + n) - logBeta(a, b)) * (1 - nb(0) - nb(1));
    expect(model.probabilityOfTransactions(n, t)).toBeCloseTo(pmf, 12);
  });

  it('gives P(alive) < 1 at x = 0 (drop-out at time 0), unlike BG/NBD', () => {
    const mbg = fitModifiedBgNbd(small, { timeUnit: 'week' });
    const bg = fitBgNbd(small, { timeUnit: 'week' });
    const none = { frequency: [0], recency: [0], T: [38.86] };
    expect(mbg.probabilityAlive(none)[0]!).toBeLessThan(1);
    expect(bg.probabilityAlive(none)[0]).toBe(1);
    expect(mbg.kind).toBe('mbg-nbd');
  });

  it.each([
    [() => fitModifiedBgNbd(small), 'INVALID_OPTIONS'],
    [() => fitModifiedBgNbd(small, { timeUnit: 'week', weights: [1] }), 'LENGTH_MISMATCH'],
    [() => fitModifiedBgNbd({ frequency: [], recency: [], T: [] }, { timeUnit: 'week' }), 'EMPTY_INPUT'],
    [() => fitModifiedBgNbd({ frequency: [0], recency: [2], T: [4] }, { timeUnit: 'week' }), 'INVALID_VALUE'],
    [() => fitModifiedBgNbd(small, { timeUnit: 'week', maxIterations: 1, strict: true }), 'NOT_CONVERGED'],
  ])('throws the right code (%#)', (f, code) => {
    expectCode(f, code);
  });

  it('has the documented types', () => {
    expectTypeOf(fitModifiedBgNbd).returns.toEqualTypeOf<ModifiedBgNbdModel>();
  });
});

describe('MBG/NBD customers first seen at the end of the period (T = 0)', () => {
  it('contribute nothing to the fit and get the new-customer predictions (P(alive) = b/(a+b))', () => {
    const sim = simulateModifiedBgNbd({ params: { r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, customers: 2000, T: 30, seed: 7 });
    const base = { frequency: [...sim.frequency], recency: [...sim.recency], T: [...sim.T] };
    const withNew = { frequency: [...base.frequency, 0, 0, 0], recency: [...base.recency, 0, 0, 0], T: [...base.T, 0, 0, 0] };
    const a = fitModifiedBgNbd(base, { timeUnit: 'week' });
    const b = fitModifiedBgNbd(withNew, { timeUnit: 'week' });
    expect(b.converged).toBe(true);
    expect(b.customers).toBe(2003);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(b.params[k]).toBeCloseTo(a.params[k], 4);
    const fresh = { frequency: [0], recency: [0], T: [0] };
    // Alive at T = 0 unless the customer dropped out at time 0 (probability p ~ Beta(a, b)): E[1 − p].
    expect(b.probabilityAlive(fresh)[0]).toBeCloseTo(b.params.b / (b.params.a + b.params.b), 14);
    for (const t of [1, 10, 104]) expect(b.conditionalExpectedTransactions(t, fresh)[0]).toBeCloseTo(b.expectedTransactions(t), 10);
  });
});

describeWithSharedData('fitModifiedBgNbd on the CDNOW sample', () => {
  it('converges with standard errors and predictions in range', () => {
    const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
    const cdnow = { frequency: rows.map((r) => Number(r.frequency)), recency: rows.map((r) => Number(r.recency)), T: rows.map((r) => Number(r.T)) };
    const model = fitModifiedBgNbd(cdnow, { timeUnit: 'week' });
    expect(model.converged).toBe(true);
    expect(model.standardErrors).not.toBeNull();
    // Nested-model sanity: MBG/NBD fits CDNOW about as well as BG/NBD (LL −9582.4).
    expect(Math.abs(model.logLikelihood - -9582.4)).toBeLessThan(5);
    for (const v of model.probabilityAlive(cdnow)) expect(v > 0 && v < 1).toBe(true);
  });
});
