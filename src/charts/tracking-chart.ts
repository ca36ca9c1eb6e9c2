import { z } from 'zod';
import { parseIsoDay } from '../time.js';
import { parseOptions } from '../validate.js';
import { chartLabel } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';
import { checkTracking, expectedActualLines } from './expected-actual-lines.js';

const trackingChartSchema = z.strictObject({ ...baseChartShape });

export type TrackingChartOptions = z.input<typeof trackingChartSchema>;

/** A {@link TrackingSeries} (a holdout validation's `tracking`). */
export interface TrackingInput {
  readonly endDate: readonly string[];
  readonly expected: ArrayLike<number>;
  readonly actual: ArrayLike<number>;
  readonly calibrationSteps: number;
}

/**
 * The tracking plot of Fader, Hardie & Lee (2005, Fig. 1): cumulative repeat transactions of the cohort,
 * expected by the model (solid) against actual (dashed), step by step across the calibration and holdout
 * periods, with the end of calibration marked by a vertical rule. Dates are ISO days read as UTC, so the
 * chart is the same in every time zone.
 *
 * @throws EMPTY_INPUT no steps; LENGTH_MISMATCH series of different lengths; INVALID_DATE a bad end date;
 *   INVALID_VALUE a non-finite value or calibrationSteps outside 0..steps; INVALID_OPTIONS bad options.
 * @example
 * const spec = trackingChart({ endDate: ['2024-01-07', '2024-01-14'], expected: [1.5, 3.2], actual: [2, 3], calibrationSteps: 1 });
 * spec.layer[0].data.values[0]; // { date: '2024-01-07', series: 'Expected (model)', transactions: 1.5 }
 */
export function trackingChart(tracking: TrackingInput, options: TrackingChartOptions = {}): VegaLiteSpec {
  const fn = 'trackingChart';
  const o = parseOptions(trackingChartSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const { n, expected, actual, cal } = checkTracking(tracking, fn);
  const [labelExpected, labelActual] = [t('expected'), t('actual')];
  const values = tracking.endDate.flatMap((date, i) => [
    { date, series: labelExpected, transactions: expected[i]! },
    { date, series: labelActual, transactions: actual[i]! },
  ]);
  const boundary = cal > 0 && cal < n ? [{ date: tracking.endDate[cal - 1]!, label: t('calibrationEnd') }] : [];
  const description =
    `Cumulative repeat transactions over ${n} steps (${cal} calibration, ${n - cal} holdout), expected by the model vs actual.` +
    (boundary.length > 0 ? ` Calibration ends ${boundary[0]!.date}.` : '');
  // Month ticks, at most about 8 of them: 1, 2, 3, 6 or 12 months apart.
  const months = (parseIsoDay(tracking.endDate[n - 1]!) - parseIsoDay(tracking.endDate[0]!)) / 30.4375;
  const monthStep = [1, 2, 3, 6, 12].find((m) => months / m <= 8) ?? 12 * Math.ceil(months / 96);
  const x = {
    field: 'date',
    type: 'temporal',
    title: t('date'),
    scale: { type: 'utc' },
    axis: { format: '%Y-%m', labelAngle: 0, tickCount: { interval: 'month', step: monthStep } },
  };
  return makeSpec(
    o,
    { title: t('trackingTitle'), width: 520, height: 300, description },
    {
      layer: [
        expectedActualLines({
          values,
          x,
          expected: labelExpected,
          actual: labelActual,
          titles: { date: t('date'), series: t('series'), transactions: t('cumulativeTransactions') },
          format: FORMATS.money,
          strokeWidth: 2,
        }),
        {
          data: { values: boundary },
          layer: [
            { mark: { type: 'rule', color: '#555555', strokeDash: [3, 3] }, encoding: { x } },
            {
              mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, y: 4, fontSize: 10, color: '#555555' },
              encoding: { x, text: { field: 'label', type: 'nominal' } },
            },
          ],
        },
      ],
    },
  );
}
