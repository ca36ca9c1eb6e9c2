import type { SerializedCovariateBlock } from './covariates/covariate-model-json.js';
import type { TimeUnit } from '../time.js';

/** The "buy till you die" transaction models clvkit fits. */
export type TransactionModelKind = 'bg-nbd' | 'pareto-nbd' | 'mbg-nbd' | 'bg-bb';

/**
 * The per-customer columns a transaction model reads; a CustomerSummary has them.
 * Continuous-time models: `frequency` x (repeat purchases), `recency` t_x, `T`, in the model's time unit.
 * BG/BB (discrete): `frequency` x, `recency` t_x (the opportunity of the last purchase) and `T` = n opportunities.
 */
export interface RfmColumns {
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
}

/** The unit a model's time is measured in: a calendar unit, or discrete purchase opportunities (BG/BB). */
export type ModelTimeUnit = TimeUnit | 'period';

/** What every fitted model reports about its fit. */
export interface FitReport<P extends string> {
  /** Maximum-likelihood estimates, on the natural scale. */
  readonly params: Readonly<Record<P, number>>;
  /** Standard errors from the inverse Hessian of the negative log-likelihood; null (with `reason`) when the Hessian is not positive definite. */
  readonly standardErrors: Readonly<Record<P, number>> | null;
  /** Maximised log-likelihood (the penalised objective when a penalizer is used is reported separately by the model). */
  readonly logLikelihood: number;
  readonly converged: boolean;
  /**
   * False when the data cannot identify the estimates: the optimiser ran off along a ridge, or the Hessian
   * of −LL is not positive definite (no standard errors), or a standard error exceeds 1000× its estimate.
   * Such estimates are arbitrary points on a flat likelihood (one customer gives r = 3.5e7 as well as r = 1):
   * `reason` says why, and `strict` fits throw NOT_CONVERGED. A penalized fit (penalizer > 0) is identified
   * by its penalty unless it diverged. Always set by clvkit's fits; absent for models built by hand or saved before it existed.
   */
  readonly identified?: boolean;
  readonly iterations: number;
  /** Why the fit did not converge, or why standard errors are unavailable. */
  readonly reason?: string;
  /** Number of customers fitted (sum of weights). */
  readonly customers: number;
}

/**
 * A fitted transaction model: its fit report and its predictions. Predictions are vectorised over
 * customers (one Float64Array entry per customer) and every probability is in [0, 1].
 */
export interface FittedTransactionModel<P extends string = string> extends FitReport<P> {
  readonly kind: TransactionModelKind;
  readonly timeUnit: ModelTimeUnit;
  /** E[X(t)]: expected repeat transactions of a new customer in (0, t]. */
  expectedTransactions(t: number): number;
  /** E[Y(t) | x, t_x, T]: expected transactions in the next t, per customer. */
  conditionalExpectedTransactions(t: number, customers: RfmColumns): Float64Array;
  /** P(alive | x, t_x, T), per customer. */
  probabilityAlive(customers: RfmColumns): Float64Array;
  /** P(X(t) = n) for a new customer. */
  probabilityOfTransactions(n: number, t: number): number;
  /** A plain JSON object; the model's `…FromJSON` (or `modelFromJSON`) restores it. */
  toJSON(): SerializedModel;
}

/** The saved form of any fitted model. */
export interface SerializedModel {
  readonly format: 'clvkit-model';
  /** 1 for the plain models; 2 for a model with static covariates (it has the `covariates` block). */
  readonly version: 1 | 2;
  readonly kind: TransactionModelKind | 'gamma-gamma';
  readonly timeUnit: ModelTimeUnit | null;
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  /** See {@link FitReport.identified}; absent in models saved before it existed (and then absent when restored). */
  readonly identified?: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  /** Model-specific extras (penalizer used, ...). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Version 2 only: covariate names, coefficients and the estimates they are rebuilt from (see SerializedCovariateBlock). */
  readonly covariates?: SerializedCovariateBlock;
}
