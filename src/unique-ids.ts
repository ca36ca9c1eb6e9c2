import { ClvkitError } from './errors.js';

/** What an id column may hold. */
export type IdKind = 'string' | 'string-or-number';

/** Where the ids come from, for the error's place. */
export interface UniqueIdsOptions {
  /** The public function named in errors. */
  readonly fn: string;
  /** The column named in errors, e.g. `customerId`. */
  readonly column: string;
  /** `'string'` (default) or `'string-or-number'` (a finite number). */
  readonly kind?: IdKind;
  /** Extra detail fields for the error (e.g. `{ which: 'from' }`). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Check an id column and index it: every id a string (or, with `kind: 'string-or-number'`, a finite
 * number), none repeated. Returns id → row. Errors give `index` as the caller's row (0-based) and
 * `value` as the id; a repeat names both rows.
 *
 * @throws INVALID_VALUE an id of the wrong type; DUPLICATE_ID an id seen before.
 * @example
 * uniqueIds(['a', 'b'], { fn: 'tierMigration', column: 'customerId' }) // Map { 'a' => 0, 'b' => 1 }
 * uniqueIds(['a', 'a'], { fn: 'f', column: 'id' }) // throws DUPLICATE_ID: f: id "a" appears on rows 0 and 1 (row 1, column id, value "a")
 */
export function uniqueIds<T extends string | number = string>(ids: ArrayLike<unknown>, options: UniqueIdsOptions): Map<T, number> {
  const { fn, column, kind = 'string', details = {} } = options;
  const index = new Map<T, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const ok = typeof id === 'string' || (kind === 'string-or-number' && typeof id === 'number' && Number.isFinite(id));
    if (!ok) {
      const expected = kind === 'string' ? 'a string' : 'a string or a finite number';
      throw new ClvkitError('INVALID_VALUE', `${column} must be ${expected}`, { ...details, fn, column, index: i, value: id });
    }
    const first = index.get(id as T);
    if (first !== undefined) {
      throw new ClvkitError('DUPLICATE_ID', `${column} ${JSON.stringify(id)} appears on rows ${first} and ${i}`, {
        ...details,
        fn,
        column,
        index: i,
        value: id,
      });
    }
    index.set(id as T, i);
  }
  return index;
}
