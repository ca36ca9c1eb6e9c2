import type { RecordColumn } from './records.js';

/**
 * How a columnar result shows itself: its name, what a row is, which columns hold epoch days, and the
 * facts the shape line adds. Every producing module passes one to {@link withDisplay}.
 */
export interface TableSpec<T = unknown> {
  /** The result's type name, e.g. `CustomerSummary`. */
  readonly kind: string;
  /** What one row is, plural, e.g. `customers`. */
  readonly rows: string;
  /** Columns holding epoch days, written as ISO dates. */
  readonly dates?: readonly string[];
  /** Properties that are never columns even when their length equals the row count (summary tables). */
  readonly exclude?: readonly string[];
  /** The columns, when they cannot be found by looking (dictionary-encoded transactions). */
  readonly columns?: (result: T) => readonly RecordColumn[];
  /** The number of rows, when it is not the result's `length` (with `columns`). */
  readonly length?: (result: T) => number;
  /** Facts for the shape line, e.g. `time unit week`, `observed to 1997-09-30`. */
  readonly notes?: (result: T) => readonly string[];
}

/** Properties never taken as columns: the summary tables and side lists results carry. */
const NEVER_COLUMNS = new Set([
  'table',
  'rejects',
  'steps',
  'buckets',
  'profiles',
  'candidates',
  'features',
  'droppedFeatures',
  'warnings',
  'tiers',
  'byMonth',
  'classes',
  'rows',
  'groups',
  'topShares',
]);

/** Number of rows of a result: its `length`, or the length of its first array column. */
export function rowCountOf(result: object): number {
  const r = result as Record<string, unknown>;
  if (typeof r.length === 'number' && Number.isInteger(r.length) && r.length >= 0) return r.length;
  for (const [key, v] of Object.entries(r)) {
    if (NEVER_COLUMNS.has(key)) continue;
    if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return (v as ArrayLike<unknown>).length;
  }
  return 0;
}

/**
 * The per-row columns of a result in property order: every own enumerable array or typed array with one
 * entry per row, except the spec's excluded properties and the known side tables; epoch-day columns
 * named by the spec are marked so that they come out as ISO dates.
 *
 * @example
 * resultColumns({ length: 2, id: ['a', 'b'], x: new Float64Array([1, 2]), table: [] }).map((c) => c.name) // ['id', 'x']
 */
export function resultColumns<T extends object>(result: T, spec?: TableSpec<T>): readonly RecordColumn[] {
  if (spec?.columns !== undefined) return spec.columns(result);
  const n = rowCountOf(result);
  const dates = new Set(spec?.dates ?? []);
  const exclude = new Set(spec?.exclude ?? []);
  const out: RecordColumn[] = [];
  for (const [name, v] of Object.entries(result as Record<string, unknown>)) {
    if (exclude.has(name) || NEVER_COLUMNS.has(name)) continue;
    const isColumn = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
    if (!isColumn || (v as ArrayLike<unknown>).length !== n) continue;
    out.push(dates.has(name) ? { name, values: v as ArrayLike<unknown>, as: 'epoch-day' } : { name, values: v as ArrayLike<unknown> });
  }
  return out;
}
