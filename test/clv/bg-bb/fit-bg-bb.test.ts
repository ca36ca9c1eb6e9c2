import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgBbFromJSON, fitBgBb, type FittedBgBbModel } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import { bgBbPatternLogLikelihood } from '../../../src/clv/bg-bb/bg-bb-log-likelihood.js';
import { simulateBgBb } from '../../../src/clv/bg-bb/simulate-bg-bb.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { isClvkitError } from '../../../src/errors.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { codeOf } from '../../helpers/expect-code.js';

function loadDonations(): { frequency: number[]; recency: number[]; T: number[]; weights: number[] } {
  const lines = readFileSync(sharedFile('donations_bgbb_summary.csv'), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('frequency,recency,periods,weights');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  return { frequency: rows.map((r) => r[0]!), recency: rows.map((r) => r[1]!), T: rows.map((r) => r[2]!), weights: rows.map((r) => r[3]!) };
}

describeWithSharedData('fitBgBb on the FHS 2010 donations data', () => {
  const d = loadDonations();
  const model = fitBgBb({ frequency: d.frequency, recency: d.recency, T: d.T }, { weights: d.weights });

  it('reproduces the published estimates and log-likelihood (FHS 2010: 1.204, 0.750, 0.657, 2.783; LL −33,225.6)', () => {
    expect(model.converged).toBe(true);
    expect(model.customers).toBe(11_104);
    expect(model.params.alpha).toBeCloseTo(1.204, 3);
    expect(model.params.beta).toBeCloseTo(0.75, 3);
    expect(model.params.gamma).toBeCloseTo(0.657, 3);
    expect(model.params.delta).toBeCloseTo(2.783, 3);
    expect(model.logLikelihood).toBeCloseTo(-33225.6, 1);
    expect(model.standardErrors).not.toBeNull();
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(model.standardErrors![name]).toBeGreaterThan(0);
  });

  it("reproduces Hardie's BG/BB spreadsheet: expected repeat donors in-sample and 5-year conditional expectations", () => {
    // In-sample fit sheet: 3,454.9 donors expected with 0 repeat donations in 1996–2001, 1,253.1 with 6.
    expect(model.probabilityOfTransactions(0, 6) * 11_104).toBeCloseTo(3454.9, 1);
    expect(model.probabilityOfTransactions(6, 6) * 11_104).toBeCloseTo(1253.1, 1);
    // Conditional expectations (II) sheet: 12,884.2 expected donations from the cohort in 2002–2006.
    const perPattern = model.conditionalExpectedTransactions(5, d);
    const total = perPattern.reduce((s, v, i) => s + v * d.weights[i]!, 0);
    expect(total).toBeCloseTo(12884.2, 1);
  });

  it('reproduces FHS 2010 Table 6 P(alive in 2002)', () => {
    const alive = model.probabilityAlive({ frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] });
    expect(Array.from(alive, (v) => Number(v.toFixed(2)))).toEqual([0.11, 0.59, 0.93]);
  });

  it('gives the same fit from the expanded file (one row per donor) as from the weighted patterns', () => {
    const f: number[] = [];
    const r: number[] = [];
    const n: number[] = [];
    d.weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) {
        f.push(d.frequency[i]!);
        r.push(d.recency[i]!);
        n.push(d.T[i]!);
      }
    });
    const expanded = fitBgBb({ frequency: f, recency: r, T: n });
    expect(expanded.params.alpha).toBeCloseTo(model.params.alpha, 4);
    expect(expanded.params.delta).toBeCloseTo(model.params.delta, 4);
    expect(expanded.logLikelihood).toBeCloseTo(model.logLikelihood, 4);
  });

  it('round-trips through JSON', () => {
    const restored = bgBbFromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.params).toEqual(model.params);
    expect(restored.standardErrors).toEqual(model.standardErrors);
    expect(restored.expectedTransactions(5)).toBe(model.expectedTransactions(5));
    expect(restored.toJSON()).toEqual(model.toJSON());
  });
});

/** A model at the published FHS 2010 estimates, restored from its saved form. */
function paperModel(): FittedBgBbModel {
  return bgBbFromJSON({
    format: 'clvkit-model',
    version: 1,
    kind: 'bg-bb',
    timeUnit: 'period',
    params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
    standardErrors: null,
    logLikelihood: -33225.6,
    converged: true,
    iterations: 0,
    customers: 11104,
  });
}

describe('fitBgBb', () => {
  it('recovers known parameters from a simulated base (within 3 standard errors)', () => {
    const truth = { alpha: 1.5, beta: 2.5, gamma: 0.8, delta: 3 };
    const sim = simulateBgBb({ params: truth, customers: 20_000, periods: 8, seed: 7 });
    const model = fitBgBb(sim);
    expect(model.converged).toBe(true);
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      expect(Math.abs(model.params[name] - truth[name])).toBeLessThan(3 * model.standardErrors![name]);
    }
    expect(model.timeUnit).toBe('period');
    expect(model.kind).toBe('bg-bb');
  });

  it.each([1e9, 1e12])('fits fast and right with one customer observed for n = %d opportunities (issue 15)', (n) => {
    const sim = simulateBgBb({ params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 }, customers: 2000, periods: 6, seed: 3 });
    const frequency = [...sim.frequency, 3];
    const recency = [...sim.recency, 5];
    const T = [...sim.T, n];
    const start = performance.now();
    const model = fitBgBb({ frequency, recency, T });
    expect(performance.now() - start).toBeLessThan(5000);
    expect(model.converged).toBe(true);
    // Right: the reported LL is the sum of per-customer terms at the estimates, the long one evaluated by the
    // (mpmath-checked) pattern likelihood; and the long customer barely moves the estimates of 2,000 short ones.
    const params = model.params;
    let ll = 0;
    for (let i = 0; i < frequency.length; i++) ll += bgBbPatternLogLikelihood(params, frequency[i]!, recency[i]!, T[i]!);
    expect(model.logLikelihood).toBeCloseTo(ll, 6);
    const short = fitBgBb(sim);
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(Math.abs(Math.log(params[name] / short.params[name]))).toBeLessThan(0.05);
  });

  it('rejects bad rows with INVALID_VALUE naming the column and row', () => {
    const bad = (columns: { frequency: number[]; recency: number[]; T: number[] }) => {
      try {
        fitBgBb(columns);
      } catch (e) {
        if (isClvkitError(e)) return [e.code, e.details.column, e.details.index];
      }
      return undefined;
    };
    expect(bad({ frequency: [1, 3], recency: [2, 2], T: [5, 5] })).toEqual(['INVALID_VALUE', 'frequency', 1]); // x > t_x
    expect(bad({ frequency: [1, 1], recency: [2, 6], T: [5, 5] })).toEqual(['INVALID_VALUE', 'recency', 1]); // t_x > n
    expect(bad({ frequency: [1.5], recency: [2], T: [5] })).toEqual(['INVALID_VALUE', 'frequency', 0]); // not an integer
    expect(bad({ frequency: [0], recency: [2], T: [5] })).toEqual(['INVALID_VALUE', 'recency', 0]); // t_x > 0 with x = 0
    expect(bad({ frequency: [1], recency: [1], T: [2.5] })).toEqual(['INVALID_VALUE', 'T', 0]); // fractional n
    expect(bad({ frequency: [Number.NaN], recency: [1], T: [2] })).toEqual(['INVALID_VALUE', 'frequency', 0]);
  });

  it('reports the other error codes', () => {
    expect(codeOf(() => fitBgBb({ frequency: [], recency: [], T: [] }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => fitBgBb({ frequency: [0, 1], recency: [0], T: [3, 3] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => fitBgBb({ frequency: [0], recency: [0], T: [3] }, { weights: [1, 2] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => fitBgBb({ frequency: [0], recency: [0], T: [3] }, { weights: [0] }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => fitBgBb({ frequency: [0], recency: [0] } as never))).toBe('MISSING_COLUMN');
    expect(codeOf(() => fitBgBb({ frequency: [0], recency: [0], T: [3] }, { penalizer: -1 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => fitBgBb({ frequency: [0], recency: [0], T: [3] }, { starts: [[1, 1]] }))).toBe('INVALID_OPTIONS');
    // Two rows cannot pin down four parameters: with strict the optimiser's failure is an error.
    const strict = codeOf(() => fitBgBb({ frequency: [0, 3], recency: [0, 3], T: [3, 3] }, { strict: true, maxIterations: 3 }));
    expect(strict).toBe('NOT_CONVERGED');
  });

  it('model methods check their arguments', () => {
    const model = paperModel();
    expect(codeOf(() => model.expectedTransactions(1.5))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.expectedTransactions(-1))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.conditionalExpectedTransactions(2.5, { frequency: [0], recency: [0], T: [3] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.probabilityAlive({ frequency: [4], recency: [3], T: [3] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => model.probabilityOfTransactions(0.5, 3))).toBe('INVALID_VALUE');
    expect(model.probabilityOfTransactions(4, 3)).toBe(0);
    expect(model.expectedTransactions(0)).toBe(0);
  });

  it('bgBbFromJSON rejects what is not a saved BG/BB model', () => {
    const json = paperModel().toJSON();
    expect(codeOf(() => bgBbFromJSON({ ...json, kind: 'bg-nbd' }))).toBe('INVALID_MODEL');
    expect(codeOf(() => bgBbFromJSON({ ...json, params: { ...json.params, alpha: -1 } }))).toBe('INVALID_MODEL');
    expect(codeOf(() => bgBbFromJSON({ ...json, timeUnit: 'week' }))).toBe('INVALID_MODEL');
    expect(codeOf(() => bgBbFromJSON('nonsense'))).toBe('INVALID_MODEL');
  });

  it('has the public types', () => {
    expectTypeOf(fitBgBb).returns.toEqualTypeOf<FittedBgBbModel>();
    expectTypeOf<FittedBgBbModel>().toMatchTypeOf<FittedTransactionModel<'alpha' | 'beta' | 'gamma' | 'delta'>>();
    expectTypeOf<FittedBgBbModel['timeUnit']>().toEqualTypeOf<'period'>();
  });
});
