import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { checkFiniteResult, parseOptions } from '../validate.js';
import { VALUE_MATRIX_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/** The cells of the value matrix. */
export const VALUE_CELLS = ['mvc', 'maintain', 'mgc', 'low_value', 'bzc', 'off_book'] as const;
export type ValueCell = (typeof VALUE_CELLS)[number];

/** What the bank does with a cell and through which channel, en + zh-CN. */
export interface ValueCellTreatment {
  readonly cell: ValueCell;
  readonly label: string;
  readonly labelZh: string;
  readonly treatment: string;
  readonly treatmentZh: string;
  readonly channel: string;
  readonly channelZh: string;
}

/**
 * The treatments and service channels of each cell, as the bank's seed documents give them: large and
 * high-end customers through a relationship manager backed by a product-manager team, mid customers through
 * a relationship manager, potential customers through the wealth centre and branches, general customers
 * through batch and electronic channels, below-zero customers reviewed (re-priced) or exited.
 */
export const VALUE_CELL_TREATMENTS: Readonly<Record<ValueCell, ValueCellTreatment>> = {
  mvc: {
    cell: 'mvc',
    label: 'MVC: most valuable customers',
    labelZh: '最有价值客户 (MVC)',
    treatment: 'Keep and deepen the relationship',
    treatmentZh: '重点保持，深化合作',
    channel: 'Relationship manager with a product-manager team',
    channelZh: '客户经理 + 产品经理团队',
  },
  maintain: {
    cell: 'maintain',
    label: 'Maintain: high current, low future value',
    labelZh: '维持型客户',
    treatment: 'Maintain service and retention',
    treatmentZh: '维持服务，防止流失',
    channel: 'Relationship manager',
    channelZh: '客户经理',
  },
  mgc: {
    cell: 'mgc',
    label: 'MGC: most growable customers',
    labelZh: '最具成长性客户 (MGC)',
    treatment: 'Develop: cross-sell and up-sell',
    treatmentZh: '重点开发，交叉销售与向上销售',
    channel: 'Wealth centre and branch',
    channelZh: '财富中心及网点',
  },
  low_value: {
    cell: 'low_value',
    label: 'Low value',
    labelZh: '低价值客户',
    treatment: 'Serve at low cost, standard offers',
    treatmentZh: '低成本标准化服务',
    channel: 'Batch and electronic channels',
    channelZh: '批量化及电子渠道',
  },
  bzc: {
    cell: 'bzc',
    label: 'BZC: below-zero customers',
    labelZh: '负价值客户 (BZC)',
    treatment: 'Review pricing and cost to serve, or exit',
    treatmentZh: '重新定价、降低服务成本或退出',
    channel: 'Review, then electronic channels or exit',
    channelZh: '审查后转电子渠道或退出',
  },
  off_book: {
    cell: 'off_book',
    label: 'Off the book: relationship closed',
    labelZh: '已销户客户',
    treatment: 'No service; win back only where the value model justifies it',
    treatmentZh: '不再服务，择优挽回',
    channel: 'Win-back campaigns through electronic channels',
    channelZh: '电子渠道挽回营销',
  },
};

const thresholdSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('share'),
    /** "High current" = the top `current` share of non-BZC customers by explicit value (default 0.2). */
    current: z.number().gt(0).max(1).default(0.2),
    /** "High future" = the top `future` share of non-BZC customers by growth + potential (default 0.2). */
    future: z.number().gt(0).max(1).default(0.2),
  }),
  z.strictObject({
    kind: z.literal('absolute'),
    /** Explicit value at or above which current value is high. */
    current: z.number().finite(),
    /** Growth + potential at or above which future value is high. */
    future: z.number().finite(),
  }),
]);

export const matrixSchema = z
  .object({
    /** How "high" is decided (default the Pareto rule: top 20% of non-BZC customers on each axis). */
    thresholds: thresholdSchema.default({ kind: 'share', current: 0.2, future: 0.2 }),
  })
  .strict();

/** Options of {@link valueMatrix}. */
export type ValueMatrixOptions = z.input<typeof matrixSchema>;

/** The value parts {@link valueMatrix} reads (a ValueDecomposition has them). */
export interface ValueParts {
  /** Optional: 1 on the book, 0 left (a ValueDecomposition has it); customers with 0 go to 'off_book'. */
  readonly onBook?: ArrayLike<number>;
  readonly explicit: ArrayLike<number>;
  readonly growth: ArrayLike<number>;
  readonly potential: ArrayLike<number>;
}

/** One row of the matrix table. */
export interface ValueMatrixRow extends ValueCellTreatment {
  readonly count: number;
  /** count / customers. */
  readonly share: number;
  /** Sum of total value (explicit + growth + potential) in the cell. */
  readonly totalValue: number;
  /** totalValue / the total over all customers (0 when that total is 0; negative for BZC). */
  readonly valueShare: number;
}

/** The result of {@link valueMatrix}. */
export interface ValueMatrix {
  readonly length: number;
  /** Per customer: its cell. */
  readonly cell: readonly ValueCell[];
  /** One row per cell, in VALUE_CELLS order. */
  readonly table: readonly ValueMatrixRow[];
  /** The absolute thresholds used: current (explicit) and future (growth + potential) at or above which a measure is high. */
  readonly thresholds: { readonly current: number; readonly future: number };
  /** How the thresholds were set. */
  readonly rule: z.output<typeof thresholdSchema>;
}

/** The k-th largest of `values` (k ≥ 1), or +Infinity when there are none. */
function kthLargest(values: number[], k: number): number {
  if (values.length === 0) return Infinity;
  values.sort((a, b) => b - a);
  return values[Math.min(k, values.length) - 1]!;
}

/**
 * The value matrix: each customer in one cell by current value (explicit) and future value (growth +
 * potential):
 *
 * - **off_book** when the parts carry `onBook` and it is 0 (the customer left the book; every value is 0 there);
 * - **BZC** (below-zero customers) when explicit < 0, whatever else;
 * - otherwise current is high when explicit ≥ the current threshold and > 0, future high when growth +
 *   potential ≥ the future threshold and > 0; **MVC** high/high, **maintain** high current only, **MGC** high
 *   future only, **low value** neither.
 *
 * Thresholds follow the Pareto rule by default: on each axis the value of the ⌈0.2·m⌉-th largest among the m
 * non-BZC customers on the book, so about the top 20% are "high" (ties at the threshold all count as high). Shares or
 * absolute thresholds are configurable. Each cell reports count, share of customers, share of total value
 * and the treatment and channel ({@link VALUE_CELL_TREATMENTS}, en + zh-CN).
 *
 * @throws ClvkitError INVALID_OPTIONS (options), EMPTY_INPUT (no customers), MISSING_COLUMN / LENGTH_MISMATCH
 *   (malformed parts), INVALID_VALUE (a non-finite value), NUMERIC_FAILURE (a customer total or a cell total
 *   overflows a double).
 * @example
 * const m = valueMatrix(
 *   { explicit: [900, 800, 10, 5, -50], growth: [50, 0, 0, 0, 0], potential: [400, 0, 300, 0, 0] },
 *   { thresholds: { kind: 'share', current: 0.5, future: 0.5 } },
 * );
 * m.cell;       // ['mvc', 'maintain', 'mgc', 'low_value', 'bzc']
 * m.thresholds; // { current: 800, future: 300 }  (the 2nd largest of the 4 non-BZC customers on each axis)
 */
export function valueMatrix(decomposition: ValueParts, options: ValueMatrixOptions = {}): Displayed<ValueMatrix> {
  const fn = 'valueMatrix';
  const o = parseOptions(matrixSchema, options, fn);
  if (decomposition === null || typeof decomposition !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected { explicit, growth, potential }', { fn });
  for (const column of ['explicit', 'growth', 'potential'] as const) {
    const v = decomposition[column] as unknown;
    if (v === undefined || v === null || typeof (v as { length?: unknown }).length !== 'number') {
      throw new ClvkitError('MISSING_COLUMN', 'column is required', { fn, column });
    }
  }
  const n = decomposition.explicit.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  for (const column of ['growth', 'potential'] as const) {
    if (decomposition[column].length !== n)
      throw new ClvkitError('LENGTH_MISMATCH', `column has ${decomposition[column].length} entries, expected ${n}`, { fn, column });
  }
  const onBook = decomposition.onBook;
  if (onBook !== undefined && onBook.length !== n)
    throw new ClvkitError('LENGTH_MISMATCH', `column has ${onBook.length} entries, expected ${n}`, { fn, column: 'onBook' });
  const off = new Uint8Array(n);
  const current = new Float64Array(n);
  const future = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (onBook !== undefined) {
      const b = onBook[i];
      if (b !== 0 && b !== 1) throw new ClvkitError('INVALID_VALUE', 'onBook must be 0 or 1', { fn, column: 'onBook', index: i, value: b });
      if (b === 0) off[i] = 1;
    }
    for (const column of ['explicit', 'growth', 'potential'] as const) {
      const v = decomposition[column][i]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column, index: i, value: v });
    }
    current[i] = decomposition.explicit[i]!;
    future[i] = decomposition.growth[i]! + decomposition.potential[i]!;
  }
  let thresholds: { current: number; future: number };
  if (o.thresholds.kind === 'share') {
    const cur: number[] = [];
    const fut: number[] = [];
    for (let i = 0; i < n; i++) {
      if (current[i]! < 0 || off[i] === 1) continue;
      cur.push(current[i]!);
      fut.push(future[i]!);
    }
    const m = cur.length;
    thresholds = { current: kthLargest(cur, Math.ceil(o.thresholds.current * m)), future: kthLargest(fut, Math.ceil(o.thresholds.future * m)) };
    // No non-BZC customer: nobody can be high; report the thresholds as null-free finite numbers.
    if (m === 0) thresholds = { current: 0, future: 0 };
  } else {
    thresholds = { current: o.thresholds.current, future: o.thresholds.future };
  }
  const cell: ValueCell[] = new Array<ValueCell>(n);
  const counts = new Map<ValueCell, number>(VALUE_CELLS.map((c) => [c, 0]));
  const values = new Map<ValueCell, number>(VALUE_CELLS.map((c) => [c, 0]));
  let totalValue = 0;
  for (let i = 0; i < n; i++) {
    const c = current[i]!;
    const f = future[i]!;
    let k: ValueCell;
    if (off[i] === 1) k = 'off_book';
    else if (c < 0) k = 'bzc';
    else {
      const highC = c > 0 && c >= thresholds.current;
      const highF = f > 0 && f >= thresholds.future;
      k = highC ? (highF ? 'mvc' : 'maintain') : highF ? 'mgc' : 'low_value';
    }
    cell[i] = k;
    const total = checkFiniteResult(decomposition.explicit[i]! + decomposition.growth[i]! + decomposition.potential[i]!, 'a customer value', fn, { index: i });
    counts.set(k, counts.get(k)! + 1);
    values.set(k, values.get(k)! + total);
    totalValue += total;
  }
  checkFiniteResult(totalValue, 'the total value', fn);
  for (const k of VALUE_CELLS) checkFiniteResult(values.get(k)!, `the total value of cell ${k}`, fn);
  const table = VALUE_CELLS.map((k) => ({
    ...VALUE_CELL_TREATMENTS[k],
    count: counts.get(k)!,
    share: counts.get(k)! / n,
    totalValue: values.get(k)!,
    valueShare: totalValue === 0 ? 0 : values.get(k)! / totalValue,
  }));
  return withDisplay({ length: n, cell, table, thresholds, rule: o.thresholds }, VALUE_MATRIX_DISPLAY);
}
