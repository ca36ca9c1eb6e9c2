import { describe, expect, it } from 'vitest';
import { binOf } from '../../src/rfm/bin-of.js';

describe('binOf', () => {
  it('counts the breakpoints strictly below the value (right-closed bins), as a linear scan does', () => {
    const cuts = [2, 5, 5, 8];
    const scan = (v: number) => cuts.filter((c) => c < v).length;
    for (const v of [-1, 2, 2.0001, 5, 6, 8, 9, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]) expect(binOf(v, cuts), `v = ${v}`).toBe(scan(v));
    expect(binOf(5, [2, 5, 8])).toBe(1);
    expect(binOf(9, [2, 5, 8])).toBe(3);
    expect(binOf(3, [])).toBe(0);
  });
});
