/** Rows with identical values merged, and the weight each merged row carries. */
export interface CompressedRows {
  /** Number of distinct rows. */
  readonly length: number;
  /** One Float64Array per input column, `length` entries each, in order of first appearance. */
  readonly columns: Float64Array[];
  /** Sum of the weights of the rows merged into each distinct row. */
  readonly weight: Float64Array;
}

/**
 * Merge identical rows (equal in every column; −0 equals 0) and sum their weights (default 1 per
 * row), so that a likelihood costs one evaluation per distinct pattern instead of one per customer.
 * Distinct rows keep the order of their first appearance. Rows with weight 0 are kept (they merge
 * like any other row). Open-addressing hash on the values' bits: O(n) time.
 *
 * The caller validates the values (finite) and the weights (finite, ≥ 0, same length).
 *
 * @example
 * compressRows([Float64Array.of(1, 2, 1), Float64Array.of(5, 6, 5)])
 * // { length: 2, columns: [Float64Array [1, 2], Float64Array [5, 6]], weight: Float64Array [2, 1] }
 */
export function compressRows(columns: readonly Float64Array[], weights?: ArrayLike<number>): CompressedRows {
  const { index, firstRow, length } = distinctRows(columns);
  const weight = new Float64Array(length);
  if (weights === undefined) {
    for (let row = 0; row < index.length; row++) weight[index[row]!]! += 1;
  } else {
    for (let row = 0; row < index.length; row++) weight[index[row]!]! += weights[row]!;
  }
  const out: Float64Array[] = columns.map((col) => {
    const values = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const v = col[firstRow[i]!]!;
      values[i] = v === 0 ? 0 : v;
    }
    return values;
  });
  return { length, columns: out, weight };
}

/** Each row's distinct-row number (in order of first appearance), and each distinct row's first input row. */
export interface DistinctRows {
  readonly length: number;
  /** Row → distinct-row number. */
  readonly index: Int32Array;
  /** Distinct-row number → first input row with those values. */
  readonly firstRow: Int32Array;
}

/**
 * Number the distinct rows of a set of columns (−0 equals 0) in order of first appearance: the
 * engine of `compressRows`, and the one numeric de-duplication helper of the CLV module (distinct
 * values of a column, distinct (x, T) pairs of BG/NBD predictions and of the factorised CLV,
 * distinct BG/BB patterns); never build string keys for this. Open addressing
 * with a table that grows with the number of distinct rows (so it stays cache-friendly when there
 * are few), MurmurHash3 mixing of the values' bits.
 *
 * @example distinctRows([Float64Array.of(3, 1, 3)]) // { length: 2, index: Int32Array [0, 1, 0], firstRow: Int32Array [0, 1] }
 */
export function distinctRows(columns: readonly Float64Array[]): DistinctRows {
  const n = columns.length > 0 ? columns[0]!.length : 0;
  const m = columns.length;
  let capacity = 1024;
  let mask = capacity - 1;
  let table = new Int32Array(capacity).fill(-1); // slot → distinct-row number
  let firstRow = new Int32Array(Math.min(n, 1024));
  let hashes = new Int32Array(firstRow.length);
  const index = new Int32Array(n);
  const bits = new Float64Array(1);
  const words = new Int32Array(bits.buffer);
  let distinct = 0;
  for (let row = 0; row < n; row++) {
    let h = 0x9747b28c;
    for (let c = 0; c < m; c++) {
      const v = columns[c]![row]!;
      bits[0] = v === 0 ? 0 : v;
      h = mixWord(h, words[0]!);
      h = mixWord(h, words[1]!);
    }
    h = finalMix(h ^ m);
    let slot = h & mask;
    for (;;) {
      const found = table[slot]!;
      if (found < 0) {
        if (distinct === firstRow.length) {
          const grownFirst = new Int32Array(Math.min(n, firstRow.length * 2));
          grownFirst.set(firstRow);
          firstRow = grownFirst;
          const grownHashes = new Int32Array(grownFirst.length);
          grownHashes.set(hashes);
          hashes = grownHashes;
        }
        table[slot] = distinct;
        firstRow[distinct] = row;
        hashes[distinct] = h;
        index[row] = distinct;
        distinct++;
        if (distinct * 2 > capacity) {
          // Keep the load factor ≤ ½: rehash into a table twice the size.
          capacity *= 2;
          mask = capacity - 1;
          table = new Int32Array(capacity).fill(-1);
          for (let d = 0; d < distinct; d++) {
            let s = hashes[d]! & mask;
            while (table[s]! >= 0) s = (s + 1) & mask;
            table[s] = d;
          }
        }
        break;
      }
      if (hashes[found] === h) {
        const other = firstRow[found]!;
        let same = true;
        for (let c = 0; c < m; c++) {
          if (columns[c]![other]! !== columns[c]![row]!) {
            same = false;
            break;
          }
        }
        if (same) {
          index[row] = found;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  return { length: distinct, index, firstRow: firstRow.slice(0, distinct) };
}

/** One MurmurHash3 block step (Appleby 2011). */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
