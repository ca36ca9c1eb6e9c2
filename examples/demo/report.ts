/**
 * Demo section `report`: score the bundled bank book (scoreCustomers), add the AUM concentration, AUM
 * tiers with their migration and a holdout check, and write one self-contained HTML report (charts as
 * inline SVG, no network) to the OS temp folder, or to `--out <file>`. Prints its path and size. Add
 * `--locale zh-CN` for the Chinese report.
 */
import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildReport } from '../../src/report/build-report.js';
import { reportExtrasFromBook } from '../../src/report/report-extras-from-book.js';
import type { ReportExtras } from '../../src/report/report-input-from-scores.js';
import { scoreCustomers, type CustomerScores } from '../../src/scoring/score-customers.js';
import type { DemoContext } from './context.js';
import { formatNumber } from './format.js';

/**
 * The demo's report: scoreCustomers on the bundled book, plus the AUM concentration, AUM tiers with their
 * 12-month migration and a 6-month holdout check (reportExtrasFromBook).
 */
export async function buildDemoReport(
  ctx: Pick<DemoContext, 'book'>,
  locale: 'en' | 'zh-CN',
): Promise<{ html: string; scores: CustomerScores; extras: ReportExtras }> {
  const scores = scoreCustomers(ctx.book, {});
  const extras = reportExtrasFromBook(ctx.book, { holdoutMonths: 6, migrationMonths: 12 });
  const html = await buildReport(scores, { currency: 'CNY', locale, extras });
  return { html, scores, extras };
}

function argument(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : undefined;
}

export async function run(ctx: DemoContext): Promise<void> {
  const { print } = ctx;
  print.heading('Report: one self-contained HTML page');
  const locale = argument('--locale') === 'zh-CN' ? 'zh-CN' : 'en';
  const out = resolve(argument('--out') ?? join(tmpdir(), locale === 'en' ? 'clvkit-report.html' : 'clvkit-report.zh-CN.html'));
  const started = performance.now();
  const { html, scores } = await buildDemoReport(ctx, locale);
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(out, html);
  const charts = (html.match(/<figure class="chart"/g) ?? []).length;
  const mvc = scores.matrixTable.find((r) => r.cell === 'mvc');
  print.line(`Scored ${formatNumber(scores.length)} customers and drew ${charts} charts as inline SVG in ${seconds.toFixed(1)} s (${locale}).`);
  if (mvc !== undefined) print.line(`Among them: ${formatNumber(mvc.count)} most valuable customers (MVC), listed in the value-matrix section.`);
  print.line(`Wrote ${out} (${formatNumber(statSync(out).size / 1024, 0)} KiB). Open it in any browser: it needs no network.`);
}
