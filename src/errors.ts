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

/**
 * Where and on what an error happened: the fields every code may fill, as far as they are known.
 * `index` is always a row of the caller's input (never a position in a filtered or sorted copy).
 */
export interface ClvkitErrorPlace {
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
  /** Row index (0-based) in the caller's in-memory table. */
  readonly index?: number;
  /** Any further field a code adds (the typed ones are listed per code in {@link ClvkitErrorDetailsByCode}). */
  readonly [key: string]: unknown;
}

/** One problem found by an options schema (zod's issue, flattened). */
export interface ClvkitOptionIssue {
  readonly path: readonly string[];
  readonly message: string;
  readonly code: string;
}

/**
 * The details of each code: the place, plus the fields that code needs (errors as data, in the manner of
 * zod v4's issue union). Switch on `error.code` and `error.details` has that code's fields.
 */
export type ClvkitErrorDetailsByCode = { readonly [C in ClvkitErrorCode]: ClvkitErrorPlace } & {
  /** k the caller asked for, and the distinct rows or customers there were. */
  readonly TOO_FEW_VALUES: { readonly k?: number; readonly distinct?: number };
  /** Every issue the options schema found; `path` is the first one's. */
  readonly INVALID_OPTIONS: { readonly issues?: readonly ClvkitOptionIssue[] };
  /** The optimiser's last state when it gave up. */
  readonly NOT_CONVERGED: { readonly iterations?: number; readonly evaluations?: number };
  /** How many worker threads were asked for. */
  readonly THREAD_FAILURE: { readonly threads?: number };
};

/**
 * The details of an error with code `C` (of any code when `C` is the whole union).
 * @example
 * const d: ClvkitErrorDetails<'INVALID_OPTIONS'> = { fn: 'kMeans', path: ['k'], issues: [] };
 */
export type ClvkitErrorDetails<C extends ClvkitErrorCode = ClvkitErrorCode> = C extends ClvkitErrorCode ? ClvkitErrorDetailsByCode[C] : never;

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
export function formatPlace(details: ClvkitErrorPlace): string {
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
export class ClvkitError<C extends ClvkitErrorCode = ClvkitErrorCode> extends Error {
  override readonly name = 'ClvkitError';
  readonly code: C;
  readonly details: ClvkitErrorDetails<C>;

  constructor(code: C, reason: string, details?: ClvkitErrorDetails<C>) {
    const given: ClvkitErrorPlace = details ?? {};
    const place = formatPlace(given);
    const prefix = given.fn !== undefined ? `${given.fn}: ` : '';
    super(`${prefix}${reason}${place ? ` (${place})` : ''}`);
    this.code = code;
    this.details = ('value' in given ? { ...given, value: truncateValue(given.value) } : given) as ClvkitErrorDetails<C>;
  }

  /** A plain object for logs and JSON output. */
  toJSON(): { name: string; code: C; message: string; details: ClvkitErrorDetails<C> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

function truncateValue(value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

/**
 * Any ClvkitError, as a union keyed by `code`: checking the code narrows `details` to that code's fields.
 * @example
 * if (isClvkitError(e) && e.code === 'INVALID_OPTIONS') e.details.issues; // readonly ClvkitOptionIssue[] | undefined
 */
export type AnyClvkitError = { [C in ClvkitErrorCode]: ClvkitError<C> }[ClvkitErrorCode];

/**
 * True when `error` is a ClvkitError, optionally with the given code. Recognises errors from
 * another copy of the library too (the ESM and CommonJS builds each have their own class), by
 * name and code rather than `instanceof` alone.
 */
export function isClvkitError<C extends ClvkitErrorCode>(error: unknown, code: C): error is ClvkitError<C>;
export function isClvkitError(error: unknown): error is AnyClvkitError;
export function isClvkitError(error: unknown, code?: ClvkitErrorCode): error is ClvkitError {
  const looksLike =
    error instanceof ClvkitError || (error instanceof Error && error.name === 'ClvkitError' && typeof (error as { code?: unknown }).code === 'string');
  return looksLike && (code === undefined || (error as ClvkitError).code === code);
}

/**
 * For exhaustive `switch` statements over unions: the `default` branch calls it, so a member added to
 * the union without a case is a type error, and a value from outside the union (untyped callers, a
 * corrupted saved model) is UNSUPPORTED at run time.
 * @example
 * switch (kind) { case 'a': return 1; case 'b': return 2; default: return assertNever(kind, 'kind'); }
 */
export function assertNever(value: never, what = 'value'): never {
  throw new ClvkitError('UNSUPPORTED', `unexpected ${what}`, { value });
}
