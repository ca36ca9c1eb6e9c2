import { describe, expect, it } from 'vitest';
import { IdDictionary } from '../../src/io/id-dictionary.js';
import { createRandom } from '../../src/random.js';

describe('IdDictionary', () => {
  it('codes ids in order of first appearance, from slices of a larger text', () => {
    const d = new IdDictionary();
    const text = 'A,BB,A,C,BB';
    expect([d.code(text, 0, 1), d.code(text, 2, 4), d.code(text, 5, 6), d.code(text, 7, 8), d.code(text, 9, 11)]).toEqual([0, 1, 0, 2, 1]);
    expect(d.values).toEqual(['A', 'BB', 'C']);
  });

  it('matches a Map on 50,000 random ids through several growths (brute-force cross-check)', () => {
    const rng = createRandom(3);
    const d = new IdDictionary(4);
    const map = new Map<string, number>();
    let disagreements = 0;
    for (let i = 0; i < 50_000; i++) {
      const id = `cust-${rng.int(20_000)}-${'x'.repeat(rng.int(20))}`;
      const padded = `##${id}##`;
      if (!map.has(id)) map.set(id, map.size);
      if (d.code(padded, 2, 2 + id.length) !== map.get(id)) disagreements++;
    }
    expect(disagreements).toBe(0);
    expect(d.values).toEqual([...map.keys()]);
    expect(d.size).toBe(map.size);
  });
});
