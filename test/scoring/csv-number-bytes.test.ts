import { describe, expect, it } from 'vitest';
import {
  isAsciiInteger,
  SIX_DECIMAL_LIMIT,
  sixDecimalUnits,
  writeAsciiInteger,
  writeShortNumber,
  writeSixDecimals,
} from '../../src/scoring/csv-number-bytes.js';
import { createRandom } from '../../src/random.js';

const buf = Buffer.alloc(64);
/** What the fast path writes, or null when it leaves the number to the shortest-round-trip search. */
const fast = (n: number): string | null => {
  const p = writeShortNumber(buf, 3, n);
  return p < 0 ? null : buf.toString('latin1', 3, p);
};

describe('csv-number-bytes (exact fast paths for String(n))', () => {
  const rng = createRandom(18);
  const random = (): number => rng.next();
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  /** A double from 64 random bits (any exponent, subnormals included), finite. */
  const anyDouble = (): number => {
    for (;;) {
      words[0] = Math.floor(random() * 2 ** 32);
      words[1] = Math.floor(random() * 2 ** 32);
      if (Number.isFinite(bits[0]!)) return bits[0]!;
    }
  };

  it('writes worked examples byte for byte as String(n)', () => {
    expect(fast(0)).toBe('0');
    expect(fast(-0)).toBe('0');
    expect(fast(-120)).toBe('-120');
    expect(fast(2354.59)).toBe('2354.59');
    expect(fast(-1.23)).toBe('-1.23');
    expect(fast(0.000001)).toBe('0.000001');
    expect(fast(-0.000015)).toBe('-0.000015');
    expect(fast(2 ** 53 - 1)).toBe('9007199254740991');
    expect(fast(-(2 ** 53 - 1))).toBe('-9007199254740991');
    expect(fast(2147483648)).toBe('2147483648');
    expect(fast(499_999_999.999999)).toBe('499999999.999999');
    expect(sixDecimalUnits(12.34)).toBe(12_340_000);
    expect(writeSixDecimals(buf, 0, -1_230_000)).toBe(5);
    expect(writeAsciiInteger(buf, 0, -120)).toBe(4);
  });

  it('leaves to the search what needs it: more decimals, tiny, huge, non-finite, integers ≥ 2^53', () => {
    for (const n of [0.1 + 0.2, 1 / 3, 63.42857142857143, 1e-7, -1.5e-7, 5e-324, Number.MIN_VALUE, 2 ** 53, -(2 ** 53), 1e21, 1.5e300, -Number.MAX_VALUE])
      expect([n, fast(n)]).toEqual([n, null]);
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(fast(n)).toBeNull();
      expect(isAsciiInteger(n)).toBe(false);
      expect(sixDecimalUnits(n)).toBeNaN();
    }
    expect(sixDecimalUnits(SIX_DECIMAL_LIMIT + 0.5)).toBeNaN();
    expect(sixDecimalUnits(7)).toBeNaN(); // integers take the integer path
  });

  it('equals String(n) on every number it takes, over random doubles of every exponent (subnormals included)', () => {
    let taken = 0;
    const wrong: [number, string][] = [];
    for (let i = 0; i < 200_000; i++) {
      const n = anyDouble();
      const got = fast(n);
      if (got !== null) {
        taken++;
        if (got !== String(n)) wrong.push([n, got]);
      }
    }
    expect(wrong).toEqual([]);
    // Random bit patterns are mostly huge or tiny: few are taken, but some are (integers ≥ 1 and < 2^53 are not rare).
    expect(taken).toBeGreaterThan(0);
  });

  it('takes every number with at most six decimals below the limit and writes String(n) (no false reject)', () => {
    const wrong: [number, string | null][] = [];
    for (let i = 0; i < 200_000; i++) {
      const decimals = Math.floor(random() * 7);
      const scale = 10 ** decimals;
      const magnitude = 10 ** Math.floor(random() * 9);
      const n = (Math.round(random() * magnitude * scale) / scale) * (random() < 0.5 ? -1 : 1);
      if (Math.abs(n) >= SIX_DECIMAL_LIMIT) continue;
      const got = fast(n);
      if (got !== String(n)) wrong.push([n, got]);
    }
    expect(wrong).toEqual([]);
  });

  it('equals String(n) near the edges: sums of cents, scaled values, integers up to 2^53, the limit, 10^-6', () => {
    const wrong: [number, string][] = [];
    let taken = 0;
    const check = (n: number) => {
      const got = fast(n);
      if (got === null) return;
      taken++;
      if (got !== String(n)) wrong.push([n, got]);
    };
    for (let i = 0; i < 100_000; i++) {
      const a = Math.round(random() * 1e7) / 100;
      const b = Math.round(random() * 1e7) / 100;
      check(a + b); // 13463.030000000002 and friends: left to the search
      check(a * 3);
      check(a / 7);
      check(a * 1.0000000000000002);
      check(Math.floor(random() * 2 ** 53) * (random() < 0.5 ? -1 : 1));
      check(SIX_DECIMAL_LIMIT - Math.round(random() * 1e6) / 1e6);
      check(-(SIX_DECIMAL_LIMIT - Math.round(random() * 1e12) / 1e6));
      check(Math.round(random() * 100) / 1e6);
      check(Math.round(random() * 1000) / 1e7);
      check((random() - 0.5) * 10 ** (Math.floor(random() * 40) - 20));
    }
    for (const n of [4.35, 1.005, 0.1, 0.2, 0.3, 0.7, 1e-6, 123456.789, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32 + 0.5, 2 ** 49 / 1e6 - 1]) check(n);
    expect(wrong).toEqual([]);
    expect(taken).toBeGreaterThan(400_000);
  });
});
