import { z } from 'zod';

/**
 * The value model's horizon and discount rate in the library's shape for durations and rates (as in
 * customerLifetimeValue): `horizon: { value, unit }` and `discountRate: { rate, per }`, in calendar months or
 * years. They replace `horizonMonths` and `annualDiscountRate`, which stay accepted (deprecated) for one release.
 */
export const valueHorizonShape = {
  /** How far ahead value is counted, e.g. `{ value: 3, unit: 'year' }` (whole months, 1..600; default 36 months). */
  horizon: z.strictObject({ value: z.number().positive().finite(), unit: z.enum(['month', 'year']) }).optional(),
  /** Discount rate and the period it is quoted for, e.g. `{ rate: 0.08, per: 'year' }` (default 8 % a year). */
  discountRate: z.strictObject({ rate: z.number().min(0).finite(), per: z.enum(['month', 'year']) }).optional(),
  /** @deprecated Use `horizon: { value, unit: 'month' }`. Months valued ahead, 1..600. */
  horizonMonths: z.number().int().min(1).max(600).optional(),
  /** @deprecated Use `discountRate: { rate, per: 'year' }`. Annual discount rate, 0..1. */
  annualDiscountRate: z.number().min(0).max(1).optional(),
};

const DEFAULT_HORIZON_MONTHS = 36;
const DEFAULT_ANNUAL_DISCOUNT_RATE = 0.08;

type HorizonInput = {
  horizon?: { value: number; unit: 'month' | 'year' } | undefined;
  discountRate?: { rate: number; per: 'month' | 'year' } | undefined;
  horizonMonths?: number | undefined;
  annualDiscountRate?: number | undefined;
};

/**
 * Resolve the two shapes to the months and annual rate the value model computes with (a monthly rate r is
 * (1 + r)^12 − 1 a year). Giving both shapes of one setting, a horizon that is not whole months in 1..600, or an
 * annual rate above 1 is an issue on `ctx` (INVALID_OPTIONS at the entry).
 */
export function resolveValueHorizon<T extends HorizonInput>(
  o: T,
  ctx: z.RefinementCtx,
): Omit<T, keyof HorizonInput> & { horizonMonths: number; annualDiscountRate: number } {
  const { horizon, discountRate, horizonMonths, annualDiscountRate, ...rest } = o;
  if (horizon !== undefined && horizonMonths !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['horizonMonths'],
      message: "give the horizon once: 'horizon' ({ value, unit }) or the deprecated 'horizonMonths', not both",
    });
  }
  if (discountRate !== undefined && annualDiscountRate !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['annualDiscountRate'],
      message: "give the discount rate once: 'discountRate' ({ rate, per }) or the deprecated 'annualDiscountRate', not both",
    });
  }
  let months = horizonMonths ?? DEFAULT_HORIZON_MONTHS;
  if (horizon !== undefined) {
    months = horizon.unit === 'year' ? horizon.value * 12 : horizon.value;
    if (!Number.isInteger(months) || months < 1 || months > 600) {
      ctx.addIssue({
        code: 'custom',
        path: ['horizon'],
        message: `the value model counts whole months, 1 to 600: ${horizon.value} ${horizon.unit}(s) is ${months} months`,
      });
    }
  }
  let annual = annualDiscountRate ?? DEFAULT_ANNUAL_DISCOUNT_RATE;
  if (discountRate !== undefined) {
    annual = discountRate.per === 'year' ? discountRate.rate : (1 + discountRate.rate) ** 12 - 1;
    if (!(annual <= 1)) ctx.addIssue({ code: 'custom', path: ['discountRate'], message: `an annual discount rate above 100 % is not supported (${annual})` });
  }
  return { ...rest, horizonMonths: months, annualDiscountRate: annual };
}
