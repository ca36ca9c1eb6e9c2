import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { fitBgBb } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import { fitBgNbdWithCovariates } from '../../../src/clv/covariates/fit-bg-nbd-with-covariates.js';
import { simulateBgNbdWithCovariates } from '../../../src/clv/covariates/simulate-bg-nbd-with-covariates.js';
import { fitGammaGamma } from '../../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { predictionIntervals } from '../../../src/clv/intervals/prediction-intervals.js';
import type { PredictionIntervals } from '../../../src/clv/intervals/prediction-intervals.js';
import { fitParetoNbd } from '../../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { createRandom } from '../../../src/random.js';
import { expectCode } from '../../helpers/expect-code.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

function readCdnow() {
  const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
  return {
    frequency: rows.map((r) => Number(r.frequency)),
    recency: rows.map((r) => Number(r.recency)),
    T: rows.map((r) => Number(r.T)),
    monetaryValue: rows.map((r) => Number(r.monetary_value)),
  };
}

describeWithSharedData('predictionIntervals on the CDNOW sample', () => {
  const cdnow = readCdnow();
  const bg = fitBgNbd(cdnow, { timeUnit: 'week' });
  const gg = fitGammaGamma(cdnow);
  const few = { frequency: [2, 1, 7, 0], recency: [30.43, 1.71, 29.43, 0], T: [38.86, 38.86, 38.86, 38.86], monetaryValue: [22.35, 11.77, 73.74, 0] };
  const clv = { horizon: { value: 12, unit: 'month' as const }, discountRate: { rate: 0.1, per: 'year' as const } };
  const parametric = predictionIntervals({
    transactionModel: bg,
    spendModel: gg,
    calibration: cdnow,
    customers: few,
    horizon: 39,
    clv,
    intervals: { method: 'parametric', draws: 400, seed: 1 },
  });
  const bootstrap = predictionIntervals({
    transactionModel: bg,
    spendModel: gg,
    calibration: cdnow,
    customers: few,
    horizon: 39,
    clv,
    intervals: { method: 'bootstrap', draws: 60, seed: 1 },
  });

  it('brackets the point prediction, which is the fitted model’s own', () => {
    for (const pi of [parametric, bootstrap]) {
      expect(Array.from(pi.conditionalExpectedTransactions.estimate)).toEqual(Array.from(bg.conditionalExpectedTransactions(39, few)));
      for (const key of ['probabilityAlive', 'conditionalExpectedTransactions', 'expectedSpend', 'clv'] as const) {
        const c = pi[key]!;
        for (let i = 0; i < 3; i++) {
          expect(c.lower[i]).toBeLessThan(c.estimate[i]!);
          expect(c.upper[i]).toBeGreaterThan(c.estimate[i]!);
        }
      }
      // x = 0: P(alive) is exactly 1 under BG/NBD whatever the parameters
      expect([pi.probabilityAlive.lower[3], pi.probabilityAlive.upper[3]]).toEqual([1, 1]);
    }
  });

  it('parametric and bootstrap intervals agree (two independent routes to the same sampling variability)', () => {
    for (const key of ['probabilityAlive', 'conditionalExpectedTransactions', 'expectedSpend', 'clv'] as const) {
      for (let i = 0; i < 3; i++) {
        const wp = parametric[key]!.upper[i]! - parametric[key]!.lower[i]!;
        const wb = bootstrap[key]!.upper[i]! - bootstrap[key]!.lower[i]!;
        expect(wb / wp).toBeGreaterThan(0.7);
        expect(wb / wp).toBeLessThan(1.4);
      }
    }
    expect(bootstrap.failedDraws).toBe(0);
    expect(bootstrap.usedDraws).toBe(60);
  });

  it('is seeded: the same seed gives the same intervals, another seed others', () => {
    const a = predictionIntervals({ transactionModel: bg, calibration: cdnow, customers: few, horizon: 39, intervals: { draws: 50, seed: 3 } });
    const b = predictionIntervals({ transactionModel: bg, calibration: cdnow, customers: few, horizon: 39, intervals: { draws: 50, seed: 3 } });
    const c = predictionIntervals({ transactionModel: bg, calibration: cdnow, customers: few, horizon: 39, intervals: { draws: 50, seed: 4 } });
    expect(Array.from(a.conditionalExpectedTransactions.upper)).toEqual(Array.from(b.conditionalExpectedTransactions.upper));
    expect(a.conditionalExpectedTransactions.upper[0]).not.toBe(c.conditionalExpectedTransactions.upper[0]);
    expect(a.level).toBe(0.9);
    expect(a.method).toBe('parametric');
  });

  it('works for Pareto/NBD', () => {
    const pn = fitParetoNbd(cdnow, { timeUnit: 'week' });
    const pi = predictionIntervals({ transactionModel: pn, calibration: cdnow, customers: few, horizon: 39, intervals: { draws: 100 } });
    expect(pi.probabilityAlive.lower[0]).toBeLessThan(pi.probabilityAlive.estimate[0]!);
    expect(pi.probabilityAlive.upper[0]).toBeGreaterThan(pi.probabilityAlive.estimate[0]!);
  });
});

describeWithSharedData('predictionIntervals for BG/BB (FHS 2010 donations, 11,104 donors as 22 weighted patterns)', () => {
  const lines = readFileSync(sharedFile('donations_bgbb_summary.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const d = { frequency: lines.map((r) => r[0]!), recency: lines.map((r) => r[1]!), T: lines.map((r) => r[2]!) };
  const weights = lines.map((r) => r[3]!);
  const model = fitBgBb(d, { weights });
  const donors = { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] };

  it('parametric (numerical-gradient Hessian) and bootstrap (weighted refits) intervals agree and bracket FHS Table 6’s P(alive)', () => {
    const p = predictionIntervals({ transactionModel: model, calibration: d, weights, customers: donors, horizon: 5, intervals: { draws: 300, seed: 1 } });
    const b = predictionIntervals({
      transactionModel: model,
      calibration: d,
      weights,
      customers: donors,
      horizon: 5,
      intervals: { method: 'bootstrap', draws: 40, seed: 1 },
    });
    for (let i = 0; i < 3; i++) {
      expect(p.probabilityAlive.lower[i]).toBeLessThan(p.probabilityAlive.estimate[i]!);
      expect(p.probabilityAlive.upper[i]).toBeGreaterThan(p.probabilityAlive.estimate[i]!);
      const wp = p.conditionalExpectedTransactions.upper[i]! - p.conditionalExpectedTransactions.lower[i]!;
      const wb = b.conditionalExpectedTransactions.upper[i]! - b.conditionalExpectedTransactions.lower[i]!;
      expect(wb / wp).toBeGreaterThan(0.6);
      expect(wb / wp).toBeLessThan(1.6);
    }
    expect(p.probabilityAlive.estimate[1]).toBeCloseTo(0.59, 2);
  });
});

describe('predictionIntervals with covariates', () => {
  const n = 1500;
  const rng = createRandom(11);
  const z = Float64Array.from({ length: n }, () => rng.bernoulli(0.5));
  const sim = simulateBgNbdWithCovariates({
    params: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
    covariates: { z },
    coefficients: { purchase: { z: 0.6 } },
    T: 52,
    seed: 2,
  });
  const model = fitBgNbdWithCovariates({ ...sim, z }, { timeUnit: 'week', covariates: { purchase: ['z'] } });
  const customers = { frequency: [3, 3], recency: [40, 40], T: [52, 52], z: [0, 1] };

  it('gives per-customer intervals that differ by covariate, by both methods', () => {
    for (const method of ['parametric', 'bootstrap'] as const) {
      const pi = predictionIntervals({
        transactionModel: model,
        calibration: { ...sim, z },
        customers,
        horizon: 26,
        intervals: { method, draws: 40, seed: 1 },
      });
      expect(pi.conditionalExpectedTransactions.estimate[1]).toBeGreaterThan(pi.conditionalExpectedTransactions.estimate[0]!);
      for (let i = 0; i < 2; i++) {
        expect(pi.conditionalExpectedTransactions.lower[i]).toBeLessThan(pi.conditionalExpectedTransactions.estimate[i]!);
        expect(pi.conditionalExpectedTransactions.upper[i]).toBeGreaterThan(pi.conditionalExpectedTransactions.estimate[i]!);
      }
    }
  });

  it('needs the covariate columns on the calibration table', () => {
    expectCode(() => predictionIntervals({ transactionModel: model, calibration: sim, customers, horizon: 26 }), 'MISSING_COLUMN');
  });
});

describe('predictionIntervals: bad input', () => {
  const rows = { frequency: [1, 0, 2, 3], recency: [3, 0, 5, 8], T: [10, 10, 10, 10] };
  const bg = fitBgNbd(rows, { timeUnit: 'week' });
  it('rejects bad interval options and unknown keys', () => {
    expectCode(() => predictionIntervals({ transactionModel: bg, calibration: rows, horizon: 5, intervals: { level: 1.5 } }), 'INVALID_OPTIONS');
    expectCode(() => predictionIntervals({ transactionModel: bg, calibration: rows, horizon: 5, intervals: { draws: 5 } }), 'INVALID_OPTIONS');
    expectCode(
      () => predictionIntervals({ transactionModel: bg, calibration: rows, horizon: 5, intervals: { method: 'jackknife' as never } }),
      'INVALID_OPTIONS',
    );
    expectCode(() => predictionIntervals({ transactionModel: bg, calibration: rows, horizon: 5, intervals: { levl: 0.9 } as never }), 'INVALID_OPTIONS');
    expectCode(() => predictionIntervals({ transactionModel: bg, calibration: rows, horizon: -1 }), 'INVALID_OPTIONS');
  });
  it('asks for a spend source with clv', () => {
    expectCode(
      () =>
        predictionIntervals({
          transactionModel: bg,
          calibration: rows,
          horizon: 5,
          clv: { horizon: { value: 1, unit: 'year' }, discountRate: { rate: 0, per: 'year' } },
        }),
      'INVALID_OPTIONS',
    );
  });
  it('checks the customers and the clv options before any draw', () => {
    expectCode(
      () => predictionIntervals({ transactionModel: bg, calibration: rows, customers: { frequency: [], recency: [], T: [] }, horizon: 5 }),
      'EMPTY_INPUT',
    );
    expectCode(
      () => predictionIntervals({ transactionModel: bg, calibration: rows, customers: { frequency: [1.5], recency: [1], T: [2] }, horizon: 5 }),
      'INVALID_VALUE',
    );
    expectCode(
      () =>
        predictionIntervals({
          transactionModel: bg,
          calibration: rows,
          horizon: 5,
          clv: { spend: [1, 1, 1, 1], horizon: { value: 1, unit: 'fortnight' as never }, discountRate: { rate: 0, per: 'year' } },
          intervals: { method: 'bootstrap' },
        }),
      'INVALID_OPTIONS',
    );
    const sim = simulateBgNbd({ params: { r: 0.5, alpha: 6, a: 0.7, b: 2.5 }, customers: 500, T: 52, seed: 1 });
    const fitted = fitBgNbd(sim, { timeUnit: 'week' });
    const withSpend = predictionIntervals({
      transactionModel: fitted,
      calibration: sim,
      horizon: 5,
      clv: { spend: new Float64Array(500).fill(10), horizon: { value: 5, unit: 'week' }, discountRate: { rate: 0, per: 'year' } },
      intervals: { draws: 30 },
    });
    expect(withSpend.clv!.estimate[0]).toBeCloseTo(10 * withSpend.conditionalExpectedTransactions.estimate[0]!, 8);
  });

  it('refuses parametric intervals when the calibration data are not those the model was fitted on', () => {
    const a = simulateBgNbd({ params: { r: 0.5, alpha: 6, a: 0.7, b: 2.5 }, customers: 500, T: 52, seed: 1 });
    const b = simulateBgNbd({ params: { r: 0.5, alpha: 6, a: 0.7, b: 2.5 }, customers: 500, T: 52, seed: 2 });
    const fitted = fitBgNbd(a, { timeUnit: 'week' });
    expect(predictionIntervals({ transactionModel: fitted, calibration: a, horizon: 5, intervals: { draws: 20 } }).length).toBe(500);
    const e = expectCode(() => predictionIntervals({ transactionModel: fitted, calibration: b, horizon: 5, intervals: { draws: 20 } }), 'INVALID_VALUE');
    expect(e.message).toMatch(/fitted on/);
  });

  it('checks the calibration columns', () => {
    expectCode(() => predictionIntervals({ transactionModel: bg, calibration: { ...rows, T: [10, 10] }, horizon: 5 }), 'LENGTH_MISMATCH');
    expectCode(() => predictionIntervals({ transactionModel: bg, calibration: rows, weights: [1, 1], horizon: 5 }), 'LENGTH_MISMATCH');
  });
  it('has the documented result type', () => {
    expectTypeOf<PredictionIntervals['probabilityAlive']['lower']>().toEqualTypeOf<Float64Array>();
  });
});
