import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { chartLabel } from './chart-labels.js';
import { baseChartShape, COMPACT_LABELS, FORMATS, makeSpec, moneyTitle, type VegaLiteSpec } from './chart-spec.js';

/** Group name used for customers whose group is null (e.g. off the book, so without a tier). */
export const NO_GROUP = { en: '(none)', 'zh-CN': '（无）' } as const;

const clvPartsChartSchema = z.strictObject({
  ...baseChartShape,
  /** Per customer: the tier or segment to stack by (null: no group, shown as "(none)"). */
  groups: z.custom<readonly (string | null)[]>((v) => Array.isArray(v), { message: 'expected an array of group names' }),
  /** Group order on the axis (default: by first appearance); groups not listed follow in that order. */
  groupOrder: z.array(z.string()).optional(),
  /** Display names by group key (e.g. tier labels in the chosen locale); default the keys. */
  groupLabels: z.record(z.string(), z.string()).optional(),
  /** Bar height: the total of each part over the group (default) or its mean per customer. */
  aggregate: z.enum(['total', 'mean']).default('total'),
});

export type ClvPartsChartOptions = z.input<typeof clvPartsChartSchema>;

/** The value parts the chart stacks (a {@link ValueDecomposition} has them). */
export interface ClvPartsInput {
  readonly explicit: ArrayLike<number>;
  readonly growth: ArrayLike<number>;
  readonly potential: ArrayLike<number>;
}

/** One bar segment: a part's total (or mean) over a group. */
export interface ClvPartsRow {
  readonly group: string;
  readonly part: string;
  readonly value: number;
  readonly customers: number;
}

/**
 * The explicit / growth / potential value decomposition as stacked bars, one bar per tier or segment:
 * explicit value (what the customer is worth on current behaviour), growth (the trend carried forward)
 * and potential (the gap to the peer benchmark). Parts may be negative (a shrinking or loss-making
 * customer); negative parts stack below zero. Bars show the total per group or, with `aggregate:
 * 'mean'`, the mean per customer.
 *
 * @throws EMPTY_INPUT no customers; LENGTH_MISMATCH parts or groups of different lengths; INVALID_VALUE a
 *   non-finite part or a group that is neither a string nor null; INVALID_OPTIONS bad options.
 * @example
 * const spec = clvPartsChart({ explicit: [10, 20, 5], growth: [1, 2, -1], potential: [0, 4, 6] }, { groups: ['mass', 'affluent', 'mass'] });
 * spec.data.values.slice(0, 3); // [{ group: 'mass', part: 'Explicit (current)', value: 15, customers: 2 }, { group: 'mass', part: 'Growth', value: 0, customers: 2 }, { group: 'mass', part: 'Potential', value: 6, customers: 2 }]
 */
export function clvPartsChart(parts: ClvPartsInput, options: ClvPartsChartOptions): VegaLiteSpec {
  const fn = 'clvPartsChart';
  const o = parseOptions(clvPartsChartSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const rows = clvPartsRows(parts, o.groups, o.aggregate, fn).map((r) => ({
    ...r,
    group: r.group === null ? NO_GROUP[o.locale] : (o.groupLabels?.[r.group] ?? r.group),
  }));
  const partNames = [t('explicit'), t('growth'), t('potential')];
  const values = rows.flatMap((r) => r.values.map((v, p) => ({ group: r.group, part: partNames[p]!, value: v, customers: r.customers })));
  const seen = rows.map((r) => r.group);
  const listed = (o.groupOrder ?? []).map((g) => o.groupLabels?.[g] ?? g).filter((g) => seen.includes(g));
  const none = NO_GROUP[o.locale];
  // Listed groups first, then the rest by first appearance, customers without a group last.
  const order = [...listed, ...seen.filter((g) => !listed.includes(g) && g !== none), ...(seen.includes(none) ? [none] : [])];
  const description = `Value decomposition by group (${rows.length} groups): ${o.aggregate === 'total' ? 'total' : 'mean per customer'} of explicit, growth and potential value, stacked.`;
  const valueTitle = moneyTitle(o.aggregate === 'total' ? t('value') : `${t('value')} / ${t('customers')}`, o.currency);
  return makeSpec(
    o,
    { title: t('clvPartsTitle'), width: Math.max(240, order.length * 60), height: 300, description },
    {
      data: { values },
      transform: [{ calculate: `indexof(${JSON.stringify(partNames)}, datum.part)`, as: 'partOrder' }],
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'group', type: 'nominal', title: null, sort: order, axis: { labelAngle: -30 } },
        y: { field: 'value', type: 'quantitative', title: valueTitle, stack: 'zero', axis: COMPACT_LABELS },
        color: {
          field: 'part',
          type: 'nominal',
          title: t('part'),
          sort: partNames,
          scale: { range: ['#1f6fb2', '#2ca25f', '#fdae6b'] },
          legend: { orient: 'bottom' },
        },
        order: { field: 'partOrder', type: 'quantitative' },
        tooltip: [
          { field: 'group', type: 'nominal', title: t('segment') },
          { field: 'part', type: 'nominal', title: t('part') },
          { field: 'value', type: 'quantitative', title: valueTitle, format: FORMATS.money },
          { field: 'customers', type: 'quantitative', title: t('customers'), format: FORMATS.count },
        ],
      },
    },
  );
}

/** Per group (in order of first appearance): [explicit, growth, potential] totals or means and the customer count. @internal */
export function clvPartsRows(
  parts: ClvPartsInput,
  groups: readonly (string | null)[],
  aggregate: 'total' | 'mean',
  fn: string,
): { group: string | null; values: [number, number, number]; customers: number }[] {
  const n = parts.explicit.length;
  requireRows(n, 'customers', fn);
  requireLength(parts.growth, n, 'growth', fn);
  requireLength(parts.potential, n, 'potential', fn);
  requireLength(groups, n, 'groups', fn);
  const columns = [finiteValues(parts.explicit, 'explicit', fn), finiteValues(parts.growth, 'growth', fn), finiteValues(parts.potential, 'potential', fn)];
  const byGroup = new Map<string | null, { group: string | null; values: [number, number, number]; customers: number }>();
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (g !== null && typeof g !== 'string')
      throw new ClvkitError('INVALID_VALUE', 'a group must be a string or null', { fn, column: 'groups', index: i, value: g });
    let row = byGroup.get(g);
    if (row === undefined) {
      row = { group: g, values: [0, 0, 0], customers: 0 };
      byGroup.set(g, row);
    }
    row.customers += 1;
    for (let p = 0; p < 3; p++) row.values[p]! += columns[p]![i]!;
  }
  const out = [...byGroup.values()];
  if (aggregate === 'mean') for (const r of out) r.values = r.values.map((v) => v / r.customers) as [number, number, number];
  return out;
}
