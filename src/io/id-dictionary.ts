/**
 * Slot layout of the table: code (−1: empty), then for a packed id its two packed words (see
 * `code`), for another id NOT_PACKED and its hash.
 */
const STRIDE = 3;
/** Longest id packed into a slot: its length and up to 7 Latin-1 characters in two int32s. */
const PACKED_MAX = 7;
/** The first packed word of an id that is not packed (its length byte, 255, is no packed length). */
const NOT_PACKED = 255;

const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The slot hash of an id: FNV-1a of its UTF-16 code units, high bits folded in. */
function hashOf(id: string): number {
  let h = FNV_BASIS;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), FNV_PRIME);
  return h ^ (h >>> 15);
}

/** A table of `cap` empty slots. */
function emptyTable(cap: number): Int32Array {
  const table = new Int32Array(STRIDE * cap);
  for (let s = 0; s < table.length; s += STRIDE) table[s] = -1;
  return table;
}

/**
 * Dictionary encoding of ids read from text: distinct ids in order of first appearance, each with a
 * code (0, 1, 2, ...). Looks an id up straight from `text[start, end)` (no string is created for an
 * id already seen): FNV-1a hash of the characters, open addressing with linear probing over one
 * typed array. A slot holds the code and, for an id of at most 7 characters all below U+0100
 * (typical customer ids), the id itself packed exactly (length byte + one byte per character in
 * two int32s): such an id is found by comparing two words in the slot's own cache line, without
 * touching the id string (with 1M customers in random order, that string is a cache miss per row).
 * Other ids store their hash and are compared character by character on a hash match.
 */
export class IdDictionary {
  /** The distinct ids, by code. */
  readonly values: string[] = [];
  private table: Int32Array;
  private mask: number;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.table = emptyTable(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.values.length;
  }

  /** The code of `text[start, end)`, adding it when new. */
  code(text: string, start: number, end: number): number {
    const len = end - start;
    let h = FNV_BASIS;
    // Packed form: a = length | c0 << 8 | c1 << 16 | c2 << 24, b = c3 | c4 << 8 | c5 << 16 | c6 << 24.
    let a = len;
    let b = 0;
    let packed = len <= PACKED_MAX;
    for (let i = start; i < end; i++) {
      const ch = text.charCodeAt(i);
      h = Math.imul(h ^ ch, FNV_PRIME);
      if (packed) {
        if (ch > 255) packed = false;
        else {
          const k = i - start;
          if (k < 3) a |= ch << (8 * (k + 1));
          else b |= ch << (8 * (k - 3));
        }
      }
    }
    h ^= h >>> 15;
    if (!packed) {
      a = NOT_PACKED;
      b = h;
    }
    const table = this.table;
    const values = this.values;
    let slot = h & this.mask;
    for (;;) {
      const at = STRIDE * slot;
      const c = table[at]!;
      if (c < 0) break;
      if (table[at + 1] === a && table[at + 2] === b) {
        // Packed: equal words are equal ids (the packing is one-to-one on ids of at most 7
        // characters below U+0100). Not packed: equal hashes, compare the characters.
        if (packed) return c;
        else {
          const v = values[c]!;
          if (v.length === len) {
            let same = true;
            for (let i = 0; i < len; i++) {
              if (v.charCodeAt(i) !== text.charCodeAt(start + i)) {
                same = false;
                break;
              }
            }
            if (same) return c;
          }
        }
      }
      slot = (slot + 1) & this.mask;
    }
    const c = values.length;
    // A short slice is a copy; a long one may share the whole chunk's memory: copy it.
    const id = len === text.length ? text : len < 13 ? text.slice(start, end) : (' ' + text.slice(start, end)).slice(1);
    values.push(id);
    const at = STRIDE * slot;
    table[at] = c;
    table[at + 1] = a;
    table[at + 2] = b;
    if (values.length * 2 > this.mask + 1) this.grow();
    return c;
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    const table = emptyTable(cap);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += STRIDE) {
      const c = old[j]!;
      if (c < 0) continue;
      const a = old[j + 1]!;
      const b = old[j + 2]!;
      let slot = (a === NOT_PACKED ? b : hashOf(this.values[c]!)) & mask;
      while (table[STRIDE * slot]! >= 0) slot = (slot + 1) & mask;
      const at = STRIDE * slot;
      table[at] = c;
      table[at + 1] = a;
      table[at + 2] = b;
    }
    this.table = table;
    this.mask = mask;
  }
}
