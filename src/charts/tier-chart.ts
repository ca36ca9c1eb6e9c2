import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { finiteValues, requireRows } from './chart-data.js';
import { chartLabel, percentText } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, moneyTitle, type VegaLiteSpec } from './chart-spec.js';

const tierChartSchema = z.strictObject({ ...baseChartShape });

export type TierChartOptions = z.input<typeof tierChartSchema>;

/** The part of a {@link TierAssignment} the tier chart reads. */
export interface TierChartInput {
  readonly currency?: string;
  readonly table: readonly {
    readonly key: string;
    readonly label: string;
    readonly labelZh: string;
    readonly serviceLevel: string;
    readonly serviceLevelZh: string;
    readonly count: number;
    readonly share: number;
    readonly totalValue: number;
    readonly valueShare: number;
  }[];
}

/**
 * The tier distribution: one bar per tier (lowest at the bottom) with its customers, each labelled with
 * its share of customers, its share of the book's value and the service level the tier gets. Empty
 * tiers keep their row, so the ladder is complete. The currency defaults to the assignment's.
 *
 * @throws EMPTY_INPUT no tiers; INVALID_VALUE a non-finite count or value; INVALID_OPTIONS bad options.
 * @example
 * const spec = tierChart(assignTiers([150_000, 250_000, 2_500_000]));
 * spec.data.values[0].label; // '33.3% of customers, 5.2% of value — Branch counters and electronic channels'
 */
export function tierChart(tiers: TierChartInput, options: TierChartOptions = {}): VegaLiteSpec {
  const fn = 'tierChart';
  const o = parseOptions(tierChartSchema, options, fn);
  const zh = o.locale === 'zh-CN';
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const currency = o.currency ?? (tiers.currency === '' ? undefined : tiers.currency);
  requireRows(tiers.table.length, 'tiers', fn);
  const values = tiers.table.map((row, i) => {
    const [customers, share, value, valueShare] = finiteValues([row.count, row.share, row.totalValue, row.valueShare], `table.${i}`, fn) as [
      number,
      number,
      number,
      number,
    ];
    const tier = zh ? row.labelZh : row.label;
    const serviceLevel = zh ? row.serviceLevelZh : row.serviceLevel;
    const shares = zh
      ? `客户 ${percentText(share)}，价值 ${percentText(valueShare)}`
      : `${percentText(share)} of customers, ${percentText(valueShare)} of value`;
    return { order: i, key: row.key, tier, serviceLevel, customers, share, value, valueShare, label: `${shares} — ${serviceLevel}` };
  });
  const order = [...values].reverse().map((v) => v.tier);
  const y = { field: 'tier', type: 'nominal', title: t('tier'), sort: order };
  const description = `Customers per tier (${values.length} tiers, highest first) with shares of customers and value and each tier's service level.`;
  return makeSpec(
    o,
    { title: t('tierTitle'), width: 300, height: Math.max(120, values.length * 34), description },
    {
      data: { values },
      layer: [
        {
          mark: { type: 'bar', color: '#2b8c6e' },
          encoding: {
            y,
            x: { field: 'customers', type: 'quantitative', title: t('customers'), axis: { format: FORMATS.count } },
            tooltip: [
              { field: 'tier', type: 'nominal', title: t('tier') },
              { field: 'customers', type: 'quantitative', title: t('customers'), format: FORMATS.count },
              { field: 'share', type: 'quantitative', title: t('share'), format: FORMATS.percent },
              { field: 'value', type: 'quantitative', title: moneyTitle(t('value'), currency), format: FORMATS.money },
              { field: 'valueShare', type: 'quantitative', title: t('valueShareOfBook'), format: FORMATS.percent },
              { field: 'serviceLevel', type: 'nominal', title: t('serviceLevel') },
            ],
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333333' },
          encoding: { y, x: { field: 'customers', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  );
}
