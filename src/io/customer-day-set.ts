/**
 * A set of (customer index, epoch day) pairs whose memory grows with customers and the span of
 * days each buys on — never with rows: each customer owns one bitmap of days (one bit per day, in
 * 32-day words) covering the window from its earliest to its latest day seen so far. The bitmaps
 * live in one Int32Array arena; a customer whose window must widen gets a new, larger bitmap at the
 * arena's end (more than doubling, so a window is re-allocated O(log span) times), and the arena is
 * compacted when more than half of it is abandoned space.
 *
 * Memory: per customer 12 bytes of bookkeeping plus a window of about twice the ⌈span / 32⌉ words
 * (4 bytes) of its day span (span = last − first day; the slack is what makes widening rare); plus
 * up to 2× for the arena's own doubling. 1M customers buying
 * over two years: about 100–200 MB, the same at 10M or 50M rows. (The set of pairs this replaced
 * grew by 8 to 32 bytes per distinct customer-day, i.e. with rows.)
 *
 * Used to count distinct purchase days per customer in one pass over unsorted transactions.
 *
 * @example
 * const s = new CustomerDaySet();
 * s.add(0, 19_723) // true  (new)
 * s.add(0, 19_723) // false (seen)
 * s.add(0, 19_760) // true
 * s.size           // 2 distinct pairs
 */
export class CustomerDaySet {
  /**
   * Per customer c, at 3c, 3c + 1, 3c + 2: first day of its window (a multiple of 32), words in
   * the window, word offset in the arena (together: one cache miss per lookup, not three).
   */
  private meta: Int32Array;
  private arena: Int32Array;
  /** Words of the arena in use (live or abandoned). */
  private used = 0;
  /** Abandoned words (old windows), reclaimed by compaction. */
  private waste = 0;
  /** Distinct (customer, day) pairs added. */
  size = 0;

  constructor(customers = 1024, arenaWords = 1 << 14) {
    this.meta = new Int32Array(3 * Math.max(16, customers));
    this.arena = new Int32Array(Math.max(64, arenaWords));
  }

  /** Bytes held (bookkeeping arrays and the arena): what a memory test can bound. */
  get byteLength(): number {
    return this.meta.byteLength + this.arena.byteLength;
  }

  /** Words of bitmap held by live windows (excludes abandoned space and the arena's free tail). */
  get liveWords(): number {
    return this.used - this.waste;
  }

  /** Add the pair; true when it was not there before. `customer` is a non-negative integer; `day` any int32. */
  add(customer: number, day: number): boolean {
    if (3 * customer >= this.meta.length) this.growCustomers(customer + 1);
    const block = Math.floor(day / 32);
    const m = 3 * customer;
    let n = this.meta[m + 1]!;
    let base = this.meta[m]!;
    if (n === 0) {
      this.allocate(customer, block * 32, 2, -1);
      n = 2;
      base = block * 32;
    } else if (day < base || day >= base + 32 * n) {
      const lo = Math.min(base / 32, block);
      const hi = Math.max(base / 32 + n, block + 1);
      // The words now needed plus the old size as slack, on the side the window grew towards: more
      // than double the old window, so O(log span) moves per customer.
      const need = hi - lo + n;
      const start = day < base ? hi - need : lo;
      this.allocate(customer, start * 32, need, (base / 32 - start) | 0);
      n = need;
      base = start * 32;
    }
    const at = this.meta[m + 2]! + ((day - base) >> 5);
    const flag = 1 << ((day - base) & 31);
    if ((this.arena[at]! & flag) !== 0) return false;
    this.arena[at]! |= flag;
    this.size++;
    return true;
  }

  /** Give `customer` a zeroed window of `n` words from day `base`, copying its old window to word `shift` of it (−1: none). */
  private allocate(customer: number, base: number, n: number, shift: number): void {
    const m = 3 * customer;
    const oldN = this.meta[m + 1]!;
    if (this.used + n > this.arena.length) this.makeRoom(n);
    const oldAt = this.meta[m + 2]!;
    const at = this.used;
    // Words at and beyond `used` are always zero (never written; a new arena is zeroed): no fill.
    if (shift >= 0) {
      const arena = this.arena;
      for (let k = 0; k < oldN; k++) arena[at + shift + k] = arena[oldAt + k]!;
      this.waste += oldN;
    }
    this.used += n;
    this.meta[m] = base;
    this.meta[m + 1] = n;
    this.meta[m + 2] = at;
  }

  /** Room for `n` more words: compact when over half is abandoned, else double the arena. */
  private makeRoom(n: number): void {
    const live = this.used - this.waste;
    const size = Math.max(64, 2 * (live + n), this.waste * 2 > this.used ? 0 : this.arena.length * 2);
    const next = new Int32Array(size);
    let at = 0;
    const arena = this.arena;
    const meta = this.meta;
    // Windows are a few words each: a plain loop, not a subarray per customer.
    for (let m = 0; m < meta.length; m += 3) {
      const k = meta[m + 1]!;
      if (k === 0) continue;
      const from = meta[m + 2]!;
      for (let j = 0; j < k; j++) next[at + j] = arena[from + j]!;
      meta[m + 2] = at;
      at += k;
    }
    this.arena = next;
    this.used = at;
    this.waste = 0;
  }

  private growCustomers(count: number): void {
    const size = Math.max(count, (this.meta.length / 3) * 2);
    const meta = new Int32Array(3 * size);
    meta.set(this.meta);
    this.meta = meta;
  }
}
