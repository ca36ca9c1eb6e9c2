// The prediction toolbox's internal-consistency properties over a numeric stress grid (issue 17): for every
// transaction model, on a log grid of parameters and customers up to x = 1,000 and T = 1,000:
// the conditional PMF sums to 1 and its mean equals the model's conditional expectation (where the tail beyond
// maxTransactions is negligible; to 1e-5 relative: the models' closed forms lose up to ~6 digits near their removable
// singularities, e.g. BG/NBD's a = 1); every probability is in [0, 1]; P(alive at T+t) and P(no transaction in t)
// fall with t and discounted transactions rise with the horizon. A value that cannot be computed must be a
// ClvkitError NUMERIC_FAILURE (counted), never NaN or an untyped exception.
import { describe, expect, it } from 'vitest';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import { conditionalTransactionPmf, probabilityNoTransactions } from '../../../src/clv/toolbox/conditional-transaction-pmf.js';
import { discountedExpectedTransactions } from '../../../src/clv/toolbox/discounted-expected-transactions.js';
import { probabilityAliveAt } from '../../../src/clv/toolbox/probability-alive-at.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { isClvkitError } from '../../../src/errors.js';

function saved(kind: string, timeUnit: string, params: Record<string, number>) {
  return { format: 'clvkit-model', version: 1, kind, timeUnit, params, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, customers: 1 };
}

const CONTINUOUS = { frequency: [0, 1, 10, 10, 1000], recency: [0, 0.5, 30, 5, 999], T: [1, 1, 37.5, 37.5, 1000] };
const DISCRETE = { frequency: [0, 1, 5, 5, 100], recency: [0, 1, 6, 5, 100], T: [1, 6, 6, 100, 1000] };

interface Tally {
  checked: number;
  failures: number;
  failed: string[];
}

function run(model: FittedTransactionModel, grid: Tally, maxN: number, t: number, tLater: number): void {
  try {
    check(model, grid, maxN, t, tLater);
  } catch (e) {
    if (isClvkitError(e) && e.code === 'NUMERIC_FAILURE') {
      grid.failures++;
      grid.failed.push(`${model.kind} ${JSON.stringify(model.params)}: ${e.message}`);
      return;
    }
    throw e;
  }
}

function check(model: FittedTransactionModel, grid: Tally, maxN: number, t: number, tLater: number): void {
  const customers = model.kind === 'bg-bb' ? DISCRETE : CONTINUOUS;
  const pmf = conditionalTransactionPmf(model, customers, { t, maxTransactions: maxN });
  const expected = model.conditionalExpectedTransactions(t, customers);
  const alive = probabilityAliveAt(model, customers, { t });
  const aliveLater = probabilityAliveAt(model, customers, { t: tLater });
  const none = probabilityNoTransactions(model, customers, { t });
  const noneLater = probabilityNoTransactions(model, customers, { t: tLater });
  const label = `${model.kind} ${JSON.stringify(model.params)}`;
  for (let i = 0; i < pmf.pmf.length; i++) {
    const p = pmf.pmf[i]!;
    let sum = 0;
    let mean = 0;
    p.forEach((v, n) => {
      expect(v, label).toBeGreaterThanOrEqual(0);
      expect(v, label).toBeLessThanOrEqual(1 + 1e-12);
      sum += v;
      mean += n * v;
    });
    expect(sum, label).toBeLessThanOrEqual(1 + 1e-9);
    if (expected[i]! < maxN / 20 && pmf.tail[i]! < 1e-12) {
      grid.checked++;
      expect(Math.abs(sum - 1), label).toBeLessThan(1e-9);
      expect(Math.abs(mean - expected[i]!), `${label} customer ${i}`).toBeLessThan(1e-5 * Math.max(1, expected[i]!));
    }
    expect(none[i]).toBeCloseTo(p[0]!, 12);
    for (const v of [alive[i]!, aliveLater[i]!, none[i]!, noneLater[i]!]) {
      expect(v, label).toBeGreaterThanOrEqual(0);
      expect(v, label).toBeLessThanOrEqual(1);
    }
    expect(aliveLater[i]!, label).toBeLessThanOrEqual(alive[i]! * (1 + 1e-12));
    expect(noneLater[i]!, label).toBeLessThanOrEqual(none[i]! * (1 + 1e-12));
  }
}

describe('prediction toolbox properties over the stress grid', () => {
  const GRID = [1e-4, 1, 1e4];
  it('BG/NBD and MBG/NBD (81 parameter sets each)', () => {
    for (const kind of ['bg-nbd', 'mbg-nbd']) {
      const tally: Tally = { checked: 0, failures: 0, failed: [] };
      for (const r of GRID)
        for (const alpha of GRID)
          for (const a of GRID)
            for (const b of GRID) {
              run(modelFromJSON(saved(kind, 'week', { r, alpha, a, b })) as FittedTransactionModel, tally, 40, 10, 40);
            }
      // Most grid points have a thin enough tail for the mean check; none may fail (where ₂F₁ fails at the
      // corners, P(alive at T+t) falls back to quadrature).
      console.log(kind, 'grid points checked', tally.checked, 'typed failures', tally.failures, tally.failed.slice(0, 3));
      expect(tally.failures).toBe(0);
      expect(tally.checked).toBeGreaterThan(200);
    }
  });

  it('Pareto/NBD (the PMF needs a quadrature per n: a coarser grid)', () => {
    const tally: Tally = { checked: 0, failures: 0, failed: [] };
    const grid = [1e-2, 1, 1e2];
    for (const r of grid)
      for (const alpha of grid)
        for (const s of grid)
          for (const beta of grid) {
            run(modelFromJSON(saved('pareto-nbd', 'week', { r, alpha, s, beta })) as FittedTransactionModel, tally, 18, 10, 40);
          }
    expect(tally.failures).toBe(0);
    expect(tally.checked).toBeGreaterThan(150);
  });

  it('BG/BB (81 parameter sets; t in whole opportunities)', () => {
    const tally: Tally = { checked: 0, failures: 0, failed: [] };
    for (const alpha of GRID)
      for (const beta of GRID)
        for (const gamma of GRID)
          for (const delta of GRID) {
            run(modelFromJSON(saved('bg-bb', 'period', { alpha, beta, gamma, delta })) as FittedTransactionModel, tally, 12, 10, 40);
          }
    expect(tally.failures).toBe(0);
    expect(tally.checked).toBeGreaterThan(300);
  });

  it('discounted expected transactions rise with the horizon to DERT', () => {
    const models = [
      modelFromJSON(saved('bg-nbd', 'week', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })),
      modelFromJSON(saved('mbg-nbd', 'week', { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 })),
      modelFromJSON(saved('pareto-nbd', 'week', { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 })),
      modelFromJSON(saved('bg-bb', 'period', { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 })),
    ] as FittedTransactionModel[];
    for (const m of models) {
      const customers = m.kind === 'bg-bb' ? DISCRETE : CONTINUOUS;
      const rate = m.kind === 'bg-bb' ? 0.1 : 0.15 / 52;
      const dert = discountedExpectedTransactions(m, customers, { discountRate: rate });
      let previous: Float64Array = new Float64Array(dert.length);
      for (const horizon of [10, 100, 1000, 10_000]) {
        const v = discountedExpectedTransactions(m, customers, { discountRate: rate, horizon });
        for (let i = 0; i < v.length; i++) {
          expect(v[i]!).toBeGreaterThanOrEqual(previous[i]! * (1 - 1e-12));
          expect(v[i]!).toBeLessThanOrEqual(dert[i]! * (1 + 1e-9));
        }
        previous = v;
      }
      // At 10,000 weeks (192 years at 15%) or opportunities (at 10%) the remainder is below 1e-6 of DERT.
      for (let i = 0; i < dert.length; i++) expect(previous[i]! / dert[i]!, m.kind).toBeCloseTo(1, 6);
    }
  });
});
