import { ClvkitError } from '../errors.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { COMPACT_LABELS } from './chart-spec.js';
import { parseISODateStrict } from './iso-date.js';
import type { TrackingInput } from './tracking-chart.js';

/**
 * The checks the tracking charts share: at least one step, `expected` and `actual` as long as `endDate`, ISO
 * dates, finite values, `calibrationSteps` an integer in 0..steps.
 * @throws ClvkitError EMPTY_INPUT, LENGTH_MISMATCH, INVALID_DATE, INVALID_VALUE.
 */
export function checkTracking(tracking: TrackingInput, fn: string): { n: number; expected: ArrayLike<number>; actual: ArrayLike<number>; cal: number } {
  const n = tracking.endDate.length;
  requireRows(n, 'tracking steps', fn);
  requireLength(tracking.expected, n, 'expected', fn);
  requireLength(tracking.actual, n, 'actual', fn);
  tracking.endDate.forEach((d, i) => parseISODateStrict(d, fn, i));
  const expected = finiteValues(tracking.expected, 'expected', fn);
  const actual = finiteValues(tracking.actual, 'actual', fn);
  const cal = tracking.calibrationSteps;
  if (!Number.isInteger(cal) || cal < 0 || cal > n)
    throw new ClvkitError('INVALID_VALUE', `calibrationSteps must be an integer in 0..${n}`, { fn, column: 'calibrationSteps', value: cal });
  return { n, expected, actual, cal };
}

/** What {@link expectedActualLines} draws: one row per date and series. */
export interface ExpectedActualLines {
  readonly values: readonly { readonly date: string; readonly series: string; readonly transactions: number }[];
  /** The shared temporal x encoding (the boundary rule uses it too). */
  readonly x: Record<string, unknown>;
  /** Series labels, expected first (solid blue), actual second (dashed red). */
  readonly expected: string;
  readonly actual: string;
  /** Axis and tooltip titles, localised by the caller. */
  readonly titles: { readonly date: string; readonly series: string; readonly transactions: string };
  /** d3 number format of the tooltip's transactions. */
  readonly format: string;
  readonly strokeWidth: number;
}

/**
 * The Vega-Lite layer of expected-vs-actual transaction lines that the tracking charts share (cumulative and
 * per step): colour and dash by series, expected solid blue and actual dashed red, with a tooltip.
 */
export function expectedActualLines(l: ExpectedActualLines): Record<string, unknown> {
  const sort = [l.expected, l.actual];
  return {
    data: { values: l.values },
    mark: { type: 'line', strokeWidth: l.strokeWidth },
    encoding: {
      x: l.x,
      y: { field: 'transactions', type: 'quantitative', title: l.titles.transactions, axis: COMPACT_LABELS },
      color: { field: 'series', type: 'nominal', title: l.titles.series, sort, scale: { range: ['#1f6fb2', '#d62728'] }, legend: { orient: 'bottom' } },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: l.titles.series,
        sort,
        scale: {
          range: [
            [1, 0],
            [6, 4],
          ],
        },
      },
      tooltip: [
        { field: 'date', type: 'temporal', title: l.titles.date, format: '%Y-%m-%d' },
        { field: 'series', type: 'nominal', title: l.titles.series },
        { field: 'transactions', type: 'quantitative', title: l.titles.transactions, format: l.format },
      ],
    },
  };
}
