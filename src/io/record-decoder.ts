import type { ClvkitErrorCode } from '../errors.js';
import { ClvkitError } from '../errors.js';
import type { RejectedRow } from './transaction-table.js';
import { createAmountParser, type AmountParser } from './parse-amount.js';
import { createDayParser, type DayParser } from './parse-date.js';
import type { ReaderOptions } from './ingest-options.js';
import { fieldText, recordFields, type CsvBatch } from './csv-batches.js';
import type { IdDictionary } from './id-dictionary.js';

/** What a field holds: a required non-empty id, free text, a decimal, a money amount (a decimal of at most {@link MAX_AMOUNT}), an integer, or a calendar day. */
export type FieldKind = 'id' | 'string' | 'number' | 'amount' | 'integer' | 'date';

/**
 * The largest transaction amount the readers accept, in magnitude: 1e15 (a quadrillion in any
 * currency unit, beyond any real bank transaction). Larger values are INVALID_NUMBER: they come
 * from corrupted or shifted columns, and sums of them could overflow a double.
 */
export const MAX_AMOUNT = 1e15;

const TOO_LARGE = 'amount beyond ±1e15 (no real transaction is that large)';

/** One output field and the source column it comes from. */
export interface FieldSpec {
  readonly name: string;
  /** Header name, or 0-based index. */
  readonly source: string | number;
  readonly kind: FieldKind;
  /** The column may be absent from the source (the field is then left out). */
  readonly optional?: boolean;
}

/** A field bound to a position in the record. */
export interface BoundField extends FieldSpec {
  readonly index: number;
  /** How messages name the column: its header name, or its 1-based position without a header. */
  readonly label: string;
}

/** A decoded value: a string for string fields (and id fields without a dictionary), a number otherwise (epoch day for dates, code for ids). */
export type FieldValue = string | number;

/** At most this many header characters are quoted in a MISSING_COLUMN message. */
const HEADER_PREVIEW = 300;

/**
 * The header names for a message, each cut to 40 characters and the whole list to 300: a header
 * of 10 MB must not end up in an error message (or a log line).
 */
export function headerPreview(names: readonly string[]): string {
  let text = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!.length > 40 ? `${names[i]!.slice(0, 40)}…` : names[i]!;
    const next = i === 0 ? name : `${text}, ${name}`;
    if (next.length > HEADER_PREVIEW) return `${text}, … (${names.length} columns)`;
    text = next;
  }
  return text;
}

/**
 * Field-by-field validation shared by every reader: binds fields to header positions, then turns
 * each record (CSV strings or a plain object) into typed values or a rejection with its reason.
 * Hand-written char-code checks (no regex, no Date per row).
 */
export class RecordDecoder {
  readonly fields: BoundField[] = [];
  /** Decoding order: id fields last, so that a row rejected for another field adds no id to the dictionary. */
  private order: number[] = [];
  private width = -1;
  private readonly parseDay: DayParser;
  private readonly parseAmount: AmountParser;
  /** Per date field: the text of the last valid date decoded and its day (dates repeat heavily in sorted files). */
  private readonly lastDateText: string[] = [];
  private readonly lastDateDay: number[] = [];

  constructor(
    private readonly specs: readonly FieldSpec[],
    private readonly options: ReaderOptions,
    private readonly fn: string,
    private readonly file: string | undefined,
    /** When given, 'id' fields decode to their code in this dictionary instead of a string. */
    private readonly ids?: IdDictionary,
  ) {
    this.parseDay = createDayParser(options.dateFormat);
    this.parseAmount = createAmountParser(options.decimal, options.thousands);
  }

  private where(line: number): { fn: string; file?: string; line: number } {
    return this.file !== undefined ? { fn: this.fn, file: this.file, line } : { fn: this.fn, line };
  }

  private setOrder(): void {
    const all = this.fields.map((_, f) => f);
    this.order = [...all.filter((f) => this.fields[f]!.kind !== 'id'), ...all.filter((f) => this.fields[f]!.kind === 'id')];
  }

  /** Bind fields to a header (names) — throws MISSING_COLUMN for an absent required column. */
  bindHeader(header: readonly string[], line: number): void {
    const names = header.map((h) => h.trim());
    this.width = names.length;
    for (const spec of this.specs) {
      let index: number;
      if (typeof spec.source === 'number') index = spec.source < names.length ? spec.source : -1;
      else {
        index = names.indexOf(spec.source);
        if (index >= 0 && names.indexOf(spec.source, index + 1) >= 0) {
          throw new ClvkitError('INVALID_ROW', 'the header names this column more than once', { ...this.where(line), column: spec.source });
        }
      }
      if (index < 0) {
        if (spec.optional === true) continue;
        throw new ClvkitError('MISSING_COLUMN', `column for ${spec.name} not found in the header [${headerPreview(names)}]`, {
          ...this.where(line),
          column: String(spec.source),
        });
      }
      this.fields.push({ ...spec, index, label: names[index]! });
    }
    this.setOrder();
  }

  /** Bind fields by position, the first record's width being the expected width (no header). */
  bindPositions(width: number, line: number): void {
    this.width = width;
    for (const spec of this.specs) {
      if (typeof spec.source !== 'number') {
        throw new ClvkitError('INVALID_OPTIONS', `with header: false, columns are 0-based indexes; got "${spec.source}" for ${spec.name}`, {
          fn: this.fn,
          column: spec.source,
        });
      }
      if (spec.source >= width) {
        if (spec.optional === true) continue;
        throw new ClvkitError('MISSING_COLUMN', `column index ${spec.source} for ${spec.name} is beyond the ${width} fields of the first record`, {
          ...this.where(line),
          column: String(spec.source + 1),
        });
      }
      this.fields.push({ ...spec, index: spec.source, label: String(spec.source + 1) });
    }
    this.setOrder();
  }

  /** Bind fields of object rows by key (keys are not known in advance: every field is looked up). */
  bindObjectKeys(): void {
    for (const spec of this.specs) this.fields.push({ ...spec, index: -1, label: String(spec.source) });
    this.setOrder();
  }

  private reject(line: number, code: ClvkitErrorCode, reason: string, raw: RejectedRow['raw'], column?: string, value?: unknown): RejectedRow {
    return column === undefined ? { line, code, reason, raw } : { line, code, reason, raw, column, value };
  }

  /** Decode record r of a CSV batch into `out` (one slot per bound field); a rejection when it is invalid. */
  decodeRecord(batch: CsvBatch, r: number, out: FieldValue[]): RejectedRow | undefined {
    const first = batch.recordField[r]!;
    const width = batch.recordField[r + 1]! - first;
    const line = batch.lines[r]!;
    if (width !== this.width) {
      return this.reject(line, 'INVALID_ROW', `expected ${this.width} fields, found ${width}`, recordFields(batch, r));
    }
    const fields = this.fields;
    const order = this.order;
    const values = batch.values;
    for (let o = 0; o < order.length; o++) {
      const f = order[o]!;
      const field = fields[f]!;
      const k = first + field.index;
      const problem =
        values === undefined
          ? this.decodeText(field, batch.text, batch.fieldStart[k]!, batch.fieldEnd[k]!, f, out)
          : this.decodeText(field, values[k]!, 0, values[k]!.length, f, out);
      if (problem !== undefined) return this.reject(line, problem[0], problem[1], recordFields(batch, r), field.label, fieldText(batch, k));
    }
    return undefined;
  }

  private decodeText(field: BoundField, text: string, start: number, end: number, f: number, out: FieldValue[]): [ClvkitErrorCode, string] | undefined {
    if (end - start > this.options.maxFieldLength)
      return ['INVALID_ROW', `${field.name} longer than ${this.options.maxFieldLength} characters (option maxFieldLength)`];
    switch (field.kind) {
      case 'id': {
        let blank = true;
        for (let i = start; i < end; i++) {
          const c = text.charCodeAt(i);
          if (c < 32 || c === 127) return ['INVALID_ROW', `${field.name} contains a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')})`];
          if (blank && c !== 32) blank = false;
        }
        if (blank) return ['INVALID_ROW', `empty ${field.name}`];
        out[f] = this.ids !== undefined ? this.ids.code(text, start, end) : start === 0 && end === text.length ? text : text.slice(start, end);
        return undefined;
      }
      case 'string':
        out[f] = start === 0 && end === text.length ? text : text.slice(start, end);
        return undefined;
      case 'number':
      case 'amount': {
        const v = this.parseAmount(text, start, end);
        if (Number.isNaN(v)) return ['INVALID_NUMBER', `not a decimal number (decimal separator "${this.options.decimal}")`];
        if (field.kind === 'amount' && (v > MAX_AMOUNT || v < -MAX_AMOUNT)) return ['INVALID_NUMBER', TOO_LARGE];
        out[f] = v;
        return undefined;
      }
      case 'integer': {
        const v = this.parseAmount(text, start, end);
        if (!Number.isInteger(v) || v > 2147483647 || v < -2147483648) return ['INVALID_NUMBER', 'not a 32-bit integer'];
        out[f] = v;
        return undefined;
      }
      case 'date': {
        // The day is a pure function of the text: the same text as the last valid date of this
        // field gives the same day without parsing again (only valid dates are remembered).
        const last = this.lastDateText[f];
        const len = end - start;
        if (last !== undefined && last.length === len) {
          let same = true;
          for (let i = 0; i < len; i++) {
            if (last.charCodeAt(i) !== text.charCodeAt(start + i)) {
              same = false;
              break;
            }
          }
          if (same) {
            out[f] = this.lastDateDay[f]!;
            return undefined;
          }
        }
        const v = this.parseDay(text, start, end);
        if (Number.isNaN(v))
          return ['INVALID_DATE', `not a calendar date in format ${this.options.dateFormat === 'auto' ? 'YYYY-MM-DD or YYYYMMDD' : this.options.dateFormat}`];
        // A fresh copy (not a slice that would keep the whole batch text alive).
        this.lastDateText[f] = len === text.length ? text : (' ' + text.slice(start, end)).slice(1);
        this.lastDateDay[f] = v;
        out[f] = v;
        return undefined;
      }
    }
  }

  /**
   * Decode one plain-object row: strings go through the same parsers as CSV fields; numbers are
   * taken as they are for number fields (finite only) and as text (e.g. 19970101) for dates and ids;
   * a `Date` is its UTC calendar day.
   */
  decodeObject(row: unknown, line: number, out: FieldValue[]): RejectedRow | undefined {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      return this.reject(line, 'INVALID_ROW', 'expected a plain object', { value: row });
    }
    const obj = row as Readonly<Record<string, unknown>>;
    const fields = this.fields;
    for (let o = 0; o < this.order.length; o++) {
      const f = this.order[o]!;
      const field = fields[f]!;
      const value = obj[field.label];
      if (value === undefined || value === null) {
        if (field.optional === true && field.kind === 'string') {
          out[f] = '';
          continue;
        }
        return this.reject(line, 'INVALID_ROW', `missing ${field.name}`, obj, field.label, value);
      }
      if (value instanceof Date && field.kind === 'date') {
        const t = value.getTime();
        if (!Number.isFinite(t)) return this.reject(line, 'INVALID_DATE', 'invalid Date', obj, field.label, String(value));
        out[f] = Math.floor(t / 86_400_000);
        continue;
      }
      if (typeof value === 'number' && (field.kind === 'number' || field.kind === 'amount' || field.kind === 'integer')) {
        if (!Number.isFinite(value) || (field.kind === 'integer' && (!Number.isInteger(value) || value > 2147483647 || value < -2147483648))) {
          return this.reject(line, 'INVALID_NUMBER', field.kind === 'integer' ? 'not a 32-bit integer' : 'not a finite number', obj, field.label, value);
        }
        if (field.kind === 'amount' && (value > MAX_AMOUNT || value < -MAX_AMOUNT))
          return this.reject(line, 'INVALID_NUMBER', TOO_LARGE, obj, field.label, value);
        out[f] = value;
        continue;
      }
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
        const code: ClvkitErrorCode =
          field.kind === 'date'
            ? 'INVALID_DATE'
            : field.kind === 'number' || field.kind === 'amount' || field.kind === 'integer'
              ? 'INVALID_NUMBER'
              : 'INVALID_ROW';
        return this.reject(line, code, `unexpected ${typeof value} for ${field.name}`, obj, field.label, value);
      }
      const text = typeof value === 'string' ? value : String(value);
      const problem = this.decodeText(field, text, 0, text.length, f, out);
      if (problem !== undefined) return this.reject(line, problem[0], problem[1], obj, field.label, value);
    }
    return undefined;
  }

  /** The error thrown for a rejection in `onInvalid: 'throw'` mode. */
  toError(reject: RejectedRow): ClvkitError {
    return new ClvkitError(reject.code, reject.reason, {
      ...this.where(reject.line),
      ...(reject.column !== undefined ? { column: reject.column, value: reject.value } : {}),
    });
  }
}
