import { z } from 'zod';
import { parseOptions } from '../../validate.js';
import { bgBbDiscountedTransactions } from '../bg-bb/bg-bb-conditional-pmf.js';
import { bgDiscountedTransactions } from '../bg-nbd/bg-nbd-conditional-pmf.js';
import { paretoDiscountedTransactions } from '../pareto-nbd/pareto-nbd-conditional-pmf.js';
import type { FittedTransactionModel, RfmColumns } from '../transaction-model.js';
import { checkToolboxHorizon, perCustomer } from './toolbox-dispatch.js';

const schema = z
  .object({
    /**
     * Discount rate per model time unit: continuous (e^{−δτ}) for BG/NBD, MBG/NBD and Pareto/NBD; per
     * opportunity ((1+d)^{−k}) for BG/BB. A yearly rate R becomes δ = ln(1+R)/52.1775 per week.
     */
    discountRate: z.number().positive().refine(Number.isFinite, 'must be finite'),
    /** Horizon in the model's time unit; default Infinity (DERT). */
    horizon: z.number().min(0).default(Infinity),
  })
  .strict();

/** Options of {@link discountedExpectedTransactions}. */
export type DiscountedExpectedTransactionsOptions = z.input<typeof schema>;

/**
 * Discounted expected residual transactions (DERT) per customer, or, with a finite `horizon`, the discounted
 * expected transactions in the next `horizon` (which rise to DERT as the horizon grows). Multiply by a margin
 * per transaction (e.g. Gamma-Gamma's expected spend) for a residual lifetime value.
 *
 * - Pareto/NBD: closed form of Fader, Hardie & Lee (2005, JMR, eq. 2) through Tricomi's U(s, s; δ(β+T));
 * - BG/BB: closed form of Fader, Hardie & Shang (2010, eq. 14) through ₂F₁(1, δ+n+1; γ+δ+n+1; 1/(1+d));
 * - BG/NBD / MBG/NBD: no closed form is known; adaptive quadrature of ∫ e^{−δτ} dE[Y(τ) | history].
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (not a model, bad columns, a horizon not whole for BG/BB), UNSUPPORTED,
 *   NUMERIC_FAILURE (a special function cannot be evaluated at these values).
 * @example
 * // Pareto/NBD on CDNOW (weeks), 15% a year continuous: δ = 0.15/52
 * discountedExpectedTransactions(pnbd, { frequency: [2], recency: [30.43], T: [38.86] }, { discountRate: 0.15 / 52 }) // Float64Array [6.2273…]
 */
export function discountedExpectedTransactions(
  model: FittedTransactionModel,
  customers: RfmColumns,
  options: DiscountedExpectedTransactionsOptions,
): Float64Array {
  const fn = 'discountedExpectedTransactions';
  const { discountRate, horizon } = parseOptions(schema, options, fn);
  checkToolboxHorizon(model, horizon, fn, 'horizon', true);
  // BG/NBD and MBG/NBD: the quadrature depends on (x, T) only, P(alive) on t_x too: one integral per (x, T).
  const perAlive = new Map<string, number>();
  return Float64Array.from(
    perCustomer(model, customers, fn, (c) => {
      switch (c.kind) {
        case 'bg': {
          if (c.pAlive === 0) return 0;
          const key = `${c.x}|${c.T}`;
          let v = perAlive.get(key);
          if (v === undefined) perAlive.set(key, (v = bgDiscountedTransactions(c.params, c.k, { ...c, pAlive: 1 }, discountRate, horizon)));
          return c.pAlive * v;
        }
        case 'pareto-nbd':
          return paretoDiscountedTransactions(c.params, c, discountRate, horizon);
        case 'bg-bb':
          return bgBbDiscountedTransactions(c.params, c.x, c.tx, c.T, discountRate, horizon);
      }
    }),
  );
}
