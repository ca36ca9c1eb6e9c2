import { z } from 'zod';
import { checkCustomerTimeUnit } from './core/check-rfm.js';
import { ClvkitError } from '../errors.js';
import { DAYS_PER_UNIT } from '../time.js';
import { parseOptions, requireColumn } from '../validate.js';
import { distinctRows } from './core/compress-rows.js';
import type { FittedGammaGammaModel } from './gamma-gamma/fit-gamma-gamma.js';
import type { FittedTransactionModel, ModelTimeUnit, RfmColumns } from './transaction-model.js';
import { CLV_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/** Units a CLV horizon, step or discount period can be given in: calendar units, a year, or the model's own 'period'. */
export type ClvUnit = 'day' | 'week' | 'month' | 'year' | 'period';
const CLV_UNITS = ['day', 'week', 'month', 'year', 'period'] as const satisfies readonly ClvUnit[];

/** Days in a calendar unit: day 1, week 7, month 365.25/12, year 365.25. */
const CALENDAR_DAYS: Readonly<Record<Exclude<ClvUnit, 'period'>, number>> = { ...DAYS_PER_UNIT, year: 365.25 };

const arrayLike = z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), {
  message: 'expected an array of numbers or a typed array',
});
const modelLike = z.custom<FittedTransactionModel>(
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof (v as FittedTransactionModel).conditionalExpectedTransactions === 'function' &&
    typeof (v as FittedTransactionModel).timeUnit === 'string',
  { message: 'expected a fitted transaction model (fitBgNbd, fitParetoNbd, fitBgBb, ...)' },
);
const spendModelLike = z.custom<FittedGammaGammaModel>(
  (v) => v !== null && typeof v === 'object' && typeof (v as FittedGammaGammaModel).conditionalExpectedAverageSpend === 'function',
  { message: 'expected a fitted spend model (fitGammaGamma)' },
);
const duration = z.strictObject({ value: z.number().positive().finite(), unit: z.enum(CLV_UNITS) });

const clvSchema = z
  .strictObject({
    /** The fitted transaction model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB). */
    transactionModel: modelLike,
    /** Spend per transaction from a fitted Gamma-Gamma model (uses `customers.monetaryValue`)… */
    spendModel: spendModelLike.optional(),
    /** …or given directly, one value per customer (e.g. a margin-free revenue per transaction). */
    spend: arrayLike.optional(),
    /** The customers: frequency, recency, T (in the model's unit) and, with a spend model, monetaryValue. */
    customers: z.custom<RfmColumns & { readonly monetaryValue?: ArrayLike<number>; readonly customerId?: ArrayLike<string> }>(
      (v) => v !== null && typeof v === 'object',
      {
        message: 'expected customer columns (frequency, recency, T)',
      },
    ),
    /** How far ahead to value, e.g. `{ value: 12, unit: 'month' }`. */
    horizon: duration,
    /** Length of one cash-flow step; default 'month' ('period' when the horizon is in periods). */
    step: z.enum(CLV_UNITS).optional(),
    /** Discount rate and the period it is quoted for, e.g. `{ rate: 0.10, per: 'year' }`; rate 0 = no discounting. */
    discountRate: z.strictObject({ rate: z.number().min(0).max(10), per: z.enum(CLV_UNITS) }),
    /** Share of revenue that is profit (default 1: the CLV is revenue). */
    margin: z.number().min(0).max(1e6).refine(Number.isFinite, 'must be finite').default(1),
    /** For a model in discrete 'period's (BG/BB): how long one period is, to convert calendar horizons/steps/rates. */
    periodLength: duration.optional(),
    /**
     * How E[Y_i(t_k)] is evaluated: 'direct' calls `conditionalExpectedTransactions` once per step over all
     * customers; 'factorized' uses E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · K(t; x, T), which holds for
     * every model clvkit fits (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB), computing P(alive) once and K on the
     * distinct (x, T) pairs only; 'auto' (default) picks 'factorized' for those models when it saves work.
     */
    evaluation: z.enum(['auto', 'factorized', 'direct']).default('auto'),
    /**
     * With a spend model, a customer with repeat purchases worth ≤ 0 in total (a zero-value purchase):
     * 'population-mean' (default) values their spend at E[M] (counted in `spendAtPopulationMean`), the policy
     * fitGammaGamma's default `nonPositiveValues: 'exclude'` matches; 'error' throws INVALID_VALUE naming the customer.
     */
    nonPositiveSpend: z.enum(['population-mean', 'error']).default('population-mean'),
  })
  .superRefine((o, ctx) => {
    if ((o.spendModel === undefined) === (o.spend === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of spendModel and spend', path: ['spendModel'] });
    }
    if (o.periodLength?.unit === 'period') ctx.addIssue({ code: 'custom', message: 'periodLength must be in a calendar unit', path: ['periodLength', 'unit'] });
  });

/** Options of {@link customerLifetimeValue}. */
export type CustomerLifetimeValueOptions = z.input<typeof clvSchema>;

/** One cash-flow step of the valuation. */
export interface ClvStep {
  /** End of the step, in model time units from now. */
  readonly modelTime: number;
  /** End of the step, in steps from now (k, or a fraction for a short last step). */
  readonly steps: number;
  /** Discount factor applied to the step's transactions: (1 + d)^−steps. */
  readonly discountFactor: number;
}

/** The assumptions a CLV figure rests on, returned with it so they travel with the numbers. */
export interface ClvAssumptions {
  readonly modelKind: string;
  readonly modelTimeUnit: ModelTimeUnit;
  readonly horizon: { readonly value: number; readonly unit: ClvUnit };
  readonly step: ClvUnit;
  /** Number of steps (the last may be partial). */
  readonly stepCount: number;
  /** The discount rate as given. */
  readonly discountRate: { readonly rate: number; readonly per: ClvUnit };
  /** Per-step rate d = (1 + rate)^(step/per) − 1. */
  readonly perStepRate: number;
  /** Cash flows of a step are discounted from its end. */
  readonly discounting: 'end-of-step';
  readonly margin: number;
  readonly spendSource: 'gamma-gamma' | 'given';
  /** How the expectations were evaluated (see the `evaluation` option). */
  readonly evaluation: 'factorized' | 'direct';
  readonly periodLength?: { readonly value: number; readonly unit: ClvUnit };
}

/** Per-customer CLV with what went into it. */
export interface CustomerLifetimeValue {
  readonly length: number;
  /** Discounted expected value: margin · spend · Σ_k ΔE_k · (1+d)^−k. */
  readonly clv: Float64Array;
  /** Expected transactions over the whole horizon, undiscounted: E[Y(H)]. */
  readonly expectedTransactions: Float64Array;
  /** Discounted expected transactions Σ_k ΔE_k · (1+d)^−k (the "DET"). */
  readonly discountedTransactions: Float64Array;
  /** Expected spend per transaction used for each customer. */
  readonly expectedSpend: Float64Array;
  /**
   * Customers valued at the population mean spend E[M] because their repeat purchases are worth ≤ 0 in total
   * (a zero-value purchase): the fit left them out, so their own mean says nothing (option `nonPositiveSpend`). 0 with `spend`.
   */
  readonly spendAtPopulationMean: number;
  readonly steps: readonly ClvStep[];
  readonly assumptions: ClvAssumptions;
}

/** Days in a unit, or null for 'period' without a periodLength. */
function daysOf(unit: ClvUnit, periodDays: number | null): number | null {
  return unit === 'period' ? periodDays : CALENDAR_DAYS[unit];
}

/**
 * Discounted expected customer lifetime value over a finite horizon, per customer:
 *
 *   CLV_i = margin · s_i · Σ_{k=1}^{K} (E[Y_i(t_k)] − E[Y_i(t_{k−1})]) / (1 + d)^{t_k/Δ}
 *
 * where E[Y_i(t)] is the transaction model's conditional expected number of transactions in the next t
 * (`conditionalExpectedTransactions`, one vectorised call per step), s_i the expected spend per transaction
 * (the Gamma-Gamma conditional mean, or `spend` as given), t_k = min(kΔ, H) the end of step k, Δ the step and
 * d the per-step discount rate. Discounting is at the end of each step (a transaction in step k is
 * discounted by k full steps; a short last step by its fraction).
 *
 * Units are explicit and checked, never assumed: the model's unit (`transactionModel.timeUnit`), the
 * horizon's, the step's and the discount rate's period are all named; calendar units convert exactly
 * (week 7 days, month 365.25/12, year 365.25), and the per-step rate is d = (1 + rate)^(Δ/per) − 1.
 * A model in discrete 'period's (BG/BB) needs `periodLength` to meet calendar units, and its steps must
 * fall on whole periods.
 *
 * @throws ClvkitError INVALID_OPTIONS (options; both or neither of spend/spendModel), UNIT_MISMATCH (units that
 *   cannot be converted, or BG/BB steps that are not whole periods), LENGTH_MISMATCH (spend vs customers),
 *   INVALID_VALUE (a bad customer row or spend value, from the models' central checks), MISSING_COLUMN
 *   (monetaryValue missing with a spend model), NUMERIC_FAILURE (from the spend model).
 * @example
 * // BG/BB fitted on the FHS 2010 donations (one opportunity a year), $50 a donation, 5 years at 10%:
 * customerLifetimeValue({ transactionModel: bgBb, spend: [50, 50, 50],
 *   customers: { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] },
 *   horizon: { value: 5, unit: 'year' }, step: 'year', periodLength: { value: 1, unit: 'year' },
 *   discountRate: { rate: 0.1, per: 'year' } }).clv
 * // Float64Array [2.792…, 40.528…, 143.801…]
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4);
 *   lifetimes' `customer_lifetime_value` (same end-of-step discounting, but with an implicit unit).
 */
export function customerLifetimeValue(options: CustomerLifetimeValueOptions): Displayed<CustomerLifetimeValue> {
  const fn = 'customerLifetimeValue';
  const o = parseOptions(clvSchema, options, fn);
  const model = o.transactionModel;
  const modelUnit = model.timeUnit;
  const step: ClvUnit = o.step ?? (o.horizon.unit === 'period' ? 'period' : 'month');
  const periodDays = o.periodLength === undefined ? null : o.periodLength.value * CALENDAR_DAYS[o.periodLength.unit as Exclude<ClvUnit, 'period'>];
  if (o.periodLength !== undefined && modelUnit !== 'period') {
    throw new ClvkitError('UNIT_MISMATCH', `periodLength applies to models in discrete periods; this ${model.kind} model is in ${modelUnit}s`, {
      fn,
      path: ['periodLength'],
    });
  }
  const need = (unit: ClvUnit, path: string): number => {
    const days = daysOf(unit, periodDays);
    if (days === null) {
      throw new ClvkitError(
        'UNIT_MISMATCH',
        `'period' means the model's discrete opportunities, which have no calendar length here: give periodLength, or use calendar units with a calendar model`,
        {
          fn,
          path: [path],
          modelTimeUnit: modelUnit,
        },
      );
    }
    return days;
  };
  // Express everything in a common base: days when any unit is calendar, periods when all are 'period'.
  const allPeriod = modelUnit === 'period' && o.horizon.unit === 'period' && step === 'period' && o.discountRate.per === 'period';
  const modelDays = allPeriod ? 1 : modelUnit === 'period' ? need('period', 'periodLength') : DAYS_PER_UNIT[modelUnit];
  const base = (unit: ClvUnit, path: string): number => (allPeriod ? 1 : need(unit, path));
  const horizonLength = o.horizon.value * base(o.horizon.unit, 'horizon');
  const stepLength = base(step, 'step');
  const perLength = base(o.discountRate.per, 'discountRate');
  const perStepRate = Math.pow(1 + o.discountRate.rate, stepLength / perLength) - 1;

  const ratio = horizonLength / stepLength;
  const stepCount = Math.max(1, Math.ceil(ratio - 1e-9));
  if (stepCount > 100_000) {
    throw new ClvkitError('INVALID_OPTIONS', `the horizon is ${stepCount} steps long; use a longer step`, { fn, path: ['step'] });
  }
  const steps: ClvStep[] = [];
  for (let k = 1; k <= stepCount; k++) {
    const stepsFromNow = k === stepCount ? ratio : k;
    let modelTime = (stepsFromNow * stepLength) / modelDays;
    if (modelUnit === 'period') {
      const whole = Math.round(modelTime);
      if (Math.abs(modelTime - whole) > 1e-9 * Math.max(1, whole)) {
        throw new ClvkitError(
          'UNIT_MISMATCH',
          `step ${k} ends ${modelTime} periods ahead; a ${model.kind} model needs whole periods (choose step and horizon as multiples of the period)`,
          {
            fn,
            path: ['step'],
          },
        );
      }
      modelTime = whole;
    }
    steps.push({ modelTime, steps: stepsFromNow, discountFactor: Math.pow(1 + perStepRate, -stepsFromNow) });
  }

  // Spend per transaction.
  const customers = o.customers;
  checkCustomerTimeUnit(customers, modelUnit, fn);
  for (const column of ['frequency', 'recency', 'T'] as const) {
    requireColumn(customers as unknown as Readonly<Record<string, unknown>>, column, fn);
  }
  let expectedSpend: Float64Array;
  let spendAtPopulationMean = 0;
  if (o.spendModel !== undefined) {
    if (customers.monetaryValue === undefined) {
      throw new ClvkitError('MISSING_COLUMN', 'customers.monetaryValue is needed with a spend model', { fn, column: 'monetaryValue' });
    }
    // The whole table goes through, so a spend model with covariates (fitGammaGammaWithCovariates) finds its columns.
    const spendColumns = { ...customers, frequency: customers.frequency, monetaryValue: customers.monetaryValue };
    try {
      expectedSpend = o.spendModel.conditionalExpectedAverageSpend(spendColumns, { nonPositiveValues: o.nonPositiveSpend });
    } catch (error) {
      // Name this option (not the spend model's) in the message.
      if (error instanceof ClvkitError && error.code === 'INVALID_VALUE' && error.details.column === 'monetaryValue' && o.nonPositiveSpend === 'error') {
        throw new ClvkitError(
          'INVALID_VALUE',
          `${error.message.replace(/^[^:]*: /, '').replace(/\(nonPositiveValues: [^)]*\)/, "(nonPositiveSpend: 'population-mean', the default, values them at the population mean)")}`,
          { ...error.details, fn },
        );
      }
      throw error;
    }
    for (let i = 0; i < customers.frequency.length; i++) if (customers.frequency[i]! > 0 && customers.monetaryValue[i]! <= 0) spendAtPopulationMean++;
  } else {
    const given = o.spend!;
    if (given.length !== customers.frequency.length) {
      throw new ClvkitError('LENGTH_MISMATCH', `spend has ${given.length} entries, expected ${customers.frequency.length}`, { fn, column: 'spend' });
    }
    expectedSpend = new Float64Array(given.length);
    for (let i = 0; i < given.length; i++) {
      const v = given[i]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ClvkitError('INVALID_VALUE', 'spend must be a finite number', { fn, column: 'spend', index: i, value: v });
      }
      expectedSpend[i] = v;
    }
  }

  const n = expectedSpend.length;
  const discounted = new Float64Array(n);
  // A model with covariates (fitBgNbdWithCovariates, …) has a kernel per (x, T, z): the direct path.
  const factorized = o.evaluation === 'factorized' || (o.evaluation === 'auto' && FACTORIZABLE.has(model.kind) && !('covariates' in model));
  const path = factorized ? factorizedPath(model, customers, fn, o.evaluation === 'factorized') : null;
  let previous: Float64Array = new Float64Array(n);
  for (const s of steps) {
    const cumulative = path === null ? model.conditionalExpectedTransactions(s.modelTime, customers) : path(s.modelTime);
    if (cumulative.length !== n) {
      throw new ClvkitError('LENGTH_MISMATCH', `the model returned ${cumulative.length} values for ${n} customers`, { fn });
    }
    const f = s.discountFactor;
    for (let i = 0; i < n; i++) discounted[i] = discounted[i]! + (cumulative[i]! - previous[i]!) * f;
    previous = cumulative;
  }
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) clv[i] = o.margin * expectedSpend[i]! * discounted[i]!;

  const assumptions: ClvAssumptions = {
    modelKind: model.kind,
    modelTimeUnit: modelUnit,
    horizon: { value: o.horizon.value, unit: o.horizon.unit },
    step,
    stepCount,
    discountRate: { rate: o.discountRate.rate, per: o.discountRate.per },
    perStepRate,
    discounting: 'end-of-step',
    margin: o.margin,
    spendSource: o.spendModel !== undefined ? 'gamma-gamma' : 'given',
    evaluation: path === null ? 'direct' : 'factorized',
    ...(o.periodLength !== undefined ? { periodLength: { value: o.periodLength.value, unit: o.periodLength.unit } } : {}),
  };
  return withDisplay(
    { length: n, clv, expectedTransactions: previous, discountedTransactions: discounted, expectedSpend, spendAtPopulationMean, steps, assumptions },
    CLV_DISPLAY,
  );
}

/** The column itself when it is a Float64Array, else a Float64Array copy. */
function asFloat64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** The model kinds whose conditional expectation factorises as P(alive | x, t_x, T) · K(t; x, T). */
const FACTORIZABLE = new Set<string>(['bg-nbd', 'mbg-nbd', 'pareto-nbd', 'bg-bb']);

/**
 * E[Y_i(t)] = P_i · K(t; x_i, T_i) for the models in FACTORIZABLE: BG/NBD and MBG/NBD (FHL 2005 eq. 10,
 * a kernel in (x, T, t) times P(alive)), Pareto/NBD (SMC 1987 / Fader, Hardie & Lee 2005 note: likewise),
 * BG/BB (FHS 2010 eq. 13 over eq. 11: a function of x, n, n* only). K is read off one representative per
 * distinct (x, T) — recency T (x > 0) or 0 (x = 0), where P(alive) is largest — as E/P(alive).
 * Returns null (use the direct path) when the pairs are not much fewer than the customers or a
 * representative's P(alive) is too small to divide by, unless `force`.
 */
function factorizedPath(model: FittedTransactionModel, customers: RfmColumns, fn: string, force: boolean): ((t: number) => Float64Array) | null {
  // The model validates every row here (its central check), so the columns can be read as they are below.
  const alive = model.probabilityAlive(customers);
  const frequency = customers.frequency;
  const periods = customers.T;
  const n = alive.length;
  // Number the distinct (x, T) pairs (the shared numeric row hash of compress-rows.ts).
  const pairs = distinctRows([asFloat64(customers.frequency), asFloat64(customers.T)]);
  if (!force && pairs.length > n / 2) return null;
  const pair = pairs.index;
  const repX = Array.from(pairs.firstRow, (row) => frequency[row]!);
  const repT = Array.from(pairs.firstRow, (row) => periods[row]!);
  const representatives = { frequency: repX, recency: repX.map((x, k) => (x === 0 ? 0 : repT[k]!)), T: repT };
  const repAlive = model.probabilityAlive(representatives);
  for (let k = 0; k < repAlive.length; k++) {
    if (!(repAlive[k]! > 1e-200)) {
      if (force) throw new ClvkitError('NUMERIC_FAILURE', 'P(alive) of a representative customer underflows: use evaluation "direct"', { fn });
      return null;
    }
  }
  return (t: number) => {
    const kernel = model.conditionalExpectedTransactions(t, representatives);
    for (let k = 0; k < kernel.length; k++) kernel[k] = kernel[k]! / repAlive[k]!;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = alive[i]! * kernel[pair[i]!]!;
    return out;
  };
}
