/**
 * The one error type of clvkit. Errors are data: a `code` from a closed union plus the
 * details that code needs (where it happened, what value was seen); the message is built
 * from them so that callers can both read it and act on it programmatically.
 *
 * @example
 * try { readTransactionsSync('a,b\n1,2', { columns: { customerId: 'id', date: 'd', amount: 'a' } }) }
 * catch (e) { if (e instanceof ClvkitError && e.code === 'MISSING_COLUMN') console.log(e.details.column) }
 */

/** Every error code clvkit throws. */
export type ClvkitErrorCode =
  /** No rows, no customers, or an empty array where data is required. */
  | 'EMPTY_INPUT'
  /** Fewer values than the computation needs (e.g. one customer for a Gini). */
  | 'TOO_FEW_VALUES'
  /** A required column is absent from the header or the table. */
  | 'MISSING_COLUMN'
  /** Columns of one table have different lengths. */
  | 'LENGTH_MISMATCH'
  /** A row failed validation (wrong column count, empty required field, ...). */
  | 'INVALID_ROW'
  /** A date could not be parsed or is not a real calendar day. */
  | 'INVALID_DATE'
  /** A number could not be parsed or is not finite. */
  | 'INVALID_NUMBER'
  /** A value is outside its domain (NaN, Infinity, negative where it must not be, recency > T, ...). */
  | 'INVALID_VALUE'
  /** The CSV itself is malformed (unclosed quote, invalid encoding, ...). */
  | 'CSV_PARSE'
  /** An options object failed validation. */
  | 'INVALID_OPTIONS'
  /** Configuration is inconsistent (overlapping bands or segment rules, unsorted breakpoints, ...). */
  | 'INVALID_CONFIG'
  /** The same customer id appears where ids must be unique. */
  | 'DUPLICATE_ID'
  /** Units do not agree (model fitted in weeks, horizon given in months without conversion, ...). */
  | 'UNIT_MISMATCH'
  /** A serialised model is malformed or from an incompatible version. */
  | 'INVALID_MODEL'
  /** The optimiser did not converge and the caller asked for `strict`. */
  | 'NOT_CONVERGED'
  /** A quantity cannot be computed to working precision (overflow, series that does not converge). */
  | 'NUMERIC_FAILURE'
  /** A file or stream could not be read or written. */
  | 'IO_ERROR'
  /** An optional peer dependency is not installed. */
  | 'MISSING_DEPENDENCY'
  /** A feature or combination of options that is not supported. */
  | 'UNSUPPORTED'
  /** A worker thread could not start or failed (k-means with `threads` > 1). */
  | 'THREAD_FAILURE';

/** Where and on what an error happened. Every field is optional; codes fill what they know. */
export interface ClvkitErrorDetails {
  /** The public function that detected the problem, e.g. `readTransactions`. */
  readonly fn?: string;
  /** File path, when reading from a file. */
  readonly file?: string;
  /** 1-based line number in the source (the header is line 1 when there is one). */
  readonly line?: number;
  /** Column name (or 1-based index when there is no header). */
  readonly column?: string;
  /** The offending raw value, truncated to 200 characters. */
  readonly value?: unknown;
  /** Path into an options object, e.g. `['bands', 2, 'lower']`. */
  readonly path?: readonly (string | number)[];
  /** Row index (0-based) in an in-memory table. */
  readonly index?: number;
  /** Anything else the code needs (minimum, expected, reason, ...). */
  readonly [key: string]: unknown;
}

const MAX_VALUE_LENGTH = 200;

function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value === null) text = 'null';
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/** "file.csv line 12, column amount, value \"abc\"" — the place, as precisely as known. */
export function formatPlace(details: ClvkitErrorDetails): string {
  const parts: string[] = [];
  if (details.file !== undefined) parts.push(details.file);
  if (details.line !== undefined) parts.push(`line ${details.line}`);
  if (details.index !== undefined) parts.push(`row ${details.index}`);
  if (details.column !== undefined) parts.push(`column ${details.column}`);
  if (details.path !== undefined && details.path.length > 0) parts.push(`option ${details.path.join('.')}`);
  if ('value' in details) parts.push(`value ${describeValue(details.value)}`);
  return parts.join(', ');
}

/**
 * The error every clvkit function throws. `code` says what went wrong, `details` where.
 * The message reads `fn: reason (place)`.
 */
export class ClvkitError extends Error {
  override readonly name = 'ClvkitError';
  readonly code: ClvkitErrorCode;
  readonly details: ClvkitErrorDetails;

  constructor(code: ClvkitErrorCode, reason: string, details: ClvkitErrorDetails = {}) {
    const place = formatPlace(details);
    const prefix = details.fn !== undefined ? `${details.fn}: ` : '';
    super(`${prefix}${reason}${place ? ` (${place})` : ''}`);
    this.code = code;
    this.details = 'value' in details ? { ...details, value: truncateValue(details.value) } : details;
  }

  /** A plain object for logs and JSON output. */
  toJSON(): { name: string; code: ClvkitErrorCode; message: string; details: ClvkitErrorDetails } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

function truncateValue(value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

/**
 * True when `error` is a ClvkitError, optionally with the given code. Recognises errors from
 * another copy of the library too (the ESM and CommonJS builds each have their own class), by
 * name and code rather than `instanceof` alone.
 */
export function isClvkitError(error: unknown, code?: ClvkitErrorCode): error is ClvkitError {
  const looksLike =
    error instanceof ClvkitError ||
    (error instanceof Error && error.name === 'ClvkitError' && typeof (error as { code?: unknown }).code === 'string');
  return looksLike && (code === undefined || (error as ClvkitError).code === code);
}

/** For exhaustive `switch` statements over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new ClvkitError('UNSUPPORTED', `unexpected ${what}`, { value });
}
