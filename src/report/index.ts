// The HTML report: one self-contained page from a scoring run or from module results.
export { buildReport } from './build-report.js';
export type { BuildReportOptions } from './build-report.js';
export { renderReport } from './render-report.js';
export type { RenderReportOptions } from './render-report.js';
export { reportInputFromScores } from './report-input-from-scores.js';
export type { ReportExtras, ReportInputFromScoresOptions } from './report-input-from-scores.js';
export type { ReportInput, ReportModelFit } from './report-input.js';
export { reportExtrasFromBook } from './report-extras-from-book.js';
export type { ReportExtrasFromBookOptions } from './report-extras-from-book.js';
export { escapeHtml } from './escape-html.js';
