// Numeric stress of every CLV model's predictions and likelihood: parameters on a log grid from
// 1e-4 to 1e4, frequency up to 10,000, T up to 10,000 periods. Every value must be finite, every
// probability in [0, 1], every expectation ≥ 0; where a value cannot be computed, a ClvkitError
// with a code (NUMERIC_FAILURE) — never NaN, Infinity or an untyped exception. Each test reports
// how many grid points failed that way, so a regression that turns answers into errors shows too.
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { bgBbLogLikelihood } from '../../src/clv/bg-bb/bg-bb-log-likelihood.js';
import { bgLikelihoodProblem, bgPatternsOf } from '../../src/clv/bg-nbd/bg-family.js';
import { checkRfmColumns } from '../../src/clv/core/check-rfm.js';
import { gammaGammaLogLikelihood } from '../../src/clv/gamma-gamma/gamma-gamma-log-likelihood.js';
import { modelFromJSON } from '../../src/clv/model-from-json.js';
import { paretoNbdLogLikelihood } from '../../src/clv/pareto-nbd/pareto-nbd-log-likelihood.js';
import type { FittedTransactionModel, RfmColumns } from '../../src/clv/transaction-model.js';
import type { FittedGammaGammaModel } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';

/** The full log grid (5 points a parameter, 625 sets of four) where a grid point is cheap… */
const GRID = [1e-4, 1e-2, 1, 1e2, 1e4];
/** …and coarser log grids over the same range where one grid point costs milliseconds (suite time). */
const GRID_4 = [1e-4, 1e-1, 1e2, 1e4];
const GRID_3 = [1e-4, 1, 1e4];

function* grid4(values: readonly number[] = GRID): Generator<[number, number, number, number]> {
  for (const a of values) for (const b of values) for (const c of values) for (const d of values) yield [a, b, c, d];
}

function saved(kind: string, timeUnit: string, params: Record<string, number>) {
  return { format: 'clvkit-model', version: 1, kind, timeUnit, params, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, customers: 1 };
}

/** Continuous-time customers: x up to 10,000, T up to 10,000, t_x at 0, T/2 and T. */
function continuousCustomers(): RfmColumns & { rows: [number, number, number][] } {
  const rows: [number, number, number][] = [];
  for (const T of [0, 1, 37.5, 1000, 10_000]) {
    for (const x of [0, 1, 10, 1000, 10_000]) {
      for (const f of [0, 0.5, 1]) {
        const tx = x === 0 ? 0 : T * f;
        if (x > 0 && tx === 0) continue;
        if (x === 0 && f > 0) continue;
        rows.push([x, tx, T]);
      }
    }
  }
  return { rows, frequency: rows.map((r) => r[0]), recency: rows.map((r) => r[1]), T: rows.map((r) => r[2]) };
}

/** Discrete (BG/BB) customers: n up to 10,000 opportunities, 0 ≤ x ≤ t_x ≤ n. */
function discreteCustomers(): RfmColumns & { rows: [number, number, number][] } {
  const rows: [number, number, number][] = [];
  for (const n of [1, 6, 100, 10_000]) {
    for (const x of [0, 1, 5, 100, 10_000]) {
      for (const tx of [0, x, Math.min(n, x * 2), n]) {
        if (x > n || x > tx || tx > n || (x === 0) !== (tx === 0)) continue;
        if (rows.some((r) => r[0] === x && r[1] === tx && r[2] === n)) continue;
        rows.push([x, tx, n]);
      }
    }
  }
  return { rows, frequency: rows.map((r) => r[0]), recency: rows.map((r) => r[1]), T: rows.map((r) => r[2]) };
}

type Kind = 'probability' | 'expectation' | 'loglik' | 'value';

/** Collects outcomes over a grid: values that break the rules, untyped exceptions, typed failures by code. */
class Tally {
  readonly violations: string[] = [];
  readonly untyped: string[] = [];
  readonly codes: Record<string, number> = {};
  ok = 0;

  check(label: string, kind: Kind, f: () => ArrayLike<number> | number): void {
    let values: ArrayLike<number> | number;
    try {
      values = f();
    } catch (error) {
      if (isClvkitError(error)) this.codes[error.code] = (this.codes[error.code] ?? 0) + 1;
      else this.untyped.push(`${label}: ${String(error)}`);
      return;
    }
    const list = typeof values === 'number' ? [values] : Array.from(values);
    list.forEach((v, i) => {
      const bad = !Number.isFinite(v) || (kind === 'probability' && (v < 0 || v > 1)) || (kind === 'expectation' && v < 0) || (kind === 'value' && v <= 0);
      if (bad && this.violations.length < 20) this.violations.push(`${label}[${i}] = ${v}`);
    });
    this.ok++;
  }

  expectClean(allowedCodes: readonly string[]): void {
    expect(this.untyped, 'untyped exceptions').toEqual([]);
    expect(this.violations, 'NaN / Infinity / out-of-range values').toEqual([]);
    for (const code of Object.keys(this.codes)) expect(allowedCodes).toContain(code);
    expect(this.ok).toBeGreaterThan(0);
  }
}

describe.each(['bg-nbd', 'mbg-nbd'] as const)('%s over the parameter grid', (kind) => {
  const customers = continuousCustomers();

  it('P(alive), E[Y(t) | x, t_x, T], E[X(t)] are finite and in range for every grid point', () => {
    const tally = new Tally();
    for (const [r, alpha, a, b] of grid4()) {
      const m = modelFromJSON(saved(kind, 'week', { r, alpha, a, b })) as FittedTransactionModel;
      const at = JSON.stringify({ r, alpha, a, b });
      tally.check(`pAlive ${at}`, 'probability', () => m.probabilityAlive(customers));
      tally.check(`cet(52) ${at}`, 'expectation', () => m.conditionalExpectedTransactions(52, customers));
      if (GRID_4.includes(r) && GRID_4.includes(alpha) && GRID_4.includes(a) && GRID_4.includes(b)) {
        tally.check(`cet(10000) ${at}`, 'expectation', () => m.conditionalExpectedTransactions(10_000, customers));
      }
      tally.check(`E[X(1)] ${at}`, 'expectation', () => m.expectedTransactions(1));
      tally.check(`E[X(10000)] ${at}`, 'expectation', () => m.expectedTransactions(10_000));
    }
    tally.expectClean(['NUMERIC_FAILURE']);
  });

  it('P(X(t) = n) is a probability or NUMERIC_FAILURE for every grid point', () => {
    const tally = new Tally();
    for (const [r, alpha, a, b] of grid4()) {
      const m = modelFromJSON(saved(kind, 'week', { r, alpha, a, b })) as FittedTransactionModel;
      const at = JSON.stringify({ r, alpha, a, b });
      tally.check(`P(X(52)=0) ${at}`, 'probability', () => m.probabilityOfTransactions(0, 52));
      tally.check(`P(X(52)=10) ${at}`, 'probability', () => m.probabilityOfTransactions(10, 52));
    }
    tally.expectClean(['NUMERIC_FAILURE']);
    // The grid's corner r = 1e-4, alpha = 1e-2 has a negative-binomial tail too heavy to sum.
    expect(tally.codes.NUMERIC_FAILURE ?? 0).toBeLessThanOrEqual(25);
  });

  it('the log-likelihood is finite at every grid point for customers up to x = 10,000, T = 10,000', () => {
    const checked = checkRfmColumns(customers, { fn: 'stress' });
    const problem = bgLikelihoodProblem('stress', bgPatternsOf(checked, undefined), kind === 'bg-nbd' ? 0 : 1, []);
    const tally = new Tally();
    for (const p of grid4()) tally.check(`LL ${JSON.stringify(p)}`, 'loglik', () => problem.logLikelihood(Float64Array.from(p)));
    tally.expectClean([]);
  });
});

describe('pareto-nbd over the parameter grid', () => {
  const customers = continuousCustomers();

  it('predictions are finite and in range, or NUMERIC_FAILURE', () => {
    const tally = new Tally();
    for (const [r, alpha, s, beta] of grid4(GRID_4)) {
      const m = modelFromJSON(saved('pareto-nbd', 'week', { r, alpha, s, beta })) as FittedTransactionModel;
      const at = JSON.stringify({ r, alpha, s, beta });
      tally.check(`pAlive ${at}`, 'probability', () => m.probabilityAlive(customers));
      tally.check(`cet(52) ${at}`, 'expectation', () => m.conditionalExpectedTransactions(52, customers));
      tally.check(`E[X(1)] ${at}`, 'expectation', () => m.expectedTransactions(1));
      tally.check(`E[X(10000)] ${at}`, 'expectation', () => m.expectedTransactions(10_000));
      tally.check(`P(X(52)=0) ${at}`, 'probability', () => m.probabilityOfTransactions(0, 52));
      tally.check(`P(X(52)=10) ${at}`, 'probability', () => m.probabilityOfTransactions(10, 52));
    }
    tally.expectClean(['NUMERIC_FAILURE']);
  });

  it('the log-likelihood is finite at every grid point', () => {
    const tally = new Tally();
    for (const [r, alpha, s, beta] of grid4()) {
      tally.check(`LL ${JSON.stringify({ r, alpha, s, beta })}`, 'loglik', () => paretoNbdLogLikelihood({ r, alpha, s, beta }, customers));
    }
    tally.expectClean([]);
  });
});

describe('bg-bb over the parameter grid', () => {
  const customers = discreteCustomers();

  it('predictions are finite and in range, or NUMERIC_FAILURE', () => {
    const tally = new Tally();
    for (const [alpha, beta, gamma, delta] of grid4(GRID_3)) {
      const m = modelFromJSON(saved('bg-bb', 'period', { alpha, beta, gamma, delta })) as FittedTransactionModel;
      const at = JSON.stringify({ alpha, beta, gamma, delta });
      tally.check(`pAlive ${at}`, 'probability', () => m.probabilityAlive(customers));
      tally.check(`cet(5) ${at}`, 'expectation', () => m.conditionalExpectedTransactions(5, customers));
      tally.check(`cet(10000) ${at}`, 'expectation', () => m.conditionalExpectedTransactions(10_000, customers));
      tally.check(`E[X(10000)] ${at}`, 'expectation', () => m.expectedTransactions(10_000));
      tally.check(`P(X(6)=2) ${at}`, 'probability', () => m.probabilityOfTransactions(2, 6));
      tally.check(`P(X(10000)=100) ${at}`, 'probability', () => m.probabilityOfTransactions(100, 10_000));
    }
    tally.expectClean(['NUMERIC_FAILURE']);
  });

  // Was a bug: below the grid, beta ≤ 1e-16 (alpha = gamma = delta = 1) made P(alive) and E[Y] NaN for
  // customers with purchases (x = 1, t_x = 1, n = 6 and x = 6, t_x = 6, n = 6): β + n − x lost β when
  // n − x = 0 was added after the 6 (1e-16 + 6 − 6 = 0). The Beta ratios are now rising factorials.
  it('beta down to 1e-300: predictions finite or NUMERIC_FAILURE', () => {
    const tally = new Tally();
    const rows = { frequency: [1, 6, 0], recency: [1, 6, 0], T: [6, 6, 6] };
    for (const tiny of [1e-16, 1e-50, 1e-300]) {
      for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
        const params = { alpha: 1, beta: 1, gamma: 1, delta: 1, [name]: tiny };
        const m = modelFromJSON(saved('bg-bb', 'period', params)) as FittedTransactionModel;
        tally.check(`pAlive ${JSON.stringify(params)}`, 'probability', () => m.probabilityAlive(rows));
        tally.check(`cet(5) ${JSON.stringify(params)}`, 'expectation', () => m.conditionalExpectedTransactions(5, rows));
      }
    }
    tally.expectClean(['NUMERIC_FAILURE']);
  });

  it('the log-likelihood is finite and ≤ 0 (a probability) at every grid point', () => {
    const tally = new Tally();
    for (const [alpha, beta, gamma, delta] of grid4(GRID_3)) {
      tally.check(`LL ${JSON.stringify({ alpha, beta, gamma, delta })}`, 'loglik', () => {
        const ll = bgBbLogLikelihood({ alpha, beta, gamma, delta }, customers.frequency, customers.recency, customers.T);
        return ll <= 1e-9 ? ll : Number.NaN; // a log-probability above 0 is a violation too
      });
    }
    tally.expectClean([]);
  });
});

describe('gamma-gamma over the parameter grid', () => {
  // Frequencies up to 10,000 repeat purchases, mean spends from 0.01 to 1e7.
  const frequency: number[] = [];
  const monetaryValue: number[] = [];
  for (const x of [1, 2, 10, 1000, 10_000]) {
    for (const m of [0.01, 1, 250, 1e5, 1e7]) {
      frequency.push(x);
      monetaryValue.push(m);
    }
  }

  it('E[M | x, m̄] is a finite positive spend, or NUMERIC_FAILURE when p·x + q ≤ 1; E[M] likewise when q ≤ 1', () => {
    const tally = new Tally();
    for (const p of GRID) {
      for (const q of GRID) {
        for (const gamma of GRID) {
          const m = modelFromJSON(saved('gamma-gamma', null as unknown as string, { p, q, gamma })) as FittedGammaGammaModel;
          const at = JSON.stringify({ p, q, gamma });
          tally.check(`E[M|x,m] ${at}`, 'value', () => m.conditionalExpectedAverageSpend({ frequency, monetaryValue }));
          try {
            const mean = m.expectedAverageSpend();
            expect(q).toBeGreaterThan(1);
            tally.check(`E[M] ${at}`, 'value', () => mean);
          } catch (error) {
            expect(isClvkitError(error, 'NUMERIC_FAILURE'), String(error)).toBe(true);
            expect(q).toBeLessThanOrEqual(1);
          }
        }
      }
    }
    tally.expectClean(['NUMERIC_FAILURE']);
  });

  it('the log-likelihood is finite at every grid point', () => {
    const tally = new Tally();
    for (const p of GRID)
      for (const q of GRID)
        for (const gamma of GRID) {
          tally.check(`LL ${JSON.stringify({ p, q, gamma })}`, 'loglik', () => gammaGammaLogLikelihood({ p, q, gamma }, frequency, monetaryValue));
        }
    tally.expectClean([]);
  });
});
