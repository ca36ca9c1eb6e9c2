/**
 * Fitting and restoring BG-family models (BG/NBD, MBG/NBD): the parts of the public entries that
 * are the same for both. Internal module.
 */
import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { createRandom } from '../../random.js';
import { TIME_UNITS } from '../../time.js';
import type { TimeUnit } from '../../time.js';
import { checkCustomerTimeUnit, checkRfmColumns, requireObservationTime } from '../core/check-rfm.js';
import { fitModel } from '../core/fit-model.js';
import { fitControlOf, fitOptionsSchema } from '../core/fit-options.js';
import { resolveTimeUnit } from '../core/model-input.js';
import type { TransactionModelInput } from '../core/model-input.js';
import { checkSerializedModel, restoreFitReport, serializeModel } from '../core/serialize.js';
import type { FittedTransactionModel, RfmColumns, SerializedModel } from '../transaction-model.js';
import { parseOptions } from '../../validate.js';
import {
  bgConditionalExpected,
  bgDefaultStarts,
  bgExpectedTransactions,
  bgLikelihoodProblem,
  bgPatternsOf,
  bgProbabilityAlive,
  bgProbabilityOfTransactions,
  checkHorizon,
  simulateBg,
} from './bg-family.js';
import type { BgParams, BgSimulation, DropoutOffset } from './bg-family.js';
import { withModelDisplay } from '../../display/model-display.js';
import type { ModelDisplay } from '../../display/model-display.js';

/** Parameter names of the BG family, in optimiser order. */
export const BG_PARAM_NAMES = ['r', 'alpha', 'a', 'b'] as const;
export type BgParamName = (typeof BG_PARAM_NAMES)[number];

/** Fit options shared by fitBgNbd and fitModifiedBgNbd. */
export const bgFitOptionsSchema = fitOptionsSchema.extend({
  /** The time unit of plain columns (a CustomerSummary carries its own). */
  timeUnit: z.enum(TIME_UNITS).optional(),
});

/** What a fitted BG-family model adds to FittedTransactionModel. */
export interface BgFamilyExtras {
  /** The L2 penalizer used in the fit (0 = plain maximum likelihood). */
  readonly penalizer: number;
  /** Number of distinct (x, t_x, T) patterns the likelihood was evaluated on. */
  readonly patterns: number;
}

type Kind = 'bg-nbd' | 'mbg-nbd';

function offsetOf(kind: Kind): DropoutOffset {
  return kind === 'bg-nbd' ? 0 : 1;
}

/** Fit a BG-family model: validate, compress, maximise, wrap. */
export function fitBgFamily(
  kind: Kind,
  fn: string,
  customers: TransactionModelInput,
  options: unknown,
): FittedTransactionModel<BgParamName> & BgFamilyExtras & ModelDisplay {
  const parsed = parseOptions(bgFitOptionsSchema, options, fn);
  const timeUnit = resolveTimeUnit(customers, parsed.timeUnit, fn);
  const checked = checkRfmColumns(customers, { fn });
  if (parsed.weights !== undefined && parsed.weights.length !== checked.frequency.length) {
    throw new ClvkitError('LENGTH_MISMATCH', `weights has ${parsed.weights.length} entries, expected ${checked.frequency.length}`, { fn, column: 'weights' });
  }
  const patterns = bgPatternsOf(checked, parsed.weights);
  if (!(patterns.total > 0)) throw new ClvkitError('EMPTY_INPUT', 'the weights sum to 0', { fn, column: 'weights' });
  requireObservationTime(checked.T, parsed.weights, fn);
  const starts = parsed.starts ?? bgDefaultStarts(patterns);
  const outcome = fitModel(bgLikelihoodProblem(fn, patterns, offsetOf(kind), starts), fitControlOf(parsed));
  const params = toRecord(outcome.params);
  return makeBgModel(kind, timeUnit, params, {
    standardErrors: outcome.standardErrors === null ? null : toRecord(outcome.standardErrors),
    logLikelihood: outcome.logLikelihood,
    converged: outcome.converged,
    identified: outcome.identified,
    iterations: outcome.iterations,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    customers: patterns.total,
    penalizer: parsed.penalizer,
    patterns: patterns.length,
  });
}

function toRecord(values: Float64Array): Record<BgParamName, number> {
  return { r: values[0]!, alpha: values[1]!, a: values[2]!, b: values[3]! };
}

interface FitFields extends BgFamilyExtras {
  readonly standardErrors: Readonly<Record<BgParamName, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly identified?: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
}

/** A fitted model object from parameters and fit fields. */
export function makeBgModel(
  kind: Kind,
  timeUnit: TimeUnit,
  params: Readonly<Record<BgParamName, number>>,
  fit: FitFields,
): FittedTransactionModel<BgParamName> & BgFamilyExtras & ModelDisplay {
  const k = offsetOf(kind);
  const p: BgParams = { ...params };
  const names = kind === 'bg-nbd' ? BG_NAMES : MBG_NAMES;
  return withModelDisplay({
    kind,
    timeUnit,
    params: Object.freeze({ ...params }),
    standardErrors: fit.standardErrors === null ? null : Object.freeze({ ...fit.standardErrors }),
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    identified: fit.identified,
    iterations: fit.iterations,
    ...(fit.reason !== undefined ? { reason: fit.reason } : {}),
    customers: fit.customers,
    penalizer: fit.penalizer,
    patterns: fit.patterns,
    expectedTransactions(t: number): number {
      checkHorizon(t, names.expected);
      return bgExpectedTransactions(p, k, t, names.expected);
    },
    conditionalExpectedTransactions(t: number, customers: RfmColumns): Float64Array {
      checkCustomerTimeUnit(customers, timeUnit, names.conditional);
      return bgConditionalExpected(p, k, t, customers, names.conditional);
    },
    probabilityAlive(customers: RfmColumns): Float64Array {
      checkCustomerTimeUnit(customers, timeUnit, names.alive);
      return bgProbabilityAlive(p, k, customers, names.alive);
    },
    probabilityOfTransactions(n: number, t: number): number {
      return bgProbabilityOfTransactions(p, k, n, t, names.pmf);
    },
    toJSON(): SerializedModel {
      return serializeModel({
        kind,
        timeUnit,
        params,
        standardErrors: fit.standardErrors,
        logLikelihood: fit.logLikelihood,
        converged: fit.converged,
        identified: fit.identified,
        iterations: fit.iterations,
        ...(fit.reason !== undefined ? { reason: fit.reason } : {}),
        customers: fit.customers,
        extra: { penalizer: fit.penalizer, patterns: fit.patterns },
      });
    },
  });
}

const BG_NAMES = {
  expected: 'expectedTransactions',
  conditional: 'conditionalExpectedTransactions',
  alive: 'probabilityAlive',
  pmf: 'probabilityOfTransactions',
};
const MBG_NAMES = BG_NAMES;

/** Restore a saved BG-family model. */
export function bgFamilyFromJSON(kind: Kind, json: unknown, fn: string): FittedTransactionModel<BgParamName> & BgFamilyExtras & ModelDisplay {
  const saved = checkSerializedModel(json, kind, fn, BG_PARAM_NAMES);
  if (saved.timeUnit === null || saved.timeUnit === 'period') {
    throw new ClvkitError('INVALID_MODEL', `a ${kind} model needs a calendar time unit`, { fn, path: ['timeUnit'], value: saved.timeUnit });
  }
  const patterns = saved.extra?.patterns;
  const { params, ...report } = restoreFitReport(saved, BG_PARAM_NAMES, fn);
  return makeBgModel(kind, saved.timeUnit, params, {
    ...report,
    patterns: typeof patterns === 'number' && Number.isFinite(patterns) && patterns >= 0 ? patterns : 0,
  });
}

const positive = z.number().positive().refine(Number.isFinite, 'must be finite');

/** Options of simulateBgNbd / simulateModifiedBgNbd. */
export const bgSimulateOptionsSchema = z
  .object({
    params: z.strictObject({ r: positive, alpha: positive, a: positive, b: positive }),
    /** Number of customers (required when T is a number; must equal T.length otherwise). */
    customers: z.number().int().min(1).max(1e8).optional(),
    /** Each customer's observation length T (> 0), or one T for all. */
    T: z.union([
      positive,
      z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), 'expected a number or an array of numbers'),
    ]),
    seed: z.number().refine(Number.isFinite, 'must be finite'),
  })
  .strict();

/** Simulate customers from a BG-family model. */
export function simulateBgFamily(kind: Kind, fn: string, options: unknown): BgSimulation {
  const parsed = parseOptions(bgSimulateOptionsSchema, options, fn);
  let T: Float64Array;
  if (typeof parsed.T === 'number') {
    if (parsed.customers === undefined)
      throw new ClvkitError('INVALID_OPTIONS', 'customers is required when T is a single number', { fn, path: ['customers'] });
    T = new Float64Array(parsed.customers).fill(parsed.T);
  } else {
    const values = parsed.T;
    if (values.length === 0) throw new ClvkitError('EMPTY_INPUT', 'T is empty', { fn, column: 'T' });
    if (parsed.customers !== undefined && parsed.customers !== values.length) {
      throw new ClvkitError('LENGTH_MISMATCH', `T has ${values.length} entries, customers is ${parsed.customers}`, { fn, column: 'T' });
    }
    T = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0))
        throw new ClvkitError('INVALID_VALUE', 'T must be finite and > 0', { fn, column: 'T', index: i, value: v });
      T[i] = v;
    }
  }
  const root = createRandom(parsed.seed);
  return simulateBg(parsed.params, offsetOf(kind), T, (i) => root.fork(i), fn);
}
