import { ClvkitError } from '../errors.js';
import { requireTable } from '../validate.js';
import { describeColumns } from './describe-columns.js';
import type { ColumnDescription } from './describe-columns.js';
import { formatCount } from './format-cell.js';
import { htmlTable } from './html-table.js';
import { columnsToRecords, plainCell } from './records.js';
import type { RecordColumn, ResultRecord } from './records.js';
import { resultColumns, rowCountOf } from './table-spec.js';
import type { TableSpec } from './table-spec.js';
import { MAX_SHOWN_COLUMNS, textTable } from './text-table.js';
import type { ShownRows } from './text-table.js';

/** Node's `util.inspect.custom` (a registered symbol: no import of `node:util`, so browser and Deno builds work). */
export const NODE_INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** Deno's `Deno.customInspect`. */
export const DENO_INSPECT = Symbol.for('Deno.customInspect');
/** The symbol Deno's Jupyter kernel calls for a MIME bundle (it awaits a returned Promise). */
export const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/** The columns of a displayed result as the records converter reads them (with date and dictionary columns marked). */
export const RECORD_COLUMNS = Symbol.for('clvkit.recordColumns');

/**
 * The per-row columns of any columnar result: those its display knows (dates and dictionary-coded
 * columns marked) or, for a plain object, every array or typed array with one entry per row.
 *
 * @example
 * recordColumns(summary).find((c) => c.name === 'firstDay')?.as // 'epoch-day'
 */
export function recordColumns(result: object): readonly RecordColumn[] {
  requireTable(result, 'recordColumns', 'a columnar result');
  const own = (result as Record<symbol, unknown>)[RECORD_COLUMNS];
  return typeof own === 'function' ? (own as () => readonly RecordColumn[])() : resultColumns(result);
}

/** A Jupyter MIME bundle: MIME type → content. */
export type MimeBundle = Readonly<Record<string, unknown>>;

/** Rows shown first and last when a table is printed or displayed. */
export const SHOWN_EDGE_ROWS = 5;

/** An array of records that prints and displays as a table (the methods are not enumerable). */
export type DisplayedRecords<R = ResultRecord> = R[];

/**
 * The way out every columnar result shares. The methods are non-enumerable properties, so the result
 * stays plain data: `Object.keys`, spreading and `structuredClone` see only the columns.
 */
export interface TableDisplay {
  /** Every row as a plain object: typed arrays as numbers, epoch days as ISO dates. */
  toRecords(): DisplayedRecords;
  /** The first `n` rows (default 5) as records. */
  head(n?: number): DisplayedRecords;
  /** Count, mean, std, min, quartiles and max of each numeric column. */
  describe(): DisplayedRecords<ColumnDescription>;
  /** The shape line and the first and last rows as an aligned text table. */
  toString(): string;
}

/** A result with its display attached. */
export type Displayed<T> = T & TableDisplay;

/** Something with a shape line and a way to read rows: what the text and HTML tables are drawn from. */
interface Table {
  readonly shapeLine: string;
  readonly shortLine: string;
  shown(): ShownRows;
}

/**
 * Define `props` on `target` as non-enumerable, non-writable properties, leaving any own property the
 * target already has (e.g. a scoring result's own `toRecords` and `toJSON`).
 */
function defineMissing(target: object, props: Readonly<Record<string | symbol, unknown>>): void {
  const descriptors: PropertyDescriptorMap = {};
  for (const key of Reflect.ownKeys(props)) {
    if (Object.hasOwn(target, key)) continue;
    descriptors[key as string] = { value: (props as Record<string | symbol, unknown>)[key], enumerable: false, configurable: true, writable: false };
  }
  Object.defineProperties(target, descriptors);
}

/**
 * Side tables of a result (a segment table, tier rows, ABC classes, buckets: arrays of plain objects
 * that are not per-row columns) print and display as tables too, e.g. `rfmSegments(scores).table`.
 */
function displaySideTables(target: object, kind: string): void {
  for (const [key, v] of Object.entries(target)) {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x))) continue;
    if (!Object.isExtensible(v) || Object.hasOwn(v, NODE_INSPECT)) continue;
    displayRecords(v as object[], `${kind}.${key}`, 'rows');
  }
}

/** Make the target's own enumerable methods non-enumerable, so that only data is enumerable (and cloneable). */
function hideMethods(target: object): void {
  for (const key of Object.keys(target)) {
    const d = Object.getOwnPropertyDescriptor(target, key)!;
    if (typeof d.value === 'function' && d.configurable) Object.defineProperty(target, key, { ...d, enumerable: false });
  }
}

function presentation(table: Table): Record<symbol | string, unknown> {
  const text = (): string => textTable(table.shapeLine, table.shown());
  return {
    toString: text,
    [NODE_INSPECT]: (depth: number) => (depth < 0 ? `[${table.shortLine}]` : text()),
    [DENO_INSPECT]: () => text(),
    [JUPYTER_DISPLAY]: (): MimeBundle => {
      const shown = table.shown();
      return { 'text/plain': textTable(table.shapeLine, shown), 'text/html': htmlTable(table.shapeLine, shown) };
    },
  };
}

function shapeLineOf(kind: string, rows: number, rowNoun: string, columns: number, notes: readonly string[]): string {
  const base = `${kind}: ${formatCount(rows)} ${rowNoun} × ${formatCount(columns)} ${columns === 1 ? 'column' : 'columns'}`;
  return notes.length > 0 ? `${base}, ${notes.join(', ')}` : base;
}

function checkCount(n: unknown, fn: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ClvkitError('INVALID_VALUE', 'the number of rows must be a non-negative integer', { fn, value: typeof n === 'number' ? n : String(n) });
  }
  return n;
}

/**
 * Attach the shared display to a columnar result and return it: `toRecords()`, `head(n)`,
 * `describe()`, `toString()`, `toJSON()` (typed arrays written as arrays), Node's and Deno's custom
 * inspect (a shape line and the first and last rows) and `Symbol.for('Jupyter.display')` (text/plain and
 * text/html). All are non-enumerable; methods the result already owns are kept but made non-enumerable,
 * so that the result is plain, structured-cloneable data.
 *
 * @example
 * const r = withDisplay({ length: 2, id: ['a', 'b'], x: new Float64Array([1.5, 2]) }, { kind: 'Demo', rows: 'rows' });
 * r.head(1) // [{ id: 'a', x: 1.5 }]
 * String(r) // 'Demo: 2 rows × 2 columns\n   id    x\n0  a   1.5\n1  b     2'
 */
export function withDisplay<T extends object>(result: T, spec: TableSpec<T>): Displayed<T> {
  requireTable(result, 'withDisplay', 'a columnar result');
  requireTable(spec, 'withDisplay', 'a display spec { kind, rows }');
  if (typeof spec.kind !== 'string' || typeof spec.rows !== 'string')
    throw new ClvkitError('INVALID_OPTIONS', 'a display spec needs kind and rows (text)', { fn: 'withDisplay', path: ['kind'] });
  const target = Object.isExtensible(result) ? result : ({ ...result } as T);
  hideMethods(target);
  displaySideTables(target, spec.kind);
  const columns = (): readonly RecordColumn[] => resultColumns(target, spec);
  const n = (): number => (spec.length !== undefined ? spec.length(target) : rowCountOf(target));
  const table: Table = {
    get shapeLine() {
      return shapeLineOf(spec.kind, n(), spec.rows, columns().length, spec.notes?.(target) ?? []);
    },
    get shortLine() {
      return shapeLineOf(spec.kind, n(), spec.rows, columns().length, []);
    },
    shown: () => shownRows(columns(), n()),
  };
  defineMissing(target, {
    toRecords: () => displayRecords(columnsToRecords(columns(), n()), spec.kind, spec.rows),
    head: (count: number = SHOWN_EDGE_ROWS) =>
      displayRecords(columnsToRecords(columns(), n(), 0, checkCount(count, `${spec.kind}.head`)), spec.kind, spec.rows),
    describe: () => displayRecords(describeColumns(columns()), `${spec.kind} (describe)`, 'numeric columns'),
    toJSON: () => plainCell(target),
    [RECORD_COLUMNS]: columns,
    ...presentation(table),
  });
  return target as Displayed<T>;
}

/** The first and last rows of a table (all of them when there are few). */
export function shownRows(all: readonly RecordColumn[], length: number, maxColumns = MAX_SHOWN_COLUMNS): ShownRows {
  const columns = all.slice(0, maxColumns);
  const hiddenColumns = all.length - columns.length;
  const names = columns.map((c) => c.name);
  if (length <= 2 * SHOWN_EDGE_ROWS + 2) return { names, head: columnsToRecords(columns, length), tailStart: length, tail: [], hiddenColumns };
  return {
    names,
    hiddenColumns,
    head: columnsToRecords(columns, length, 0, SHOWN_EDGE_ROWS),
    tailStart: length - SHOWN_EDGE_ROWS,
    tail: columnsToRecords(columns, length, length - SHOWN_EDGE_ROWS, length),
  };
}

/**
 * Make an array of records print and display as a table (shape line `kind: n rows × k columns`),
 * without changing its elements; returns the same array.
 *
 * @example
 * String(displayRecords([{ a: 1 }], 'Rows', 'rows')) // 'Rows: 1 rows × 1 column\n   a\n0  1'
 */
export function displayRecords<R extends object>(records: R[], kind: string, rowNoun: string): DisplayedRecords<R> {
  const names = (): string[] => {
    const seen = new Set<string>();
    for (const r of records) for (const k of Object.keys(r)) seen.add(k);
    return [...seen];
  };
  const columns = (): RecordColumn[] => names().map((name) => ({ name, values: records.map((r) => (r as Record<string, unknown>)[name]) }));
  const table: Table = {
    get shapeLine() {
      return shapeLineOf(kind, records.length, rowNoun, names().length, []);
    },
    get shortLine() {
      return this.shapeLine;
    },
    shown: () => shownRows(columns(), records.length),
  };
  if (Object.isExtensible(records)) defineMissing(records, presentation(table));
  return records;
}

/** A named list of records as a displayed table: used for summary tables (segments, tiers, Pareto classes). */
export function displayedRows<R extends object>(rows: readonly R[], kind: string, rowNoun: string): DisplayedRecords<R> {
  return displayRecords(rows as R[], kind, rowNoun);
}
