import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitParetoNbd, type FitParetoNbdOptions } from '../../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import type { ParetoNbdModel } from '../../../src/clv/pareto-nbd/pareto-nbd-model.js';
import { simulateParetoNbd } from '../../../src/clv/pareto-nbd/simulate-pareto-nbd.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { codeOf } from '../../helpers/expect-code.js';

describeWithSharedData('fitParetoNbd on the CDNOW sample (Fader, Hardie & Lee 2005 MATLAB note)', () => {
  const records = parse(readFileSync(sharedFile('cdnow_sample_summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const rows = {
    frequency: records.map((r) => Number(r['frequency'])),
    recency: records.map((r) => Number(r['recency'])),
    T: records.map((r) => Number(r['T'])),
  };
  const model = fitParetoNbd(rows, { timeUnit: 'week' });

  it('reproduces r = 0.5533, α = 10.5776, s = 0.6061, β = 11.6650, LL = −9594.98', () => {
    expect(model.converged).toBe(true);
    expect(model.customers).toBe(2357);
    // The published values, to the digits printed; β and s sit on a flat ridge of the likelihood
    // (LL differs by 1e-6 between the two points), so they agree to within 0.03 standard errors.
    expect(model.params.r).toBeCloseTo(0.5533, 4);
    expect(model.params.alpha).toBeCloseTo(10.5776, 2);
    expect(Math.abs(model.params.s - 0.6061)).toBeLessThan(2e-4);
    expect(Math.abs(model.params.beta - 11.665)).toBeLessThan(0.01);
    expect(Math.abs(model.params.beta - 11.665)).toBeLessThan(0.03 * model.standardErrors!.beta);
    expect(Math.abs(model.logLikelihood - -9594.98)).toBeLessThan(0.01);
    expect(model.standardErrors).not.toBeNull();
    for (const se of Object.values(model.standardErrors!)) expect(se).toBeGreaterThan(0);
  });

  it('accounts for the calibration-period repeat purchases and orders P(alive) as the model implies', () => {
    // Σ_i E[X(T_i)] (what the model expects of customers observed for T_i weeks) against the 2,457 repeat
    // purchases actually observed: the fitted model must account for them to within 5%.
    const observed = rows.frequency.reduce((a, b) => a + b, 0);
    const expected = rows.T.reduce((a, t) => a + model.expectedTransactions(t), 0);
    expect(observed).toBe(2457);
    expect(Math.abs(expected / observed - 1)).toBeLessThan(0.05);
    const alive = model.probabilityAlive(rows);
    expect(alive.every((p) => p >= 0 && p <= 1)).toBe(true);
    // Same x and T, a more recent last purchase: more likely alive. Same t_x and T, more purchases before a
    // long silence: less likely alive (the silence is more telling for a frequent buyer).
    const pa = model.probabilityAlive({ frequency: [5, 5, 1], recency: [36, 20, 20], T: [38.86, 38.86, 38.86] });
    expect(pa[0]!).toBeGreaterThan(pa[1]!);
    expect(pa[2]!).toBeGreaterThan(pa[1]!);
  });

  it('gives the same fit from compressed rows with weights', () => {
    const counts = new Map<string, number>();
    rows.frequency.forEach((x, i) => {
      const key = `${x},${rows.recency[i]},${rows.T[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    const keys = [...counts.keys()].map((k) => k.split(',').map(Number));
    const weighted = fitParetoNbd(
      { frequency: keys.map((k) => k[0]!), recency: keys.map((k) => k[1]!), T: keys.map((k) => k[2]!) },
      { timeUnit: 'week', weights: [...counts.values()] },
    );
    expect(weighted.customers).toBe(2357);
    expect(weighted.logLikelihood).toBeCloseTo(model.logLikelihood, 6);
    expect(weighted.params.r).toBeCloseTo(model.params.r, 5);
  });
});

describe('fitParetoNbd parameter recovery', () => {
  it('recovers known parameters within 3 standard errors from 50,000 simulated customers', () => {
    const truth = { r: 0.8, alpha: 5, s: 0.5, beta: 8 };
    const T = Float64Array.from({ length: 50_000 }, (_, i) => 26 + (i % 27)); // staggered cohorts, 26..52 weeks
    const sim = simulateParetoNbd({ params: truth, customers: 50_000, T, seed: 20240601 });
    const model = fitParetoNbd(sim, { timeUnit: 'week' });
    expect(model.converged).toBe(true);
    const se = model.standardErrors!;
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(model.params[name] - truth[name])).toBeLessThan(3 * se[name]);
      expect(se[name]).toBeLessThan(0.2 * truth[name]); // informative, not vacuous
    }
  });
});

describe('Pareto/NBD customers first seen at the end of the period (T = 0)', () => {
  it('contribute nothing to the fit and get the new-customer predictions (P(alive) = 1)', () => {
    const sim = simulateParetoNbd({ params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, customers: 2000, T: 39, seed: 11 });
    const base = { frequency: [...sim.frequency], recency: [...sim.recency], T: [...sim.T] };
    const withNew = { frequency: [...base.frequency, 0, 0, 0], recency: [...base.recency, 0, 0, 0], T: [...base.T, 0, 0, 0] };
    const a = fitParetoNbd(base, { timeUnit: 'week' });
    const b = fitParetoNbd(withNew, { timeUnit: 'week' });
    expect(b.converged).toBe(true);
    expect(b.customers).toBe(2003);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 6);
    // s and β sit on a flat ridge (see the CDNOW test): compare each within a hundredth of its standard error.
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(Math.abs(b.params[k] - a.params[k])).toBeLessThan(0.01 * a.standardErrors![k]);
    const fresh = { frequency: [0], recency: [0], T: [0] };
    // The drop-out time τ ~ Exp(μ) is > 0 almost surely: everyone is alive at time 0.
    expect(b.probabilityAlive(fresh)[0]).toBe(1);
    for (const t of [1, 10, 104]) expect(b.conditionalExpectedTransactions(t, fresh)[0]).toBeCloseTo(b.expectedTransactions(t), 10);
  });
});

describe('fitParetoNbd input handling', () => {
  const rows = { frequency: [0, 2, 5, 1], recency: [0, 10, 30, 2], T: [40, 40, 40, 20] };
  const sim = simulateParetoNbd({ params: { r: 0.8, alpha: 5, s: 0.5, beta: 8 }, customers: 2000, T: 52, seed: 3 });

  it('reads the time unit of a summary or of the options', () => {
    expect(fitParetoNbd(sim, { timeUnit: 'day' }).timeUnit).toBe('day');
    expect(fitParetoNbd({ ...sim, timeUnit: 'month' } as never, {}).timeUnit).toBe('month');
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => fitParetoNbd(rows, {}))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => fitParetoNbd(rows, { timeUnit: 'week', starts: [[1, 1]] }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => fitParetoNbd(rows, { timeUnit: 'week', starts: [[1, 1, 0, 1]] }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => fitParetoNbd(rows, { timeUnit: 'year' as never }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => fitParetoNbd({ ...rows, timeUnit: 'month' } as never, { timeUnit: 'week' }))).toBe('UNIT_MISMATCH');
    expect(codeOf(() => fitParetoNbd({ frequency: [], recency: [], T: [] }, { timeUnit: 'week' }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => fitParetoNbd({ frequency: [1], recency: [1] } as never, { timeUnit: 'week' }))).toBe('MISSING_COLUMN');
    expect(codeOf(() => fitParetoNbd({ frequency: [1, 2], recency: [1], T: [3, 3] }, { timeUnit: 'week' }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => fitParetoNbd(rows, { timeUnit: 'week', weights: [1, 2] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => fitParetoNbd(rows, { timeUnit: 'week', weights: [0, 0, 0, 0] }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => fitParetoNbd({ frequency: [1], recency: [5], T: [3] }, { timeUnit: 'week' }))).toBe('INVALID_VALUE');
    expect(codeOf(() => fitParetoNbd({ frequency: [1.5], recency: [1], T: [3] }, { timeUnit: 'week' }))).toBe('INVALID_VALUE');
    expect(codeOf(() => fitParetoNbd({ frequency: [0], recency: [Number.NaN], T: [3] }, { timeUnit: 'week' }))).toBe('INVALID_VALUE');
    expect(codeOf(() => fitParetoNbd(sim, { timeUnit: 'week', maxIterations: 2, strict: true }))).toBe('NOT_CONVERGED');
  });

  it('uses caller-supplied start points', () => {
    const fromStart = fitParetoNbd(sim, { timeUnit: 'week', starts: [[0.8, 5, 0.5, 8]] });
    const fromDefaults = fitParetoNbd(sim, { timeUnit: 'week' });
    expect(fromStart.converged).toBe(true);
    expect(fromStart.logLikelihood).toBeCloseTo(fromDefaults.logLikelihood, 4);
  });

  it('reports non-convergence without strict, and applies a penalizer', () => {
    const capped = fitParetoNbd(sim, { timeUnit: 'week', maxIterations: 2 });
    expect(capped.converged).toBe(false);
    expect(capped.reason).toMatch(/iteration/);
    const plain = fitParetoNbd(sim, { timeUnit: 'week' });
    expect(plain.converged).toBe(true);
    const penalised = fitParetoNbd(sim, { timeUnit: 'week', penalizer: 0.01 });
    const norm = (m: ParetoNbdModel): number => Object.values(m.params).reduce((a, v) => a + v * v, 0);
    expect(penalised.penalizer).toBe(0.01);
    expect(norm(penalised)).toBeLessThan(norm(plain));
  });

  it('has the public types', () => {
    expectTypeOf(fitParetoNbd).returns.toEqualTypeOf<ParetoNbdModel>();
    expectTypeOf<ParetoNbdModel>().toMatchTypeOf<FittedTransactionModel<'r' | 'alpha' | 's' | 'beta'>>();
    expectTypeOf<FitParetoNbdOptions>().toHaveProperty('timeUnit');
  });
});
