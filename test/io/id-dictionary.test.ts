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

  it('packed short ids (≤ 7 chars below U+0100) and unpacked ones agree with a Map: lengths 0..9, chars 0, 255, 256, astral', () => {
    const rng = createRandom(18);
    const alphabet = ['\u0000', 'A', 'a', '0', '\u00ff', '\u00fe', '\u0100', '\u20ac', '\u{1F600}', ' '];
    const d = new IdDictionary(4);
    const map = new Map<string, number>();
    let disagreements = 0;
    for (let i = 0; i < 40_000; i++) {
      let id = '';
      const n = rng.int(10);
      // Mostly from a small alphabet so that near-identical ids (one char apart, prefixes) meet often.
      for (let k = 0; k < n; k++) id += alphabet[rng.int(rng.int(4) === 0 ? alphabet.length : 4)]!;
      const padded = `\u00ff${id}\u0000`;
      if (!map.has(id)) map.set(id, map.size);
      if (d.code(padded, 1, 1 + id.length) !== map.get(id)) disagreements++;
    }
    expect(map.size).toBeGreaterThan(5000);
    expect(disagreements).toBe(0);
    expect(d.values).toEqual([...map.keys()]);
  });

  it('distinct ids whose hashes collide get distinct codes (packed and unpacked, same and different lengths)', () => {
    // The dictionary's hash (FNV-1a, 32 bits): ids are searched for pairs with equal hashes, so
    // that the slot comparison beyond the hash (packed words or characters) is what decides.
    const fnv = (s: string): number => {
      let h = 0x811c9dc5 | 0;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      return h;
    };
    const rng = createRandom(7);
    const seen = new Map<number, string>();
    const pairs: [string, string][] = [];
    for (let i = 0; i < 600_000 && pairs.length < 60; i++) {
      // Half: 'C10' + 4 Latin-1 chars (packed, same first word: only the second word tells them
      // apart); half: 5..9 chars, some above U+00FF (both sides of the packing limits).
      const prefix = i % 2 === 0;
      const n = prefix ? 4 : 5 + rng.int(5);
      let id = prefix ? 'C10' : '';
      for (let k = 0; k < n; k++) id += String.fromCharCode(!prefix && rng.int(8) === 0 ? 256 + rng.int(64) : rng.int(256));
      const h = fnv(id);
      const other = seen.get(h);
      if (other === undefined) seen.set(h, id);
      else if (other !== id) pairs.push([other, id]);
    }
    expect(pairs.filter(([x, y]) => x.startsWith('C10') && y.startsWith('C10') && x.length === 7 && y.length === 7).length).toBeGreaterThan(5);
    const d = new IdDictionary(4);
    let wrong = 0;
    for (const [x, y] of pairs) {
      const cx = d.code(x, 0, x.length);
      const cy = d.code(y, 0, y.length);
      if (cx === cy || d.code(x, 0, x.length) !== cx || d.code(`#${y}`, 1, 1 + y.length) !== cy) wrong++;
    }
    expect(wrong).toBe(0);
    expect(d.size).toBe(2 * pairs.length);
  });
});
