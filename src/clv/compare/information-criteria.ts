import { ClvkitError } from '../../errors.js';
import { requireTable } from '../../validate.js';

/** What an information criterion needs from a fit: every clvkit model has it. */
export interface FitSummaryForComparison {
  readonly params: Readonly<Record<string, number>>;
  readonly logLikelihood: number;
  /** Number of customers fitted (sum of weights): the n of BIC. */
  readonly customers: number;
  /** The L2 penalizer of the fit, when it has one. */
  readonly penalizer?: number;
}

/** AIC and BIC of one fit. */
export interface InformationCriteria {
  /** k, the number of estimated parameters. */
  readonly parameters: number;
  /** n, the customers fitted. */
  readonly customers: number;
  readonly logLikelihood: number;
  /** AIC = 2k − 2 LL (Akaike 1974): lower is better. */
  readonly aic: number;
  /** BIC = k ln n − 2 LL (Schwarz 1978): lower is better; penalises parameters more once n > 7. */
  readonly bic: number;
}

/**
 * AIC and BIC of a fitted model (any clvkit fit: BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma, sBG), for
 * comparing models fitted on the same customers. Differences matter, not levels: ΔAIC > 10 is strong support
 * for the lower (Burnham & Anderson 2002). A penalised fit's likelihood is not a maximum-likelihood value, so
 * its criteria are refused.
 *
 * @throws INVALID_VALUE (not a fit, a log-likelihood that is not finite, no customers), UNSUPPORTED (penalizer > 0).
 * @example
 * informationCriteria(fitBgNbd(cdnow)) // { parameters: 4, customers: 2357, logLikelihood: -9582.43, aic: 19172.86, bic: 19195.92 }
 */
export function informationCriteria(model: FitSummaryForComparison): InformationCriteria {
  const fn = 'informationCriteria';
  const m = requireTable(model, fn, 'a fitted model');
  const params = requireTable(m['params'], fn, 'a fitted model with params');
  const ll = m['logLikelihood'];
  const n = m['customers'];
  if (typeof ll !== 'number' || !Number.isFinite(ll)) throw new ClvkitError('INVALID_VALUE', 'logLikelihood must be a finite number', { fn, value: ll });
  if (typeof n !== 'number' || !(n > 0) || !Number.isFinite(n))
    throw new ClvkitError('INVALID_VALUE', 'customers must be a finite number > 0', { fn, value: n });
  const penalizer = m['penalizer'];
  if (typeof penalizer === 'number' && penalizer > 0) {
    throw new ClvkitError('UNSUPPORTED', 'AIC/BIC need a maximum-likelihood fit; this one is penalised (penalizer > 0)', { fn, value: penalizer });
  }
  const k = Object.keys(params).length;
  return { parameters: k, customers: n, logLikelihood: ll, aic: 2 * k - 2 * ll, bic: k * Math.log(n) - 2 * ll };
}
