import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { btydLabel } from './btyd-chart-labels.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';
import { ClvkitError } from '../errors.js';

const schema = z.strictObject({ ...baseChartShape, /** Name of the time unit for the axis, e.g. 'weeks'. */ timeUnit: z.string().min(1).max(40).optional() });

/** Options of {@link probabilityAliveChart}. */
export type ProbabilityAliveChartOptions = z.input<typeof schema>;

/** A {@link ProbabilityAliveHistory} (probabilityAliveHistory's result). */
export interface ProbabilityAliveChartInput {
  readonly t: ArrayLike<number>;
  readonly pAlive: ArrayLike<number>;
  readonly purchases: ArrayLike<number>;
}

/**
 * A customer's P(alive) history (lifetimes' `plot_history_alive`): the model's P(alive) over time since the
 * first purchase (line, 0–1), with the repeat purchases as ticks at the bottom.
 *
 * @throws EMPTY_INPUT, LENGTH_MISMATCH, INVALID_VALUE (non-finite values or a probability outside [0, 1]), INVALID_OPTIONS.
 * @example probabilityAliveChart(probabilityAliveHistory(bgNbd, [4, 9.5], { until: 30 }), { timeUnit: 'weeks' })
 */
export function probabilityAliveChart(history: ProbabilityAliveChartInput, options: ProbabilityAliveChartOptions = {}): VegaLiteSpec {
  const fn = 'probabilityAliveChart';
  const o = parseOptions(schema, options, fn);
  const l = (k: Parameters<typeof btydLabel>[1]) => btydLabel(o.locale, k);
  const n = history.t.length;
  requireRows(n, 'time points', fn);
  requireLength(history.pAlive, n, 'pAlive', fn);
  const t = finiteValues(history.t, 't', fn);
  const p = finiteValues(history.pAlive, 'pAlive', fn);
  const k = p.findIndex((v) => v < 0 || v > 1);
  if (k >= 0) throw new ClvkitError('INVALID_VALUE', 'pAlive must be in [0, 1]', { fn, column: 'pAlive', index: k, value: p[k] });
  const purchases = finiteValues(history.purchases, 'purchases', fn);
  const timeTitle = o.timeUnit === undefined ? l('time') : `${l('time')} (${o.timeUnit})`;
  const x = { field: 't', type: 'quantitative', title: timeTitle };
  const description = `P(alive) at ${n} times with ${purchases.length} repeat purchases; last value ${p[n - 1]!.toFixed(3)}.`;
  return makeSpec(
    o,
    { title: l('aliveTitle'), width: 520, height: 260, description },
    {
      layer: [
        {
          data: { values: t.map((ti, i) => ({ t: ti, pAlive: p[i]! })) },
          mark: { type: 'line', strokeWidth: 2, color: '#1f6fb2' },
          encoding: {
            x,
            y: { field: 'pAlive', type: 'quantitative', title: l('pAlive'), scale: { domain: [0, 1] }, axis: { format: FORMATS.percentAxis } },
            tooltip: [
              { field: 't', type: 'quantitative', title: timeTitle, format: FORMATS.decimal },
              { field: 'pAlive', type: 'quantitative', title: l('pAlive'), format: FORMATS.percent },
            ],
          },
        },
        {
          data: { values: purchases.map((ti) => ({ t: ti, label: l('purchase') })) },
          mark: { type: 'tick', color: '#d62728', thickness: 2, size: 14 },
          encoding: {
            x,
            y: { datum: 0, type: 'quantitative' },
            tooltip: [{ field: 't', type: 'quantitative', title: l('purchase'), format: FORMATS.decimal }],
          },
        },
      ],
    },
  );
}
