import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAmountParser } from '../../src/io/parse-amount.js';

const dot = createAmountParser('.');
const parse = (text: string, p = dot): number => p(text, 0, text.length);

describe('createAmountParser', () => {
  it('parses strict decimals, within a larger string', () => {
    expect(parse('29.33')).toBe(29.33);
    expect(parse('-0.5')).toBe(-0.5);
    expect(dot('x,12.5,y', 2, 6)).toBe(12.5);
  });

  it('returns NaN for everything that is not a strict finite decimal', () => {
    for (const bad of ['', '-', '+', '1e5', '1E5', ' 1', '1 ', '1.', '.1', '1..2', '1,5', 'Infinity', '0x1f', `9${'9'.repeat(400)}`]) expect(parse(bad)).toBeNaN();
  });

  it('decimal comma and thousands separators (groups of three)', () => {
    const eu = createAmountParser(',', '.');
    expect(parse('1.234.567,89', eu)).toBe(1234567.89);
    expect(parse('-0,5', eu)).toBe(-0.5);
    expect(parse('1.23,4', eu)).toBeNaN();
    expect(parse('1234.567', eu)).toBeNaN();
    const us = createAmountParser('.', ',');
    expect(parse('12,345.5', us)).toBe(12345.5);
    expect(parse(',345', us)).toBeNaN();
  });

  it('agrees with Number() on random decimals (the fast path is correctly rounded)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[0-9]{1,20}$/), fc.option(fc.stringMatching(/^[0-9]{1,20}$/)), (neg, int, frac) => {
        const text = `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}`;
        expect(parse(text)).toBe(Number(text));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
