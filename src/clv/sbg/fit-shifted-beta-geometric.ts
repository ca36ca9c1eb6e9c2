import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { parseOptions, requireArrayLike, requireTable } from '../../validate.js';
import { fitModel } from '../core/fit-model.js';
import { fitControlOf, fitOptionsSchema } from '../core/fit-options.js';
import type { FitReport } from '../transaction-model.js';
import { MAX_SBG_PERIOD, sbgCounts, type SbgData } from './sbg-data.js';
import { sbgLogCurves, sbgLogLikelihood, type SbgParams } from './sbg-log-likelihood.js';
import { sbgDiscountedLifetime, sbgDiscountedResidualLifetime, sbgExpectedRemainingLifetime, sbgRetentionRate } from './sbg-predictions.js';

/** The sBG parameter names, in the order the optimiser sees them. */
export const SBG_PARAMS = ['alpha', 'beta'] as const;
/** An sBG parameter name. */
export type SbgParamName = (typeof SBG_PARAMS)[number];

const fitSbgSchema = fitOptionsSchema.strict();

/** Options of {@link fitShiftedBetaGeometric}: `weights` (per-customer rows only), `penalizer`, `maxIterations`, `maxEvaluations`, `tolerance`, `strict`, `starts`. */
export type FitShiftedBetaGeometricOptions = z.input<typeof fitSbgSchema>;

/** Customers for per-customer sBG predictions: whole periods survived so far, and (optionally) whether each has churned. */
export interface SbgCustomers {
  /** Whole periods each customer has been on the book (renewals made, for customers still there). */
  readonly periods: ArrayLike<number>;
  /** true/1 = churned (residual values are 0); default: every customer is still on the book. */
  readonly churned?: ArrayLike<boolean | number>;
}

/**
 * A fitted shifted-beta-geometric (sBG) contractual retention model. Time is counted in whole contract
 * periods (`timeUnit: 'period'`: the period of the data, e.g. a month or a year).
 */
export interface FittedShiftedBetaGeometricModel extends FitReport<SbgParamName> {
  readonly kind: 'sbg';
  readonly timeUnit: 'period';
  /** The L2 penalizer the fit used (0 = plain maximum likelihood). */
  readonly penalizer: number;
  /** Mean churn probability of a new cohort, E[θ] = α/(α+β) (= 1 − r₁). */
  readonly meanChurnProbability: number;
  /** S(t) = P(T > t), the share of a new cohort still on the book after t whole periods. */
  survival(t: number): number;
  /** S(0), S(1), …, S(periods): `periods + 1` values starting at 1. */
  survivalCurve(periods: number): Float64Array;
  /** r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1), the retention rate of period t ≥ 1 (rising in t: the survivors are the loyal). */
  retentionRate(t: number): number;
  /** r₁, …, r_periods. */
  retentionCurve(periods: number): Float64Array;
  /** P(T = t) = S(t−1) − S(t), the probability that a new customer's lifetime is exactly t ≥ 1 periods. */
  churnProbability(t: number): number;
  /** Expected survivors after periods 1..`periods` of a cohort of `customers`: customers · S(t). */
  expectedSurvivors(customers: number, periods: number): Float64Array;
  /**
   * E[T] = (α+β−1)/(α−1) periods for a new customer, +Infinity when α ≤ 1 (the mean does not exist then:
   * use {@link FittedShiftedBetaGeometricModel.expectedLifetimeWithin} or the discounted lifetime).
   */
  expectedLifetime(): number;
  /** E[min(T, horizon)] = Σ_{t=0}^{horizon−1} S(t): expected periods on the book within the next `horizon` periods of a new customer. */
  expectedLifetimeWithin(horizon: number): number;
  /** DEL(d) = ₂F₁(1, β; α+β; 1/(1+d)): discounted expected lifetime of a new customer, d > 0 per period (FH 2010 eq. 3). */
  discountedExpectedLifetime(discountRate: number): number;
  /**
   * DERL per customer (FH 2010 eq. 6): for a customer on the book after `periods[i]` = t renewals,
   * (β+t)/(α+β+t)·₂F₁(1, β+t+1; α+β+t+1; 1/(1+d)), the expected discounted number of renewals still to come
   * (the next, at the end of the current period, undiscounted). 0 for churned customers. d > 0 per period.
   */
  discountedExpectedResidualLifetime(discountRate: number, customers: SbgCustomers): Float64Array;
  /** Retention rate of the next renewal per customer: P(T > t+1 | T > t) = (β+t)/(α+β+t); 0 for churned customers. */
  nextRetention(customers: SbgCustomers): Float64Array;
  /** A plain JSON object; {@link shiftedBetaGeometricFromJSON} restores it. */
  toJSON(): SerializedSbgModel;
}

/** The saved form of an sBG model. */
export interface SerializedSbgModel {
  readonly format: 'clvkit-model';
  readonly version: 1;
  readonly kind: 'sbg';
  readonly timeUnit: 'period';
  readonly params: Readonly<Record<SbgParamName, number>>;
  readonly standardErrors: Readonly<Record<SbgParamName, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  readonly extra: { readonly penalizer: number };
}

const DEFAULT_STARTS: readonly (readonly number[])[] = [
  [1, 1],
  [0.5, 2],
  [2, 10],
];

/**
 * Fit the shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007) by maximum
 * likelihood on the shared fitting core. Each customer renews at the end of every period with probability
 * 1 − θ until the first non-renewal (lifetime T ~ shifted geometric, P(T = t | θ) = θ(1−θ)^{t−1}), and θ varies
 * across customers as Beta(α, β). Then
 *
 *   P(T = t) = B(α+1, β+t−1)/B(α,β),  S(t) = P(T > t) = B(α, β+t)/B(α,β),  r_t = (β+t−1)/(α+β+t−1),
 *
 * and the log-likelihood of a cohort of n₀ customers with n_t survivors after periods 1..k is
 * Σ_t (n_{t−1} − n_t) ln P(T = t) + n_k ln S(k) (FH 2007 eq. 8). Several cohorts (of different ages) and
 * per-customer data with right-censoring (`{ periods, churned }`) add their terms the same way.
 * Standard errors come from the core's Hessian; an analytic gradient is used.
 *
 * When every customer churns at the same rate (no heterogeneity) the maximum lies at α, β → ∞ with α/(α+β) = θ
 * fixed (the geometric): the fit then stops on that flat ridge with large α and β whose ratio, and so every
 * survival and retention value, is right; only the individual α and β are not identified.
 *
 * The rising retention curve is the model's point: it comes from heterogeneity (the customers with high θ
 * leave first), not from any customer growing more loyal, so a one-period retention ratio applied to every
 * future period understates the value of the survivors.
 *
 * @throws ClvkitError INVALID_OPTIONS (options; weights with cohorts), INVALID_VALUE / LENGTH_MISMATCH /
 *   MISSING_COLUMN / EMPTY_INPUT (see the data rules of {@link SbgData}), NUMERIC_FAILURE (no finite likelihood),
 *   NOT_CONVERGED (with `strict`), TOO_FEW_VALUES (nobody churned: the likelihood has no finite maximum).
 * @example
 * // FH 2007's "regular" segment: 1,000 customers, survivors after years 1–7.
 * const m = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: [631, 468, 382, 326, 289, 262, 241] }] });
 * m.params                 // { alpha: 0.7040…, beta: 1.1820… } (published: 0.704, 1.182)
 * m.logLikelihood          // -1680.265…
 * m.retentionCurve(3)      // Float64Array [0.6267…, 0.7560…, 0.8188…]
 * m.discountedExpectedResidualLifetime(0.25, { periods: [0, 6] }) // Float64Array [1.8803…, 3.6411…]
 * @see Fader & Hardie (2007), "How to Project Customer Retention", Journal of Interactive Marketing 21(1),
 *   76–90, eqs. 5–8; Fader & Hardie (2010), "Customer-Base Valuation in a Contractual Setting: The Perils of
 *   Ignoring Heterogeneity", Marketing Science 29(1), 85–93, eqs. 3 and 6.
 */
export function fitShiftedBetaGeometric(data: SbgData, options?: FitShiftedBetaGeometricOptions): FittedShiftedBetaGeometricModel {
  const fn = 'fitShiftedBetaGeometric';
  const parsed = parseOptions(fitSbgSchema, options, fn);
  const { counts, customers } = sbgCounts(data, fn, parsed.weights);
  const outcome = fitModel(
    {
      fn,
      paramNames: SBG_PARAMS,
      starts: parsed.starts ?? DEFAULT_STARTS,
      weightTotal: customers,
      logLikelihood: (p) => sbgLogLikelihood({ alpha: p[0]!, beta: p[1]! }, counts),
      gradient: (p, out) => sbgLogLikelihood({ alpha: p[0]!, beta: p[1]! }, counts, out),
    },
    fitControlOf(parsed),
  );
  return createSbgModel({
    params: { alpha: outcome.params[0]!, beta: outcome.params[1]! },
    standardErrors: outcome.standardErrors === null ? null : { alpha: outcome.standardErrors[0]!, beta: outcome.standardErrors[1]! },
    logLikelihood: outcome.logLikelihood,
    converged: outcome.converged,
    iterations: outcome.iterations,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    customers,
    penalizer: parsed.penalizer,
  });
}

const positiveFinite = z.number().positive().refine(Number.isFinite, 'must be finite');
const savedSchema = z
  .object({
    format: z.literal('clvkit-model'),
    version: z.literal(1),
    kind: z.literal('sbg'),
    timeUnit: z.literal('period'),
    params: z.object({ alpha: positiveFinite, beta: positiveFinite }).strict(),
    standardErrors: z.object({ alpha: positiveFinite, beta: positiveFinite }).strict().nullable(),
    logLikelihood: z.number().refine(Number.isFinite, 'must be finite'),
    converged: z.boolean(),
    iterations: z.number().int().min(0),
    reason: z.string().optional(),
    customers: z.number().min(0).refine(Number.isFinite, 'must be finite'),
    extra: z.object({ penalizer: z.number().min(0).refine(Number.isFinite, 'must be finite') }).strict(),
  })
  .strict();

/**
 * Restore an sBG model saved with `model.toJSON()` (or `JSON.parse` of its text).
 *
 * @throws ClvkitError INVALID_MODEL (with the `path` of the first problem).
 * @example
 * shiftedBetaGeometricFromJSON(JSON.parse(JSON.stringify(m))).params // same as m.params
 */
export function shiftedBetaGeometricFromJSON(json: unknown): FittedShiftedBetaGeometricModel {
  const fn = 'shiftedBetaGeometricFromJSON';
  const result = savedSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    throw new ClvkitError('INVALID_MODEL', `not a saved sBG model: ${path.join('.') || 'model'}: ${issue.message}`, { fn, path });
  }
  const s = result.data;
  return createSbgModel({
    params: s.params,
    standardErrors: s.standardErrors,
    logLikelihood: s.logLikelihood,
    converged: s.converged,
    iterations: s.iterations,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
    customers: s.customers,
    penalizer: s.extra.penalizer,
  });
}

interface SbgState {
  readonly params: Readonly<Record<SbgParamName, number>>;
  readonly standardErrors: Readonly<Record<SbgParamName, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  readonly penalizer: number;
}

function wholePeriods(value: unknown, fn: string, what: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_SBG_PERIOD) {
    throw new ClvkitError('INVALID_VALUE', `${what} must be a whole number of periods in ${min}..${MAX_SBG_PERIOD}`, { fn, value });
  }
  return value;
}

function checkDiscountRate(d: unknown, fn: string): number {
  if (typeof d !== 'number' || !Number.isFinite(d) || !(d > 0)) {
    throw new ClvkitError('INVALID_VALUE', 'discountRate must be a finite number > 0 per period (at 0 the lifetime sum need not converge)', {
      fn,
      value: d,
    });
  }
  return d;
}

/** Whole periods per customer and a churned flag (default: none churned). */
function customerPeriods(customers: SbgCustomers, fn: string): { periods: Float64Array; churned: Uint8Array } {
  const table = requireTable(customers, fn, 'customers: { periods, churned? }');
  const raw = requireArrayLike(table['periods'], 'periods', fn);
  const periods = new Float64Array(raw.length);
  const churned = new Uint8Array(raw.length);
  const flags = table['churned'] === undefined ? undefined : requireArrayLike(table['churned'], 'churned', fn);
  if (flags !== undefined && flags.length !== raw.length) {
    throw new ClvkitError('LENGTH_MISMATCH', `column has ${flags.length} entries, expected ${raw.length}`, { fn, column: 'churned' });
  }
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > MAX_SBG_PERIOD) {
      throw new ClvkitError('INVALID_VALUE', `periods must be whole numbers in 0..${MAX_SBG_PERIOD}`, { fn, column: 'periods', index: i, value: t });
    }
    periods[i] = t;
    if (flags !== undefined) {
      const f = flags[i];
      if (f !== true && f !== false && f !== 0 && f !== 1) {
        throw new ClvkitError('INVALID_VALUE', 'churned must be true/false or 1/0', { fn, column: 'churned', index: i, value: f });
      }
      churned[i] = f === true || f === 1 ? 1 : 0;
    }
  }
  return { periods, churned };
}

function finiteOrFail(value: number, fn: string, params: SbgParams): number {
  if (!Number.isFinite(value))
    throw new ClvkitError('NUMERIC_FAILURE', 'the sBG prediction cannot be represented at these parameters', { fn, params: { ...params } });
  return value;
}

function createSbgModel(state: SbgState): FittedShiftedBetaGeometricModel {
  const params: SbgParams = Object.freeze({ ...state.params });
  const curves = (periods: number) => sbgLogCurves(params, periods);
  const model: FittedShiftedBetaGeometricModel = {
    kind: 'sbg',
    timeUnit: 'period',
    params,
    standardErrors: state.standardErrors === null ? null : Object.freeze({ ...state.standardErrors }),
    logLikelihood: state.logLikelihood,
    converged: state.converged,
    iterations: state.iterations,
    ...(state.reason !== undefined ? { reason: state.reason } : {}),
    customers: state.customers,
    penalizer: state.penalizer,
    meanChurnProbability: params.alpha / (params.alpha + params.beta),
    survival(t) {
      const n = wholePeriods(t, 'sbg.survival', 't', 0);
      return Math.exp(curves(n).logSurvival[n]!);
    },
    survivalCurve(periods) {
      const n = wholePeriods(periods, 'sbg.survivalCurve', 'periods', 0);
      return curves(n).logSurvival.map(Math.exp);
    },
    retentionRate(t) {
      return sbgRetentionRate(params, wholePeriods(t, 'sbg.retentionRate', 't', 1));
    },
    retentionCurve(periods) {
      const n = wholePeriods(periods, 'sbg.retentionCurve', 'periods', 0);
      const out = new Float64Array(n);
      for (let t = 1; t <= n; t++) out[t - 1] = sbgRetentionRate(params, t);
      return out;
    },
    churnProbability(t) {
      const n = wholePeriods(t, 'sbg.churnProbability', 't', 1);
      return Math.exp(curves(n).logPmf[n]!);
    },
    expectedSurvivors(customers, periods) {
      const fn = 'sbg.expectedSurvivors';
      if (typeof customers !== 'number' || !Number.isFinite(customers) || customers < 0) {
        throw new ClvkitError('INVALID_VALUE', 'customers must be a finite number ≥ 0', { fn, value: customers });
      }
      const n = wholePeriods(periods, fn, 'periods', 0);
      const s = curves(n).logSurvival;
      const out = new Float64Array(n);
      for (let t = 1; t <= n; t++) out[t - 1] = customers * Math.exp(s[t]!);
      return out;
    },
    expectedLifetime() {
      return sbgExpectedRemainingLifetime(params, 0);
    },
    expectedLifetimeWithin(horizon) {
      const n = wholePeriods(horizon, 'sbg.expectedLifetimeWithin', 'horizon', 0);
      const s = curves(n).logSurvival;
      let total = 0;
      for (let t = 0; t < n; t++) total += Math.exp(s[t]!);
      return total;
    },
    discountedExpectedLifetime(discountRate) {
      const fn = 'sbg.discountedExpectedLifetime';
      return finiteOrFail(sbgDiscountedLifetime(params, checkDiscountRate(discountRate, fn)), fn, params);
    },
    discountedExpectedResidualLifetime(discountRate, customers) {
      const fn = 'sbg.discountedExpectedResidualLifetime';
      const d = checkDiscountRate(discountRate, fn);
      const { periods, churned } = customerPeriods(customers, fn);
      const out = new Float64Array(periods.length);
      const cache = new Map<number, number>();
      for (let i = 0; i < periods.length; i++) {
        if (churned[i] === 1) continue;
        const t = periods[i]!;
        let v = cache.get(t);
        if (v === undefined) {
          v = finiteOrFail(sbgDiscountedResidualLifetime(params, t, d), fn, params);
          cache.set(t, v);
        }
        out[i] = v;
      }
      return out;
    },
    nextRetention(customers) {
      const { periods, churned } = customerPeriods(customers, 'sbg.nextRetention');
      const out = new Float64Array(periods.length);
      for (let i = 0; i < periods.length; i++) out[i] = churned[i] === 1 ? 0 : sbgRetentionRate(params, periods[i]! + 1);
      return out;
    },
    toJSON(): SerializedSbgModel {
      return {
        format: 'clvkit-model',
        version: 1,
        kind: 'sbg',
        timeUnit: 'period',
        params: { ...params },
        standardErrors: state.standardErrors === null ? null : { ...state.standardErrors },
        logLikelihood: state.logLikelihood,
        converged: state.converged,
        iterations: state.iterations,
        ...(state.reason !== undefined ? { reason: state.reason } : {}),
        customers: state.customers,
        extra: { penalizer: state.penalizer },
      };
    },
  };
  return model;
}
