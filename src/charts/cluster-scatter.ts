import { z } from 'zod';
import { applyFeatureTransform, type FeatureTransform } from '../clustering/feature-transform.js';
import { ClvkitError } from '../errors.js';
import { createRandom } from '../random.js';
import { parseOptions } from '../validate.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { chartLabel, percentText } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';
import { principalComponents } from './principal-components.js';

const clusterScatterSchema = z.strictObject({
  ...baseChartShape,
  /** Two feature columns to plot in original units; default the first two principal components of the scaled features. */
  features: z.tuple([z.string().min(1), z.string().min(1)]).optional(),
  /** Most customers drawn (a seeded uniform sample beyond it; the PCA always uses every customer). Default 2000. */
  maxPoints: z.number().int().min(10).max(1_000_000).default(2000),
  /** Seed of the sample. */
  seed: z.number().int().default(1),
});

export type ClusterScatterOptions = z.input<typeof clusterScatterSchema>;

/** The part of a {@link SegmentResult} the scatter reads. */
export interface ClusterScatterInput {
  readonly segment: ArrayLike<number>;
  readonly profiles: readonly { readonly segment: number; readonly label: string; readonly labelZh: string }[];
  readonly model: { readonly features: readonly FeatureTransform[] };
}

/** A table of feature columns, as given to segmentCustomers. */
export type ClusterScatterTable = Readonly<Record<string, ArrayLike<number> | readonly (string | number)[]>>;

/**
 * Customers as points coloured by cluster, in two dimensions: two chosen features (original units) or, by
 * default, the first two principal components of the features scaled exactly as k-means saw them (the
 * model's log1p and z-score/robust transforms), with each axis titled by its share of variance. Large
 * books are drawn as a seeded uniform sample of `maxPoints` customers (stated in the description); the
 * principal components are computed on all customers.
 *
 * @throws EMPTY_INPUT no customers; LENGTH_MISMATCH a column of another length; MISSING_COLUMN a feature not
 *   in the table; INVALID_VALUE a non-finite value or unknown cluster; TOO_FEW_VALUES one customer (PCA);
 *   INVALID_OPTIONS bad options.
 * @example
 * const table = { aum: [1000, 1200, 900, 90000, 110000, 100000], activity: [30, 25, 35, 3, 2, 4] };
 * const spec = clusterScatter(segmentCustomers(table, { features: ['aum', 'activity'], money: ['aum'], k: 2, seed: 1 }), table, { seed: 7 });
 * spec.description; // 'Customers by cluster on the first two principal components of 2 scaled features (100.0% of variance); all 6 customers drawn.'
 */
export function clusterScatter(clusters: ClusterScatterInput, table: ClusterScatterTable, options: ClusterScatterOptions = {}): VegaLiteSpec {
  const fn = 'clusterScatter';
  const o = parseOptions(clusterScatterSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const n = clusters.segment.length;
  requireRows(n, 'customers', fn);
  const names = new Map<number, string>();
  for (const p of clusters.profiles) names.set(p.segment, `#${p.segment} ${o.locale === 'zh-CN' ? p.labelZh : p.label}`);
  const column = (name: string): number[] => {
    const col = table[name];
    if (col === undefined) throw new ClvkitError('MISSING_COLUMN', 'feature column not in the table', { fn, column: name });
    requireLength(col, n, name, fn);
    return finiteValues(col as ArrayLike<number>, name, fn);
  };
  let x: ArrayLike<number>;
  let y: ArrayLike<number>;
  let xTitle: string;
  let yTitle: string;
  let what: string;
  if (o.features !== undefined) {
    [xTitle, yTitle] = o.features;
    x = column(xTitle);
    y = column(yTitle);
    what = `features ${xTitle} and ${yTitle}`;
  } else {
    const transforms = clusters.model.features;
    const d = transforms.length;
    if (d < 2) throw new ClvkitError('TOO_FEW_VALUES', 'two principal components need at least 2 features', { fn });
    const scaled = new Float64Array(n * d);
    transforms.forEach((f, j) => {
      const col = column(f.column);
      for (let i = 0; i < n; i++) scaled[i * d + j] = applyFeatureTransform(f, col[i]!);
    });
    const pca = principalComponents(scaled, n, d, { components: 2 });
    x = Float64Array.from({ length: n }, (_, i) => pca.scores[i * 2]!);
    y = Float64Array.from({ length: n }, (_, i) => pca.scores[i * 2 + 1]!);
    xTitle = `${t('pc')} 1 (${percentText(pca.explained[0]!)} ${t('explained')})`;
    yTitle = `${t('pc')} 2 (${percentText(pca.explained[1]!)} ${t('explained')})`;
    what = `the first two principal components of ${d} scaled features (${percentText(pca.explained[0]! + pca.explained[1]!)} of variance)`;
  }
  const rows = sampleRows(n, o.maxPoints, o.seed);
  const values = rows.map((i) => {
    const s = clusters.segment[i]!;
    const cluster = names.get(s);
    if (cluster === undefined) throw new ClvkitError('INVALID_VALUE', 'segment has no profile', { fn, column: 'segment', index: i, value: s });
    return { x: x[i]!, y: y[i]!, cluster };
  });
  const drawn = rows.length < n ? `${rows.length} of ${n} customers drawn (seeded uniform sample, seed ${o.seed})` : `all ${n} customers drawn`;
  const description = `Customers by cluster on ${what}; ${drawn}.`;
  const order = clusters.profiles.map((p) => names.get(p.segment)!);
  return makeSpec(
    o,
    { title: t('clusterScatterTitle'), width: 420, height: 320, description },
    {
      data: { values },
      mark: { type: 'circle', size: 14, opacity: 0.6 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false }, axis: { format: '~s' } },
        y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false }, axis: { format: '~s' } },
        color: { field: 'cluster', type: 'nominal', title: t('cluster'), sort: order, scale: { scheme: 'tableau10' } },
        tooltip: [
          { field: 'cluster', type: 'nominal', title: t('cluster') },
          { field: 'x', type: 'quantitative', title: xTitle, format: FORMATS.decimal },
          { field: 'y', type: 'quantitative', title: yTitle, format: FORMATS.decimal },
        ],
      },
    },
  );
}

/** Row indices to draw: all when n ≤ max, else a seeded uniform sample of `max` (partial Fisher–Yates), ascending. @internal */
export function sampleRows(n: number, max: number, seed: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const rng = createRandom(seed);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  for (let j = 0; j < max; j++) {
    const k = j + rng.int(n - j);
    const tmp = pool[j]!;
    pool[j] = pool[k]!;
    pool[k] = tmp;
  }
  return Array.from(pool.subarray(0, max)).sort((a, b) => a - b);
}
