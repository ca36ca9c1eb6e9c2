import { COMPACT_LABELS } from './chart-spec.js';

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
