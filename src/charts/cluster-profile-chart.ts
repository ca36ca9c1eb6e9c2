import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { requireRows } from './chart-data.js';
import { chartLabel, percentText } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';
import { ClvkitError } from '../errors.js';

const clusterProfileChartSchema = z.strictObject({ ...baseChartShape });

export type ClusterProfileChartOptions = z.input<typeof clusterProfileChartSchema>;

/** The part of a {@link SegmentResult} the profile chart reads. */
export interface ClusterProfileInput {
  readonly profiles: readonly {
    readonly segment: number;
    readonly label: string;
    readonly labelZh: string;
    readonly size: number;
    readonly share: number;
    readonly features: readonly { readonly column: string; readonly mean: number; readonly index: number | null }[];
  }[];
}

/**
 * Cluster profiles as a heatmap: one row per cluster (named in the chosen locale, with its share of
 * customers), one column per feature, each cell coloured by the feature index 100 · cluster mean / base
 * mean on a diverging scale centred on 100 (the average customer) and labelled with the index. A feature
 * whose base mean is 0 has no index: its cell is drawn blank with the label "n/a".
 *
 * @throws EMPTY_INPUT no clusters or no features; INVALID_VALUE a non-finite index or mean; INVALID_OPTIONS bad options.
 * @example
 * const table = { aum: [1000, 1200, 900, 90000, 110000, 100000], activity: [30, 25, 35, 3, 2, 4] };
 * const spec = clusterProfileChart(segmentCustomers(table, { features: ['aum', 'activity'], money: ['aum'], k: 2, seed: 1 }));
 * spec.data.values[0]; // { cluster: '#0 low assets, high activity (50.0%)', feature: 'aum', index: 2.045529528208512, indexText: '2', mean: 1033.3333333333333 }
 */
export function clusterProfileChart(clusters: ClusterProfileInput, options: ClusterProfileChartOptions = {}): VegaLiteSpec {
  const fn = 'clusterProfileChart';
  const o = parseOptions(clusterProfileChartSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  requireRows(clusters.profiles.length, 'clusters', fn);
  const features = clusters.profiles[0]!.features.map((f) => f.column);
  requireRows(features.length, 'features', fn);
  const names: string[] = [];
  const values = clusters.profiles.flatMap((p, i) => {
    const name = `#${p.segment} ${o.locale === 'zh-CN' ? p.labelZh : p.label} (${percentText(p.share)})`;
    names.push(name);
    return p.features.map((f) => {
      if ((f.index !== null && !Number.isFinite(f.index)) || !Number.isFinite(f.mean)) {
        throw new ClvkitError('INVALID_VALUE', 'expected a finite index and mean', { fn, column: f.column, index: i, value: f.index });
      }
      return { cluster: name, feature: f.column, index: f.index, indexText: f.index === null ? 'n/a' : f.index.toFixed(0), mean: f.mean };
    });
  });
  let top = 200;
  for (const v of values) if (v.index !== null && v.index > top) top = v.index;
  const encodeXY = {
    x: { field: 'feature', type: 'nominal', title: t('feature'), sort: features, axis: { labelAngle: -30 } },
    y: { field: 'cluster', type: 'nominal', title: null, sort: names },
  };
  const description = `Cluster profiles: ${names.length} clusters × ${features.length} features; colour and label = index (100 = base mean), diverging at 100.`;
  return makeSpec(
    o,
    { title: t('clusterProfileTitle'), width: Math.max(200, features.length * 80), height: Math.max(120, names.length * 36), description },
    {
      data: { values },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            ...encodeXY,
            color: {
              field: 'index',
              type: 'quantitative',
              title: t('index'),
              scale: { scheme: 'redblue', reverse: true, domain: [0, top], domainMid: 100, clamp: true },
            },
            tooltip: [
              { field: 'cluster', type: 'nominal', title: t('cluster') },
              { field: 'feature', type: 'nominal', title: t('feature') },
              { field: 'index', type: 'quantitative', title: t('index'), format: ',.0f' },
              { field: 'mean', type: 'quantitative', title: 'mean', format: FORMATS.decimal },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            ...encodeXY,
            text: { field: 'indexText', type: 'nominal' },
            // White on the saturated ends of the diverging ramp.
            color: {
              condition: { test: `datum.index !== null && (datum.index < 40 || datum.index > ${100 + 0.6 * (top - 100)})`, value: 'white' },
              value: '#222222',
            },
          },
        },
      ],
    },
  );
}
