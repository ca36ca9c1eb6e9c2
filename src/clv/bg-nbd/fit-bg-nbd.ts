import type { z } from 'zod';
import type { TransactionModelInput } from '../core/model-input.js';
import type { FittedTransactionModel } from '../transaction-model.js';
import { type bgFitOptionsSchema, fitBgFamily } from './bg-model.js';
import type { BgFamilyExtras, BgParamName } from './bg-model.js';
import type { ModelDisplay } from '../../display/model-display.js';

/** Options of fitBgNbd: the shared fit options plus `timeUnit` for plain columns. */
export type FitBgNbdOptions = z.input<typeof bgFitOptionsSchema>;

/** A fitted BG/NBD model. */
export type BgNbdModel = FittedTransactionModel<BgParamName> & BgFamilyExtras & ModelDisplay;

/**
 * Fit the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood.
 *
 * Each customer buys at rate λ ~ Gamma(r, α) while alive and, after each repeat purchase, drops
 * out with probability p ~ Beta(a, b). The log-likelihood is FHL 2005 eq. (6), in log space:
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T)
 *        + [x > 0]·ln(1 + exp(ln a − ln(b+x−1) + (r+x)(ln(α+T) − ln(α+t_x)))),
 * summed over distinct (x, t_x, T) patterns (identical customers are merged into weights first),
 * maximised by the shared fitting core with an analytic gradient and Hessian (Newton steps; see bg-likelihood.ts),
 * standard errors from the inverse of that Hessian at the optimum.
 *
 * Predictions of the returned model (all vectorised over customers, in log space):
 * - `expectedTransactions(t)`: E[X(t)] = (a+b−1)/(a−1)·[1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))] (eq. 7);
 * - `conditionalExpectedTransactions(t, customers)`: eq. (10);
 * - `probabilityAlive(customers)`: 1/(1 + [x > 0]·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) (Fader, Hardie & Lee,
 *   "Computing P(alive) Using the BG/NBD Model", brucehardie.com note 021);
 *   it is exactly 1 for x = 0, a known property of BG/NBD (drop-out only happens at a purchase);
 * - `probabilityOfTransactions(n, t)`: P(X(t) = n), eq. (8).
 *
 * @param customers a CustomerSummary (its `timeUnit` is used) or plain columns `{ frequency, recency, T }`
 *   (then `options.timeUnit` is required); x a non-negative integer, 0 ≤ t_x ≤ T, t_x = 0 when x = 0;
 * T ≥ 0 (T = 0: first seen at the very end, so x = 0, a likelihood term of 0 and the new-customer predictions).
 * @throws INVALID_OPTIONS (bad options, no timeUnit for plain columns), UNIT_MISMATCH, LENGTH_MISMATCH,
 *   EMPTY_INPUT, TOO_FEW_VALUES (every customer has T = 0: nothing to fit), INVALID_VALUE (a value outside the domain, with column and row), NUMERIC_FAILURE,
 *   NOT_CONVERGED (with `strict`).
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
 *   Pareto/NBD Model", Marketing Science 24(2), 275–284.
 * @example
 * const sim = simulateBgNbd({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 5000, T: 39, seed: 1 });
 * const model = fitBgNbd(sim, { timeUnit: 'week' });
 * model.params; // { r: 0.22796067836206155, alpha: 4.078725155586463, a: 0.6844087606431053, b: 2.028409204129421 }
 * model.standardErrors?.r; // 0.007544066744387734
 * model.conditionalExpectedTransactions(39, { frequency: [2], recency: [30.43], T: [38.86] }); // Float64Array [1.2463353012330474]
 * model.probabilityAlive({ frequency: [0, 2], recency: [0, 30.43], T: [38.86, 38.86] }); // Float64Array [1, 0.7311156053357277]
 * model.expectedTransactions(39); // 1.2034508776833988
 */
export function fitBgNbd(customers: TransactionModelInput, options?: FitBgNbdOptions): BgNbdModel {
  return fitBgFamily('bg-nbd', 'fitBgNbd', customers, options);
}
