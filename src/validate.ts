import type { z } from 'zod';
import { ClvkitError } from './errors.js';

/**
 * Validate an options object against its zod schema once, at the public entry, and return the
 * parsed, defaulted form. Throws INVALID_OPTIONS naming the calling function and the option path.
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, fn: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length > 0 ? path.join('.') : 'options';
  throw new ClvkitError('INVALID_OPTIONS', `invalid ${where}: ${issue.message}`, {
    fn,
    path,
    issues: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })),
  });
}

/** A numeric column: a plain array or a Float64Array (any typed array reads the same). */
export type NumericColumn = ArrayLike<number>;

/**
 * Check that every value of a numeric column is finite; return it as a Float64Array (copied,
 * never the caller's array). Throws INVALID_VALUE naming the function, column and row.
 */
export function finiteColumn(values: NumericColumn, column: string, fn: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column, index: i, value: v });
    }
    out[i] = v;
  }
  return out;
}

/** Throw LENGTH_MISMATCH unless every named column has `length` entries. */
export function checkLengths(columns: Readonly<Record<string, ArrayLike<unknown> | undefined>>, length: number, fn: string): void {
  for (const [column, values] of Object.entries(columns)) {
    if (values !== undefined && values.length !== length) {
      throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${length}`, { fn, column });
    }
  }
}
