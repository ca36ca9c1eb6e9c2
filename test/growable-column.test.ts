import { describe, expect, it } from 'vitest';
import { GrowableColumn } from '../src/growable-column.js';

describe('GrowableColumn', () => {
  it('keeps every pushed value through several doublings and returns an exact-length copy', () => {
    const c = new GrowableColumn(Int32Array, 1);
    for (let i = 0; i < 1000; i++) c.push(i * 3 - 7);
    expect(c.length).toBe(1000);
    const out = c.toArray();
    expect(out).toBeInstanceOf(Int32Array);
    expect(out.length).toBe(1000);
    expect(Array.from(out)).toEqual(Array.from({ length: 1000 }, (_, i) => i * 3 - 7));
    expect(c.get(999)).toBe(2990);
    out[0] = 42;
    expect(c.get(0)).toBe(-7); // a copy
  });

  it('stores as the typed array does (Float64 exactly, Uint32 modulo 2^32)', () => {
    const f = new GrowableColumn(Float64Array);
    f.push(0.1);
    expect(f.toArray()[0]).toBe(0.1);
    const u = new GrowableColumn(Uint32Array);
    u.push(-1);
    expect(u.toArray()[0]).toBe(4294967295);
    expect(new GrowableColumn(Float64Array, 0).toArray().length).toBe(0);
  });
});
