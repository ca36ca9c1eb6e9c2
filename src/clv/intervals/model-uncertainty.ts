import { ClvkitError } from '../../errors.js';
import { bgLikelihoodProblem, bgPatternsOf } from '../bg-nbd/bg-family.js';
import { fitBgNbd } from '../bg-nbd/fit-bg-nbd.js';
import { fitBgBb } from '../bg-bb/fit-bg-bb.js';
import { bgBbLogLikelihood } from '../bg-bb/bg-bb-log-likelihood.js';
import { makeBgModel, type BgParamName } from '../bg-nbd/bg-model.js';
import { createParetoNbdModel } from '../pareto-nbd/pareto-nbd-model.js';
import type { ParetoNbdParams } from '../pareto-nbd/pareto-nbd-log-likelihood.js';
import { fitModifiedBgNbd } from '../mbg-nbd/fit-modified-bg-nbd.js';
import type { CovariateTransactionModel } from '../covariates/covariate-model.js';
import { fitBgNbdWithCovariates } from '../covariates/fit-bg-nbd-with-covariates.js';
import { fitParetoNbdWithCovariates } from '../covariates/fit-pareto-nbd-with-covariates.js';
import { fitGammaGammaWithCovariates, type GammaGammaCovariateModel } from '../covariates/fit-gamma-gamma-with-covariates.js';
import { gammaGammaFromJSON, fitGammaGamma, type FittedGammaGammaModel } from '../gamma-gamma/fit-gamma-gamma.js';
import { gammaGammaGroupedLogLikelihood, groupGammaGammaData } from '../gamma-gamma/gamma-gamma-log-likelihood.js';
import { modelFromJSON } from '../model-from-json.js';
import { fitParetoNbd } from '../pareto-nbd/fit-pareto-nbd.js';
import { paretoNbdLogLikelihoodGradient } from '../pareto-nbd/pareto-nbd-log-likelihood.js';
import type { FittedTransactionModel } from '../transaction-model.js';
import { isStationary, unconstrainedCovariance, type UnconstrainedCovariance, type UnconstrainedGradient } from './unconstrained-covariance.js';

/** Distinct calibration rows, column by column (see predictionIntervals). */
export type PatternTable = Readonly<Record<string, Float64Array>>;

/**
 * What the interval methods need of a fitted model: its estimates in unconstrained coordinates (ln θ, and
 * covariate coefficients as they are), their covariance on the calibration data, the model at other
 * estimates, and a refit on reweighted calibration rows.
 */
export interface ModelUncertainty<M> {
  /** Calibration columns the model reads. */
  readonly columns: readonly string[];
  readonly estimates: Float64Array;
  covariance(table: PatternTable, weights: Float64Array): UnconstrainedCovariance;
  at(estimates: Float64Array): M;
  /** A refit on the rows with these weights (started at the estimates); null when it did not converge. */
  refit(table: PatternTable, weights: Float64Array): M | null;
}

const logOf = (values: readonly number[]): Float64Array => Float64Array.from(values, Math.log);

/** Penalised LL gradient in u = ln θ from a natural-scale gradient, with lifetimes' penalty W·c·Σθ². */
function logGradient(
  natural: (theta: Float64Array, out: Float64Array) => number,
  penalizer: number,
  total: number,
): (u: Float64Array, out: Float64Array) => number {
  return (u, out) => {
    const theta = Float64Array.from(u, Math.exp);
    const ll = natural(theta, out);
    let pen = 0;
    for (let i = 0; i < u.length; i++) {
      out[i] = out[i]! * theta[i]! - 2 * total * penalizer * theta[i]! * theta[i]!;
      pen += total * penalizer * theta[i]! * theta[i]!;
    }
    return ll - pen;
  };
}

/** The covariance at the estimates, after checking that they maximise this calibration data's likelihood. */
function checkedCovariance(gradient: UnconstrainedGradient, estimates: Float64Array, weightTotal: number): UnconstrainedCovariance {
  if (!isStationary(gradient, estimates, weightTotal)) {
    return {
      covariance: null,
      notStationary: true,
      reason: 'the estimates do not maximise the likelihood of these calibration data: give the data (and weights) the model was fitted on',
    };
  }
  return unconstrainedCovariance(gradient, estimates);
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

const RFM = ['frequency', 'recency', 'T'] as const;

function rfmOf(table: PatternTable) {
  return { frequency: table.frequency!, recency: table.recency!, T: table.T! };
}

/** The uncertainty adaptor of a transaction model (BG/NBD, MBG/NBD, Pareto/NBD, or BG/NBD with covariates). */
export function transactionUncertainty(model: FittedTransactionModel, fn: string): ModelUncertainty<FittedTransactionModel> {
  if ('covariates' in model && 'withEstimates' in model) {
    const cm = model as unknown as CovariateTransactionModel<string>;
    const names = [...cm.covariates.purchase, ...cm.covariates.dropout];
    const columns = [...RFM, ...new Set(names)];
    if (cm.kind !== 'bg-nbd' && cm.kind !== 'pareto-nbd')
      throw new ClvkitError('UNSUPPORTED', `intervals for a ${cm.kind} model with covariates are not supported`, { fn });
    const refitWith = cm.kind === 'bg-nbd' ? fitBgNbdWithCovariates : fitParetoNbdWithCovariates;
    return {
      columns,
      estimates: Float64Array.from(cm.estimates),
      covariance: () => (cm.covariance === null ? { covariance: null, reason: cm.reason ?? 'the model has no covariance' } : { covariance: cm.covariance }),
      at: (u) => cm.withEstimates(u),
      refit: (table, weights) => {
        const pick = (list: readonly string[]) => Object.fromEntries(list.map((n) => [n, table[n]!]));
        const m = refitWith(rfmOf(table), {
          timeUnit: cm.timeUnit as 'day',
          weights,
          covariates: {
            ...(cm.covariates.purchase.length > 0 ? { purchase: pick(cm.covariates.purchase) } : {}),
            ...(cm.covariates.dropout.length > 0 ? { dropout: pick(cm.covariates.dropout) } : {}),
          },
          covariatePenalty: cm.covariatePenalty,
          penalizer: cm.penalizer,
          starts: [Array.from(cm.estimates.subarray(0, 4), Math.exp)],
        });
        return m.converged ? m : null;
      },
    };
  }
  const json = model.toJSON();
  const penalizer = typeof json.extra?.penalizer === 'number' ? json.extra.penalizer : 0;
  const names = Object.keys(json.params);
  const paramsAt = (u: Float64Array): Record<string, number> => Object.fromEntries(names.map((n, i) => [n, Math.exp(u[i]!)]));
  // The model at drawn parameters (built directly: a saved-model round trip would re-validate every draw).
  const fitFields = {
    standardErrors: null,
    logLikelihood: model.logLikelihood,
    converged: model.converged,
    iterations: model.iterations,
    customers: model.customers,
  };
  const at = (u: Float64Array): FittedTransactionModel => {
    const params = paramsAt(u);
    if (model.kind === 'bg-nbd' || model.kind === 'mbg-nbd') {
      return makeBgModel(model.kind, model.timeUnit as 'day', params as Record<BgParamName, number>, { ...fitFields, penalizer, patterns: 0 });
    }
    if (model.kind === 'pareto-nbd') {
      return createParetoNbdModel({ ...fitFields, params: params as unknown as ParetoNbdParams, timeUnit: model.timeUnit, penalizer });
    }
    return modelFromJSON({ ...json, params, standardErrors: null }) as FittedTransactionModel;
  };
  const estimates = logOf(names.map((n) => json.params[n]!));
  const starts = [names.map((n) => json.params[n]!)];
  const timeUnit = model.timeUnit as 'day';
  switch (model.kind) {
    case 'bg-nbd':
    case 'mbg-nbd': {
      const k = model.kind === 'bg-nbd' ? 0 : 1;
      return {
        columns: RFM,
        estimates,
        at,
        covariance: (table, weights) => {
          const problem = bgLikelihoodProblem(fn, bgPatternsOf(rfmOf(table), weights), k, starts);
          return checkedCovariance(logGradient(problem.gradient!, penalizer, sum(weights)), estimates, sum(weights));
        },
        refit: (table, weights) => {
          const fit = k === 0 ? fitBgNbd : fitModifiedBgNbd;
          const m = fit(rfmOf(table), { timeUnit, weights, starts, penalizer });
          return m.converged ? m : null;
        },
      };
    }
    case 'pareto-nbd':
      return {
        columns: RFM,
        estimates,
        at,
        covariance: (table, weights) => {
          const rows = rfmOf(table);
          const natural = (p: Float64Array, out: Float64Array) =>
            paretoNbdLogLikelihoodGradient({ r: p[0]!, alpha: p[1]!, s: p[2]!, beta: p[3]! }, rows, weights, out);
          return checkedCovariance(logGradient(natural, penalizer, sum(weights)), estimates, sum(weights));
        },
        refit: (table, weights) => {
          const m = fitParetoNbd(rfmOf(table), { timeUnit, weights, starts, penalizer });
          return m.converged ? m : null;
        },
      };
    case 'bg-bb': {
      // BG/BB has no analytic gradient: central differences of the log-likelihood in u (step 1e-4: truncation
      // ~1e-8 and rounding ~1e-12·|LL|/1e-4 relative), good enough for a Hessian by differences of it.
      return {
        columns: RFM,
        estimates,
        at,
        covariance: (table, weights) => {
          const rows = rfmOf(table);
          const ll = (u: Float64Array): number => {
            const p = { alpha: Math.exp(u[0]!), beta: Math.exp(u[1]!), gamma: Math.exp(u[2]!), delta: Math.exp(u[3]!) };
            let pen = 0;
            for (let i = 0; i < 4; i++) pen += sum(weights) * penalizer * Math.exp(2 * u[i]!);
            return bgBbLogLikelihood(p, rows.frequency, rows.recency, rows.T, weights) - pen;
          };
          const gradient = (u: Float64Array, out: Float64Array): number => {
            const probe = Float64Array.from(u);
            for (let i = 0; i < 4; i++) {
              probe[i] = u[i]! + 1e-4;
              const up = ll(probe);
              probe[i] = u[i]! - 1e-4;
              const dn = ll(probe);
              probe[i] = u[i]!;
              out[i] = (up - dn) / 2e-4;
            }
            return ll(u);
          };
          return checkedCovariance(gradient, estimates, sum(weights));
        },
        refit: (table, weights) => {
          const m = fitBgBb(rfmOf(table), { weights, starts, penalizer });
          return m.converged ? m : null;
        },
      };
    }
    default:
      throw new ClvkitError('UNSUPPORTED', `prediction intervals support bg-nbd, mbg-nbd, pareto-nbd and bg-bb models (got ${model.kind})`, {
        fn,
        value: model.kind,
      });
  }
}

/** The uncertainty adaptor of a Gamma-Gamma spend model. */
export function spendUncertainty(model: FittedGammaGammaModel): ModelUncertainty<FittedGammaGammaModel> {
  if ('covariates' in model && 'withEstimates' in model) {
    const cm = model as unknown as GammaGammaCovariateModel;
    return {
      columns: ['frequency', 'monetaryValue', ...cm.covariates],
      estimates: Float64Array.from(cm.estimates),
      covariance: () => (cm.covariance === null ? { covariance: null, reason: cm.reason ?? 'the model has no covariance' } : { covariance: cm.covariance }),
      at: (u) => cm.withEstimates(u) as unknown as FittedGammaGammaModel,
      refit: (table, weights) => {
        const m = fitGammaGammaWithCovariates(
          { frequency: table.frequency!, monetaryValue: table.monetaryValue! },
          {
            weights,
            covariates: Object.fromEntries(cm.covariates.map((n) => [n, table[n]!])),
            covariatePenalty: cm.covariatePenalty,
            penalizer: cm.penalizer,
            starts: [Array.from(cm.estimates.subarray(0, 3), Math.exp)],
          },
        );
        return m.converged ? (m as unknown as FittedGammaGammaModel) : null;
      },
    };
  }
  const json = model.toJSON();
  const estimates = logOf([model.params.p, model.params.q, model.params.gamma]);
  const starts = [[model.params.p, model.params.q, model.params.gamma]];
  const nonPositiveValues = model.excluded.nonPositiveValue > 0 ? ('exclude' as const) : ('error' as const);
  return {
    columns: ['frequency', 'monetaryValue'],
    estimates,
    at: (u) => gammaGammaFromJSON({ ...json, params: { p: Math.exp(u[0]!), q: Math.exp(u[1]!), gamma: Math.exp(u[2]!) }, standardErrors: null }),
    covariance: (table, weights) => {
      const x = table.frequency!;
      const m = table.monetaryValue!;
      const keep = Float64Array.from(weights, (w, i) => (x[i]! > 0 && m[i]! > 0 ? w : 0));
      const groups = groupGammaGammaData(x, m, keep);
      const natural = (p: Float64Array, out: Float64Array) => gammaGammaGroupedLogLikelihood({ p: p[0]!, q: p[1]!, gamma: p[2]! }, groups, out);
      return checkedCovariance(logGradient(natural, model.penalizer, sum(keep)), estimates, sum(keep));
    },
    refit: (table, weights) => {
      const m = fitGammaGamma(
        { frequency: table.frequency!, monetaryValue: table.monetaryValue! },
        { weights, starts, penalizer: model.penalizer, nonPositiveValues },
      );
      return m.converged ? m : null;
    },
  };
}
