import { z } from 'zod';

/**
 * The `intervals` option: `level` (two-sided, in (0, 1); default 0.9), `method` ('parametric': draws of the
 * estimates from their asymptotic normal in log-parameter coordinates; 'bootstrap': refits on customers
 * resampled with replacement; default 'parametric'), `draws` (default 500 parametric, 200 bootstrap; 20 to
 * 100,000) and `seed` (default 1; the same seed gives the same intervals).
 */
export const intervalOptionsSchema = z
  .object({
    level: z.number().gt(0).lt(1).default(0.9),
    method: z.enum(['parametric', 'bootstrap']).default('parametric'),
    draws: z.number().int().min(20).max(100_000).optional(),
    seed: z.number().refine(Number.isFinite, 'must be finite').default(1),
  })
  .strict();

/** The `intervals` option before defaults. */
export type IntervalOptions = z.input<typeof intervalOptionsSchema>;

/** Default number of draws per method. */
export const DEFAULT_DRAWS = { parametric: 500, bootstrap: 200 } as const;
