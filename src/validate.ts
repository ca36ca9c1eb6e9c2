import type { z } from 'zod';
import { ClvkitError } from './errors.js';

/**
 * Validate an options object against its zod schema once, at the public entry, and return the
 * parsed, defaulted form. Throws INVALID_OPTIONS naming the calling function and the option path.
 * An unknown key (every options schema is strict) is reported first, with the nearest valid key
 * at that place (`penaliser` → did you mean `penalizer`?) in the message and in `details.suggestion`.
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, fn: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length > 0 ? path.join('.') : 'options';
  const summary = issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code }));
  if (issue.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]);
    const valid = knownKeysAt(schema, path);
    const suggestion = nearestKey(key, valid);
    const hint = suggestion !== undefined ? ` — did you mean "${suggestion}"?` : valid.length > 0 ? ` (valid options: ${valid.join(', ')})` : '';
    throw new ClvkitError('INVALID_OPTIONS', `invalid ${where}: unknown option "${key}"${hint}`, {
      fn,
      path,
      key,
      ...(suggestion !== undefined ? { suggestion } : {}),
      issues: summary,
    });
  }
  throw new ClvkitError('INVALID_OPTIONS', `invalid ${where}: ${issue.message}`, { fn, path, issues: summary });
}

/** The zod v4 definition fields the key lookup walks (internal, read-only). */
interface SchemaDef {
  readonly type?: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
}

function defOf(schema: z.ZodType | undefined): SchemaDef | undefined {
  return (schema as unknown as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
}

/** The object schemas a value at `path` may be checked against (wrappers, unions and arrays looked through). */
function objectSchemasAt(schema: z.ZodType | undefined, path: readonly (string | number)[], depth = 0): SchemaDef[] {
  const def = defOf(schema);
  if (def === undefined || depth > 64) return [];
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
    case 'lazy':
      return objectSchemasAt(def.innerType ?? (schema as unknown as { _zod: { innerType?: z.ZodType } })._zod.innerType, path, depth + 1);
    case 'pipe':
      return [...objectSchemasAt(def.in, path, depth + 1), ...objectSchemasAt(def.out, path, depth + 1)];
    case 'union':
      return (def.options ?? []).flatMap((o) => objectSchemasAt(o, path, depth + 1));
    case 'intersection':
      return [...objectSchemasAt(def.left, path, depth + 1), ...objectSchemasAt(def.right, path, depth + 1)];
    case 'array':
      return path.length > 0 ? objectSchemasAt(def.element, path.slice(1), depth + 1) : [];
    case 'object':
      if (path.length === 0) return [def];
      return objectSchemasAt(def.shape?.[String(path[0])], path.slice(1), depth + 1);
    default:
      return [];
  }
}

/** The keys a strict object at `path` of `schema` accepts, in declaration order (best effort; [] when unknown). */
function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  const keys = new Set<string>();
  for (const def of objectSchemasAt(schema, path)) for (const k of Object.keys(def.shape ?? {})) keys.add(k);
  return [...keys];
}

/** Optimal-string-alignment distance (Levenshtein with adjacent transpositions), case-insensitive. */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/** Longest key name compared (a pasted blob is not worth a quadratic comparison). */
const MAX_SUGGEST_LENGTH = 64;

/**
 * The valid key nearest to an unknown one, when it is plausibly a typo: at most a third of the
 * key's length (and at least 2) edits away, case ignored; undefined otherwise.
 */
export function nearestKey(key: string, valid: readonly string[]): string | undefined {
  if (key.length > MAX_SUGGEST_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of valid) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** A numeric column: a plain array or a Float64Array (any typed array reads the same). */
export type NumericColumn = ArrayLike<number>;

/**
 * Check that every value of a numeric column is finite; return it as a Float64Array (copied,
 * never the caller's array). Throws INVALID_VALUE naming the function, column and row.
 */
export function finiteColumn(values: NumericColumn, column: string, fn: string): Float64Array {
  requireArrayLike(values, column, fn);
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

/** A short description of what a garbage argument is, for error messages ("undefined", "a number", ...). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'undefined' ? 'undefined' : t === 'object' ? 'an object' : `a ${t}`;
}

/**
 * Check that a data argument is a plain object (a table of columns, a result of another clvkit
 * function, a model): not null/undefined, not a primitive, not an array. A null-prototype object
 * is accepted. Throws INVALID_VALUE naming the function and what was expected.
 *
 * @param what what the argument should be, e.g. `'a customer table'`, for the message.
 */
export function requireTable(input: unknown, fn: string, what = 'a table (an object of columns)'): Readonly<Record<string, unknown>> {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || ArrayBuffer.isView(input)) {
    throw new ClvkitError('INVALID_VALUE', `expected ${what}, got ${kindOf(input)}`, { fn, value: describeGarbage(input) });
  }
  return input as Readonly<Record<string, unknown>>;
}

/** Longest column accepted (2^31 − 1 entries): a claimed length of 1e10 is INVALID_VALUE, not a RangeError. */
export const MAX_COLUMN_LENGTH = 2 ** 31 - 1;

/**
 * Check that `input` is array-like: an array or a typed array (an object with a non-negative
 * integer `length`; strings are not accepted). Entries are not checked. Throws INVALID_VALUE.
 */
export function requireArrayLike(input: unknown, column: string, fn: string): ArrayLike<unknown> {
  const length = input !== null && typeof input === 'object' ? (input as { length?: unknown }).length : undefined;
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new ClvkitError('INVALID_VALUE', `expected an array, got ${kindOf(input)}`, { fn, column, value: describeGarbage(input) });
  }
  if (length > MAX_COLUMN_LENGTH) {
    throw new ClvkitError('INVALID_VALUE', `an array of ${length} entries is longer than any column clvkit can hold (${MAX_COLUMN_LENGTH})`, {
      fn,
      column,
      value: length,
    });
  }
  return input as ArrayLike<unknown>;
}

/**
 * The column `name` of a table: MISSING_COLUMN when absent (undefined), INVALID_VALUE when it is
 * not array-like. Entries are not checked.
 */
export function requireColumn(table: Readonly<Record<string, unknown>>, name: string, fn: string): ArrayLike<unknown> {
  const column = table[name];
  if (column === undefined) throw new ClvkitError('MISSING_COLUMN', `the table has no column "${name}"`, { fn, column: name });
  return requireArrayLike(column, name, fn);
}

/**
 * A numeric column of a table, every entry finite, as a Float64Array copy
 * ({@link requireColumn} then {@link finiteColumn}). Throws MISSING_COLUMN or INVALID_VALUE.
 */
export function requireNumericColumn(table: Readonly<Record<string, unknown>>, name: string, fn: string): Float64Array {
  return finiteColumn(requireColumn(table, name, fn) as NumericColumn, name, fn);
}

/**
 * Check that a scalar argument is a finite number. Throws `code` (INVALID_VALUE by default;
 * INVALID_DATE for day numbers) naming the function and the argument.
 */
export function requireFiniteNumber(value: unknown, name: string, fn: string, code: 'INVALID_VALUE' | 'INVALID_DATE' = 'INVALID_VALUE'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ClvkitError(code, `${name} must be a finite number, got ${kindOf(value)}`, { fn, value: describeGarbage(value) });
  }
  return value;
}

/** Check that a scalar argument is one of `allowed` (a unit, a product name, ...). Throws INVALID_VALUE. */
export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, fn: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ClvkitError('INVALID_VALUE', `${name} must be one of ${allowed.join(', ')}`, { fn, value: describeGarbage(value) });
  }
  return value as T;
}

/**
 * Check that a computed quantity (a total, a share, a mean) is finite: finite inputs can still
 * overflow a double when added (two values of 1e308), and an overflowed total turns every share
 * into NaN. Throws NUMERIC_FAILURE naming the function and the quantity; returns the value.
 *
 * @param what the quantity, e.g. `'the total value'`, for the message.
 */
export function checkFiniteResult(value: number, what: string, fn: string, details: Readonly<Record<string, unknown>> = {}): number {
  if (!Number.isFinite(value)) throw new ClvkitError('NUMERIC_FAILURE', `${what} overflows a double`, { fn, ...details });
  return value;
}

/** Σ values, throwing NUMERIC_FAILURE (via {@link checkFiniteResult}) when the sum overflows a double. */
export function finiteSum(values: ArrayLike<number>, what: string, fn: string): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return checkFiniteResult(sum, what, fn);
}

/** Garbage values that cannot be printed safely (a null-prototype object, a BigInt) as a tag. */
function describeGarbage(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null) return '[object with null prototype]';
  return value;
}

/** Deepest nesting a saved model may have (real ones stay under 20). */
export const MAX_MODEL_DEPTH = 256;

/** Nesting depth of arrays/objects in `value`, counted iteratively and stopping past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const d = depth + 1;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, d]);
  }
  return max;
}

/**
 * Parse a saved model — a JSON string or an already-parsed object — against its zod schema.
 * Throws INVALID_MODEL naming `fn` and the path of the first problem (or a value nested more than
 * MAX_MODEL_DEPTH deep, before any recursion); returns the parsed data.
 */
export function parseModelJson<S extends z.ZodType>(schema: S, json: unknown, fn: string): z.output<S> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (error) {
      throw new ClvkitError('INVALID_MODEL', `not valid JSON: ${(error as Error).message}`, { fn });
    }
  }
  const depth = nestingDepth(value, MAX_MODEL_DEPTH);
  if (depth > MAX_MODEL_DEPTH) throw new ClvkitError('INVALID_MODEL', `nested more than ${MAX_MODEL_DEPTH} levels deep: not a saved model`, { fn });
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    throw new ClvkitError('INVALID_MODEL', `invalid ${path.length > 0 ? path.join('.') : 'model'}: ${issue.message}`, { fn, path });
  }
  return parsed.data;
}
