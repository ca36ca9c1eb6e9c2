import { columnsToRecords } from '../display/records.js';
import { ClvkitError } from '../errors.js';

/** A cell of an output table: text, a finite number, a boolean, or empty (null). */
export type Cell = string | number | boolean | null;

/** A column of an output table: a plain array or a typed array. */
export type OutputColumn = ArrayLike<Cell>;

/**
 * An output table, column by column: the one shape every CLI command hands to the writers (CSV
 * and JSON). Columns keep the order of `names`; every column has `length` entries.
 */
export interface ColumnTable {
  readonly length: number;
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, OutputColumn>>;
}

/**
 * Build a {@link ColumnTable} from named columns in order, checking that they have one length.
 *
 * @throws ClvkitError LENGTH_MISMATCH when two columns differ in length.
 * @example
 * columnTable({ customer_id: ['a', 'b'], clv: new Float64Array([1.5, 2]) }).length // 2
 */
export function columnTable(columns: Readonly<Record<string, OutputColumn>>): ColumnTable {
  const names = Object.keys(columns);
  const length = names.length === 0 ? 0 : columns[names[0]!]!.length;
  for (const name of names) {
    if (columns[name]!.length !== length) {
      throw new ClvkitError('LENGTH_MISMATCH', `column has ${columns[name]!.length} entries, expected ${length}`, { fn: 'columnTable', column: name });
    }
  }
  return { length, names, columns };
}

/**
 * Build a {@link ColumnTable} from records (one object per row); the columns are the keys of the
 * first record, in order, and every record must have them.
 *
 * @throws ClvkitError INVALID_VALUE when a record lacks a column or a cell is not a string, number, boolean or null.
 * @example
 * recordTable([{ k: 'a', n: 1 }, { k: 'b', n: 2 }]).columns.n // [1, 2]
 */
export function recordTable(records: readonly Readonly<Record<string, unknown>>[], names?: readonly string[]): ColumnTable {
  const keys = names ?? (records.length > 0 ? Object.keys(records[0]!) : []);
  const columns: Record<string, Cell[]> = {};
  for (const key of keys) columns[key] = new Array<Cell>(records.length);
  records.forEach((record, i) => {
    for (const key of keys) {
      const v = record[key];
      if (!(v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        throw new ClvkitError('INVALID_VALUE', 'a cell must be a string, number, boolean or null', {
          fn: 'recordTable',
          column: key,
          index: i,
          value: v === undefined ? 'undefined' : typeof v,
        });
      }
      columns[key]![i] = v;
    }
  });
  return { length: records.length, names: keys, columns };
}

/**
 * The rows of a table as plain objects (JSON output), through the records converter every result shares
 * (`columnsToRecords`). Non-finite numbers never leak: they throw.
 *
 * @throws ClvkitError INVALID_VALUE for NaN or ±Infinity (with the column and row).
 * @example
 * tableRecords(columnTable({ a: [1, 2] })) // [{ a: 1 }, { a: 2 }]
 */
export function tableRecords(table: ColumnTable): Record<string, Cell>[] {
  const records = columnsToRecords(
    table.names.map((name) => ({ name, values: table.columns[name]! })),
    table.length,
  ) as Record<string, Cell>[];
  records.forEach((row, i) => {
    for (const name of table.names) row[name] = checkedCell(row[name], name, i);
  });
  return records;
}

/** A cell, checked: numbers must be finite (undefined is treated as empty). */
export function checkedCell(value: Cell | undefined, column: string, index: number): Cell {
  if (value === undefined) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ClvkitError('NUMERIC_FAILURE', 'a non-finite number cannot be written', { fn: 'writeOutput', column, index, value: String(value) });
  }
  return value;
}
