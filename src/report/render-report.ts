import { z } from 'zod';
import { abcChart } from '../charts/abc-chart.js';
import { CHART_LOCALES, type ChartLocale, type VegaLiteSpec } from '../charts/chart-spec.js';
import { clusterProfileChart } from '../charts/cluster-profile-chart.js';
import { clusterScatter } from '../charts/cluster-scatter.js';
import { clvPartsChart } from '../charts/clv-parts-chart.js';
import { frequencyRecencyHeatmap } from '../charts/frequency-recency-heatmap.js';
import { lorenzChart } from '../charts/lorenz-chart.js';
import { renderSvg, type ChartModuleLoader } from '../charts/render-svg.js';
import { rfmHeatmap } from '../charts/rfm-heatmap.js';
import { segmentSizeChart } from '../charts/segment-size-chart.js';
import { tierChart } from '../charts/tier-chart.js';
import { tierMigrationHeatmap } from '../charts/tier-migration-heatmap.js';
import { trackingChart } from '../charts/tracking-chart.js';
import { valueMatrixChart } from '../charts/value-matrix-chart.js';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { escapeHtml } from './escape-html.js';
import { htmlTable, num, type TableCell } from './html-table.js';
import type { ReportInput } from './report-input.js';
import { reportLabel, type ReportLabelKey } from './report-labels.js';
import { formatEstimate, formatMoney, formatNumber, formatPercent } from './report-format.js';
import { REPORT_CSS } from './report-style.js';
import { scopeSvgIds } from './scope-svg-ids.js';

const renderReportSchema = z.strictObject({
  /** Report language (default `en`). */
  locale: z.enum(CHART_LOCALES).default('en'),
  /** Report title (default "Customer value report" in the locale). */
  title: z.string().min(1).max(200).optional(),
  /** Rows of the top-customer tables (default 10). */
  topCustomers: z.number().int().min(0).max(1000).default(10),
  /** Most customers drawn in a scatter (seeded sample beyond it; default 1500). */
  maxPoints: z.number().int().min(10).max(100_000).default(1500),
  /** Seed of the scatter samples. */
  seed: z.number().int().default(1),
  /** How to load vega and vega-lite (see renderSvg); default the installed packages. */
  loadModules: z.custom<ChartModuleLoader>((v) => typeof v === 'function', { message: 'expected a function' }).optional(),
});

export type RenderReportOptions = z.input<typeof renderReportSchema>;
type Parsed = z.output<typeof renderReportSchema>;

interface Section {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

/** What every section builder gets. */
interface Context {
  readonly o: Parsed;
  readonly locale: ChartLocale;
  readonly currency: string | undefined;
  readonly t: (key: ReportLabelKey, fill?: Record<string, string>) => string;
  readonly chart: (spec: VegaLiteSpec) => Promise<string>;
}

/**
 * One self-contained HTML page from the results of a clvkit run: book overview, concentration (Pareto),
 * RFM, tiers, clusters, model fit and holdout check, CLV and the value matrix, each with its charts (inline
 * SVG rendered by {@link renderSvg}) and key tables, in English or Simplified Chinese. The page makes no
 * request of any kind (no script, no web font, no remote image; a Content-Security-Policy of
 * `default-src 'none'` says so to the browser), so it opens offline and can be mailed as one file. Every
 * string from the data (customer ids, segment and tier labels) is HTML-escaped. Sections whose results
 * are not given are listed as not in this run.
 *
 * @throws MISSING_DEPENDENCY vega or vega-lite not installed; INVALID_VALUE / LENGTH_MISMATCH / EMPTY_INPUT
 *   malformed results (from the chart functions); INVALID_OPTIONS bad options.
 * @example
 * const html = await renderReport({ book: { customers: 4, asOf: '2024-12-31', currency: 'CNY' }, pareto: { analysis: paretoAnalysis([5, 3, 1, 1]), valueName: 'AUM' } });
 * html.startsWith('<!DOCTYPE html>'); // true
 */
export async function renderReport(input: ReportInput, options: RenderReportOptions = {}): Promise<string> {
  const fn = 'renderReport';
  const o = parseOptions(renderReportSchema, options, fn);
  if (input === null || typeof input !== 'object' || input.book === undefined)
    throw new ClvkitError('INVALID_VALUE', 'expected a report input with a book', { fn });
  const locale = o.locale;
  const currency = input.book.currency;
  let counter = 0;
  const ctx: Context = {
    o,
    locale,
    currency,
    t: (key, fill) => reportLabel(locale, key, fill),
    chart: async (spec) => {
      const svg = await renderSvg(spec, o.loadModules === undefined ? {} : { loadModules: o.loadModules });
      counter += 1;
      return `<figure class="chart" aria-label="${escapeHtml(spec.description)}">${scopeSvgIds(svg, `c${counter}`)}</figure>`;
    },
  };
  const builders: [string, ReportLabelKey, (() => Promise<string>) | undefined][] = [
    ['concentration', 'concentration', input.pareto && (() => paretoSection(ctx, input.pareto!))],
    ['rfm', 'rfm', input.rfm && (() => rfmSection(ctx, input.rfm!))],
    ['tiers', 'tiers', input.tiers && (() => tiersSection(ctx, input.tiers!, input.book.asOf))],
    ['clusters', 'clusters', input.clusters && (() => clustersSection(ctx, input.clusters!))],
    ['model', 'model', input.models || input.holdout || input.frequencyRecency ? () => modelSection(ctx, input) : undefined],
    ['clv', 'clv', input.clv && (() => clvSection(ctx, input.clv!))],
    ['value-matrix', 'valueMatrix', input.value && (() => valueSection(ctx, input.value!))],
  ];
  const sections: Section[] = [{ id: 'overview', title: ctx.t('overview'), html: overviewSection(ctx, input) }];
  const missing: string[] = [];
  for (const [id, key, build] of builders) {
    if (build === undefined) missing.push(ctx.t(key));
    else sections.push({ id, title: ctx.t(key), html: await build() });
  }
  const title = o.title ?? ctx.t('title');
  const nav = sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  const body = sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  const skippedList =
    input.skipped === undefined || input.skipped.length === 0
      ? ''
      : `<p class="note">${escapeHtml(ctx.t('skippedParts'))}</p><ul class="note skipped">${input.skipped.map((s) => `<li><strong>${escapeHtml(s.part)}</strong>: ${escapeHtml(s.reason)}</li>`).join('')}</ul>`;
  const notRun = (missing.length === 0 ? '' : `<p class="note">${escapeHtml(ctx.t('missingSection'))} ${escapeHtml(missing.join(' · '))}</p>`) + skippedList;
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="clvkit">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(ctx.t('asOf'))} <time datetime="${escapeHtml(input.book.asOf)}">${escapeHtml(input.book.asOf)}</time> · ${escapeHtml(ctx.t('generatedBy'))}</p>`,
    `<nav aria-label="${escapeHtml(ctx.t('contents'))}"><ul>${nav}</ul></nav>`,
    '</header>',
    '<main>',
    body,
    notRun,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A key figure card; `key` names it for readers and tests (data-kpi attribute). */
function kpi(key: string, label: string, value: string, note?: string): string {
  const extra = note === undefined ? '' : `<div class="kpi-note">${escapeHtml(note)}</div>`;
  return `<div class="kpi" data-kpi="${escapeHtml(key)}"><div class="kpi-value">${escapeHtml(value)}</div><div class="kpi-label">${escapeHtml(label)}</div>${extra}</div>`;
}

/** The top-x share row of a Pareto analysis, if the analysis has one. */
function topShareAt(input: NonNullable<ReportInput['pareto']>, share: number): number | undefined {
  return input.analysis.topShares.find((r) => Math.abs(r.customerShare - share) < 1e-12)?.valueShare;
}

function overviewSection(ctx: Context, input: ReportInput): string {
  const { t } = ctx;
  const cards: string[] = [kpi('customers', t('customers'), formatNumber(input.book.customers))];
  if (input.book.onBook !== undefined) cards.push(kpi('on-book', t('onBook'), formatNumber(input.book.onBook)));
  if (input.pareto !== undefined) {
    const top20 = topShareAt(input.pareto, 0.2);
    cards.push(kpi('total-value', `${t('totalValue')} (${input.pareto.valueName})`, formatMoney(input.pareto.analysis.basis.total, ctx.currency)));
    if (top20 !== undefined) cards.push(kpi('top-20-share', `${t('top20')} (${input.pareto.valueName})`, formatPercent(top20)));
    cards.push(kpi('gini', t('gini'), formatNumber(input.pareto.analysis.gini, 3)));
  }
  if (input.value !== undefined) {
    const mvc = input.value.matrix.table.find((r) => r.cell === 'mvc');
    if (mvc !== undefined) cards.push(kpi('mvc-customers', t('mvcCustomers'), formatNumber(mvc.count), formatPercent(mvc.share)));
  }
  if (input.clv !== undefined) {
    const clv = input.clv.result.clv;
    let sum = 0;
    for (let i = 0; i < clv.length; i++) sum += clv[i]!;
    if (clv.length > 0) cards.push(kpi('mean-clv', t('meanClv'), formatMoney(sum / clv.length, ctx.currency)));
  }
  if (input.holdout !== undefined) {
    const h = input.holdout;
    const diff = h.totalActual === 0 ? '–' : `${h.totalPredicted >= h.totalActual ? '+' : ''}${formatPercent(h.totalPredicted / h.totalActual - 1)}`;
    cards.push(kpi('holdout', t('holdoutError'), diff, `${formatNumber(h.totalPredicted)} / ${formatNumber(h.totalActual)}`));
  }
  return `<p>${escapeHtml(t('overviewIntro'))}</p>\n<div class="kpis">${cards.join('')}</div>`;
}

async function paretoSection(ctx: Context, input: NonNullable<ReportInput['pareto']>): Promise<string> {
  const { t, locale, currency, o } = ctx;
  const a = input.analysis;
  const charts = [await ctx.chart(lorenzChart(a, { locale, currency })), await ctx.chart(abcChart(a, { locale, currency }))];
  const p = a.paretoPoint;
  const pointText = t('paretoPointText', { customers: formatNumber(p.customers), share: formatPercent(p.customerShare), target: formatPercent(p.target, 0) });
  const shares = htmlTable(
    [t('topShares'), t('customerCount'), `${t('value')} (${input.valueName})`, t('valueShare')],
    a.topShares.map((r) => [
      formatPercent(r.customerShare, Number.isInteger(Math.round(r.customerShare * 1e6) / 1e4) ? 0 : 1),
      num(formatNumber(r.customers, Number.isInteger(r.customers) ? 0 : 1)),
      num(formatMoney(r.value, currency)),
      num(formatPercent(r.valueShare)),
    ]),
  );
  const abc = htmlTable(
    [t('class'), t('customerCount'), t('share'), t('value'), t('valueShare')],
    a.abc.classes.map((c) => [
      c.label,
      num(formatNumber(c.customers)),
      num(formatPercent(c.customerShare)),
      num(formatMoney(c.value, currency)),
      num(formatPercent(c.valueShare)),
    ]),
    t('abcClasses'),
  );
  const neg = a.basis.negatives;
  const negatives =
    neg.customers > 0
      ? `<p class="note">${escapeHtml(t('negatives'))}: ${escapeHtml(formatNumber(neg.customers))} (${escapeHtml(formatMoney(neg.total, currency))})</p>`
      : '';
  let top = '';
  if (input.values !== undefined && input.ids !== undefined && o.topCustomers > 0) {
    const values = input.values;
    const order = Array.from({ length: values.length }, (_, i) => i).sort((x, y) => values[y]! - values[x]! || x - y);
    top = htmlTable(
      ['#', t('customerId'), `${t('value')} (${input.valueName})`],
      order.slice(0, o.topCustomers).map((i, k) => [num(String(k + 1)), String(input.ids![i]), num(formatMoney(values[i]!, currency))]),
      t('topCustomers'),
    );
  }
  return [
    `<p>${escapeHtml(t('concentrationIntro'))}</p>`,
    `<p class="lead" data-kpi="pareto-point"><strong>${escapeHtml(t('paretoPoint'))}:</strong> ${escapeHtml(pointText)}</p>`,
    `<div class="charts">${charts.join('')}</div>`,
    `<div class="tables">${shares}${abc}${top}</div>`,
    negatives,
  ].join('\n');
}

async function rfmSection(ctx: Context, input: NonNullable<ReportInput['rfm']>): Promise<string> {
  const { t, locale, currency } = ctx;
  const charts = [await ctx.chart(rfmHeatmap(input.scores, { locale, currency })), await ctx.chart(segmentSizeChart(input.segments, { locale }))];
  const rows = input.segments.table
    .filter((r) => r.count > 0)
    .map((r): TableCell[] => [
      locale === 'zh-CN' ? r.labelZh : r.label,
      num(formatNumber(r.count)),
      num(formatPercent(r.share)),
      num(r.meanRecencyDays === null ? '–' : formatNumber(r.meanRecencyDays)),
      num(r.meanFrequency === null ? '–' : formatNumber(r.meanFrequency, 2)),
      num(r.meanMonetary === null ? '–' : formatMoney(r.meanMonetary, currency)),
    ]);
  const table = htmlTable([t('segment'), t('customerCount'), t('share'), t('meanRecencyDays'), t('meanFrequency'), t('meanMonetary')], rows);
  return `<p>${escapeHtml(t('rfmIntro'))}</p>\n<div class="charts">${charts.join('')}</div>\n<div class="tables">${table}</div>`;
}

function bandRange(lower: number | null, upper: number | null): string {
  if (lower === null && upper === null) return '–';
  if (lower === null) return `< ${formatNumber(upper!)}`;
  if (upper === null) return `≥ ${formatNumber(lower)}`;
  return `${formatNumber(lower)} – ${formatNumber(upper)}`;
}

async function tiersSection(ctx: Context, input: NonNullable<ReportInput['tiers']>, asOf: string): Promise<string> {
  const { t, locale } = ctx;
  const a = input.assignment;
  const currency = ctx.currency ?? (a.currency === '' ? undefined : a.currency);
  const charts = [await ctx.chart(tierChart(a, { locale, currency }))];
  let migrationText = '';
  if (input.migration !== undefined) {
    const m = input.migration;
    charts.push(await ctx.chart(tierMigrationHeatmap(m, { locale, tiers: a.table.map((r) => ({ key: r.key, label: r.label, labelZh: r.labelZh })) })));
    const text = t('migrationText', {
      up: formatNumber(m.upgrades),
      down: formatNumber(m.downgrades),
      same: formatNumber(m.unchanged),
      new: formatNumber(m.newCustomers),
      lost: formatNumber(m.lostCustomers),
    });
    const since = input.migrationFrom === undefined ? '' : ` (${input.migrationFrom} → ${asOf})`;
    migrationText = `<p><strong>${escapeHtml(t('migration'))}${escapeHtml(since)}:</strong> ${escapeHtml(text)}</p>`;
  }
  const zh = locale === 'zh-CN';
  const table = htmlTable(
    [
      t('tier'),
      `${t('range')} (${a.valueName}${currency === undefined ? '' : `, ${currency}`})`,
      t('customerCount'),
      t('share'),
      t('valueShare'),
      t('serviceLevel'),
    ],
    a.table.map((r) => [
      zh ? r.labelZh : r.label,
      bandRange(r.lower, r.upper),
      num(formatNumber(r.count)),
      num(formatPercent(r.share)),
      num(formatPercent(r.valueShare)),
      zh ? r.serviceLevelZh : r.serviceLevel,
    ]),
  );
  return `<p>${escapeHtml(t('tiersIntro'))}</p>\n${migrationText}\n<div class="charts">${charts.join('')}</div>\n<div class="tables">${table}</div>`;
}

async function clustersSection(ctx: Context, input: NonNullable<ReportInput['clusters']>): Promise<string> {
  const { t, locale, o } = ctx;
  const r = input.result;
  const charts = [await ctx.chart(clusterProfileChart(r, { locale }))];
  if (input.table !== undefined && r.segment !== undefined && r.model !== undefined) {
    charts.push(
      await ctx.chart(
        clusterScatter({ segment: r.segment, profiles: r.profiles, model: r.model }, input.table, { locale, maxPoints: o.maxPoints, seed: o.seed }),
      ),
    );
  }
  const zh = locale === 'zh-CN';
  const hasValue = r.profiles.some((p) => (p as { valueShare?: number }).valueShare !== undefined);
  const table = htmlTable(
    ['#', t('cluster'), t('customerCount'), t('share'), ...(hasValue ? [t('valueShare')] : []), ...r.features],
    r.profiles.map((p) => [
      num(String(p.segment)),
      zh ? p.labelZh : p.label,
      num(formatNumber(p.size)),
      num(formatPercent(p.share)),
      ...(hasValue ? [num(valueShareOf(p) === undefined ? '–' : formatPercent(valueShareOf(p)!))] : []),
      ...p.features.map((f) => num(f.index === null ? 'n/a' : formatNumber(f.index))),
    ]),
  );
  const sil = r.silhouette === null ? '' : ` · ${t('silhouette')} ${formatNumber(r.silhouette, 3)}`;
  return `<p>${escapeHtml(t('clustersIntro'))}</p>\n<p class="note">k = ${r.k}${escapeHtml(sil)}</p>\n<div class="charts">${charts.join('')}</div>\n<div class="tables">${table}</div>`;
}

function valueShareOf(profile: object): number | undefined {
  return (profile as { valueShare?: number }).valueShare;
}

async function modelSection(ctx: Context, input: ReportInput): Promise<string> {
  const { t, locale } = ctx;
  const parts: string[] = [`<p>${escapeHtml(t('modelIntro'))}</p>`];
  const tables: string[] = [];
  for (const fit of [input.models?.transaction, input.models?.spend]) {
    if (fit === undefined) continue;
    const rows: TableCell[][] = Object.entries(fit.params).map(([name, value]) => [
      name,
      num(formatEstimate(value)),
      num(fit.standardErrors?.[name] === undefined ? '–' : formatEstimate(fit.standardErrors[name]!)),
    ]);
    rows.push([t('logLikelihood'), num(formatNumber(fit.logLikelihood, 2)), '']);
    rows.push([t('converged'), `${fit.converged ? t('yes') : t('no')} (${fit.iterations})`, '']);
    rows.push([t('fittedOn'), num(formatNumber(fit.customers)), '']);
    const unit = fit.timeUnit === undefined || fit.timeUnit === null ? '' : ` (${fit.timeUnit})`;
    tables.push(htmlTable([t('parameter'), t('estimate'), t('standardError')], rows, `${fit.kind}${unit}`));
  }
  const charts: string[] = [];
  const h = input.holdout;
  if (h !== undefined) {
    if (h.tracking !== undefined) charts.push(await ctx.chart(trackingChart(h.tracking, { locale })));
    tables.push(
      htmlTable(
        [t('repeatPurchases'), t('customerCount'), t('predictedPerCustomer'), t('actualPerCustomer')],
        h.buckets.map((b) => [b.label, num(formatNumber(b.customers)), num(formatNumber(b.meanPredicted, 2)), num(formatNumber(b.meanActual, 2))]),
        t('holdoutBuckets'),
      ),
    );
    const diff = h.totalActual === 0 ? '–' : `${h.totalPredicted >= h.totalActual ? '+' : ''}${formatPercent(h.totalPredicted / h.totalActual - 1)}`;
    parts.push(
      `<p>${escapeHtml(t('holdoutTotals', { predicted: formatNumber(h.totalPredicted), actual: formatNumber(h.totalActual), diff, mae: formatNumber(h.mae, 2), rmse: formatNumber(h.rmse, 2) }))}</p>`,
    );
  }
  if (input.frequencyRecency !== undefined) {
    charts.push(await ctx.chart(frequencyRecencyHeatmap(input.frequencyRecency, { locale, measure: 'expected' })));
    charts.push(await ctx.chart(frequencyRecencyHeatmap(input.frequencyRecency, { locale, measure: 'probabilityAlive' })));
  }
  if (charts.length > 0) parts.push(`<div class="charts">${charts.join('')}</div>`);
  if (tables.length > 0) parts.push(`<div class="tables">${tables.join('')}</div>`);
  return parts.join('\n');
}

const UNIT_ZH: Readonly<Record<string, string>> = { day: '天', week: '周', month: '个月', year: '年', period: '期' };

async function clvSection(ctx: Context, input: NonNullable<ReportInput['clv']>): Promise<string> {
  const { t, currency, o } = ctx;
  const r = input.result;
  const n = r.clv.length;
  if (input.customerId.length !== n)
    throw new ClvkitError('LENGTH_MISMATCH', `customerId has ${input.customerId.length} entries, expected ${n}`, {
      fn: 'renderReport',
      column: 'clv.customerId',
    });
  const sorted = Float64Array.from(r.clv).sort();
  let total = 0;
  for (let i = 0; i < n; i++) total += r.clv[i]!;
  const median = n === 0 ? Number.NaN : n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const { value: span, unit } = r.assumptions.horizon;
  const horizon = ctx.locale === 'zh-CN' ? `${formatNumber(span)} ${UNIT_ZH[unit] ?? unit}` : `${formatNumber(span)} ${unit}${span === 1 ? '' : 's'}`;
  const cards = [
    kpi('clv-total', t('clvTotal'), formatMoney(total, currency)),
    kpi('clv-mean', t('meanClv'), formatMoney(n === 0 ? Number.NaN : total / n, currency)),
    kpi('clv-median', t('clvMedian'), formatMoney(median, currency)),
    kpi('clv-horizon', t('clvHorizon'), horizon),
  ];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => r.clv[b]! - r.clv[a]! || a - b);
  const pAlive = input.pAlive;
  const table = htmlTable(
    ['#', t('customerId'), t('expectedTransactions'), ...(pAlive === undefined ? [] : [t('pAlive')]), t('clvValue')],
    order
      .slice(0, o.topCustomers)
      .map((i, k) => [
        num(String(k + 1)),
        String(input.customerId[i]),
        num(formatNumber(r.expectedTransactions[i]!, 2)),
        ...(pAlive === undefined ? [] : [num(formatPercent(pAlive[i]!))]),
        num(formatMoney(r.clv[i]!, currency)),
      ]),
    t('topCustomers'),
  );
  return `<p>${escapeHtml(t('clvIntro'))}</p>\n<div class="kpis">${cards.join('')}</div>\n<div class="tables">${table}</div>`;
}

async function valueSection(ctx: Context, input: NonNullable<ReportInput['value']>): Promise<string> {
  const { t, locale, currency, o } = ctx;
  const m = input.matrix;
  const charts = [await ctx.chart(valueMatrixChart(input, m, { locale, currency, maxPoints: o.maxPoints, seed: o.seed, ids: input.customerId }))];
  if (input.tier !== undefined) {
    const tiers = input.tiers ?? [];
    const groupLabels = Object.fromEntries(tiers.map((d) => [d.key, locale === 'zh-CN' ? d.labelZh : d.label]));
    charts.push(await ctx.chart(clvPartsChart(input, { locale, currency, groups: input.tier, groupOrder: tiers.map((d) => d.key), groupLabels })));
  }
  const zh = locale === 'zh-CN';
  const table = htmlTable(
    [t('cell'), t('customerCount'), t('share'), t('valueShare'), t('treatment'), t('channel')],
    m.table.map((r) => [
      zh ? r.labelZh : r.label,
      num(formatNumber(r.count)),
      num(formatPercent(r.share)),
      num(formatPercent(r.valueShare)),
      zh ? r.treatmentZh : r.treatment,
      zh ? r.channelZh : r.channel,
    ]),
  );
  const thresholds = t('thresholds', { current: formatMoney(m.thresholds.current, currency), future: formatMoney(m.thresholds.future, currency) });
  const tierName = Object.fromEntries((input.tiers ?? []).map((d) => [d.key, zh ? d.labelZh : d.label]));
  const retention =
    input.retention === undefined
      ? ''
      : `\n<p class="note">${escapeHtml(
          t(input.retention.model === 'sbg' ? 'retentionSbg' : 'retentionRatio', {
            rates: Object.entries(input.retention.monthlyRate)
              .map(([tier, rate]) => `${tierName[tier] ?? tier} ${formatPercent(rate ** 12)}`)
              .join(zh ? '，' : ', '),
          }),
        )}</p>`;
  return `<p>${escapeHtml(t('valueMatrixIntro'))}</p>\n<p class="note">${escapeHtml(thresholds)}</p>${retention}\n<div class="charts">${charts.join('')}</div>\n<div class="tables">${table}</div>`;
}
