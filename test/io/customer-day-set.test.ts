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
});
