import { quantileSorted } from '../quantile-sorted.js';
import type { RecordColumn } from './records.js';

/** What {@link describeColumns} reports about one numeric column. */
export interface ColumnDescription {
  readonly column: string;
  /** Finite values described. */
  readonly count: number;
  /** NaN or infinite values, counted and left out of the statistics (never silently). */
  readonly missing: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null with fewer than two values. */
  readonly std: number | null;
  readonly min: number | null;
  readonly q25: number | null;
  readonly median: number | null;
  readonly q75: number | null;
  readonly max: number | null;
}

/**
 * Quantile of sorted values (the shared {@link quantileSorted}) by linear interpolation between order statistics (Hyndman–Fan type 7, the
 * default of R, numpy and pandas): h = (n − 1)·p, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * @example
 * quantileType7(new Float64Array([1, 2, 3, 4]), 0.25) // 1.75
 */
export function quantileType7(sorted: Float64Array, p: number): number {
  return quantileSorted(sorted, p);
}

/**
 * Summary statistics of every numeric column (typed arrays and arrays of numbers; date and text columns
 * are left out): count, mean, sample standard deviation, min, quartiles (type 7) and max, like pandas'
 * `describe()`. Non-finite values are counted in `missing` and left out of the statistics. The mean and
 * variance use Welford's update, so large values do not lose precision.
 *
 * @example
 * describeColumns([{ name: 'x', values: new Float64Array([1, 2, 3, 4]) }])[0]
 * // { column: 'x', count: 4, missing: 0, mean: 2.5, std: 1.2909944487358056, min: 1, q25: 1.75, median: 2.5, q75: 3.25, max: 4 }
 */
export function describeColumns(columns: readonly RecordColumn[]): ColumnDescription[] {
  const out: ColumnDescription[] = [];
  for (const c of columns) {
    if (c.as === 'epoch-day' || c.dictionary !== undefined || !isNumericColumn(c.values)) continue;
    const finite: number[] = [];
    let missing = 0;
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i] as number;
      if (Number.isFinite(v)) finite.push(v);
      else missing++;
    }
    const n = finite.length;
    if (n === 0) {
      out.push({ column: c.name, count: 0, missing, mean: null, std: null, min: null, q25: null, median: null, q75: null, max: null });
      continue;
    }
    let mean = 0;
    let m2 = 0;
    finite.forEach((x, k) => {
      const d = x - mean;
      mean += d / (k + 1);
      m2 += d * (x - mean);
    });
    const sorted = Float64Array.from(finite).sort();
    out.push({
      column: c.name,
      count: n,
      missing,
      mean,
      std: n > 1 ? Math.sqrt(m2 / (n - 1)) : null,
      min: sorted[0]!,
      q25: quantileType7(sorted, 0.25),
      median: quantileType7(sorted, 0.5),
      q75: quantileType7(sorted, 0.75),
      max: sorted[n - 1]!,
    });
  }
  return out;
}

function isNumericColumn(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values)) return !(values instanceof DataView) && !(values instanceof BigInt64Array) && !(values instanceof BigUint64Array);
  if (!Array.isArray(values) || values.length === 0) return false;
  return values.every((v) => typeof v === 'number');
}
