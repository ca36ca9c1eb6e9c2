import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { btydLabel } from './btyd-chart-labels.js';
import { finiteValues, requireRows } from './chart-data.js';
import { baseChartShape, FORMATS, makeSpec, type VegaLiteSpec } from './chart-spec.js';

const schema = z.strictObject({ ...baseChartShape });

/** Options of {@link conditionalExpectationChart}. */
export type ConditionalExpectationChartOptions = z.input<typeof schema>;

/** The buckets of a holdout validation (HoldoutValidation.buckets). */
export interface ConditionalExpectationBucket {
  readonly label: string;
  readonly customers: number;
  readonly meanPredicted: number;
  readonly meanActual: number;
}

/**
 * Conditional expectations against the holdout (FHL 2005 Fig. 4; lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`): mean holdout purchases per customer by calibration
 * repeat purchases 0, 1, …, k+, predicted by the model (solid) and actual (dashed).
 *
 * @throws EMPTY_INPUT, INVALID_VALUE, INVALID_OPTIONS.
 * @example conditionalExpectationChart(holdoutValidation(model, calibration).buckets)
 */
export function conditionalExpectationChart(buckets: readonly ConditionalExpectationBucket[], options: ConditionalExpectationChartOptions = {}): VegaLiteSpec {
  const fn = 'conditionalExpectationChart';
  const o = parseOptions(schema, options, fn);
  const l = (k: Parameters<typeof btydLabel>[1]) => btydLabel(o.locale, k);
  requireRows(buckets.length, 'buckets', fn);
  const predicted = finiteValues(
    buckets.map((b) => b.meanPredicted),
    'meanPredicted',
    fn,
  );
  const actual = finiteValues(
    buckets.map((b) => b.meanActual),
    'meanActual',
    fn,
  );
  const labels = buckets.map((b) => String(b.label));
  const [le, la] = [l('expected'), l('actual')];
  const values = labels.flatMap((label, i) => [
    { repeat: label, series: le, purchases: predicted[i]!, customers: buckets[i]!.customers },
    { repeat: label, series: la, purchases: actual[i]!, customers: buckets[i]!.customers },
  ]);
  const description = `Mean holdout purchases per customer in ${labels.length} calibration-frequency buckets, model vs actual.`;
  return makeSpec(
    o,
    { title: l('conditionalTitle'), width: 520, height: 300, description },
    {
      data: { values },
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { field: 'repeat', type: 'ordinal', title: l('repeatPurchases'), sort: labels, axis: { labelAngle: 0 } },
        y: { field: 'purchases', type: 'quantitative', title: l('holdoutPerCustomer') },
        color: { field: 'series', type: 'nominal', title: l('series'), sort: [le, la], scale: { range: ['#1f6fb2', '#d62728'] }, legend: { orient: 'bottom' } },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          title: l('series'),
          sort: [le, la],
          scale: {
            range: [
              [1, 0],
              [6, 4],
            ],
          },
        },
        tooltip: [
          { field: 'repeat', type: 'ordinal', title: l('repeatPurchases') },
          { field: 'series', type: 'nominal', title: l('series') },
          { field: 'purchases', type: 'quantitative', title: l('holdoutPerCustomer'), format: FORMATS.decimal },
          { field: 'customers', type: 'quantitative', title: l('customers'), format: FORMATS.count },
        ],
      },
    },
  );
}
