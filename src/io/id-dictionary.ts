/**
 * Dictionary encoding of ids read from text: distinct ids in order of first appearance, each with a
 * code (0, 1, 2, ...). Looks an id up straight from `text[start, end)` (no string is created for an
 * id already seen): FNV-1a hash of the characters, open addressing with linear probing over typed
 * arrays (code and hash per slot), characters compared only on a hash match.
 */
export class IdDictionary {
  /** The distinct ids, by code. */
  readonly values: string[] = [];
  private codes: Int32Array;
  private hashes: Int32Array;
  private mask: number;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.codes = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.values.length;
  }

  /** The code of `text[start, end)`, adding it when new. */
  code(text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    const len = end - start;
    const codes = this.codes;
    const hashes = this.hashes;
    const values = this.values;
    let slot = h & this.mask;
    for (;;) {
      const c = codes[slot]!;
      if (c < 0) break;
      if (hashes[slot] === h) {
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
      slot = (slot + 1) & this.mask;
    }
    const c = values.length;
    // A short slice is a copy; a long one may share the whole chunk's memory: copy it.
    const id = len === text.length ? text : len < 13 ? text.slice(start, end) : (' ' + text.slice(start, end)).slice(1);
    values.push(id);
    codes[slot] = c;
    hashes[slot] = h;
    if (values.length * 2 > this.mask + 1) this.grow();
    return c;
  }

  private grow(): void {
    const oldCodes = this.codes;
    const oldHashes = this.hashes;
    const cap = (this.mask + 1) * 2;
    this.codes = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < oldCodes.length; j++) {
      const c = oldCodes[j]!;
      if (c < 0) continue;
      const h = oldHashes[j]!;
      let slot = h & this.mask;
      while (this.codes[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.codes[slot] = c;
      this.hashes[slot] = h;
    }
  }
}
