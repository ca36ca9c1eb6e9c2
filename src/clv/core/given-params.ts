import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { TIME_UNITS, type TimeUnit } from '../../time.js';
import { parseOptions } from '../../validate.js';
import type { FitReport } from '../transaction-model.js';

/** Why a model built from given parameters has no standard errors: it saw no data. */
export const GIVEN_PARAMS_REASON = 'parameters given, not fitted: no data, so no standard errors';

/**
 * The parameters of a model built from given values (a paper, another tool): each named parameter
 * present, a finite number > 0, and no other key. Returns a plain copy in `names` order.
 *
 * @throws INVALID_VALUE (`path` [name], the value) for a missing, non-finite or non-positive parameter;
 *   INVALID_OPTIONS for an unknown parameter name or a `params` that is not an object.
 * @example
 * givenParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, ['r', 'alpha', 'a', 'b'], 'bgNbdModel') // the same values
 */
export function givenParams<P extends string>(params: unknown, names: readonly P[], fn: string): Record<P, number> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ClvkitError('INVALID_OPTIONS', `expected the parameters as an object { ${names.join(', ')} }`, { fn, path: [], value: params });
  }
  const record = params as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(names as readonly string[]).includes(key)) {
      throw new ClvkitError('INVALID_OPTIONS', `unknown parameter ${key}; expected ${names.join(', ')}`, { fn, path: [key] });
    }
  }
  const out = {} as Record<P, number>;
  for (const name of names) {
    const v = record[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
      throw new ClvkitError('INVALID_VALUE', `parameter ${name} must be a finite number > 0`, { fn, path: [name], value: v });
    }
    out[name] = v;
  }
  return out;
}

/**
 * The fit report of a model built from given parameters: the report of a fit to no data — 0 customers,
 * 0 iterations, log-likelihood 0 (the empty sum), no standard errors, and a `reason` that says so.
 */
export function givenFitReport<P extends string>(params: Readonly<Record<P, number>>): FitReport<P> {
  return { params, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, reason: GIVEN_PARAMS_REASON, customers: 0 };
}

const calendarOptionsSchema = z.strictObject({
  /** The time unit the parameters are in (α and β are rates per unit). */
  timeUnit: z.enum(TIME_UNITS),
});

/** Options of the constructors of calendar-time models (BG/NBD, MBG/NBD, Pareto/NBD). */
export type CalendarModelOptions = z.input<typeof calendarOptionsSchema>;

/** The validated `{ timeUnit }` of a calendar-time model constructor. @throws INVALID_OPTIONS */
export function calendarModelOptions(options: unknown, fn: string): TimeUnit {
  if (options === undefined)
    throw new ClvkitError('INVALID_OPTIONS', 'options.timeUnit is required: the unit the parameters are in', { fn, path: ['timeUnit'] });
  return parseOptions(calendarOptionsSchema, options, fn).timeUnit;
}
