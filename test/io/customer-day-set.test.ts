import { describe, expect, it } from 'vitest';
import { CustomerDaySet } from '../../src/io/customer-day-set.js';
import { createRandom } from '../../src/random.js';

describe('CustomerDaySet', () => {
  it('adds pairs once', () => {
    const s = new CustomerDaySet();
    expect([s.add(0, 10), s.add(0, 10), s.add(1, 10), s.add(0, -5), s.add(0, -5)]).toEqual([true, false, true, true, false]);
    expect(s.size).toBe(3);
  });

  it('agrees with a Set of strings on 100,000 random pairs through several growths', () => {
    const rng = createRandom(11);
    const s = new CustomerDaySet(16);
    const naive = new Set<string>();
    let disagreements = 0;
    for (let i = 0; i < 100_000; i++) {
      const c = rng.int(3000);
      const day = rng.int(400) - 200;
      const key = `${c}:${day}`;
      if (s.add(c, day) !== !naive.has(key)) disagreements++;
      naive.add(key);
    }
    expect(disagreements).toBe(0);
    expect(s.size).toBe(naive.size);
  });

  it('window edges: days on both sides of 32-day words, negative days, windows widening left and right', () => {
    const s = new CustomerDaySet(1, 64);
    const days = [100, 31, 32, -1, -32, -33, 0, 1_000_000, -1_000_000, 63, 64, 95, 96];
    for (const d of days) expect(s.add(7, d)).toBe(true);
    for (const d of days) expect(s.add(7, d)).toBe(false);
    for (const d of [99, 101, 30, 33, -2, 1]) expect(s.add(7, d)).toBe(true);
    expect(s.size).toBe(days.length + 6);
    // Another customer, interleaved, is independent.
    expect(s.add(3, 100)).toBe(true);
    expect(s.add(3, 31)).toBe(true);
    expect(s.add(7, 100)).toBe(false);
  });

  it('memory grows with customers and their day span, never with rows: 10× more rows of the same customers add no byte', () => {
    const customers = 2000;
    const span = 730; // two years of days
    const rng = createRandom(5);
    const s = new CustomerDaySet(16, 64);
    const feed = (rows: number): void => {
      for (let i = 0; i < rows; i++) s.add(rng.int(customers), 20_000 + rng.int(span));
    };
    feed(200_000);
    const bytesAfter200k = s.byteLength;
    feed(1_800_000); // 2M rows in all: ~75% of the 1.46M possible customer-days now seen
    expect(s.size).toBeGreaterThan(1_000_000);
    expect(s.byteLength).toBe(bytesAfter200k);
    // Live bitmaps: about twice the ⌈span / 32⌉ + 1 words of the span per customer (slack), never more than 3×.
    expect(s.liveWords).toBeLessThanOrEqual(customers * 3 * (Math.ceil(span / 32) + 1));
    // Here: under 1.5 bytes per distinct customer-day, arena slack included (a set of pairs needs 8 to 32).
    expect((4 * s.liveWords) / s.size).toBeLessThan(0.5);
    expect(s.byteLength / s.size).toBeLessThan(1.5);
  });

  it('a customer seen once costs a few words, whatever the others do', () => {
    const s = new CustomerDaySet();
    for (let c = 0; c < 10_000; c++) s.add(c, 19_000 + (c % 700));
    expect(s.liveWords).toBe(2 * 10_000);
  });

  it('widening a window: the new window is the words needed plus the old size; the old one is abandoned, then compacted away', () => {
    const s = new CustomerDaySet(1, 64);
    expect(s.byteLength).toBe(16 * 4 + 16 * 4 + 16 * 4 + 64 * 4); // three bookkeeping arrays of 16 + a 64-word arena
    s.add(0, 0); // window [0, 64): 2 words
    expect(s.liveWords).toBe(2);
    s.add(0, 100); // needs words 0..3 (4) + old size 2 = 6 words from day 0
    expect(s.liveWords).toBe(6);
    s.add(0, -1); // needs words -1..5 (7) + 6 = 13 words, ending at word 6: from day -224
    expect(s.liveWords).toBe(13);
    for (const d of [0, 100, -1]) expect(s.add(0, d)).toBe(false);
    // Many customers force growth and compaction; every pair is still found once.
    for (let c = 1; c < 200; c++) for (const d of [c, -c * 40, c * 50]) expect(s.add(c, d)).toBe(true);
    for (let c = 1; c < 200; c++) for (const d of [c, -c * 40, c * 50]) expect(s.add(c, d)).toBe(false);
    expect(s.size).toBe(3 + 199 * 3);
  });
});
