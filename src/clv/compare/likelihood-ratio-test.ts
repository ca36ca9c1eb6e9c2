import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { regularizedGammaQ } from '../../math/incomplete-gamma.js';
import { parseOptions } from '../../validate.js';
import type { FitSummaryForComparison } from './information-criteria.js';

const schema = z
  .object({
    /**
     * The restriction puts parameters on the boundary of the parameter space (e.g. Pareto/NBD's dropout rate → 0,
     * which is the NBD): the statistic is then a 50:50 mixture of χ²(df−1) and χ²(df) (Self & Liang 1987), and
     * the p-value is half of the χ²(df) one for df = 1. Default false.
     */
    boundary: z.boolean().default(false),
  })
  .strict();

/** The result of a likelihood-ratio test. */
export interface LikelihoodRatioTest {
  /** 2 (LL_full − LL_restricted) ≥ 0. */
  readonly statistic: number;
  /** Parameters the full model adds. */
  readonly degreesOfFreedom: number;
  /** P(χ² ≥ statistic) (the boundary mixture with `boundary`). */
  readonly pValue: number;
}

/**
 * Likelihood-ratio test of a restricted model against a full model that contains it, both fitted by maximum
 * likelihood on the same customers: 2(LL_full − LL_restricted) ~ χ²(k_full − k_restricted) under the restriction.
 *
 * Which clvkit models nest: a model against itself with parameters held fixed (e.g. a fit with `starts` near a
 * hypothesised value against the free fit); sBG with a common θ (the geometric, its β → ∞ with α/(α+β) fixed,
 * a boundary case); the NBD inside Pareto/NBD (s → 0 or β → ∞) and inside BG/NBD (a → 0), boundary cases;
 * and models with covariates against the same model without them (γ = 0, interior). BG/NBD, MBG/NBD and
 * Pareto/NBD do not nest in one another: compare them with AIC/BIC and the holdout (`compareModels`).
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (non-finite log-likelihoods, different customer counts, a "full" model
 *   with no more parameters than the restricted one).
 * @example
 * likelihoodRatioTest({ params: { a: 1 }, logLikelihood: -105, customers: 100 }, { params: { a: 1, b: 2 }, logLikelihood: -100, customers: 100 })
 * // { statistic: 10, degreesOfFreedom: 1, pValue: 0.001565… }
 */
export function likelihoodRatioTest(restricted: FitSummaryForComparison, full: FitSummaryForComparison, options?: z.input<typeof schema>): LikelihoodRatioTest {
  const fn = 'likelihoodRatioTest';
  const { boundary } = parseOptions(schema, options, fn);
  for (const [name, m] of [
    ['restricted', restricted],
    ['full', full],
  ] as const) {
    if (m === null || typeof m !== 'object' || typeof m.logLikelihood !== 'number' || !Number.isFinite(m.logLikelihood)) {
      throw new ClvkitError('INVALID_VALUE', `${name} must be a fit with a finite logLikelihood`, { fn, column: name });
    }
  }
  if (restricted.customers !== full.customers) {
    throw new ClvkitError('INVALID_VALUE', `the two fits must be on the same customers (${restricted.customers} vs ${full.customers})`, { fn });
  }
  const df = Object.keys(full.params).length - Object.keys(restricted.params).length;
  if (df < 1) throw new ClvkitError('INVALID_VALUE', 'the full model must have more parameters than the restricted one', { fn, value: df });
  const statistic = Math.max(0, 2 * (full.logLikelihood - restricted.logLikelihood));
  const tail = (k: number): number => (k === 0 ? (statistic > 0 ? 0 : 1) : regularizedGammaQ(k / 2, statistic / 2));
  const pValue = boundary ? 0.5 * tail(df - 1) + 0.5 * tail(df) : tail(df);
  return { statistic, degreesOfFreedom: df, pValue };
}
