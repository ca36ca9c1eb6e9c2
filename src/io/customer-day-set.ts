/** Days per bitmap block: one 64-bit bitmap (two int32 words) per (customer, block of 64 days). */
const BLOCK_DAYS = 64;
/** Int32 words per slot: customer + 1 (0 marks an empty slot), block number, low and high bitmap words. */
const SLOT = 4;

/**
 * A set of (customer index, epoch day) pairs that grows with customers and the span of days they
 * buy on, never with rows: each customer's days are kept as 64-day bitmaps, one hash slot per
 * (customer, block of 64 days) that has at least one purchase day. Open addressing with linear
 * probing over one Int32Array (16 bytes per slot), grown by doubling at 2/3 load.
 *
 * Bound: a customer whose purchase days span S days uses at most ⌈S / 64⌉ + 1 slots, whatever the
 * number of rows or distinct days — 1M customers over a 2-year window need at most 13M slots
 * (≤ 312 MB at the lowest load), and typically far fewer. A set of pairs (the previous design) grew
 * by 8 to 32 bytes per distinct customer-day, i.e. with rows.
 *
 * Used to count distinct purchase days per customer in one pass over unsorted transactions.
 *
 * @example
 * const s = new CustomerDaySet();
 * s.add(0, 19_723) // true  (new)
 * s.add(0, 19_723) // false (seen)
 * s.add(0, 19_724) // true
 * s.size           // 2 distinct pairs
 * s.blocks         // 1 bitmap block (both days fall in one 64-day block)
 */
export class CustomerDaySet {
  private slots: Int32Array;
  private mask: number;
  /** Distinct (customer, day) pairs added. */
  size = 0;
  /** Bitmap blocks in use: what memory grows with. */
  blocks = 0;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.slots = new Int32Array(cap * SLOT);
    this.mask = cap - 1;
  }

  /** Bytes held by the table (what a memory test can bound). */
  get byteLength(): number {
    return this.slots.byteLength;
  }

  private static hash(key: number, block: number): number {
    let h = Math.imul(key, 0x9e3779b1) ^ Math.imul(block, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Add the pair; true when it was not there before. `customer` is a non-negative int32 − 1; `day` any int32. */
  add(customer: number, day: number): boolean {
    const key = customer + 1;
    // Floor division for negative days too (days before 1970): block −1 holds days −64..−1.
    const block = Math.floor(day / BLOCK_DAYS);
    const bit = day - block * BLOCK_DAYS;
    const word = bit < 32 ? 2 : 3;
    const flag = 1 << (bit & 31);
    const slots = this.slots;
    let i = CustomerDaySet.hash(key, block) & this.mask;
    for (;;) {
      const at = i * SLOT;
      const k = slots[at]!;
      if (k === 0) break;
      if (k === key && slots[at + 1] === block) {
        if ((slots[at + word]! & flag) !== 0) return false;
        slots[at + word]! |= flag;
        this.size++;
        return true;
      }
      i = (i + 1) & this.mask;
    }
    const at = i * SLOT;
    slots[at] = key;
    slots[at + 1] = block;
    slots[at + word] = flag;
    this.size++;
    if (++this.blocks * 3 > (this.mask + 1) * 2) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * SLOT);
    this.mask = cap - 1;
    for (let j = 0; j < old.length; j += SLOT) {
      const key = old[j]!;
      if (key === 0) continue;
      const block = old[j + 1]!;
      let i = CustomerDaySet.hash(key, block) & this.mask;
      while (slots[i * SLOT] !== 0) i = (i + 1) & this.mask;
      slots.set(old.subarray(j, j + SLOT), i * SLOT);
    }
    this.slots = slots;
  }
}
