import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { TIME_UNITS } from '../../time.js';
import type { FitReport, ModelTimeUnit, SerializedModel, TransactionModelKind } from '../transaction-model.js';

/** The kinds of model that can be saved. */
export type SerializedKind = SerializedModel['kind'];

/** What `serializeModel` needs: a fit report plus the model's kind, time unit and extras. */
export interface SerializeInput<P extends string> extends FitReport<P> {
  readonly kind: TransactionModelKind | 'gamma-gamma';
  readonly timeUnit: ModelTimeUnit | null;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * The plain-JSON form of a fitted model (`format: 'clvkit-model'`, `version: 1`); the model's
 * `…FromJSON` restores it through `checkSerializedModel`. Copies every field.
 *
 * @example
 * serializeModel({ kind: 'bg-nbd', timeUnit: 'week', params: { r: 0.24 }, standardErrors: null,
 *   logLikelihood: -9582.4, converged: true, iterations: 20, customers: 2357 }).format // 'clvkit-model'
 */
export function serializeModel<P extends string>(model: SerializeInput<P>): SerializedModel {
  return {
    format: 'clvkit-model',
    version: 1,
    kind: model.kind,
    timeUnit: model.timeUnit,
    params: { ...model.params },
    standardErrors: model.standardErrors === null ? null : { ...model.standardErrors },
    logLikelihood: model.logLikelihood,
    converged: model.converged,
    ...(model.identified !== undefined ? { identified: model.identified } : {}),
    iterations: model.iterations,
    ...(model.reason !== undefined ? { reason: model.reason } : {}),
    customers: model.customers,
    ...(model.extra !== undefined ? { extra: { ...model.extra } } : {}),
  };
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const serializedSchema = z.object({
  format: z.literal('clvkit-model'),
  version: z.literal(1),
  kind: z.enum(['bg-nbd', 'pareto-nbd', 'mbg-nbd', 'bg-bb', 'gamma-gamma']),
  timeUnit: z.enum([...TIME_UNITS, 'period']).nullable(),
  params: z.record(z.string(), finite),
  standardErrors: z
    .record(
      z.string(),
      finite.refine((v) => v >= 0, 'must be ≥ 0'),
    )
    .nullable(),
  logLikelihood: finite,
  converged: z.boolean(),
  identified: z.boolean().optional(),
  iterations: z.number().int().min(0),
  reason: z.string().optional(),
  customers: finite.refine((v) => v >= 0, 'must be ≥ 0'),
  extra: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Validate a saved model: the envelope, the expected `kind`, and (when given) that `params` has
 * exactly the named parameters, each finite and > 0.
 *
 * @throws INVALID_MODEL with the `path` of the first problem (e.g. `['params', 'r']`).
 * @example
 * checkSerializedModel({ format: 'x' }, 'bg-nbd', 'bgNbdFromJSON') // throws INVALID_MODEL, path ['format']
 */
export function checkSerializedModel(json: unknown, kind: SerializedKind, fn: string, paramNames?: readonly string[]): SerializedModel {
  const result = serializedSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    throw new ClvkitError('INVALID_MODEL', `not a saved clvkit model: ${issue.message}`, { fn, path });
  }
  const model = result.data as SerializedModel;
  if (model.kind !== kind) {
    throw new ClvkitError('INVALID_MODEL', `expected a saved ${kind} model, got ${model.kind}`, { fn, path: ['kind'], value: model.kind });
  }
  if (paramNames !== undefined) {
    for (const name of paramNames) {
      const v = model.params[name];
      if (v === undefined || !(v > 0)) {
        throw new ClvkitError('INVALID_MODEL', `parameter ${name} must be a number > 0`, { fn, path: ['params', name], value: v });
      }
      if (model.standardErrors !== null && model.standardErrors[name] === undefined) {
        throw new ClvkitError('INVALID_MODEL', `standard error of ${name} is missing`, { fn, path: ['standardErrors', name] });
      }
    }
    for (const name of Object.keys(model.params)) {
      if (!paramNames.includes(name)) {
        throw new ClvkitError('INVALID_MODEL', `unknown parameter ${name}`, { fn, path: ['params', name] });
      }
    }
  }
  return model;
}

/** The fit-report fields of a saved model, typed by its parameter names, plus the penalizer it was fitted with. */
export interface RestoredFitReport<P extends string> extends FitReport<P> {
  readonly penalizer: number;
}

/**
 * The fit report of a saved model that {@link checkSerializedModel} has accepted: parameters and standard
 * errors picked by name, and `extra.penalizer` (absent = 0) validated rather than silently defaulted.
 * @throws ClvkitError INVALID_MODEL (path `extra.penalizer`) for a penalizer that is not a finite number ≥ 0.
 */
export function restoreFitReport<P extends string>(saved: SerializedModel, paramNames: readonly P[], fn: string): RestoredFitReport<P> {
  const pick = (values: Readonly<Record<string, number>>): Record<P, number> =>
    Object.fromEntries(paramNames.map((name) => [name, values[name]!])) as Record<P, number>;
  const penalizer = saved.extra?.['penalizer'] ?? 0;
  if (typeof penalizer !== 'number' || !Number.isFinite(penalizer) || penalizer < 0) {
    throw new ClvkitError('INVALID_MODEL', 'extra.penalizer must be a finite number ≥ 0', { fn, path: ['extra', 'penalizer'], value: penalizer });
  }
  return {
    params: pick(saved.params),
    standardErrors: saved.standardErrors === null ? null : pick(saved.standardErrors),
    logLikelihood: saved.logLikelihood,
    converged: saved.converged,
    ...(saved.identified !== undefined ? { identified: saved.identified } : {}),
    iterations: saved.iterations,
    ...(saved.reason !== undefined ? { reason: saved.reason } : {}),
    customers: saved.customers,
    penalizer,
  };
}
