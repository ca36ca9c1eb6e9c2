import { z } from 'zod';
import { parseOptions } from '../../validate.js';
import { bgBbProbabilityAliveAt } from '../bg-bb/bg-bb-conditional-pmf.js';
import { bgProbabilityAliveAt } from '../bg-nbd/bg-nbd-conditional-pmf.js';
import { paretoProbabilityAliveAt } from '../pareto-nbd/pareto-nbd-conditional-pmf.js';
import type { FittedTransactionModel, RfmColumns } from '../transaction-model.js';
import { checkToolboxHorizon, perCustomer } from './toolbox-dispatch.js';

const schema = z.object({ t: z.number().min(0).refine(Number.isFinite, 'must be finite') }).strict();

/**
 * P(alive at T + t | x, t_x, T): the probability that each customer is still alive t time units (BG/BB: t
 * opportunities) after the end of their observation. t = 0 gives the model's P(alive) (BG/BB: alive after
 * opportunity n; t = 1 is the model's `probabilityAlive`, FHS's "alive in 2002"). Falls with t.
 *
 * - BG/NBD / MBG/NBD: P(alive)·₂F₁(r+x, a; a+b+x+k; −t/(α+T)) (no drop-out among the purchases in t);
 * - Pareto/NBD: P(alive)·((β+T)/(β+T+t))^s;
 * - BG/BB: P(alive after n)·B(γ, δ+n+t)/B(γ, δ+n).
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (not a model, bad columns, t not whole for BG/BB), UNSUPPORTED.
 * @example probabilityAliveAt(m, { frequency: [2], recency: [30.43], T: [38.86] }, { t: 52 }) // Float64Array [0.5316…] (CDNOW BG/NBD; P(alive) now 0.7266)
 */
export function probabilityAliveAt(model: FittedTransactionModel, customers: RfmColumns, options: { readonly t: number }): Float64Array {
  const fn = 'probabilityAliveAt';
  const { t } = parseOptions(schema, options, fn);
  checkToolboxHorizon(model, t, fn, 't');
  return Float64Array.from(
    perCustomer(model, customers, fn, (c) => {
      switch (c.kind) {
        case 'bg':
          return Math.min(1, bgProbabilityAliveAt(c.params, c.k, c, t));
        case 'pareto-nbd':
          return paretoProbabilityAliveAt(c.params, c, t);
        case 'bg-bb':
          return bgBbProbabilityAliveAt(c.params, c.x, c.tx, c.T, t);
      }
    }),
  );
}
