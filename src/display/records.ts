import { ClvkitError } from '../errors.js';
import { isoDate } from '../time.js';
import { requireArrayLike, requireTable } from '../validate.js';

/**
 * A cell of a record: text, a number, a boolean, null, or (for list-valued columns such as a customer's
 * tags or product gaps) a plain array or object of cells. Never a typed array.
 */
export type RecordCell = string | number | boolean | null | readonly RecordCell[] | { readonly [key: string]: RecordCell };

/** One row of a result as a plain object, keyed by column name. */
export type ResultRecord = Record<string, RecordCell>;

/**
 * One column of a columnar result, as the records converter reads it.
 * - `values`: a plain array or typed array with one entry per row;
 * - `as: 'epoch-day'`: integer days since 1970-01-01, written as ISO dates (`1997-09-30`);
 * - `dictionary`: `values` are codes into it (a dictionary-encoded text column).
 */
export interface RecordColumn {
  readonly name: string;
  readonly values: ArrayLike<unknown>;
  readonly as?: 'epoch-day';
  readonly dictionary?: readonly unknown[];
}

/**
 * The value of `column` at row `i` as a record cell: typed-array entries as numbers, epoch days as ISO
 * dates, dictionary codes as their text, nested typed arrays as plain arrays. `undefined` becomes null.
 *
 * @throws ClvkitError INVALID_VALUE when a dictionary code is out of range; INVALID_DATE when an
 *   epoch-day entry is not an integer day.
 * @example
 * recordCell({ name: 'firstDay', values: new Int32Array([10130]), as: 'epoch-day' }, 0) // '1997-09-26'
 */
export function recordCell(column: RecordColumn, i: number): RecordCell {
  const v = column.values[i];
  if (column.dictionary !== undefined) {
    const code = v as number;
    if (!Number.isInteger(code) || code < 0 || code >= column.dictionary.length) {
      throw new ClvkitError('INVALID_VALUE', `code ${String(v)} is not an index into the column's ${column.dictionary.length} values`, {
        fn: 'toRecords',
        column: column.name,
        index: i,
      });
    }
    return plainCell(column.dictionary[code]);
  }
  if (column.as === 'epoch-day') return typeof v === 'number' ? isoDateOf(v, column.name, i) : plainCell(v);
  return plainCell(v);
}

function isoDateOf(day: number, column: string, index: number): string {
  try {
    return isoDate(day);
  } catch (error) {
    if (error instanceof ClvkitError) throw new ClvkitError('INVALID_DATE', error.message, { fn: 'toRecords', column, index, value: day });
    throw error;
  }
}

/** A value as a plain cell: typed arrays as arrays, objects copied member by member, undefined as null. */
export function plainCell(v: unknown): RecordCell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => plainCell(x) as number);
  if (Array.isArray(v)) return v.map(plainCell);
  if (typeof v === 'object') {
    const out: Record<string, RecordCell> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plainCell(x);
    return out;
  }
  return String(v);
}

/**
 * The records converter every columnar result, the CLI and the danfo adapter share: columns → one plain
 * object per row, in column order. Typed arrays come out as numbers, epoch-day columns as ISO dates,
 * dictionary codes as text. Rows `start` (inclusive) to `end` (exclusive); default all.
 *
 * @throws ClvkitError INVALID_VALUE when `columns` is not a list of `{ name, values }` or a count is not a
 *   non-negative integer; LENGTH_MISMATCH when a column is shorter than the rows asked for; the codes of {@link recordCell}.
 * @example
 * columnsToRecords([{ name: 'id', values: ['a', 'b'] }, { name: 'x', values: new Float64Array([1.5, 2]) }], 2)
 * // [{ id: 'a', x: 1.5 }, { id: 'b', x: 2 }]
 */
export function columnsToRecords(columns: readonly RecordColumn[], length: number, start = 0, end = length): ResultRecord[] {
  const fn = 'columnsToRecords';
  requireArrayLike(columns, 'columns', fn);
  for (const c of Array.from(columns)) {
    requireTable(c, fn, 'a column { name, values }');
    if (typeof c.name !== 'string') throw new ClvkitError('INVALID_VALUE', 'a column needs a name (text)', { fn, value: typeof c.name });
    requireArrayLike(c.values, c.name, fn);
  }
  for (const [name, n] of [
    ['length', length],
    ['start', start],
    ['end', end],
  ] as const) {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new ClvkitError('INVALID_VALUE', `${name} must be a non-negative integer`, { fn, value: typeof n === 'number' ? n : String(n) });
    }
  }
  const lo = Math.max(0, start);
  const hi = Math.min(length, end);
  for (const c of columns) {
    if (c.values.length < hi) {
      throw new ClvkitError('LENGTH_MISMATCH', `column has ${c.values.length} entries, expected ${length}`, { fn: 'toRecords', column: c.name });
    }
  }
  const out: ResultRecord[] = new Array(Math.max(0, hi - lo));
  for (let i = lo; i < hi; i++) {
    const row: ResultRecord = {};
    for (const c of columns) row[c.name] = recordCell(c, i);
    out[i - lo] = row;
  }
  return out;
}
