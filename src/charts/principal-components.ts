import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';

const principalComponentsSchema = z.strictObject({
  /** Number of components kept (1..columns); default 2. */
  components: z.number().int().min(1).max(1000).default(2),
});

export type PrincipalComponentsOptions = z.input<typeof principalComponentsSchema>;

/** The leading principal components of a data matrix. */
export interface PrincipalComponents {
  readonly rows: number;
  readonly columns: number;
  /** Column means that were subtracted. */
  readonly mean: Float64Array;
  /** Loadings, component-major: loading of column j on component c = loadings[c·columns + j]; unit length. */
  readonly loadings: Float64Array;
  /** Variance along each kept component (eigenvalues of the covariance, descending). */
  readonly variance: Float64Array;
  /** variance / total variance, per kept component. */
  readonly explained: Float64Array;
  /** Scores, row-major: score of row i on component c = scores[i·components + c]. */
  readonly scores: Float64Array;
}

/**
 * Principal component analysis of a row-major `rows × columns` matrix (e.g. k-means' scaled features):
 * centre the columns, form the covariance C = XᵀX/(n − 1) and diagonalise it with cyclic Jacobi rotations
 * (deterministic, exact to rounding for the small column counts of customer features), keep the
 * `components` largest eigenvalues, and project every row. Each loading vector's sign is fixed so that
 * its largest-magnitude entry is positive, so results do not flip between runs or platforms.
 *
 * @throws EMPTY_INPUT no rows; TOO_FEW_VALUES fewer than 2 rows; LENGTH_MISMATCH data.length ≠ rows·columns;
 *   INVALID_VALUE a non-finite entry; INVALID_OPTIONS components > columns or bad options.
 * @example
 * const p = principalComponents([1, 1, 2, 2, 3, 3], 3, 2, { components: 1 });
 * p.loadings;  // Float64Array [0.7071067811865475, 0.7071067811865475]
 * p.explained; // Float64Array [1]
 * p.scores;    // Float64Array [-1.414213562373095, 0, 1.414213562373095]
 */
export function principalComponents(data: ArrayLike<number>, rows: number, columns: number, options: PrincipalComponentsOptions = {}): PrincipalComponents {
  const fn = 'principalComponents';
  const o = parseOptions(principalComponentsSchema, options, fn);
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(columns) || columns < 1) {
    throw new ClvkitError('INVALID_VALUE', 'rows and columns must be non-negative integers, columns ≥ 1', { fn, value: [rows, columns] });
  }
  if (rows === 0) throw new ClvkitError('EMPTY_INPUT', 'no rows', { fn });
  if (rows < 2) throw new ClvkitError('TOO_FEW_VALUES', 'PCA needs at least 2 rows', { fn });
  if (data.length !== rows * columns)
    throw new ClvkitError('LENGTH_MISMATCH', `data has ${data.length} entries, expected ${rows * columns}`, { fn, column: 'data' });
  if (o.components > columns)
    throw new ClvkitError('INVALID_OPTIONS', `components (${o.components}) exceeds columns (${columns})`, { fn, path: ['components'] });
  const d = columns;
  const mean = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j]!;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, index: i, column: String(j), value: v });
      mean[j]! += v;
    }
  }
  for (let j = 0; j < d; j++) mean[j]! /= rows;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < d; a++) {
      const xa = data[i * d + a]! - mean[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += xa * (data[i * d + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / (rows - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  const { values, vectors } = jacobiEigen(cov, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((p, q) => values[q]! - values[p]! || p - q);
  let total = 0;
  for (let j = 0; j < d; j++) total += Math.max(0, values[j]!);
  const k = o.components;
  const loadings = new Float64Array(k * d);
  const variance = new Float64Array(k);
  const explained = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const e = order[c]!;
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(vectors[j * d + e]!) > Math.abs(vectors[big * d + e]!)) big = j;
    const sign = vectors[big * d + e]! < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) loadings[c * d + j] = sign * vectors[j * d + e]!;
    variance[c] = Math.max(0, values[e]!);
    explained[c] = total > 0 ? variance[c]! / total : 0;
  }
  const scores = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j]! - mean[j]!) * loadings[c * d + j]!;
      scores[i * k + c] = s;
    }
  }
  return { rows, columns, mean, loadings, variance, explained, scores };
}

/** Eigenvalues and eigenvectors (column j of `vectors`) of a symmetric d × d matrix by cyclic Jacobi. */
function jacobiEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < d; p++) {
      diag += a[p * d + p]! * a[p * d + p]!;
      for (let q = p + 1; q < d; q++) off += a[p * d + q]! * a[p * d + q]!;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i]!;
  return { values, vectors: v };
}
