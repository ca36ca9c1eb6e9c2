import { z } from 'zod';
import { TIME_UNITS } from '../../time.js';
import { fitOptionsSchema } from '../core/fit-options.js';
import { covariateSpecSchema } from './covariate-columns.js';

const penalty = z.number().min(0).refine(Number.isFinite, 'must be finite');

/**
 * Options of the transaction-model fits with static covariates: the shared fit options (weights,
 * penalizer on the natural-scale model parameters, iteration caps, strict, starts for the model
 * parameters only — every coefficient starts at 0) plus
 * - `covariates.purchase` / `covariates.dropout`: the covariates of each process, as names of columns of
 *   the customer table or as `{ name: column }` arrays (at least one process must have one);
 * - `covariatePenalty`: L2 penalty λ on the coefficients, Σλγ² subtracted from the log-likelihood
 *   (CLVTools' `reg.lambdas`), one number for both processes or `{ purchase, dropout }`; default 0.
 */
export const transactionCovariateOptionsSchema = fitOptionsSchema
  .extend({
    timeUnit: z.enum(TIME_UNITS).optional(),
    covariates: z
      .object({ purchase: covariateSpecSchema.optional(), dropout: covariateSpecSchema.optional() })
      .strict()
      .refine((c) => c.purchase !== undefined || c.dropout !== undefined, 'give covariates for purchase, dropout or both'),
    covariatePenalty: z.union([penalty, z.object({ purchase: penalty.default(0), dropout: penalty.default(0) }).strict()]).default(0),
  })
  .strict();

/** Options of fitBgNbdWithCovariates / fitParetoNbdWithCovariates (before defaults). */
export type TransactionCovariateOptions = z.input<typeof transactionCovariateOptionsSchema>;
