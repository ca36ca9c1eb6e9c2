import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';

/** A cell value a record may hold. Arrays are joined with `listSeparator`. */
export type CsvCell = string | number | boolean | null | readonly string[];

const csvSchema = z
  .object({
    /** Columns in order; default the keys of the first record. */
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** Field delimiter (default ','). */
    delimiter: z.enum([',', ';', '\t']).default(','),
    /** Joins list cells (default '|'). */
    listSeparator: z.string().min(1).max(3).default('|'),
    /** Line ending (default '\n'). */
    newline: z.enum(['\n', '\r\n']).default('\n'),
  })
  .strict();

/** Options of {@link recordsToCsv}. */
export type RecordsToCsvOptions = z.input<typeof csvSchema>;

/** Characters that make a spreadsheet read a text cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell, neutralised against spreadsheet formula injection: a string starting with = + - @ tab or
 * carriage return gets a leading apostrophe (OWASP "CSV Injection" advice). Numbers are never touched, so
 * a real negative number stays a number.
 */
export function neutraliseCsvText(text: string): string {
  if (typeof text !== 'string') throw new ClvkitError('INVALID_VALUE', 'expected a string', { fn: 'neutraliseCsvText', value: text });
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string, delimiter: string): string {
  return /["\n\r]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Character codes a text cell may start with that make it a formula: = + - @ tab, carriage return. */
function startsFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/** A text cell: neutralised, then quoted when needed (one scan: the fast path for plain text). */
function textCell(text: string, needsQuote: RegExp): string {
  const safe = startsFormula(text) ? `'${text}` : text;
  return needsQuote.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Records to CSV text (RFC 4180 quoting: fields with the delimiter, a quote or a line break are quoted, quotes
 * doubled), with a header row. Numbers are written with `String(n)` (shortest round-trip form, never locale
 * formatted), booleans as true/false, null as an empty field, lists joined with `listSeparator`. String cells
 * are neutralised against formula injection ({@link neutraliseCsvText}); numbers, including negative ones, are not.
 *
 * @throws ClvkitError INVALID_OPTIONS (options), EMPTY_INPUT (no records and no columns), INVALID_VALUE (not an
 *   array of records, a non-finite number or a cell of another type, with its row and column).
 * @example
 * recordsToCsv([{ id: '=HYPERLINK("x")', value: -12.5, tags: ['a', 'b'] }], {});
 * // 'id,value,tags\n"\'=HYPERLINK(""x"")",-12.5,a|b\n'
 */
export function recordsToCsv(records: readonly Readonly<Record<string, CsvCell>>[], options: RecordsToCsvOptions = {}): string {
  const fn = 'recordsToCsv';
  const o = parseOptions(csvSchema, options, fn);
  if (!Array.isArray(records)) throw new ClvkitError('INVALID_VALUE', 'expected an array of records', { fn, value: records });
  const first = records[0];
  if (first !== undefined && (first === null || typeof first !== 'object'))
    throw new ClvkitError('INVALID_VALUE', 'expected a record (a plain object)', { fn, index: 0, value: first });
  const columns = o.columns ?? (first !== undefined ? Object.keys(first) : undefined);
  if (columns === undefined) throw new ClvkitError('EMPTY_INPUT', 'no records and no columns', { fn });
  const needsQuote = new RegExp(`["\\n\\r${o.delimiter === '\t' ? '\\t' : o.delimiter}]`);
  const lines: string[] = [columns.map((c) => quote(neutraliseCsvText(c), o.delimiter)).join(o.delimiter)];
  const width = columns.length;
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    if (record === null || typeof record !== 'object')
      throw new ClvkitError('INVALID_VALUE', 'expected a record (a plain object)', { fn, index, value: record });
    const fields = new Array<string>(width);
    for (let k = 0; k < width; k++) {
      const column = columns[k]!;
      const v = record[column];
      if (v === null || v === undefined) fields[k] = '';
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, index, column, value: v });
        fields[k] = String(v);
      } else if (typeof v === 'string') fields[k] = textCell(v, needsQuote);
      else if (typeof v === 'boolean') fields[k] = v ? 'true' : 'false';
      else if (Array.isArray(v)) fields[k] = textCell(v.map(String).join(o.listSeparator), needsQuote);
      else throw new ClvkitError('INVALID_VALUE', 'expected a string, number, boolean, null or list of strings', { fn, index, column, value: v });
    }
    lines.push(fields.join(o.delimiter));
  }
  return lines.join(o.newline) + o.newline;
}
