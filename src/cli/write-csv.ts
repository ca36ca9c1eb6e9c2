import { recordsToCsv } from '../scoring/records-to-csv.js';
import { tableRecords, type ColumnTable } from './column-table.js';

/** Options of {@link toCsv}. */
export interface ToCsvOptions {
  /** Start with a UTF-8 byte-order mark so that Excel reads the file as UTF-8. Default false. */
  readonly bom?: boolean;
  /** Field delimiter; default ','. */
  readonly delimiter?: ',' | ';' | '\t';
  /** Line ending; default '\n'. */
  readonly eol?: '\n' | '\r\n';
}

/**
 * Render an output table as CSV for people and spreadsheets, with the library's one CSV writer
 * (`recordsToCsv`, src/scoring): a header row, RFC 4180 quoting, text cells starting with `=`, `+`,
 * `-`, `@`, tab or CR neutralised with a leading apostrophe (formula injection), numbers written as
 * numbers (`String(n)`, locale-free: -5 stays -5); optionally a UTF-8 BOM for Excel.
 *
 * @throws ClvkitError NUMERIC_FAILURE when a number is NaN or ±Infinity (never written).
 * @example
 * toCsv(columnTable({ id: ['=cmd', 'b'], clv: [1.5, -2] }))
 * // "id,clv\n'=cmd,1.5\nb,-2\n"
 */
export function toCsv(table: ColumnTable, options: ToCsvOptions = {}): string {
  const text = recordsToCsv(tableRecords(table), {
    columns: [...table.names],
    delimiter: options.delimiter ?? ',',
    newline: options.eol ?? '\n',
  });
  return options.bom === true ? `\uFEFF${text}` : text;
}
