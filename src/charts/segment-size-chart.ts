import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { finiteValues, requireRows } from './chart-data.js';
import { chartLabel, percentText } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';

const segmentSizeChartSchema = z.strictObject({
  ...baseChartShape,
  /** Leave out segments with no customers (default true). */
  hideEmpty: z.boolean().default(true),
});

export type SegmentSizeChartOptions = z.input<typeof segmentSizeChartSchema>;

/** A segment table, e.g. {@link RfmSegments} (its `table`). */
export interface SegmentSizeInput {
  readonly table: readonly { readonly label: string; readonly labelZh?: string; readonly count: number; readonly share: number }[];
}

/**
 * Segment sizes as horizontal bars, largest first, each labelled with its share of customers; segment
 * names in the chosen locale (`labelZh` for zh-CN when present).
 *
 * @throws EMPTY_INPUT no segments (or none with customers when `hideEmpty`); INVALID_VALUE a non-finite
 *   count or share; INVALID_OPTIONS bad options.
 * @example
 * const spec = segmentSizeChart({ table: [{ label: 'Champions', labelZh: '重要价值客户', count: 30, share: 0.3 }, { label: 'Lost', labelZh: '流失客户', count: 70, share: 0.7 }] });
 * spec.data.values; // [{ segment: 'Lost', customers: 70, share: 0.7, shareText: '70.0%' }, { segment: 'Champions', customers: 30, share: 0.3, shareText: '30.0%' }]
 */
export function segmentSizeChart(segments: SegmentSizeInput, options: SegmentSizeChartOptions = {}): VegaLiteSpec {
  const fn = 'segmentSizeChart';
  const o = parseOptions(segmentSizeChartSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const rows = segments.table
    .map((row, i) => {
      const [count, share] = finiteValues([row.count, row.share], `table.${i}`, fn) as [number, number];
      const segment = o.locale === 'zh-CN' && row.labelZh !== undefined ? row.labelZh : row.label;
      return { segment, customers: count, share, shareText: percentText(share) };
    })
    .filter((r) => !o.hideEmpty || r.customers > 0)
    .sort((a, b) => b.customers - a.customers);
  requireRows(rows.length, 'segments', fn);
  const description = `Customers per segment (${rows.length} segments), largest first; labels give the share of customers.`;
  const y = { field: 'segment', type: 'nominal', title: null, sort: rows.map((r) => r.segment) };
  return makeSpec(
    o,
    { title: t('segmentSizeTitle'), width: 380, height: Math.max(120, rows.length * 24), description },
    {
      data: { values: rows },
      layer: [
        {
          mark: { type: 'bar', color: '#1f6fb2' },
          encoding: {
            y,
            x: { field: 'customers', type: 'quantitative', title: t('customers'), axis: { format: FORMATS.count } },
            tooltip: [
              { field: 'segment', type: 'nominal', title: t('segment') },
              { field: 'customers', type: 'quantitative', title: t('customers'), format: FORMATS.count },
              { field: 'share', type: 'quantitative', title: t('share'), format: FORMATS.percent },
            ],
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333333' },
          encoding: { y, x: { field: 'customers', type: 'quantitative' }, text: { field: 'shareText', type: 'nominal' } },
        },
      ],
    },
  );
}
