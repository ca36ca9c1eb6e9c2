import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { chartLabel } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';

const tierMigrationHeatmapSchema = z.strictObject({
  ...baseChartShape,
  /** Tier names by key, e.g. a {@link TierAssignment}'s `table` (labels in the chosen locale); default the keys. */
  tiers: z.array(z.object({ key: z.string(), label: z.string(), labelZh: z.string() })).optional(),
});

export type TierMigrationHeatmapOptions = z.input<typeof tierMigrationHeatmapSchema>;

/** The part of a {@link TierMigration} the heatmap reads. */
export interface TierMigrationInput {
  readonly tiers: readonly string[];
  readonly counts: readonly (readonly number[])[];
  readonly rowShares: readonly (readonly number[])[];
}

/**
 * Tier migration between two dates as a heatmap: from-tier rows × to-tier columns, each cell coloured by
 * its share of the from-tier's customers (rows sum to 1) and labelled with its count; the diagonal is
 * customers who stayed. Every cell is drawn, empty ones too.
 *
 * @throws EMPTY_INPUT no tiers; LENGTH_MISMATCH a matrix that is not tiers × tiers; INVALID_VALUE a non-finite
 *   count or share; INVALID_OPTIONS bad options.
 * @example
 * const spec = tierMigrationHeatmap({ tiers: ['mass', 'affluent'], counts: [[8, 2], [1, 4]], rowShares: [[0.8, 0.2], [0.2, 0.8]] });
 * spec.data.values[1]; // { from: 'mass', to: 'affluent', customers: 2, rowShare: 0.2, fromOrder: 0, toOrder: 1 }
 */
export function tierMigrationHeatmap(migration: TierMigrationInput, options: TierMigrationHeatmapOptions = {}): VegaLiteSpec {
  const fn = 'tierMigrationHeatmap';
  const o = parseOptions(tierMigrationHeatmapSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const k = migration.tiers.length;
  requireRows(k, 'tiers', fn);
  requireLength(migration.counts, k, 'counts', fn);
  requireLength(migration.rowShares, k, 'rowShares', fn);
  const names = migration.tiers.map((key) => {
    const d = o.tiers?.find((x) => x.key === key);
    if (o.tiers !== undefined && d === undefined)
      throw new ClvkitError('INVALID_OPTIONS', `no tier named ${key} in options.tiers`, { fn, path: ['tiers'], value: key });
    return d === undefined ? key : o.locale === 'zh-CN' ? d.labelZh : d.label;
  });
  const values: { from: string; to: string; customers: number; rowShare: number; fromOrder: number; toOrder: number }[] = [];
  for (let i = 0; i < k; i++) {
    const counts = migration.counts[i]!;
    const shares = migration.rowShares[i]!;
    requireLength(counts, k, `counts.${i}`, fn);
    requireLength(shares, k, `rowShares.${i}`, fn);
    const c = finiteValues(counts, `counts.${i}`, fn);
    const s = finiteValues(shares, `rowShares.${i}`, fn);
    for (let j = 0; j < k; j++) values.push({ from: names[i]!, to: names[j]!, customers: c[j]!, rowShare: s[j]!, fromOrder: i, toOrder: j });
  }
  const size = Math.max(180, Math.min(520, k * 70));
  const encodeXY = {
    x: { field: 'to', type: 'nominal', title: t('toTier'), sort: names, axis: { labelAngle: -30 } },
    y: { field: 'from', type: 'nominal', title: t('fromTier'), sort: names },
  };
  const description = `Tier migration: ${k} × ${k} cells, colour = share of the from-tier's customers, label = customers.`;
  return makeSpec(
    o,
    { title: t('migrationTitle'), width: size, height: size, description },
    {
      data: { values },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            ...encodeXY,
            color: {
              field: 'rowShare',
              type: 'quantitative',
              title: t('rowShare'),
              scale: { scheme: 'greens', domain: [0, 1] },
              legend: { format: FORMATS.percentAxis },
            },
            tooltip: [
              { field: 'from', type: 'nominal', title: t('fromTier') },
              { field: 'to', type: 'nominal', title: t('toTier') },
              { field: 'customers', type: 'quantitative', title: t('customers'), format: FORMATS.count },
              { field: 'rowShare', type: 'quantitative', title: t('rowShare'), format: FORMATS.percent },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            ...encodeXY,
            text: { field: 'customers', type: 'quantitative', format: FORMATS.count },
            color: { condition: { test: 'datum.rowShare > 0.6', value: 'white' }, value: '#333333' },
          },
        },
      ],
    },
  );
}
