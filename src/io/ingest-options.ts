import { z } from 'zod';
import { isDateFormat } from './parse-date.js';

/** Progress of a read: rows read so far, bytes consumed, and the file size when known. */
export interface IngestProgress {
  readonly rows: number;
  readonly bytes: number;
  /** Size of the file (compressed size for `.gz`); undefined for streams and in-memory sources. */
  readonly totalBytes: number | undefined;
}

/** Default longest field, in characters (a customer id, a date, an amount, an attribute): 64 KiB. */
export const DEFAULT_MAX_FIELD_LENGTH = 65_536;
/** Default longest record (a CSV line, quoted line breaks included), in characters: 1 MiB. */
export const DEFAULT_MAX_RECORD_LENGTH = 1_048_576;

/** Rows between two progress calls (plus one final call). */
export const PROGRESS_EVERY = 100_000;

/** A column reference: a header name, or a 0-based index (required with `header: false`). */
export const columnRef = z.union([z.string().min(1), z.number().int().min(0)]);

/** Options every reader shares: the CSV dialect, number and date formats, error handling. */
export const readerOptionsShape = {
  /** Field delimiter. */
  delimiter: z.enum([',', ';', '\t', '|']).default(','),
  /** Quote character. */
  quote: z.string().length(1).default('"'),
  /** Whether the first record is a header with column names. */
  header: z.boolean().default(true),
  /** Decimal separator of numbers: '.' or ',' (European exports). */
  decimal: z.enum(['.', ',']).default('.'),
  /** Thousands separator accepted in numbers (groups of exactly 3 digits); none by default. */
  thousands: z.enum([',', '.', ' ', "'", '_']).optional(),
  /** 'auto' (ISO YYYY-MM-DD or YYYYMMDD) or a pattern such as 'DD/MM/YYYY'. */
  dateFormat: z
    .string()
    .refine(isDateFormat, { message: "expected 'auto' or a pattern of YYYY, MM, DD with one separator, e.g. 'DD/MM/YYYY'" })
    .default('auto'),
  /** 'throw' at the first bad row (default), or 'collect' every bad row in `rejects`. */
  onInvalid: z.enum(['throw', 'collect']).default('throw'),
  /**
   * Longest field accepted, in characters (default 65,536): a longer field (a 5 MB customer id) is a
   * rejected row (INVALID_ROW), so one bad value cannot fill memory.
   */
  maxFieldLength: z
    .number()
    .int()
    .min(1)
    .max(2 ** 30)
    .default(DEFAULT_MAX_FIELD_LENGTH),
  /**
   * Longest record (a line, or several when a quoted field spans lines), in characters (default
   * 1,048,576): a longer one stops the read with CSV_PARSE naming its line — reading `/dev/zero` or
   * a file with no line breaks fails at once instead of growing without bound.
   */
  maxRecordLength: z
    .number()
    .int()
    .min(1)
    .max(2 ** 30)
    .default(DEFAULT_MAX_RECORD_LENGTH),
  /** Display name of the source in messages; defaults to the file path. */
  file: z.string().optional(),
  /** Called at most every 100,000 rows and once at the end. */
  onProgress: z.custom<(progress: IngestProgress) => void>((v) => typeof v === 'function', { message: 'expected a function' }).optional(),
};

/** Schema of the shared reader options, with the cross-field check decimal ≠ thousands. */
export const readerOptionsSchema = z.strictObject(readerOptionsShape);

/** Shared reader options after parsing and defaults. */
export type ReaderOptions = z.output<typeof readerOptionsSchema>;

/** Reject `decimal` equal to `thousands`. */
export function checkSeparators(o: { decimal: string; thousands?: string | undefined }, ctx: z.RefinementCtx): void {
  if (o.thousands !== undefined && o.thousands === o.decimal) {
    ctx.addIssue({ code: 'custom', path: ['thousands'], message: 'thousands separator must differ from the decimal separator' });
  }
}
