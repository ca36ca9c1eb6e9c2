import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgBbFromJSON } from '../../src/clv/bg-bb/fit-bg-bb.js';
import { customerLifetimeValue, type CustomerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import { bgNbdFromJSON } from '../../src/clv/bg-nbd/bg-nbd-from-json.js';
import { gammaGammaFromJSON } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { modifiedBgNbdFromJSON } from '../../src/clv/mbg-nbd/modified-bg-nbd-from-json.js';
import { paretoNbdFromJSON } from '../../src/clv/pareto-nbd/pareto-nbd-from-json.js';
import type { FittedTransactionModel, RfmColumns, SerializedModel } from '../../src/clv/transaction-model.js';
import type { Displayed } from '../../src/display/with-display.js';
import { codeOf } from '../helpers/expect-code.js';

/**
 * An independent closed-form model: each customer buys as a Poisson process with rate λ_i = (x+1)/(T+1)
 * per week and never drops out, so E[Y_i(t)] = λ_i·t and the CLV is a geometric sum computable by hand.
 */
function poissonModel(): FittedTransactionModel<'none'> {
  const rate = (c: RfmColumns) => Float64Array.from({ length: c.frequency.length }, (_, i) => (c.frequency[i]! + 1) / (c.T[i]! + 1));
  return {
    kind: 'bg-nbd',
    timeUnit: 'week',
    params: { none: 1 },
    standardErrors: null,
    logLikelihood: 0,
    converged: true,
    iterations: 0,
    customers: 0,
    expectedTransactions: (t) => t,
    conditionalExpectedTransactions: (t, c) => rate(c).map((l) => l * t),
    probabilityAlive: (c) => new Float64Array(c.frequency.length).fill(1),
    probabilityOfTransactions: () => 0,
    toJSON: () => ({}) as SerializedModel,
  };
}

const customers = { frequency: [0, 3, 9], recency: [0, 10, 30], T: [39, 39, 39] };
const rates = [1 / 40, 4 / 40, 10 / 40];

const bgBb = bgBbFromJSON({
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
const donors = { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] };

describe('customerLifetimeValue', () => {
  it('worked example: a weekly Poisson model valued over 12 months at 10%/year, by hand', () => {
    const result = customerLifetimeValue({
      transactionModel: poissonModel(),
      spend: [20, 30, 40],
      customers,
      horizon: { value: 12, unit: 'month' },
      discountRate: { rate: 0.1, per: 'year' },
      margin: 0.3,
    });
    const weeksPerMonth = 365.25 / 12 / 7;
    const v = Math.pow(1.1, -1 / 12); // one month's discount factor
    const annuity = (v * (1 - Math.pow(v, 12))) / (1 - v); // Σ_{k=1}^{12} v^k
    [20, 30, 40].forEach((s, i) => {
      expect(result.clv[i]).toBeCloseTo(0.3 * s * rates[i]! * weeksPerMonth * annuity, 10);
      expect(result.expectedTransactions[i]).toBeCloseTo(rates[i]! * 12 * weeksPerMonth, 10);
    });
    expect(result.assumptions).toMatchObject({
      modelTimeUnit: 'week',
      step: 'month',
      stepCount: 12,
      discounting: 'end-of-step',
      margin: 0.3,
      spendSource: 'given',
    });
    expect(result.assumptions.perStepRate).toBeCloseTo(Math.pow(1.1, 1 / 12) - 1, 15);
    expect(result.steps[11]!.discountFactor).toBeCloseTo(1 / 1.1, 14);
    expect(result.steps[0]!.modelTime).toBeCloseTo(weeksPerMonth, 14);
  });

  it('without discounting the CLV is margin · spend · E[Y(H)]; equivalent rates give equal values', () => {
    const base = { transactionModel: poissonModel(), spend: [20, 30, 40], customers, horizon: { value: 1, unit: 'year' } } as const;
    const flat = customerLifetimeValue({ ...base, discountRate: { rate: 0, per: 'year' }, margin: 0.5 });
    flat.clv.forEach((v, i) => expect(v).toBeCloseTo(0.5 * [20, 30, 40][i]! * flat.expectedTransactions[i]!, 12));
    const yearly = customerLifetimeValue({ ...base, discountRate: { rate: 0.1, per: 'year' } });
    const monthly = customerLifetimeValue({ ...base, discountRate: { rate: Math.pow(1.1, 1 / 12) - 1, per: 'month' } });
    const weekly = customerLifetimeValue({ ...base, step: 'week', discountRate: { rate: 0.1, per: 'year' } });
    monthly.clv.forEach((v, i) => expect(v).toBeCloseTo(yearly.clv[i]!, 10));
    // Finer steps discount each transaction a little less on average (end-of-step convention): weekly ≥ monthly.
    weekly.clv.forEach((v, i) => expect(v).toBeGreaterThan(yearly.clv[i]!));
    expect(weekly.assumptions.stepCount).toBe(53); // 365.25 / 7 = 52.18 → 52 full weeks and a short one
    expect(weekly.steps.at(-1)!.steps).toBeCloseTo(365.25 / 7, 12);
  });

  it('a short last step is discounted by its fraction', () => {
    const r = customerLifetimeValue({
      transactionModel: poissonModel(),
      spend: [1, 1, 1],
      customers,
      horizon: { value: 10, unit: 'week' },
      step: 'month',
      discountRate: { rate: 0.2, per: 'month' },
    });
    const m = 365.25 / 12 / 7; // weeks per month
    const full = 10 / m; // 2.2998 steps
    const expected = rates[0]! * (m / 1.2 + m / 1.44 + (10 - 2 * m) / Math.pow(1.2, full));
    expect(r.assumptions.stepCount).toBe(3);
    expect(r.clv[0]).toBeCloseTo(expected, 12);
  });

  it('values a BG/BB model in periods, and the same with a calendar period length', () => {
    const inPeriods = customerLifetimeValue({
      transactionModel: bgBb,
      spend: [50, 50, 50],
      customers: donors,
      horizon: { value: 5, unit: 'period' },
      discountRate: { rate: 0.1, per: 'period' },
    });
    // By hand from the model's own conditional expectations.
    const cumulative = [0, 1, 2, 3, 4, 5].map((t) => bgBb.conditionalExpectedTransactions(t, donors));
    for (let i = 0; i < 3; i++) {
      let clv = 0;
      for (let k = 1; k <= 5; k++) clv += (50 * (cumulative[k]![i]! - cumulative[k - 1]![i]!)) / Math.pow(1.1, k);
      expect(inPeriods.clv[i]).toBeCloseTo(clv, 12);
    }
    expect(inPeriods.assumptions.step).toBe('period');
    const inYears = customerLifetimeValue({
      transactionModel: bgBb,
      spend: [50, 50, 50],
      customers: donors,
      horizon: { value: 5, unit: 'year' },
      step: 'year',
      periodLength: { value: 1, unit: 'year' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    inYears.clv.forEach((v, i) => expect(v).toBeCloseTo(inPeriods.clv[i]!, 12));
  });

  it('uses a Gamma-Gamma spend model when given one', () => {
    const spendModel = gammaGammaFromJSON({
      format: 'clvkit-model',
      version: 1,
      kind: 'gamma-gamma',
      timeUnit: null,
      params: { p: 6.25, q: 3.74, gamma: 15.44 },
      standardErrors: null,
      logLikelihood: -4055.9,
      converged: true,
      iterations: 0,
      customers: 946,
    });
    const withValues = { ...customers, monetaryValue: [0, 25, 60] };
    const r = customerLifetimeValue({
      transactionModel: poissonModel(),
      spendModel,
      customers: withValues,
      horizon: { value: 6, unit: 'month' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    expect(Array.from(r.expectedSpend)).toEqual(Array.from(spendModel.conditionalExpectedAverageSpend(withValues)));
    expect(r.assumptions.spendSource).toBe('gamma-gamma');
    expect(
      codeOf(() =>
        customerLifetimeValue({
          transactionModel: poissonModel(),
          spendModel,
          customers,
          horizon: { value: 6, unit: 'month' },
          discountRate: { rate: 0, per: 'year' },
        }),
      ),
    ).toBe('MISSING_COLUMN');
  });

  it('refuses units it cannot convert (UNIT_MISMATCH)', () => {
    const common = { spend: [1, 1, 1], discountRate: { rate: 0.1, per: 'year' } } as const;
    // BG/BB periods have no calendar length unless periodLength says so.
    expect(codeOf(() => customerLifetimeValue({ ...common, transactionModel: bgBb, customers: donors, horizon: { value: 12, unit: 'month' } }))).toBe(
      'UNIT_MISMATCH',
    );
    expect(
      codeOf(() =>
        customerLifetimeValue({
          ...common,
          transactionModel: bgBb,
          customers: donors,
          horizon: { value: 5, unit: 'period' },
          discountRate: { rate: 0.1, per: 'year' },
        }),
      ),
    ).toBe('UNIT_MISMATCH');
    // A yearly period with monthly steps would need fractional opportunities.
    expect(
      codeOf(() =>
        customerLifetimeValue({
          ...common,
          transactionModel: bgBb,
          customers: donors,
          horizon: { value: 2, unit: 'year' },
          periodLength: { value: 1, unit: 'year' },
        }),
      ),
    ).toBe('UNIT_MISMATCH');
    // A calendar model has no 'period', and periodLength does not apply to it.
    expect(codeOf(() => customerLifetimeValue({ ...common, transactionModel: poissonModel(), customers, horizon: { value: 3, unit: 'period' } }))).toBe(
      'UNIT_MISMATCH',
    );
    expect(
      codeOf(() =>
        customerLifetimeValue({
          ...common,
          transactionModel: poissonModel(),
          customers,
          horizon: { value: 3, unit: 'month' },
          periodLength: { value: 1, unit: 'month' },
        }),
      ),
    ).toBe('UNIT_MISMATCH');
  });

  it('reports the other error codes', () => {
    const base = { transactionModel: poissonModel(), customers, horizon: { value: 3, unit: 'month' }, discountRate: { rate: 0.1, per: 'year' } } as const;
    expect(codeOf(() => customerLifetimeValue({ ...base }))).toBe('INVALID_OPTIONS'); // neither spend nor spendModel
    expect(codeOf(() => customerLifetimeValue({ ...base, spend: [1, 1, 1], horizon: { value: -3, unit: 'month' } }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => customerLifetimeValue({ ...base, spend: [1, 1, 1], discountRate: 0.1 as never }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => customerLifetimeValue({ ...base, spend: [1, 1, 1], transactionModel: {} as never }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => customerLifetimeValue({ ...base, spend: [1, 1] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => customerLifetimeValue({ ...base, spend: [1, 1, 1], customers: { frequency: [0, 1, 2], recency: [0, 1, 2] } as never }))).toBe(
      'MISSING_COLUMN',
    );
    expect(codeOf(() => customerLifetimeValue({ ...base, spend: [1, Number.NaN, 1] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => customerLifetimeValue({ ...base, spend: [1, 1, 1], step: 'day', horizon: { value: 1000, unit: 'year' } }))).toBe('INVALID_OPTIONS');
    // Bad customer rows are the model's central check.
    expect(
      codeOf(() =>
        customerLifetimeValue({
          ...base,
          transactionModel: bgBb,
          customers: { frequency: [3], recency: [2], T: [6] },
          spend: [1],
          horizon: { value: 2, unit: 'period' },
          discountRate: { rate: 0, per: 'period' },
        }),
      ),
    ).toBe('INVALID_VALUE');
  });

  it('the factorised evaluation equals the direct one for every model clvkit fits', () => {
    const envelope = { format: 'clvkit-model', version: 1, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, customers: 1 } as const;
    const weekly = [
      bgNbdFromJSON({ ...envelope, kind: 'bg-nbd', timeUnit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }),
      modifiedBgNbdFromJSON({ ...envelope, kind: 'mbg-nbd', timeUnit: 'week', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } }),
      paretoNbdFromJSON({ ...envelope, kind: 'pareto-nbd', timeUnit: 'week', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } }),
    ];
    // 300 customers on a few (x, T) pairs with continuous recency, so that 'auto' factorises.
    const frequency: number[] = [];
    const recency: number[] = [];
    const T: number[] = [];
    for (let i = 0; i < 300; i++) {
      const x = i % 5;
      const t = 20 + (i % 3) * 9.5;
      frequency.push(x);
      T.push(t);
      recency.push(x === 0 ? 0 : (t * ((i * 37) % 100)) / 100 + 0.01);
    }
    const columns = { frequency, recency, T };
    for (const transactionModel of weekly) {
      const base = {
        transactionModel,
        spend: frequency.map(() => 10),
        customers: columns,
        horizon: { value: 12, unit: 'month' },
        discountRate: { rate: 0.1, per: 'year' },
      } as const;
      const auto = customerLifetimeValue(base);
      const direct = customerLifetimeValue({ ...base, evaluation: 'direct' });
      expect(auto.assumptions.evaluation).toBe('factorized');
      expect(direct.assumptions.evaluation).toBe('direct');
      auto.clv.forEach((v, i) => expect(Math.abs(v - direct.clv[i]!)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(direct.clv[i]!))));
    }
    const donorsMany = { frequency: [0, 1, 2, 2, 3, 6, 1, 2], recency: [0, 1, 4, 2, 5, 6, 6, 3], T: [6, 6, 6, 6, 6, 6, 6, 6] };
    const bb = {
      transactionModel: bgBb,
      spend: donorsMany.frequency.map(() => 1),
      customers: donorsMany,
      horizon: { value: 5, unit: 'period' },
      discountRate: { rate: 0.1, per: 'period' },
    } as const;
    const f = customerLifetimeValue({ ...bb, evaluation: 'factorized' });
    const d = customerLifetimeValue({ ...bb, evaluation: 'direct' });
    f.clv.forEach((v, i) => expect(v).toBeCloseTo(d.clv[i]!, 12));
    // Mostly distinct (x, T) pairs: 'auto' keeps the direct path.
    expect(customerLifetimeValue({ ...bb, customers: donors, spend: [1, 1, 1] }).assumptions.evaluation).toBe('direct');
  });

  it('has the public types', () => {
    expectTypeOf(customerLifetimeValue).returns.toEqualTypeOf<Displayed<CustomerLifetimeValue>>();
  });
});
