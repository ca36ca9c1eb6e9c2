import type { CustomerScores } from '../scoring/score-customers.js';
import type { ReportExtras } from './report-input-from-scores.js';
import { reportInputFromScores } from './report-input-from-scores.js';
import { renderReport, type RenderReportOptions } from './render-report.js';

/** Options of {@link buildReport}: the page's (see renderReport) plus the currency and extra sections. */
export type BuildReportOptions = RenderReportOptions & {
  /** Currency code of the money figures, e.g. `CNY` (shown, never converted). */
  readonly currency?: string;
  /** Results computed outside scoring: a Pareto analysis of AUM, AUM tiers and migration, segmentCustomers' result, a holdout validation. */
  readonly extras?: ReportExtras;
};

/**
 * The HTML report of a scoring run: {@link reportInputFromScores} then {@link renderReport}. One
 * self-contained page (inline SVG charts and CSS, no request of any kind) with the book overview,
 * concentration, RFM, tiers, clusters, model fit (and holdout check when given in `extras`), CLV and the
 * value matrix, in English or Simplified Chinese.
 *
 * @throws MISSING_DEPENDENCY vega or vega-lite not installed; INVALID_OPTIONS bad options; the errors of
 *   reportInputFromScores and the chart functions for malformed results.
 * @example
 * const html = await buildReport(scoreCustomers(book, {}), { currency: 'CNY', locale: 'zh-CN' });
 * writeFileSync('report.html', html); // 1.3 MB for the 5,000-customer bundled book, 12 charts
 */
export async function buildReport(scores: CustomerScores, options: BuildReportOptions = {}): Promise<string> {
  const { currency, extras, ...page } = options ?? {};
  const input = reportInputFromScores(scores, { ...(currency !== undefined ? { currency } : {}), ...(extras !== undefined ? { extras } : {}) });
  return renderReport(input, page);
}
