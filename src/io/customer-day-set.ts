/**
 * A set of (customer index, epoch day) pairs: open addressing with linear probing over one
 * Int32Array of interleaved pairs (customer + 1, day; 0 marks an empty slot), grown by doubling at
 * 50% load. 8 bytes per slot; no object per entry. Used to count distinct purchase days per
 * customer in one pass over unsorted transactions.
 */
export class CustomerDaySet {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
  }

  private static hash(customer: number, day: number): number {
    let h = Math.imul(customer, 0x9e3779b1) ^ Math.imul(day, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Add the pair; true when it was not there before. `customer` is a non-negative int32 - 1. */
  add(customer: number, day: number): boolean {
    const key = customer + 1;
    const slots = this.slots;
    let i = CustomerDaySet.hash(key, day) & this.mask;
    for (;;) {
      const k = slots[2 * i]!;
      if (k === 0) break;
      if (k === key && slots[2 * i + 1] === day) return false;
      i = (i + 1) & this.mask;
    }
    slots[2 * i] = key;
    slots[2 * i + 1] = day;
    if (++this.size * 2 > this.mask + 1) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      const key = old[j]!;
      if (key === 0) continue;
      const day = old[j + 1]!;
      let i = CustomerDaySet.hash(key, day) & this.mask;
      while (this.slots[2 * i] !== 0) i = (i + 1) & this.mask;
      this.slots[2 * i] = key;
      this.slots[2 * i + 1] = day;
    }
  }
}
