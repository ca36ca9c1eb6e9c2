import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { finiteValues, requireRows } from './chart-data.js';
import { chartLabel, percentText } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, moneyTitle, type VegaLiteSpec } from './chart-spec.js';

const abcChartSchema = z.strictObject({ ...baseChartShape });

export type AbcChartOptions = z.input<typeof abcChartSchema>;

/** The part of a {@link ParetoAnalysis} the ABC chart reads. */
export interface AbcChartInput {
  readonly abc: {
    readonly cutoffs: readonly [number, number];
    readonly classes: readonly {
      readonly label: string;
      readonly customers: number;
      readonly customerShare: number;
      readonly value: number;
      readonly valueShare: number;
    }[];
  };
}

/**
 * ABC classes as grouped bars: for each class A, B, C its share of customers beside its share of value
 * (A: the largest customers up to the first cut-off of cumulative value, 80% by default). Tooltips give
 * the counts and the value.
 *
 * @throws EMPTY_INPUT no classes; INVALID_VALUE a non-finite count, share or value; INVALID_OPTIONS bad options.
 * @example
 * const spec = abcChart(paretoAnalysis([120, 40, 15, 10, 8, 4, 2, 1, 0]));
 * spec.data.values[0]; // { class: 'A', measure: 'Share of customers (largest first)', share: 0.2222222222222222, customers: 2, value: 160 }
 */
export function abcChart(pareto: AbcChartInput, options: AbcChartOptions = {}): VegaLiteSpec {
  const fn = 'abcChart';
  const o = parseOptions(abcChartSchema, options, fn);
  const classes = pareto.abc.classes;
  requireRows(classes.length, 'ABC classes', fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const values = classes.flatMap((c, i) => {
    const [customerShare, valueShare, customers, value] = finiteValues([c.customerShare, c.valueShare, c.customers, c.value], `abc.classes.${i}`, fn) as [
      number,
      number,
      number,
      number,
    ];
    return [
      { class: c.label, measure: t('customerShare'), share: customerShare, customers, value },
      { class: c.label, measure: t('valueShare'), share: valueShare, customers, value },
    ];
  });
  const [a, b] = pareto.abc.cutoffs;
  const description = `ABC classes by cumulative value (cut-offs ${percentText(a, 0)} and ${percentText(b, 0)}): share of customers and share of value per class.`;
  return makeSpec(
    o,
    { title: t('abcTitle'), width: 320, height: 260, description },
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'class', type: 'nominal', title: t('abcClass'), axis: { labelAngle: 0 } },
        xOffset: { field: 'measure', type: 'nominal', sort: [t('customerShare'), t('valueShare')] },
        y: { field: 'share', type: 'quantitative', title: t('share'), axis: { format: FORMATS.percentAxis }, scale: { domain: [0, 1] } },
        color: {
          field: 'measure',
          type: 'nominal',
          title: t('measure'),
          sort: [t('customerShare'), t('valueShare')],
          scale: { range: ['#9ecae1', '#1f6fb2'] },
          legend: { orient: 'bottom' },
        },
        tooltip: [
          { field: 'class', type: 'nominal', title: t('abcClass') },
          { field: 'measure', type: 'nominal', title: t('measure') },
          { field: 'share', type: 'quantitative', title: t('share'), format: FORMATS.percent },
          { field: 'customers', type: 'quantitative', title: t('customers'), format: FORMATS.count },
          { field: 'value', type: 'quantitative', title: moneyTitle(t('value'), o.currency), format: FORMATS.money },
        ],
      },
    },
  );
}
