import type { z } from 'zod';
import { type bgFitOptionsSchema, fitBgFamily } from '../bg-nbd/bg-model.js';
import type { BgFamilyExtras, BgParamName } from '../bg-nbd/bg-model.js';
import type { TransactionModelInput } from '../core/model-input.js';
import type { FittedTransactionModel } from '../transaction-model.js';
import type { ModelDisplay } from '../../display/model-display.js';

/** Options of fitModifiedBgNbd: the shared fit options plus `timeUnit` for plain columns. */
export type FitModifiedBgNbdOptions = z.input<typeof bgFitOptionsSchema>;

/** A fitted MBG/NBD model. */
export type ModifiedBgNbdModel = FittedTransactionModel<BgParamName> & BgFamilyExtras & ModelDisplay;

/**
 * Fit the modified BG/NBD model (MBG/NBD; Batislam, Denizel & Filiztekin 2007, corrected by
 * Wagner & Hoppe 2008) by maximum likelihood. As BG/NBD, except that a customer may also drop
 * out at time 0, right after the first purchase: so P(alive) < 1 even for x = 0.
 *
 * Log-likelihood (Batislam et al. 2007 eq. 4 with the Wagner & Hoppe erratum), in log space:
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+1) − ln B(a, b) − (r+x) ln(α+T)
 *        + ln(1 + exp(ln a − ln(b+x) + (r+x)(ln(α+T) − ln(α+t_x)))),
 * summed over distinct (x, t_x, T) patterns and maximised with its analytic gradient and Hessian (Newton steps),
 * as fitBgNbd.
 *
 * Predictions of the returned model:
 * - `expectedTransactions(t)`: b/(a−1)·[1 − (α/(α+t))ʳ ₂F₁(r, b+1; a+b; t/(α+t))];
 * - `conditionalExpectedTransactions(t, c)`: (a+b+x)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))]
 *   / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)) (Wagner & Hoppe 2008);
 * - `probabilityAlive(c)`: 1/(1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)) (Batislam et al. 2007, appendix eq. 5);
 * - `probabilityOfTransactions(n, t)`: B(a, b+n+1)/B(a,b)·NB(n) + B(a+1, b+n)/B(a,b)·P(NB ≥ n),
 *   NB the Gamma–Poisson count over t.
 * These are the formulas of lifetimes' ModifiedBetaGeoFitter, evaluated in log space.
 *
 * @param customers a CustomerSummary or plain `{ frequency, recency, T }` columns (then `options.timeUnit`).
 * @throws INVALID_OPTIONS, UNIT_MISMATCH, LENGTH_MISMATCH, EMPTY_INPUT, TOO_FEW_VALUES (every T = 0), INVALID_VALUE, NUMERIC_FAILURE,
 *   NOT_CONVERGED (with `strict`).
 * @see Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for
 *   customer base analysis", IJRM 24(3), 201–209; Wagner & Hoppe (2008), "Erratum on the MBG/NBD
 *   model", IJRM 25(3), 225–226.
 * @example
 * const sim = simulateModifiedBgNbd({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 5000, T: 39, seed: 1 });
 * const model = fitModifiedBgNbd(sim, { timeUnit: 'week' });
 * model.params; // { r: 0.2307728439322051, alpha: 4.108038012729592, a: 0.8294897193369941, b: 2.636600099102342 }
 * model.probabilityAlive({ frequency: [0, 2], recency: [0, 30.43], T: [38.86, 38.86] }); // Float64Array [0.6490105989949517, 0.7744717380132617]
 */
export function fitModifiedBgNbd(customers: TransactionModelInput, options?: FitModifiedBgNbdOptions): ModifiedBgNbdModel {
  return fitBgFamily('mbg-nbd', 'fitModifiedBgNbd', customers, options);
}
