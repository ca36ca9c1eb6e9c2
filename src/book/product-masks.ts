import { ClvkitError } from '../errors.js';
import { checkLengths, requireArrayLike } from '../validate.js';
import type { BookHoldings, BookSnapshots } from './book.js';
import { SIMULATOR_PRODUCT_ORDER } from './product-order.js';

/** Most products a bit mask can carry exactly in a double (bit 52 is the last exact one). */
export const MAX_MASK_PRODUCTS = 53;

/**
 * Each snapshot row's products as a bit mask over the book's product dictionary (bit b = names[b]), as the
 * value model and tags read them: from `holdings` when present, else the legacy `products` mask over the
 * simulator's ten names. Masks are doubles, exact for up to {@link MAX_MASK_PRODUCTS} products.
 *
 * @throws ClvkitError INVALID_CONFIG (more than 53 products), INVALID_VALUE (malformed holdings).
 * @example
 * productMasks({ length: 1, holdings: { names: ['a', 'b'], offsets: Uint32Array.of(0, 2), index: Uint32Array.of(0, 1) } } as never).masks // Float64Array [3]
 */
export function productMasks(snapshots: Pick<BookSnapshots, 'length' | 'holdings' | 'products'>): { names: readonly string[]; masks: Float64Array } {
  return productMasksFor(snapshots, 'productMasks');
}

/** {@link productMasks} naming the calling function in its errors. Internal. */
export function productMasksFor(
  snapshots: Pick<BookSnapshots, 'length' | 'holdings' | 'products'>,
  fn: string,
): { names: readonly string[]; masks: Float64Array } {
  if (snapshots === null || typeof snapshots !== 'object')
    throw new ClvkitError('INVALID_VALUE', 'expected snapshots (an object of columns)', { fn, value: String(snapshots) });
  const n = snapshots.length;
  if (!Number.isInteger(n) || n < 0) throw new ClvkitError('INVALID_VALUE', 'snapshots.length must be a row count', { fn, column: 'length', value: String(n) });
  const h = snapshots.holdings;
  if (h === undefined) {
    const legacy = snapshots.products;
    if (legacy === undefined) return { names: [], masks: new Float64Array(n) };
    requireArrayLike(legacy, 'products', fn);
    checkLengths({ products: legacy }, n, fn);
    return { names: SIMULATOR_PRODUCT_ORDER, masks: Float64Array.from(legacy as ArrayLike<number>) };
  }
  if (h.names.length > MAX_MASK_PRODUCTS) {
    throw new ClvkitError('INVALID_CONFIG', `the value model and tags handle at most ${MAX_MASK_PRODUCTS} products; the book has ${h.names.length}`, {
      fn,
      column: 'products',
      value: h.names.length,
    });
  }
  if (h === null || typeof h !== 'object' || !Array.isArray(h.names) || !(h.offsets instanceof Uint32Array) || !(h.index instanceof Uint32Array)) {
    throw new ClvkitError('INVALID_VALUE', 'holdings must be { names: string[], offsets: Uint32Array, index: Uint32Array }', { fn, column: 'holdings' });
  }
  if (h.offsets.length !== n + 1) throw new ClvkitError('INVALID_VALUE', `holdings.offsets must have ${n + 1} entries`, { fn, column: 'holdings' });
  const masks = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let mask = 0;
    for (let k = h.offsets[j]!; k < h.offsets[j + 1]!; k++) {
      const b = h.index[k]!;
      if (!(b < h.names.length))
        throw new ClvkitError('INVALID_VALUE', 'holdings index past the product dictionary', { fn, column: 'holdings', index: j, value: b });
      mask += 2 ** b;
    }
    masks[j] = mask;
  }
  return { names: h.names, masks };
}

/**
 * The holdings (product dictionary + per-row lists) of bit masks over `names` (bit b = names[b]): the
 * inverse of {@link productMasks}, used by the simulator to write books in the contract.
 * @throws ClvkitError INVALID_VALUE (a mask that is not an integer in [0, 2^names.length)).
 * @example Array.from(holdingsFromMasks([5], ['a', 'b', 'c']).index) // [0, 2]
 */
export function holdingsFromMasks(masks: ArrayLike<number>, names: readonly string[]): BookHoldings {
  return holdingsFromMasksFor(masks, names, 'holdingsFromMasks');
}

/** {@link holdingsFromMasks} naming the calling function in its errors. Internal. */
export function holdingsFromMasksFor(masks: ArrayLike<number>, names: readonly string[], fn: string): BookHoldings {
  requireArrayLike(masks, 'masks', fn);
  if (!Array.isArray(names) || names.some((x) => typeof x !== 'string'))
    throw new ClvkitError('INVALID_VALUE', 'names must be an array of product names', { fn, column: 'names' });
  if (names.length > MAX_MASK_PRODUCTS)
    throw new ClvkitError('INVALID_CONFIG', `a mask carries at most ${MAX_MASK_PRODUCTS} products`, { fn, value: names.length });
  const n = masks.length;
  const offsets = new Uint32Array(n + 1);
  const flat: number[] = [];
  const limit = 2 ** names.length;
  for (let j = 0; j < n; j++) {
    let v = masks[j]!;
    if (!Number.isInteger(v) || v < 0 || v >= limit)
      throw new ClvkitError('INVALID_VALUE', `expected a product mask below 2^${names.length}`, { fn, index: j, value: v });
    for (let b = 0; v > 0; b++, v = Math.floor(v / 2)) if (v % 2 === 1) flat.push(b);
    offsets[j + 1] = flat.length;
  }
  return { names: [...names], offsets, index: Uint32Array.from(flat) };
}
