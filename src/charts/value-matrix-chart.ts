import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { VALUE_CELL_TREATMENTS, VALUE_CELLS, type ValueCell } from '../value/value-matrix.js';
import { finiteValues, requireLength, requireRows } from './chart-data.js';
import { chartLabel } from './chart-labels.js';
import { baseChartShape, FORMATS, makeSpec, moneyTitle, type VegaLiteSpec } from './chart-spec.js';
import { sampleRows } from './cluster-scatter.js';

const valueMatrixChartSchema = z.strictObject({
  ...baseChartShape,
  /** Most customers drawn (a seeded uniform sample beyond it). Default 2000. */
  maxPoints: z.number().int().min(10).max(1_000_000).default(2000),
  /** Seed of the sample. */
  seed: z.number().int().default(1),
  /** Customer ids for the tooltips, aligned with the parts. */
  ids: z.custom<readonly (string | number)[]>((v) => Array.isArray(v), { message: 'expected an array of ids' }).optional(),
});

export type ValueMatrixChartOptions = z.input<typeof valueMatrixChartSchema>;

/** The value parts (a {@link ValueDecomposition}) and the matrix built from them ({@link ValueMatrix}). */
export interface ValueMatrixChartInput {
  readonly explicit: ArrayLike<number>;
  readonly growth: ArrayLike<number>;
  readonly potential: ArrayLike<number>;
}

/** The part of a {@link ValueMatrix} the chart reads. */
export interface ValueMatrixCells {
  readonly cell: readonly ValueCell[];
  readonly thresholds: { readonly current: number; readonly future: number };
}

/**
 * The value matrix as a scatter: current value (explicit) on x against future value (growth + potential)
 * on y, each customer coloured by its cell (MVC, maintain, MGC, low value, BZC), with the matrix's
 * thresholds drawn as dashed rules and x = 0 (the BZC boundary) as a solid one. Both axes are symlog,
 * linear near zero and logarithmic in the tails, so that a few very large customers do not flatten the
 * rest. Large books are drawn as a seeded uniform sample of `maxPoints` customers (stated in the
 * description); an infinite threshold (no non-BZC customer) is not drawn.
 *
 * @throws EMPTY_INPUT no customers; LENGTH_MISMATCH parts, cells or ids of different lengths; INVALID_VALUE a
 *   non-finite part or an unknown cell; INVALID_OPTIONS bad options.
 * @example
 * const parts = { explicit: [900, 800, 10, 5, -50], growth: [50, 0, 0, 0, 0], potential: [300, 0, 400, 0, 0] };
 * const spec = valueMatrixChart(parts, valueMatrix(parts, { thresholds: { kind: 'absolute', current: 500, future: 300 } }));
 * spec.layer[0].data.values[0]; // { current: 900, future: 350, cell: 'MVC: most valuable customers', id: '0' }
 */
export function valueMatrixChart(parts: ValueMatrixChartInput, matrix: ValueMatrixCells, options: ValueMatrixChartOptions = {}): VegaLiteSpec {
  const fn = 'valueMatrixChart';
  const o = parseOptions(valueMatrixChartSchema, options, fn);
  const t = (k: Parameters<typeof chartLabel>[1]) => chartLabel(o.locale, k);
  const n = parts.explicit.length;
  requireRows(n, 'customers', fn);
  requireLength(parts.growth, n, 'growth', fn);
  requireLength(parts.potential, n, 'potential', fn);
  requireLength(matrix.cell, n, 'cell', fn);
  if (o.ids !== undefined) requireLength(o.ids, n, 'ids', fn);
  const explicit = finiteValues(parts.explicit, 'explicit', fn);
  const growth = finiteValues(parts.growth, 'growth', fn);
  const potential = finiteValues(parts.potential, 'potential', fn);
  const cellName = (c: ValueCell) => (o.locale === 'zh-CN' ? VALUE_CELL_TREATMENTS[c].labelZh : VALUE_CELL_TREATMENTS[c].label);
  for (let i = 0; i < n; i++) {
    const c = matrix.cell[i]!;
    if (!(VALUE_CELLS as readonly string[]).includes(c))
      throw new ClvkitError('INVALID_VALUE', `unknown cell; expected one of ${VALUE_CELLS.join(', ')}`, { fn, column: 'cell', index: i, value: c });
  }
  // Customers off the book have no value (every part 0): counted in the description, not drawn.
  const drawable: number[] = [];
  for (let i = 0; i < n; i++) if (matrix.cell[i] !== 'off_book') drawable.push(i);
  const offBook = n - drawable.length;
  const rows = sampleRows(drawable.length, o.maxPoints, o.seed).map((k) => drawable[k]!);
  const values = rows.map((i) => ({ current: explicit[i]!, future: growth[i]! + potential[i]!, cell: cellName(matrix.cell[i]!), id: String(o.ids?.[i] ?? i) }));
  const rules: { x?: number; y?: number; kind: string }[] = [{ x: 0, kind: 'zero' }];
  const { current, future } = matrix.thresholds;
  if (Number.isFinite(current)) rules.push({ x: current, kind: 'threshold' });
  if (Number.isFinite(future)) rules.push({ y: future, kind: 'threshold' });
  const m = drawable.length;
  const drawn =
    rows.length < m ? `${rows.length} of ${m} customers on the book drawn (seeded uniform sample, seed ${o.seed})` : `all ${m} customers on the book drawn`;
  const off = offBook > 0 ? `; ${offBook} customers off the book (no value) not drawn` : '';
  const description = `Value matrix: current (explicit) vs future (growth + potential) value per customer, symlog axes; thresholds current ${fmt(current)}, future ${fmt(future)}; ${drawn}${off}.`;
  const xTitle = moneyTitle(t('currentValue'), o.currency);
  const yTitle = moneyTitle(t('futureValue'), o.currency);
  const shown = VALUE_CELLS.filter((c) => c !== 'off_book');
  const cellOrder = shown.map(cellName);
  const xs = values.map((v) => v.current);
  const ys = values.map((v) => v.future);
  const xConstant = symlogConstant(current, xs);
  const yConstant = symlogConstant(future, ys);
  return makeSpec(
    o,
    { title: t('valueMatrixTitle'), width: 420, height: 340, description },
    {
      layer: [
        {
          data: { values },
          mark: { type: 'circle', size: 16, opacity: 0.65 },
          encoding: {
            x: {
              field: 'current',
              type: 'quantitative',
              title: xTitle,
              scale: { type: 'symlog', constant: xConstant },
              axis: { values: symlogTicks(xs, xConstant), labelExpr: "format(datum.value, '~s')" },
            },
            y: {
              field: 'future',
              type: 'quantitative',
              title: yTitle,
              scale: { type: 'symlog', constant: yConstant },
              axis: { values: symlogTicks(ys, yConstant), labelExpr: "format(datum.value, '~s')" },
            },
            color: {
              field: 'cell',
              type: 'nominal',
              title: t('cell'),
              sort: cellOrder,
              scale: { domain: cellOrder, range: shown.map((c) => CELL_COLOURS[c]) },
              legend: { orient: 'bottom', columns: 2 },
            },
            tooltip: [
              { field: 'id', type: 'nominal', title: t('customerId') },
              { field: 'cell', type: 'nominal', title: t('cell') },
              { field: 'current', type: 'quantitative', title: xTitle, format: FORMATS.money },
              { field: 'future', type: 'quantitative', title: yTitle, format: FORMATS.money },
            ],
          },
        },
        {
          data: { values: rules.filter((r) => r.x !== undefined) },
          mark: { type: 'rule', color: '#444444' },
          encoding: { x: { field: 'x', type: 'quantitative' }, strokeDash: { condition: { test: "datum.kind === 'zero'", value: [1, 0] }, value: [5, 4] } },
        },
        {
          data: { values: rules.filter((r) => r.y !== undefined) },
          mark: { type: 'rule', color: '#444444', strokeDash: [5, 4] },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
      ],
    },
  );
}

const CELL_COLOURS: Readonly<Record<ValueCell, string>> = {
  mvc: '#1a9850',
  maintain: '#1f6fb2',
  mgc: '#f39c12',
  low_value: '#bdbdbd',
  bzc: '#d73027',
  off_book: '#7f7f7f',
};

/**
 * The symlog constant (the half-width of the linear region around 0): the threshold when it is a
 * positive finite number, else the median absolute value, at least 1.
 */
function symlogConstant(threshold: number, values: readonly number[]): number {
  if (Number.isFinite(threshold) && threshold > 0) return threshold;
  const abs = values.map(Math.abs).sort((a, b) => a - b);
  return Math.max(1, abs.length === 0 ? 1 : abs[Math.floor(abs.length / 2)]!);
}

/** Axis ticks for a symlog axis: 0 and ±10^k from the first power of ten ≥ the constant to the data's extremes. */
function symlogTicks(values: readonly number[], constant: number): number[] {
  let low = 0;
  let high = 0;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const first = Math.ceil(Math.log10(constant) - 1e-9);
  const ticks = [0];
  for (let k = first; k <= first + 12; k++) {
    const p = 10 ** k;
    if (p <= high * 1.0001) ticks.push(p);
    if (-p >= low * 1.0001) ticks.unshift(-p);
  }
  return ticks;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : 'none';
}
