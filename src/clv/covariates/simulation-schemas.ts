import { z } from 'zod';

/** The zod pieces the covariate simulators share. Internal. */

/** A finite number > 0 (a model parameter, an observation length). */
export const positiveNumber = z.number().positive().refine(Number.isFinite, 'must be finite');
/** A finite number (a coefficient, a seed). */
export const finiteNumber = z.number().refine(Number.isFinite, 'must be finite');
/** A column: an array or a typed array of numbers. */
export const numberColumn = z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), 'expected an array');
/** Covariate columns by name, each with one value per customer. */
export const covariateColumnsSchema = z.record(z.string().min(1), numberColumn);
/** Coefficients by covariate name, for the purchase and the dropout process of a transaction model. */
export const processCoefficientsSchema = z
  .object({ purchase: z.record(z.string(), finiteNumber).default({}), dropout: z.record(z.string(), finiteNumber).default({}) })
  .strict();
