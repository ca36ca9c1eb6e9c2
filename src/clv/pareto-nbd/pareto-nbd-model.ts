import { ClvkitError } from '../../errors.js';
import { checkCustomerTimeUnit, checkRfmColumns } from '../core/check-rfm.js';
import { serializeModel } from '../core/serialize.js';
import type { FittedTransactionModel, ModelTimeUnit, RfmColumns } from '../transaction-model.js';
import type { ParetoNbdParams } from './pareto-nbd-log-likelihood.js';
import {
  paretoNbdConditionalExpectedTransactions,
  paretoNbdExpectedTransactions,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityOfTransactions,
} from './pareto-nbd-predictions.js';
import { withModelDisplay } from '../../display/model-display.js';
import type { ModelDisplay } from '../../display/model-display.js';

/** The Pareto/NBD parameter names, in the order the fit reports them. */
export const PARETO_NBD_PARAMS = ['r', 'alpha', 's', 'beta'] as const;

/** A Pareto/NBD parameter name. */
export type ParetoNbdParamName = (typeof PARETO_NBD_PARAMS)[number];

/** A fitted (or restored) Pareto/NBD model. */
export interface ParetoNbdModel extends FittedTransactionModel<ParetoNbdParamName>, ModelDisplay {
  readonly kind: 'pareto-nbd';
  /** The L2 penalizer the fit used (0 for plain maximum likelihood). */
  readonly penalizer: number;
}

/** Everything a Pareto/NBD model is built from (a fit, or a saved model). */
export interface ParetoNbdModelInput {
  readonly params: ParetoNbdParams;
  readonly standardErrors: Readonly<Record<ParetoNbdParamName, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly identified?: boolean;
  readonly iterations: number;
  readonly reason?: string;
  readonly customers: number;
  readonly timeUnit: ModelTimeUnit;
  readonly penalizer: number;
}

function checkHorizon(t: unknown, fn: string): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new ClvkitError('INVALID_VALUE', 'the horizon t must be a finite number ≥ 0', { fn, value: t });
  }
  return t;
}

/** Build the model object (predictions closed over the parameters). Internal: fitParetoNbd and paretoNbdFromJSON call it. */
export function createParetoNbdModel(input: ParetoNbdModelInput): ParetoNbdModel {
  const params: ParetoNbdParams = { r: input.params.r, alpha: input.params.alpha, s: input.params.s, beta: input.params.beta };
  const model: Omit<ParetoNbdModel, keyof ModelDisplay> = {
    kind: 'pareto-nbd',
    timeUnit: input.timeUnit,
    params,
    standardErrors: input.standardErrors === null ? null : { ...input.standardErrors },
    logLikelihood: input.logLikelihood,
    converged: input.converged,
    identified: input.identified,
    iterations: input.iterations,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    customers: input.customers,
    penalizer: input.penalizer,
    expectedTransactions(t: number): number {
      return paretoNbdExpectedTransactions(params, checkHorizon(t, 'expectedTransactions'));
    },
    conditionalExpectedTransactions(t: number, customers: RfmColumns): Float64Array {
      const fn = 'conditionalExpectedTransactions';
      const horizon = checkHorizon(t, fn);
      checkCustomerTimeUnit(customers, input.timeUnit, fn);
      return paretoNbdConditionalExpectedTransactions(params, horizon, checkRfmColumns(customers, { fn }), fn);
    },
    probabilityAlive(customers: RfmColumns): Float64Array {
      const fn = 'probabilityAlive';
      checkCustomerTimeUnit(customers, input.timeUnit, fn);
      return paretoNbdProbabilityAlive(params, checkRfmColumns(customers, { fn }), fn);
    },
    probabilityOfTransactions(n: number, t: number): number {
      const fn = 'probabilityOfTransactions';
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        throw new ClvkitError('INVALID_VALUE', 'n must be a non-negative integer', { fn, value: n });
      }
      return paretoNbdProbabilityOfTransactions(params, n, checkHorizon(t, fn), fn);
    },
    toJSON() {
      return serializeModel({ ...model, extra: { penalizer: model.penalizer } });
    },
  };
  return withModelDisplay(model);
}
