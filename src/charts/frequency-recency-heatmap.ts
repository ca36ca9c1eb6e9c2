import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { chartLabel } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';

const frequencyRecencyHeatmapSchema = z.strictObject({
  ...baseChartShape,
  /** Which matrix to draw: expected transactions in the next `t` (default) or P(alive). */
  measure: z.enum(['expected', 'probabilityAlive']).default('expected'),
});

export type FrequencyRecencyHeatmapOptions = z.input<typeof frequencyRecencyHeatmapSchema>;

/** The part of a {@link FrequencyRecencyMatrix} the heatmap reads. */
export interface FrequencyRecencyInput {
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: number;
  readonly t: number;
  readonly rows: number;
  readonly columns: number;
  readonly expected: ArrayLike<number>;
  readonly probabilityAlive: ArrayLike<number>;
}

/**
 * lifetimes' frequency/recency and probability-alive plots as one Vega-Lite heatmap: frequency x (rows,
 * highest at the top) × recency t_x (columns), each cell coloured by E[Y(t) | x, t_x, T] or by
 * P(alive | x, t_x, T) from a {@link frequencyRecencyMatrix}. Every cell of the matrix is drawn.
 *
 * @throws EMPTY_INPUT an empty matrix; LENGTH_MISMATCH arrays that do not match rows × columns;
 *   INVALID_VALUE a non-finite cell or a probability outside [0, 1]; INVALID_OPTIONS bad options.
 * @example
 * // model: BG/NBD with the CDNOW estimates r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259 (modelFromJSON)
 * const spec = frequencyRecencyHeatmap(frequencyRecencyMatrix(model, { T: 38.86, maxFrequency: 2, recencySteps: 2, t: 39 }));
 * spec.data.values[3]; // { frequency: 1, recency: 38.86, value: 0.7217921818702605 }
 */
export function frequencyRecencyHeatmap(matrix: FrequencyRecencyInput, options: FrequencyRecencyHeatmapOptions = {}): VegaLiteSpec {
  const fn = 'frequencyRecencyHeatmap';
  const o = parseOptions(frequencyRecencyHeatmapSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const { rows, columns } = matrix;
  requireRows(rows * columns, 'matrix cells', fn);
  requireLength(matrix.frequency, rows, 'frequency', fn);
  requireLength(matrix.recency, columns, 'recency', fn);
  const cellsOf = o.measure === 'expected' ? matrix.expected : matrix.probabilityAlive;
  requireLength(cellsOf, rows * columns, o.measure, fn);
  const frequency = finiteValues(matrix.frequency, 'frequency', fn);
  const recency = finiteValues(matrix.recency, 'recency', fn);
  const cells = finiteValues(cellsOf, o.measure, fn);
  if (o.measure === 'probabilityAlive') {
    const bad = cells.findIndex((p) => p < 0 || p > 1);
    if (bad >= 0) throw new ClvkitError('INVALID_VALUE', 'a probability must lie in [0, 1]', { fn, column: o.measure, index: bad, value: cells[bad] });
  }
  const values: { frequency: number; recency: number; value: number }[] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) values.push({ frequency: frequency[i]!, recency: recency[j]!, value: cells[i * columns + j]! });
  const measureTitle = o.measure === 'expected' ? `${t('expectedTransactions')} (t = ${formatTime(matrix.t)})` : t('probabilityAlive');
  const description =
    `${rows} frequencies × ${columns} recencies at customer age T = ${formatTime(matrix.T)}; colour = ` +
    (o.measure === 'expected' ? `expected transactions in the next ${formatTime(matrix.t)} time units.` : 'probability that the customer is alive.');
  const step = columns > 1 ? (recency[columns - 1]! - recency[0]!) / (columns - 1) : 1;
  return makeSpec(
    o,
    { title: o.measure === 'expected' ? t('frTitleExpected') : t('frTitleAlive'), width: 420, height: 320, description },
    {
      data: { values },
      transform: [
        { calculate: `datum.recency + ${step}`, as: 'recencyEnd' },
        { calculate: 'datum.frequency + 1', as: 'frequencyEnd' },
      ],
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'recency', type: 'quantitative', title: t('recency'), scale: { nice: false, zero: false }, axis: { grid: false } },
        x2: { field: 'recencyEnd' },
        y: { field: 'frequency', type: 'quantitative', title: t('frequency'), scale: { nice: false, zero: false }, axis: { grid: false } },
        y2: { field: 'frequencyEnd' },
        color: {
          field: 'value',
          type: 'quantitative',
          title: measureTitle,
          scale: o.measure === 'expected' ? { scheme: 'viridis' } : { scheme: 'viridis', domain: [0, 1] },
          legend: { format: o.measure === 'expected' ? FORMATS.decimal : FORMATS.percentAxis },
        },
        tooltip: [
          { field: 'frequency', type: 'quantitative', title: t('frequency') },
          { field: 'recency', type: 'quantitative', title: t('recency'), format: FORMATS.decimal },
          { field: 'value', type: 'quantitative', title: measureTitle, format: o.measure === 'expected' ? '.3f' : FORMATS.percent },
        ],
      },
    },
  );
}

function formatTime(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
