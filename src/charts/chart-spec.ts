import { z } from 'zod';
import { withChartDisplay } from './chart-display.js';

/**
 * What every chart function returns: a Vega-Lite v6 specification as plain JSON (no functions, no
 * typed arrays), with its data embedded in `data.values`. Display it in a notebook, restyle it, or
 * render it to SVG with {@link renderSvg}.
 */
export interface VegaLiteSpec {
  readonly $schema: string;
  /** What the chart shows, including any downsampling or sampling of the data. */
  readonly description: string;
  readonly [key: string]: unknown;
}

/** The Vega-Lite v6 JSON schema URL every spec names (never fetched by clvkit). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Chart locales: English and Simplified Chinese labels. */
export const CHART_LOCALES = ['en', 'zh-CN'] as const;
export type ChartLocale = (typeof CHART_LOCALES)[number];

/**
 * Fonts that exist on every desktop OS, then the common CJK families, then the generic family: the
 * SVG never depends on a web font or on one installed system font.
 */
export const CHART_FONT =
  "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

/** The options every chart takes; each chart's schema extends these. */
export const baseChartShape = {
  /** Label language (default `en`). */
  locale: z.enum(CHART_LOCALES).default('en'),
  /** Chart title; default a title in the chosen locale. */
  title: z.string().max(200).optional(),
  /** Plot width and height in pixels. */
  width: z.number().int().min(50).max(5000).optional(),
  height: z.number().int().min(50).max(5000).optional(),
  /** Currency code shown in money axis titles and tooltips, e.g. `CNY` (never converted). */
  currency: z.string().min(1).max(12).optional(),
};

/** The parsed base options. */
export interface BaseChartOptions {
  readonly locale: ChartLocale;
  readonly title?: string | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  readonly currency?: string | undefined;
}

/** d3-format patterns used by every chart (locale-free: the same digits in every runtime). */
export const FORMATS = {
  /** Money and counts with thousands separators, no decimals. */
  money: ',.0f',
  /** Compact axis labels: 1.2M, 350k. */
  compact: '~s',
  count: ',d',
  percent: '.1%',
  percentAxis: '.0%',
  decimal: ',.2f',
} as const;

/**
 * Compact axis or legend labels (1.2M, 350k, 0) formatted tick by tick: a plain `format: '~s'` would
 * give every tick the largest tick's SI prefix (0.1k, 0k).
 */
export const COMPACT_LABELS = { labelExpr: "format(datum.value, '~s')" } as const;

/** A money field title with its currency, e.g. `Mean monetary value (CNY)`. */
export function moneyTitle(title: string, currency: string | undefined): string {
  return currency === undefined ? title : `${title} (${currency})`;
}

/**
 * Assemble a top-level spec: schema, description, title, size, the shared look (fonts, white
 * background) and the chart's own body.
 */
export function makeSpec(
  options: BaseChartOptions,
  defaults: { readonly title: string; readonly width: number; readonly height: number; readonly description: string },
  body: Record<string, unknown>,
): VegaLiteSpec {
  return withChartDisplay({
    $schema: VEGA_LITE_SCHEMA,
    description: defaults.description,
    title: { text: options.title ?? defaults.title, anchor: 'start', fontSize: 15 },
    width: options.width ?? defaults.width,
    height: options.height ?? defaults.height,
    background: 'white',
    padding: 8,
    config: {
      font: CHART_FONT,
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 12, grid: false, labelLimit: 400 },
      axisQuantitative: { grid: true, gridColor: '#eeeeee' },
      legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400, titleLimit: 400 },
    },
    ...body,
  });
}
