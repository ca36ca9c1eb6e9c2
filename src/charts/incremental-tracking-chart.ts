import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { btydLabel } from './btyd-chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';
import { checkTracking, expectedActualLines } from './expected-actual-lines.js';
import type { TrackingInput } from './tracking-chart.js';

const schema = z.strictObject({ ...baseChartShape });

/** Options of {@link incrementalTrackingChart}. */
export type IncrementalTrackingChartOptions = z.input<typeof schema>;

/**
 * Incremental tracking (FHL 2005 Fig. 2; lifetimes' `plot_incremental_transactions`): repeat transactions per
 * step — the differences of a holdout validation's cumulative tracking series — expected by the model (solid)
 * against actual (dashed), with the end of calibration marked. Shows seasonality and drift the cumulative plot
 * smooths away.
 *
 * @throws EMPTY_INPUT no steps; LENGTH_MISMATCH; INVALID_DATE; INVALID_VALUE (non-finite values, calibrationSteps
 *   outside 0..steps); INVALID_OPTIONS.
 * @example
 * incrementalTrackingChart({ endDate: ['2024-01-07', '2024-01-14'], expected: [1.5, 3.2], actual: [2, 3], calibrationSteps: 1 })
 * // layer[0].data.values: [{ date: '2024-01-07', series: 'Expected (model)', transactions: 1.5 }, …, { …, transactions: 1.7… }]
 */
export function incrementalTrackingChart(tracking: TrackingInput, options: IncrementalTrackingChartOptions = {}): VegaLiteSpec {
  const fn = 'incrementalTrackingChart';
  const o = parseOptions(schema, options, fn);
  const t = (k: Parameters<typeof btydLabel>[1]) => btydLabel(o.locale, k);
  const { n, expected, actual, cal } = checkTracking(tracking, fn);
  const [le, la] = [t('expected'), t('actual')];
  const values = tracking.endDate.flatMap((date, i) => [
    { date, series: le, transactions: expected[i]! - (i > 0 ? expected[i - 1]! : 0) },
    { date, series: la, transactions: actual[i]! - (i > 0 ? actual[i - 1]! : 0) },
  ]);
  const boundary = cal > 0 && cal < n ? [{ date: tracking.endDate[cal - 1]!, label: t('calibrationEnd') }] : [];
  const description = `Repeat transactions per step over ${n} steps (${cal} calibration, ${n - cal} holdout), expected by the model vs actual.`;
  const x = { field: 'date', type: 'temporal', title: t('date'), scale: { type: 'utc' }, axis: { format: '%Y-%m', labelAngle: 0 } };
  return makeSpec(
    o,
    { title: t('incrementalTitle'), width: 520, height: 300, description },
    {
      layer: [
        expectedActualLines({
          values,
          x,
          expected: le,
          actual: la,
          titles: { date: t('date'), series: t('series'), transactions: t('transactionsPerStep') },
          format: FORMATS.decimal,
          strokeWidth: 1.5,
        }),
        { data: { values: boundary }, mark: { type: 'rule', color: '#555555', strokeDash: [3, 3] }, encoding: { x } },
      ],
    },
  );
}
