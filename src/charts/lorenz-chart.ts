import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { evenIndices, finiteValues, requireLength } from './chart-data.js';
import { chartLabel, percentText } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';

const lorenzChartSchema = z.strictObject({
  ...baseChartShape,
  /** Most curve points drawn (≥ 3); longer curves are thinned to evenly spaced vertices. Default 201. */
  maxPoints: z.number().int().min(3).max(100_000).default(201),
});

export type LorenzChartOptions = z.input<typeof lorenzChartSchema>;

/** The part of a {@link ParetoAnalysis} the Lorenz chart reads. */
export interface LorenzChartInput {
  readonly lorenz: { readonly x: ArrayLike<number>; readonly y: ArrayLike<number> };
  readonly paretoPoint: { readonly target: number; readonly customerShare: number };
  readonly gini: number;
}

/**
 * The Lorenz curve of a Pareto analysis as a Vega-Lite spec: customers sorted largest first on x, the
 * cumulative share of value they hold on y, the line of equal shares, and the Pareto point (the smallest
 * share of customers holding `target`, 80% by default) marked with its guide lines and label. The
 * curve's vertices are thinned to at most `maxPoints` evenly spaced ones (the curve is piecewise linear
 * and concave, so the thinned line stays within one segment of the full one); the description says so.
 *
 * @throws INVALID_VALUE a non-finite or out-of-range point; LENGTH_MISMATCH x and y of different lengths;
 *   TOO_FEW_VALUES fewer than 2 points; INVALID_OPTIONS bad options.
 * @example
 * const spec = lorenzChart(paretoAnalysis([120, 40, 15, 10, 8, 4, 2, 1, 0]), { locale: 'en' });
 * spec.data.values[3]; // { x: 0.03, y: 0.162 }  (101 points: every 1% of customers)
 * spec.layer.length;   // 5
 */
export function lorenzChart(pareto: LorenzChartInput, options: LorenzChartOptions = {}): VegaLiteSpec {
  const fn = 'lorenzChart';
  const o = parseOptions(lorenzChartSchema, options, fn);
  const x = finiteValues(pareto.lorenz.x, 'lorenz.x', fn);
  const y = finiteValues(pareto.lorenz.y, 'lorenz.y', fn);
  requireLength(y, x.length, 'lorenz.y', fn);
  if (x.length < 2) throw new ClvkitError('TOO_FEW_VALUES', 'a Lorenz curve needs at least 2 points', { fn, column: 'lorenz.x' });
  for (let i = 0; i < x.length; i++) {
    if (x[i]! < 0 || x[i]! > 1 || y[i]! < 0 || y[i]! > 1)
      throw new ClvkitError('INVALID_VALUE', 'Lorenz points must lie in [0, 1]', { fn, column: 'lorenz', index: i, value: [x[i], y[i]] });
  }
  const point = pareto.paretoPoint;
  const [px, py, gini] = finiteValues([point.customerShare, point.target, pareto.gini], 'paretoPoint', fn) as [number, number, number];
  const kept = evenIndices(x.length, o.maxPoints);
  const values = kept.map((i) => ({ x: x[i]!, y: y[i]! }));
  const t = (k: Parameters<typeof chartLabel>[1], fill?: Record<string, string>) => chartLabel(o.locale, k, fill);
  const pointLabel = `${t('paretoPoint')}: ${t('topShareOf', { x: percentText(px), y: percentText(py, 0) })}`;
  const thinned = kept.length < x.length ? `, thinned from ${x.length} to ${kept.length} evenly spaced vertices` : '';
  const description = `Lorenz curve (${kept.length} points${thinned}); Gini ${gini.toFixed(3)}; Pareto point: top ${percentText(px)} of customers hold ${percentText(py, 0)} of the value.`;
  const axisX = { field: 'x', type: 'quantitative', title: t('customerShare'), scale: { domain: [0, 1] }, axis: { format: FORMATS.percentAxis } };
  const axisY = { field: 'y', type: 'quantitative', title: t('valueShare'), scale: { domain: [0, 1] }, axis: { format: FORMATS.percentAxis } };
  return makeSpec(
    o,
    { title: t('lorenzTitle'), width: 420, height: 320, description },
    {
      data: { values },
      layer: [
        {
          data: {
            values: [
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ],
          },
          mark: { type: 'line', strokeDash: [4, 4], color: '#999999' },
          encoding: { x: axisX, y: axisY },
        },
        {
          mark: { type: 'line', color: '#1f6fb2', strokeWidth: 2.5 },
          encoding: {
            x: axisX,
            y: axisY,
            tooltip: [
              { field: 'x', type: 'quantitative', title: t('customerShare'), format: FORMATS.percent },
              { field: 'y', type: 'quantitative', title: t('valueShare'), format: FORMATS.percent },
            ],
          },
        },
        {
          data: {
            values: [
              { x: 0, y: py, x2: px, y2: py },
              { x: px, y: 0, x2: px, y2: py },
            ],
          },
          mark: { type: 'rule', color: '#d62728', strokeDash: [2, 3] },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, x2: { field: 'x2' }, y2: { field: 'y2' } },
        },
        {
          data: { values: [{ x: px, y: py, label: pointLabel }] },
          mark: { type: 'point', filled: true, size: 80, color: '#d62728' },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, tooltip: { field: 'label', type: 'nominal' } },
        },
        {
          data: { values: [{ x: px, y: py, label: pointLabel }] },
          mark: { type: 'text', align: 'left', dx: 8, dy: 14, fontSize: 11, color: '#d62728' },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  );
}
