import { z } from 'zod';
import { DEFAULT_MAX_EVALUATIONS, type FitControl } from './fit-model.js';

/** A numeric column option: a plain array or any typed array. */
const arrayLikeNumbers = z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), {
  message: 'expected an array of numbers or a typed array',
});

/** Case weights: finite and ≥ 0 (their length is checked by the model against its data). */
const weightsSchema = arrayLikeNumbers.superRefine((values, ctx) => {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      ctx.addIssue({ code: 'custom', message: `weight at row ${i} must be a finite number ≥ 0 (got ${String(v)})`, path: [i] });
      return;
    }
  }
});

/**
 * The options every model fit shares. Models extend it (`fitOptionsSchema.extend({...})`).
 * - `weights`: how many customers each row stands for (finite, ≥ 0; default 1 each);
 * - `penalizer`: L2 penalty coefficient ≥ 0 on the natural-scale parameters, applied to the mean
 *   log-likelihood exactly as lifetimes' `penalizer_coef`: the fit maximises LL/W − penalizer·Σθ²
 *   (W = sum of weights); default 0 (plain maximum likelihood);
 * - `maxIterations`: optimiser iteration cap per start (default 1000);
 * - `maxEvaluations`: cap on likelihood evaluations over the whole fit, all starts together (default 5000),
 *   so that a fit is bounded in time whatever the data;
 * - `tolerance`: relative objective change for convergence (default 1e-10);
 * - `strict`: throw NOT_CONVERGED instead of returning `converged: false` (default false);
 * - `starts`: start points (natural scale, each value > 0) tried instead of the model's defaults.
 */
export const fitOptionsSchema = z.strictObject({
  weights: weightsSchema.optional(),
  penalizer: z.number().min(0).refine(Number.isFinite, 'must be finite').default(0),
  maxIterations: z.number().int().min(1).max(1_000_000).default(1000),
  maxEvaluations: z.number().int().min(1).max(10_000_000).default(DEFAULT_MAX_EVALUATIONS),
  tolerance: z.number().positive().max(1e-2).default(1e-10),
  strict: z.boolean().default(false),
  starts: z
    .array(z.array(z.number().positive().refine(Number.isFinite, 'must be finite')).min(1))
    .min(1)
    .optional(),
});

/** Options accepted by every fit (before defaults). */
export type FitOptions = z.input<typeof fitOptionsSchema>;

/** The fitting-core controls from parsed fit options. */
export function fitControlOf(parsed: z.output<typeof fitOptionsSchema>): FitControl {
  return {
    maxIterations: parsed.maxIterations,
    maxEvaluations: parsed.maxEvaluations,
    tolerance: parsed.tolerance,
    penalizer: parsed.penalizer,
    strict: parsed.strict,
  };
}
