import { z } from 'zod';
import { parseOptions } from '../../validate.js';
import { bgBbConditionalPmf } from '../bg-bb/bg-bb-conditional-pmf.js';
import { bgConditionalPmf } from '../bg-nbd/bg-nbd-conditional-pmf.js';
import { paretoConditionalPmf } from '../pareto-nbd/pareto-nbd-conditional-pmf.js';
import type { FittedTransactionModel, RfmColumns } from '../transaction-model.js';
import { checkToolboxHorizon, perCustomer, type ToolboxCase } from './toolbox-dispatch.js';

const schema = z
  .object({
    /** Horizon in the model's time unit (whole opportunities for BG/BB). */
    t: z.number().min(0).refine(Number.isFinite, 'must be finite'),
    /** Largest count n given separately; P(Y > maxTransactions) is reported as `tail`. Default 10. */
    maxTransactions: z.number().int().min(0).max(10_000).default(10),
  })
  .strict();

/** Options of {@link conditionalTransactionPmf}. */
export type ConditionalTransactionPmfOptions = z.input<typeof schema>;

/** P(Y(t) = n | history) per customer. */
export interface ConditionalTransactionPmf {
  readonly t: number;
  readonly maxTransactions: number;
  /** One Float64Array per customer: P(Y(t) = n | x, t_x, T) for n = 0..maxTransactions. */
  readonly pmf: Float64Array[];
  /** P(Y(t) > maxTransactions | history) per customer: 1 − Σ pmf, clamped at 0 (rounding). */
  readonly tail: Float64Array;
}

/** The conditional PMF of one pattern (shared with probabilityNoTransactions). */
export function conditionalPmfOf(c: ToolboxCase, t: number, maxN: number): Float64Array {
  switch (c.kind) {
    case 'bg':
      return bgConditionalPmf(c.params, c.k, c, t, maxN);
    case 'pareto-nbd':
      return paretoConditionalPmf(c.params, c, t, maxN);
    case 'bg-bb':
      return bgBbConditionalPmf(c.params, c.x, c.tx, c.T, t, maxN);
  }
}

/**
 * P(Y(t) = n | x, t_x, T) for n = 0..maxTransactions: the distribution of each customer's transactions in the
 * next t, for BG/NBD, MBG/NBD, Pareto/NBD and BG/BB models. Its mean is the model's
 * `conditionalExpectedTransactions(t, customers)` (up to the tail); P(Y(t) = 0) is the model-based "no
 * transaction in the next t" (see probabilityNoTransactions).
 *
 * - BG/NBD / MBG/NBD: Fader & Hardie's conditional PMF in closed form (NBD terms and incomplete beta tails);
 * - Pareto/NBD: one adaptive quadrature over the death time per n;
 * - BG/BB: exact finite sums over the opportunities survived (beta-binomial counts), t whole.
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (not a model, bad RFM columns, t not whole for BG/BB), UNSUPPORTED.
 * @example
 * const m = fitBgNbd(cdnowSummary, { timeUnit: 'week' });
 * conditionalTransactionPmf(m, { frequency: [2], recency: [30.43], T: [38.86] }, { t: 39, maxTransactions: 3 }).pmf[0]
 * // Float64Array [0.4454…, 0.2393…, 0.1442…, 0.0809…] (mean over all n = 1.226, the model's conditional expectation)
 * @see Fader & Hardie (2006), "Deriving the Conditional PMF of the BG/NBD Model"; FHS (2010) for BG/BB.
 */
export function conditionalTransactionPmf(
  model: FittedTransactionModel,
  customers: RfmColumns,
  options: ConditionalTransactionPmfOptions,
): ConditionalTransactionPmf {
  const fn = 'conditionalTransactionPmf';
  const { t, maxTransactions } = parseOptions(schema, options, fn);
  checkToolboxHorizon(model, t, fn, 't');
  const pmf = perCustomer(model, customers, fn, (c) => conditionalPmfOf(c, t, maxTransactions));
  const tail = new Float64Array(pmf.length);
  for (let i = 0; i < pmf.length; i++) {
    let s = 0;
    for (const v of pmf[i]!) s += v;
    tail[i] = Math.max(0, 1 - s);
  }
  return { t, maxTransactions, pmf, tail };
}

/**
 * P(Y(t) = 0 | x, t_x, T): the model's probability that a customer makes no transaction in the next t — a
 * model-based dormancy signal next to the rule-based behaviour status. Includes the customers who are
 * already gone (1 − P(alive)).
 *
 * @throws as {@link conditionalTransactionPmf}.
 * @example probabilityNoTransactions(m, { frequency: [2], recency: [30.43], T: [38.86] }, { t: 39 }) // Float64Array [0.4454…]
 */
export function probabilityNoTransactions(model: FittedTransactionModel, customers: RfmColumns, options: { readonly t: number }): Float64Array {
  const fn = 'probabilityNoTransactions';
  const { t } = parseOptions(schema.pick({ t: true }).strict(), options, fn);
  checkToolboxHorizon(model, t, fn, 't');
  return Float64Array.from(perCustomer(model, customers, fn, (c) => Math.min(1, conditionalPmfOf(c, t, 0)[0]!)));
}
