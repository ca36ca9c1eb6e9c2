import { describe, expect, expectTypeOf, it } from 'vitest';
import { isClvkitError } from '../src/errors.js';
import { DAYS_PER_UNIT, convertTime, epochDay, isoDate, parseIsoDay, toEpochDay, type DateInput, type TimeUnit } from '../src/time.js';

function codeAndFn(f: () => unknown): [string, unknown] {
  try {
    f();
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    return [(error as { code: string }).code, (error as { details: { fn: unknown } }).details.fn];
  }
  return ['none', undefined];
}

const GARBAGE: readonly unknown[] = [undefined, null, {}, [], Object.create(null) as unknown, 10n, Number.NaN, Infinity];

describe('time', () => {
  it('worked examples', () => {
    expect(convertTime(1, 'month', 'week')).toBe(4.348214285714286);
    expect(convertTime(14, 'day', 'week')).toBe(2);
    expect(epochDay(1997, 1, 1)).toBe(9862);
    expect(isoDate(0)).toBe('1970-01-01');
    expect(isoDate(9862)).toBe('1997-01-01');
    expect(isoDate(-719528)).toBe('0000-01-01');
    expect(isoDate(2932897)).toBe('+010000-01-01');
    expect(parseIsoDay('1997-01-01T23:59:00')).toBe(9862);
    expect(toEpochDay(new Date(Date.UTC(1997, 0, 1, 23)))).toBe(9862);
  });

  it('cross-check: isoDate and parseIsoDay invert each other, and agree with Date.UTC, over 10,000 years', () => {
    for (let day = -719528; day <= 2932896; day += 997) {
      const text = isoDate(day);
      expect(parseIsoDay(text)).toBe(day);
      const y = Number(text.slice(0, text.length - 6));
      expect(new Date(0).setUTCFullYear(y, Number(text.slice(-5, -3)) - 1, Number(text.slice(-2))) / 86_400_000).toBe(day);
    }
    for (const u of ['day', 'week', 'month'] as const)
      for (const v of ['day', 'week', 'month'] as const) expect(convertTime(1, u, v)).toBeCloseTo(DAYS_PER_UNIT[u] / DAYS_PER_UNIT[v], 15);
  });

  it('garbage arguments: a ClvkitError naming the function, never a TypeError (issue 11)', () => {
    for (const g of GARBAGE) {
      expect(codeAndFn(() => convertTime(g as number, 'day', 'week'))).toEqual(['INVALID_VALUE', 'convertTime']);
      expect(codeAndFn(() => convertTime(1, g as TimeUnit, 'week'))).toEqual(['INVALID_VALUE', 'convertTime']);
      expect(codeAndFn(() => convertTime(1, 'day', g as TimeUnit))).toEqual(['INVALID_VALUE', 'convertTime']);
      expect(codeAndFn(() => isoDate(g as number))).toEqual(['INVALID_DATE', 'isoDate']);
      expect(codeAndFn(() => parseIsoDay(g as string))).toEqual(['INVALID_DATE', 'parseIsoDay']);
      expect(codeAndFn(() => parseIsoDay('x', g as string))).toEqual(['INVALID_DATE', 'parseIsoDay']);
      expect(codeAndFn(() => toEpochDay(g as DateInput))).toEqual(['INVALID_DATE', 'toEpochDay']);
    }
    // isoDate: only integer epoch days a Date can hold.
    expect(codeAndFn(() => isoDate(0.5))).toEqual(['INVALID_DATE', 'isoDate']);
    expect(codeAndFn(() => isoDate(100_000_001))).toEqual(['INVALID_DATE', 'isoDate']);
    expect(isoDate(100_000_000)).toBe('+275760-09-13');
    expect(codeAndFn(() => convertTime(1, 'year' as TimeUnit, 'day'))).toEqual(['INVALID_VALUE', 'convertTime']);
    expect(codeAndFn(() => toEpochDay('1997-02-30', 'myFunction'))).toEqual(['INVALID_DATE', 'myFunction']);
  });

  it('types', () => {
    expectTypeOf(convertTime).returns.toEqualTypeOf<number>();
    expectTypeOf<DateInput>().toEqualTypeOf<string | Date | number>();
  });
});
