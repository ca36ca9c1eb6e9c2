import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import type { CustomerSummary } from '../../io/customer-summary.js';
import { parseOptions, requireTable } from '../../validate.js';
import { fitBgNbd } from '../bg-nbd/fit-bg-nbd.js';
import { holdoutValidation } from '../holdout/holdout-validation.js';
import { fitModifiedBgNbd } from '../mbg-nbd/fit-modified-bg-nbd.js';
import { fitParetoNbd } from '../pareto-nbd/fit-pareto-nbd.js';
import type { FittedTransactionModel } from '../transaction-model.js';
import { decileCalibration, type DecileCalibration } from './decile-calibration.js';
import { informationCriteria } from './information-criteria.js';

/** The continuous-time transaction models `compareModels` can fit. */
export const COMPARABLE_MODELS = ['bg-nbd', 'mbg-nbd', 'pareto-nbd'] as const;
/** One of {@link COMPARABLE_MODELS}. */
export type ComparableModelKind = (typeof COMPARABLE_MODELS)[number];

const schema = z
  .object({
    /** Models to fit and score (default all three). */
    models: z
      .array(z.enum(COMPARABLE_MODELS))
      .min(1)
      .default([...COMPARABLE_MODELS]),
    /** Groups of the decile calibration (default 10). */
    groups: z.number().int().min(2).max(1000).default(10),
    /** Highest calibration frequency with its own holdout bucket (default 7). */
    maxFrequency: z.number().int().min(0).max(1000).default(7),
  })
  .strict();

/** Options of {@link compareModels}. */
export type CompareModelsOptions = z.input<typeof schema>;

/** One model's line of the scorecard. */
export interface ModelScore {
  readonly kind: ComparableModelKind;
  readonly parameters: number;
  readonly converged: boolean;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
  /** Σ predicted and Σ actual repeat transactions in the holdout. */
  readonly holdoutPredicted: number;
  readonly holdoutActual: number;
  /** Per-customer holdout errors. */
  readonly mae: number;
  readonly rmse: number;
  /** Decile calibration of the per-customer holdout predictions. */
  readonly calibration: DecileCalibration;
}

/** The scorecard across models, with the winner by each criterion. */
export interface ModelComparison {
  readonly customers: number;
  readonly holdoutDuration: number;
  readonly timeUnit: string;
  readonly scores: readonly ModelScore[];
  /** The fitted models, in the order of `scores`. */
  readonly models: readonly FittedTransactionModel[];
  /** Kind with the lowest AIC, BIC, MAE, RMSE and decile gap. */
  readonly best: {
    readonly aic: ComparableModelKind;
    readonly bic: ComparableModelKind;
    readonly mae: ComparableModelKind;
    readonly rmse: ComparableModelKind;
    readonly calibration: ComparableModelKind;
  };
}

/**
 * One-call holdout scorecard across transaction models: each model is fitted on the calibration period of
 * `summary` (a summary built with `calibrationEnd`), then scored by log-likelihood, AIC and BIC on the
 * calibration period and by its per-customer predictions of the holdout period (totals, MAE, RMSE, decile
 * calibration). Information criteria compare the fit; the holdout says which predicts better.
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (a summary without holdout columns), and whatever the fits and
 *   holdoutValidation throw.
 * @example
 * const c = compareModels(summarizeCustomers(tx, { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' }));
 * c.scores.map((s) => [s.kind, s.aic, s.mae]); c.best // { aic: 'pareto-nbd', … }
 */
export function compareModels(summary: CustomerSummary, options?: CompareModelsOptions): ModelComparison {
  const fn = 'compareModels';
  const o = parseOptions(schema, options, fn);
  requireTable(summary, fn, 'a CustomerSummary with calibration and holdout columns');
  if (summary.holdoutFrequency === undefined || summary.holdoutDuration === undefined) {
    throw new ClvkitError('INVALID_VALUE', 'the summary has no holdout: build it with calibrationEnd', { fn, column: 'holdoutFrequency' });
  }
  const kinds = [...new Set(o.models)];
  const models: FittedTransactionModel[] = kinds.map((kind) => {
    switch (kind) {
      case 'bg-nbd':
        return fitBgNbd(summary);
      case 'mbg-nbd':
        return fitModifiedBgNbd(summary);
      case 'pareto-nbd':
        return fitParetoNbd(summary);
    }
  });
  const scores: ModelScore[] = models.map((model, i) => {
    const ic = informationCriteria(model);
    const h = holdoutValidation(model, summary, { maxFrequency: o.maxFrequency });
    return {
      kind: kinds[i]!,
      parameters: ic.parameters,
      converged: model.converged,
      logLikelihood: model.logLikelihood,
      aic: ic.aic,
      bic: ic.bic,
      holdoutPredicted: h.totalPredicted,
      holdoutActual: h.totalActual,
      mae: h.mae,
      rmse: h.rmse,
      calibration: decileCalibration(h.predicted, h.actual, { groups: Math.min(o.groups, h.predicted.length) }),
    };
  });
  const argmin = (f: (s: ModelScore) => number): ComparableModelKind => scores.reduce((a, b) => (f(b) < f(a) ? b : a)).kind;
  return {
    customers: summary.length,
    holdoutDuration: summary.holdoutDuration,
    timeUnit: summary.timeUnit,
    scores,
    models,
    best: {
      aic: argmin((s) => s.aic),
      bic: argmin((s) => s.bic),
      mae: argmin((s) => s.mae),
      rmse: argmin((s) => s.rmse),
      calibration: argmin((s) => s.calibration.meanAbsoluteGap),
    },
  };
}
