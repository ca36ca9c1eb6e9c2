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
    for (const bad of ['', '-', '+', '1e5', '1E5', ' 1', '1 ', '1.', '.1', '1..2', '1,5', 'Infinity', '0x1f', `9${'9'.repeat(400)}`])
      expect(parse(bad)).toBeNaN();
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

/**
 * An independent oracle: the grammar as a regular expression (sign, digits — in groups of exactly three
 * after a first group of one to three when a thousands separator is used —, then the decimal separator and
 * at least one digit), and the value by `Number()` of the text with separators removed.
 */
function oracle(text: string, decimal: '.' | ',', thousands?: string): number {
  const esc = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const int = thousands === undefined ? '\\d+' : `(?:\\d{1,3}(?:${esc(thousands)}\\d{3})+|\\d+)`;
  if (!new RegExp(`^[+-]?${int}(?:${esc(decimal)}\\d+)?$`).test(text)) return Number.NaN;
  let normal = text;
  if (thousands !== undefined) normal = normal.split(thousands).join('');
  if (decimal === ',') normal = normal.replace(',', '.');
  const value = Number(normal);
  return Number.isFinite(value) ? value : Number.NaN;
}

describe('createAmountParser against an independent oracle (long values, separators)', () => {
  const dialects = [
    { decimal: '.' as const },
    { decimal: ',' as const, thousands: '.' },
    { decimal: '.' as const, thousands: ',' },
    { decimal: '.' as const, thousands: "'" },
    { decimal: ',' as const, thousands: ' ' },
  ];

  it('worked examples of the long path (more than 15 significant digits), with separators and signs', () => {
    expect(createAmountParser(',', '.')('1.234.567.890.123,456', 0, 21)).toBe(1234567890123.456);
    expect(createAmountParser('.', ',')('-12,345,678,901,234.567', 0, 23)).toBe(-12345678901234.567);
    expect(createAmountParser('.')('+1234567890123456.5', 0, 19)).toBe(1234567890123456.5);
    expect(createAmountParser(',')('0,12345678901234567', 0, 19)).toBe(0.12345678901234567);
    expect(createAmountParser('.')('0.00000000000000000000001', 0, 25)).toBe(1e-23); // 23 fraction digits
    expect(createAmountParser('.', ',')('1234,567', 0, 8)).toBeNaN(); // first group longer than three
    expect(createAmountParser('.', ',')('1,23', 0, 4)).toBeNaN(); // a last group shorter than three
    expect(createAmountParser('.', ',')('1,', 0, 2)).toBeNaN();
  });

  for (const d of dialects) {
    it(`random texts agree with the oracle (decimal ${JSON.stringify(d.decimal)}, thousands ${JSON.stringify(d.thousands ?? null)})`, () => {
      const parse = createAmountParser(d.decimal, d.thousands);
      const units = ['0', '1', '2', '5', '9', '9', '7', d.decimal, ...(d.thousands !== undefined ? [d.thousands, d.thousands] : []), '-', '+', 'e'];
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...units), minLength: 1, maxLength: 28 }), (text) => {
          const got = parse(text, 0, text.length);
          const want = oracle(text, d.decimal, d.thousands);
          if (Number.isNaN(want)) expect(got).toBeNaN();
          else expect(got).toBe(want);
        }),
        { numRuns: 3000, seed: 15 },
      );
      // Well-formed numbers of every length (the long path needs > 15 significant digits), grouped or not.
      const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom('0', '1', '3', '5', '8', '9'), minLength: min, maxLength: max });
      fc.assert(
        fc.property(fc.constantFrom('', '-', '+'), digits(1, 20), fc.option(digits(1, 25)), fc.boolean(), (sign, int, frac, group) => {
          let body = int;
          if (group && d.thousands !== undefined) body = int.replace(/\B(?=(\d{3})+(?!\d))/g, d.thousands);
          const text = `${sign}${body}${frac === null ? '' : `${d.decimal}${frac}`}`;
          const got = parse(text, 0, text.length);
          const want = oracle(text, d.decimal, d.thousands);
          if (Number.isNaN(want)) expect(got).toBeNaN();
          else expect(got).toBe(want);
        }),
        { numRuns: 3000, seed: 16 },
      );
    });
  }
});
