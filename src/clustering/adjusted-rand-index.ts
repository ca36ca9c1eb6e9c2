import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions, requireArrayLike } from '../validate.js';

const ariSchema = z.strictObject({});

/** Options of {@link adjustedRandIndex} (none yet; kept for the one-options-object convention). */
export type AdjustedRandIndexOptions = z.input<typeof ariSchema>;

/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labelings of the same items: 1 for identical
 * partitions (whatever the label names), about 0 for independent ones, negative below chance.
 *
 * ARI = (Σᵢⱼ C(nᵢⱼ,2) − E) / (½(Σᵢ C(aᵢ,2) + Σⱼ C(bⱼ,2)) − E), E = Σᵢ C(aᵢ,2) Σⱼ C(bⱼ,2) / C(n,2),
 * with nᵢⱼ the contingency table, aᵢ, bⱼ its margins. When both labelings put every item in one
 * cluster, or each item in its own cluster, the denominator is 0 and the partitions are identical: 1.
 *
 * @throws EMPTY_INPUT no items; LENGTH_MISMATCH lengths differ; INVALID_VALUE a labeling that is not an
 *   array or a label that is not a finite number; INVALID_OPTIONS bad options.
 * @example
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]); // 0.24242424242424246
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>, options: AdjustedRandIndexOptions = {}): number {
  const fn = 'adjustedRandIndex';
  parseOptions(ariSchema, options, fn);
  const n = requireArrayLike(a, 'a', fn).length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no items', { fn });
  if (requireArrayLike(b, 'b', fn).length !== n) throw new ClvkitError('LENGTH_MISMATCH', `labelings have ${n} and ${b.length} items`, { fn, column: 'b' });
  const codeA = new Map<number, number>();
  const codeB = new Map<number, number>();
  const ia = new Int32Array(n);
  const ib = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new ClvkitError('INVALID_VALUE', 'label must be a finite number', { fn, column: 'a', index: i, value: x });
    if (typeof y !== 'number' || !Number.isFinite(y))
      throw new ClvkitError('INVALID_VALUE', 'label must be a finite number', { fn, column: 'b', index: i, value: y });
    if (!codeA.has(x)) codeA.set(x, codeA.size);
    if (!codeB.has(y)) codeB.set(y, codeB.size);
    ia[i] = codeA.get(x)!;
    ib[i] = codeB.get(y)!;
  }
  const ka = codeA.size;
  const kb = codeB.size;
  const table = new Float64Array(ka * kb);
  const ra = new Float64Array(ka);
  const rb = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[ia[i]! * kb + ib[i]!]!++;
    ra[ia[i]!]!++;
    rb[ib[i]!]!++;
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table) index += c2(v);
  let sa = 0;
  for (const v of ra) sa += c2(v);
  let sb = 0;
  for (const v of rb) sb += c2(v);
  const expected = n > 1 ? (sa * sb) / c2(n) : 0;
  const maxIndex = (sa + sb) / 2;
  if (maxIndex === expected) return 1;
  return (index - expected) / (maxIndex - expected);
}
