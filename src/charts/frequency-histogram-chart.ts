import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { btydLabel } from './btyd-chart-labels.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';

const schema = z.strictObject({ ...baseChartShape });

/** Options of {@link frequencyHistogramChart}. */
export type FrequencyHistogramChartOptions = z.input<typeof schema>;

/** An {@link ExpectedFrequencyCounts} (expectedFrequencyCounts's result). */
export interface FrequencyHistogramInput {
  readonly labels: readonly string[];
  readonly actual: ArrayLike<number>;
  readonly expected: ArrayLike<number>;
}

/**
 * The calibration-period frequency histogram against the model's PMF (FHL 2005 Fig. 3; lifetimes'
 * `plot_period_transactions`): customers with 0, 1, 2, …, k+ repeat purchases, actual and expected side by side.
 *
 * @throws EMPTY_INPUT, LENGTH_MISMATCH, INVALID_VALUE, INVALID_OPTIONS.
 * @example frequencyHistogramChart(expectedFrequencyCounts(bgNbd, summary)).data.values[0] // { repeat: '0', series: 'Actual', customers: 1411, order: 0 }
 */
export function frequencyHistogramChart(counts: FrequencyHistogramInput, options: FrequencyHistogramChartOptions = {}): VegaLiteSpec {
  const fn = 'frequencyHistogramChart';
  const o = parseOptions(schema, options, fn);
  const l = (k: Parameters<typeof btydLabel>[1]) => btydLabel(o.locale, k);
  const n = counts.labels.length;
  requireRows(n, 'frequency buckets', fn);
  requireLength(counts.actual, n, 'actual', fn);
  requireLength(counts.expected, n, 'expected', fn);
  const actual = finiteValues(counts.actual, 'actual', fn);
  const expected = finiteValues(counts.expected, 'expected', fn);
  const [la, le] = [l('actual'), l('expected')];
  const values = counts.labels.flatMap((label, i) => [
    { repeat: label, series: la, customers: actual[i]!, order: i },
    { repeat: label, series: le, customers: expected[i]!, order: i },
  ]);
  const total = actual.reduce((s, v) => s + v, 0);
  const description = `Customers by repeat purchases in calibration (${n} buckets, ${Math.round(total)} customers): actual vs expected by the model.`;
  return makeSpec(
    o,
    { title: l('histogramTitle'), width: 520, height: 300, description },
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'repeat', type: 'ordinal', title: l('repeatPurchases'), sort: counts.labels, axis: { labelAngle: 0 } },
        xOffset: { field: 'series', type: 'nominal', sort: [la, le] },
        y: { field: 'customers', type: 'quantitative', title: l('customers') },
        color: { field: 'series', type: 'nominal', title: l('series'), sort: [la, le], scale: { range: ['#d62728', '#1f6fb2'] }, legend: { orient: 'bottom' } },
        tooltip: [
          { field: 'repeat', type: 'ordinal', title: l('repeatPurchases') },
          { field: 'series', type: 'nominal', title: l('series') },
          { field: 'customers', type: 'quantitative', title: l('customers'), format: FORMATS.decimal },
        ],
      },
    },
  );
}
