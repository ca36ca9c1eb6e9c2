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

  it('block edges: days 63/64 and −1/−64/−65 are distinct pairs in the right blocks; extreme int32 days work', () => {
    const s = new CustomerDaySet();
    for (const d of [63, 64, -1, -64, -65, 0, 2 ** 31 - 1, -(2 ** 31)]) expect(s.add(7, d)).toBe(true);
    for (const d of [63, 64, -1, -64, -65, 0, 2 ** 31 - 1, -(2 ** 31)]) expect(s.add(7, d)).toBe(false);
    expect(s.size).toBe(8);
    // Blocks: [0,63], [64,127], [-64,-1], [-128,-65], and the two extremes.
    expect(s.blocks).toBe(6);
  });

  it('memory grows with customers and their day span, never with rows: 10× more rows of the same customers add no byte', () => {
    const customers = 2000;
    const span = 730; // two years of days
    const rng = createRandom(5);
    const s = new CustomerDaySet(16);
    const feed = (rows: number): void => {
      for (let i = 0; i < rows; i++) s.add(rng.int(customers), 20_000 + rng.int(span));
    };
    feed(200_000);
    const bytesAfter200k = s.byteLength;
    const blocksAfter200k = s.blocks;
    feed(1_800_000); // 2M rows in all: ~75% of the 1.46M possible customer-days now seen
    expect(s.size).toBeGreaterThan(1_000_000);
    // The bound: at most ceil(span / 64) + 1 blocks per customer, whatever the number of rows.
    expect(s.blocks).toBeLessThanOrEqual(customers * (Math.ceil(span / 64) + 1));
    // Every customer has now touched every block of the window: exactly customers × blocks in the window.
    expect(s.blocks).toBe(customers * (Math.floor((20_000 + span - 1) / 64) - Math.floor(20_000 / 64) + 1));
    expect(s.blocks - blocksAfter200k).toBeLessThan(0.01 * blocksAfter200k);
    expect(s.byteLength).toBe(bytesAfter200k);
    // 16 bytes per block at ≥ 1/3 load: ≤ 48 bytes per block, i.e. < 1 byte per distinct customer-day here.
    expect(s.byteLength).toBeLessThanOrEqual(48 * s.blocks);
    expect(s.byteLength / s.size).toBeLessThan(1);
  });
});
