import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { chartLabel } from './chart-labels.js';
import { baseChartShape, COMPACT_LABELS, FORMATS, makeSpec, moneyTitle, type VegaLiteSpec } from './chart-spec.js';

const rfmHeatmapSchema = z.strictObject({ ...baseChartShape });

export type RfmHeatmapOptions = z.input<typeof rfmHeatmapSchema>;

/** The part of {@link RfmScores} the heatmap reads. */
export interface RfmHeatmapInput {
  readonly bins: number;
  readonly recencyScore: ArrayLike<number>;
  readonly frequencyScore: ArrayLike<number>;
  readonly monetary: ArrayLike<number>;
}

/** One heatmap cell: the customers with recency score r and frequency score f. */
export interface RfmHeatmapCell {
  readonly recencyScore: number;
  readonly frequencyScore: number;
  readonly customers: number;
  readonly meanMonetary: number;
}

/**
 * The R rfm package's signature chart, as Vega-Lite: recency score (x) × frequency score (y), each cell
 * coloured by the mean monetary value of its customers and labelled with their count. Only cells with
 * customers are drawn (an empty cell has no mean); the spec's description says how many are empty.
 *
 * @throws EMPTY_INPUT no customers; LENGTH_MISMATCH score columns of different lengths; INVALID_VALUE a
 *   score outside 1..bins or a non-finite monetary value; INVALID_OPTIONS bad options.
 * @example
 * // summary: the weekly summary of the bundled book (fixtures/bank)
 * const spec = rfmHeatmap(rfmScores(summary, { bins: 5 }));
 * spec.data.values[0]; // { recencyScore: 1, frequencyScore: 1, customers: 503, meanMonetary: 4710.770298210735 }
 */
export function rfmHeatmap(scores: RfmHeatmapInput, options: RfmHeatmapOptions = {}): VegaLiteSpec {
  const fn = 'rfmHeatmap';
  const o = parseOptions(rfmHeatmapSchema, options, fn);
  const cells = rfmHeatmapCells(scores, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const bins = scores.bins;
  const scoresDomain = Array.from({ length: bins }, (_, i) => i + 1);
  const description = `RFM heatmap: ${cells.length} of ${bins * bins} recency × frequency score cells have customers; colour = mean monetary value, label = customers.`;
  const encodeXY = {
    x: { field: 'recencyScore', type: 'ordinal', title: t('recencyScore'), scale: { domain: scoresDomain }, axis: { labelAngle: 0 } },
    y: { field: 'frequencyScore', type: 'ordinal', title: t('frequencyScore'), scale: { domain: [...scoresDomain].reverse() } },
  };
  let low = Infinity;
  let high = -Infinity;
  for (const c of cells) {
    low = Math.min(low, c.meanMonetary);
    high = Math.max(high, c.meanMonetary);
  }
  // Labels turn white on the darker half of the colour ramp.
  const darkFrom = low + 0.55 * (high - low);
  const size = Math.max(200, Math.min(480, bins * 64));
  return makeSpec(
    o,
    { title: t('rfmHeatmapTitle'), width: size, height: size, description },
    {
      data: { values: cells },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            ...encodeXY,
            color: {
              field: 'meanMonetary',
              type: 'quantitative',
              title: moneyTitle(t('meanMonetary'), o.currency),
              scale: { scheme: 'blues' },
              legend: COMPACT_LABELS,
            },
            tooltip: [
              { field: 'recencyScore', type: 'ordinal', title: t('recencyScore') },
              { field: 'frequencyScore', type: 'ordinal', title: t('frequencyScore') },
              { field: 'customers', type: 'quantitative', title: t('customers'), format: FORMATS.count },
              { field: 'meanMonetary', type: 'quantitative', title: moneyTitle(t('meanMonetary'), o.currency), format: FORMATS.money },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            ...encodeXY,
            text: { field: 'customers', type: 'quantitative', format: FORMATS.count },
            color: { condition: { test: `datum.meanMonetary > ${JSON.stringify(darkFrom)}`, value: 'white' }, value: '#222222' },
          },
        },
      ],
    },
  );
}

/** The non-empty cells of the recency × frequency score grid, recency then frequency ascending. @internal */
export function rfmHeatmapCells(scores: RfmHeatmapInput, fn: string): RfmHeatmapCell[] {
  const n = scores.recencyScore.length;
  requireRows(n, 'customers', fn);
  requireLength(scores.frequencyScore, n, 'frequencyScore', fn);
  requireLength(scores.monetary, n, 'monetary', fn);
  const bins = scores.bins;
  if (!Number.isInteger(bins) || bins < 1 || bins > 100)
    throw new ClvkitError('INVALID_VALUE', 'bins must be an integer in 1..100', { fn, column: 'bins', value: bins });
  const monetary = finiteValues(scores.monetary, 'monetary', fn);
  const count = new Float64Array(bins * bins);
  const sum = new Float64Array(bins * bins);
  for (let i = 0; i < n; i++) {
    const r = scores.recencyScore[i]!;
    const f = scores.frequencyScore[i]!;
    if (!Number.isInteger(r) || r < 1 || r > bins)
      throw new ClvkitError('INVALID_VALUE', `score must be an integer in 1..${bins}`, { fn, column: 'recencyScore', index: i, value: r });
    if (!Number.isInteger(f) || f < 1 || f > bins)
      throw new ClvkitError('INVALID_VALUE', `score must be an integer in 1..${bins}`, { fn, column: 'frequencyScore', index: i, value: f });
    const c = (r - 1) * bins + (f - 1);
    count[c]! += 1;
    sum[c]! += monetary[i]!;
  }
  const cells: RfmHeatmapCell[] = [];
  for (let c = 0; c < bins * bins; c++) {
    if (count[c] === 0) continue;
    cells.push({ recencyScore: Math.floor(c / bins) + 1, frequencyScore: (c % bins) + 1, customers: count[c]!, meanMonetary: sum[c]! / count[c]! });
  }
  return cells;
}
