import type { DuckDBVector } from '@duckdb/node-api';

/**
 * Bulk readers for DuckDB result vectors. `getItem` costs ~100 ns a value (a call per value and a
 * BigInt validity test when the vector has a validity mask); for a million-row summary that is most
 * of the transfer time. These readers copy a DOUBLE vector's values with one `Float64Array.set` and
 * decode short ASCII strings without a TextDecoder call per value. They read the vector's storage
 * (`items`, `dataView`, `validity.data` of @duckdb/node-api 1.x), and fall back to `getItem` for any
 * vector that does not have that shape, so a change in the package costs speed, never correctness.
 */

interface RawValidity {
  readonly data?: unknown;
  readonly offset?: unknown;
}

interface RawVector {
  readonly items?: unknown;
  readonly dataView?: unknown;
  readonly itemOffset?: unknown;
  readonly validity?: RawValidity;
}

/**
 * The validity bits of a vector as 32-bit words (bit k set = row k valid), or null when every row
 * is valid, or undefined when the mask cannot be read (then callers use `getItem`).
 */
function validityWords(raw: RawVector, n: number): Uint32Array | null | undefined {
  const validity = raw.validity;
  if (validity === undefined || validity.offset !== 0) return undefined;
  const data = validity.data;
  if (data === null) return null;
  if (!(data instanceof BigUint64Array) || data.length * 64 < n) return undefined;
  const words = new Uint32Array(data.length * 2);
  for (let w = 0; w < data.length; w++) {
    const word = data[w]!;
    words[2 * w] = Number(word & 0xffffffffn);
    words[2 * w + 1] = Number(word >> 32n);
  }
  return words;
}

function isValid(words: Uint32Array | null, k: number): boolean {
  return words === null || ((words[k >>> 5]! >>> (k & 31)) & 1) === 1;
}

/**
 * Copy the first `n` values of a numeric vector into `target` from index `at`; NULL becomes NaN
 * (callers must treat NaN as "no value" and never let it reach an output).
 */
export function copyDoubles(vector: DuckDBVector, n: number, target: Float64Array, at: number): void {
  const raw = vector as unknown as RawVector;
  const items = raw.items;
  const words = items instanceof Float64Array && items.length >= n ? validityWords(raw, n) : undefined;
  if (items instanceof Float64Array && words !== undefined) {
    target.set(items.subarray(0, n), at);
    if (words !== null) {
      for (let k = 0; k < n; k++) if (!isValid(words, k)) target[at + k] = Number.NaN;
    }
    return;
  }
  for (let k = 0; k < n; k++) {
    const value = vector.getItem(k);
    target[at + k] = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
  }
}

/** Copy the first `n` values of a VARCHAR vector into `target` from index `at`; NULL stays null. */
export function copyStrings(vector: DuckDBVector, n: number, target: (string | null)[], at: number): void {
  const raw = vector as unknown as RawVector;
  const view = raw.dataView;
  const words = view instanceof DataView && raw.itemOffset === 0 && view.byteLength >= n * 16 ? validityWords(raw, n) : undefined;
  if (!(view instanceof DataView) || words === undefined) {
    for (let k = 0; k < n; k++) {
      const value = vector.getItem(k);
      target[at + k] = value === null ? null : String(value);
    }
    return;
  }
  // Gather the inline ASCII strings of the chunk into one buffer, decode it once, and cut it up
  // (ASCII: one byte = one character); long or non-ASCII strings go through getItem.
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const packed = new Uint8Array(n * 12);
  const ends = new Int32Array(n);
  let size = 0;
  for (let k = 0; k < n; k++) {
    const offset = k * 16;
    const length = view.getUint32(offset, true);
    let ascii = length <= 12 && isValid(words, k);
    for (let b = 0; ascii && b < length; b++) {
      const byte = bytes[offset + 4 + b]!;
      ascii = byte < 0x80;
      packed[size + b] = byte;
    }
    if (ascii) size += length;
    ends[k] = ascii ? size : -1;
  }
  const text = LATIN1.decode(packed.subarray(0, size));
  let start = 0;
  for (let k = 0; k < n; k++) {
    const end = ends[k]!;
    if (end >= 0) {
      target[at + k] = text.slice(start, end);
      start = end;
    } else target[at + k] = isValid(words, k) ? (vector.getItem(k) as string) : null;
  }
}

const LATIN1 = new TextDecoder('latin1');
