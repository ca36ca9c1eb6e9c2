import { ClvkitError } from '../errors.js';

/** Check that a column of chart input is finite and return it as a plain number array. */
export function finiteValues(values: ArrayLike<number>, column: string, fn: string): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column, index: i, value: v });
    out[i] = v;
  }
  return out;
}

/** Throw EMPTY_INPUT when a chart has nothing to draw. */
export function requireRows(length: number, what: string, fn: string): void {
  if (length === 0) throw new ClvkitError('EMPTY_INPUT', `no ${what} to chart`, { fn });
}

/** Throw LENGTH_MISMATCH unless `values` has `length` entries. */
export function requireLength(values: ArrayLike<unknown>, length: number, column: string, fn: string): void {
  if (values.length !== length) throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${length}`, { fn, column });
}

/**
 * `count` indices spread evenly over 0..n−1, both ends included (all of them when n ≤ count):
 * i_j = round(j·(n − 1)/(count − 1)). Used to thin long curves whose vertices are joined by lines.
 */
export function evenIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < count; j++) {
    const i = Math.round((j * (n - 1)) / (count - 1));
    if (out.length === 0 || out[out.length - 1] !== i) out.push(i);
  }
  return out;
}
