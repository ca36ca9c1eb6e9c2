import { z } from 'zod';
import { ClvkitError } from '../../errors.js';

/**
 * Static (time-invariant) covariates of one process: the names of numeric columns of the customer
 * table (e.g. a CustomerSummary joined with attributes), or the columns themselves keyed by name.
 */
export type CovariateSpec = readonly string[] | Readonly<Record<string, ArrayLike<number>>>;

const isArrayLike = (v: unknown): boolean => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

/** zod schema of a {@link CovariateSpec}: a non-empty list of distinct names, or an object of arrays. */
export const covariateSpecSchema = z.union([
  z
    .array(z.string().min(1))
    .min(1)
    .refine((names) => new Set(names).size === names.length, 'covariate names must be distinct'),
  z
    .record(z.string().min(1), z.custom<ArrayLike<number>>(isArrayLike, 'expected an array of numbers or a typed array'))
    .refine((o) => Object.keys(o).length > 0, 'give at least one covariate column'),
]);

/** Covariate columns resolved and checked: `names[j]` is `columns[j]`, each `length` finite values. */
export interface CovariateMatrix {
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
}

/** The names a spec refers to, in order. */
export function covariateNames(spec: CovariateSpec | undefined): string[] {
  if (spec === undefined) return [];
  return Array.isArray(spec) ? [...(spec as readonly string[])] : Object.keys(spec);
}

/**
 * Resolve covariate columns for `n` customers: a name is looked up first in `given` (columns passed
 * explicitly), then on `table` (the customer table itself). Every value must be a finite number.
 *
 * @throws MISSING_COLUMN (no such column, naming it and the option path), LENGTH_MISMATCH (not n values),
 *   INVALID_VALUE (a non-finite value, with column and row).
 * @example
 * resolveCovariates(['age'], { age: [30, 41] }, undefined, 2, 'fitBgNbdWithCovariates', 'covariates.purchase')
 * // { names: ['age'], columns: [Float64Array [30, 41]] }
 */
export function resolveCovariates(
  names: readonly string[],
  table: unknown,
  given: Readonly<Record<string, ArrayLike<number>>> | undefined,
  n: number,
  fn: string,
  path: string,
): CovariateMatrix {
  const columns = names.map((name) => {
    const fromGiven = given !== undefined && Object.hasOwn(given, name) ? given[name] : undefined;
    const fromTable = table !== null && typeof table === 'object' && Object.hasOwn(table, name) ? (table as Record<string, unknown>)[name] : undefined;
    const values = fromGiven ?? fromTable;
    if (values === undefined || !isArrayLike(values)) {
      throw new ClvkitError('MISSING_COLUMN', `covariate column ${name} is not on the customer table nor given as an array`, {
        fn,
        column: name,
        path: path.split('.'),
      });
    }
    const col = values as ArrayLike<unknown>;
    if (col.length !== n) {
      throw new ClvkitError('LENGTH_MISMATCH', `covariate ${name} has ${col.length} entries, expected ${n}`, { fn, column: name });
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ClvkitError('INVALID_VALUE', 'a covariate must be a finite number', { fn, column: name, index: i, value: v });
      }
      out[i] = v === 0 ? 0 : v;
    }
    return out;
  });
  return { names: [...names], columns };
}

/** Spec → the explicit columns it carries (for a name list: none). */
export function givenColumns(spec: CovariateSpec | undefined): Readonly<Record<string, ArrayLike<number>>> | undefined {
  return spec === undefined || Array.isArray(spec) ? undefined : (spec as Readonly<Record<string, ArrayLike<number>>>);
}

/** Σ_j γ_j z_ij for row i. */
export function linearPredictor(columns: readonly Float64Array[], coefficients: ArrayLike<number>, offset: number, row: number): number {
  let s = 0;
  for (let j = 0; j < columns.length; j++) s += coefficients[offset + j]! * columns[j]![row]!;
  return s;
}
