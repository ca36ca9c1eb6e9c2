import { describe, expect, it } from 'vitest';
import { createDayParser, isDateFormat, parseAutoDay } from '../../src/io/parse-date.js';
import { daysInMonth, epochDay } from '../../src/time.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

describe('parse-date', () => {
  it('auto: ISO and YYYYMMDD, time part ignored, inside a larger string', () => {
    expect(parseAutoDay('1997-01-01')).toBe(9862);
    expect(parseAutoDay('19970101')).toBe(9862);
    expect(parseAutoDay('1997-01-01T23:59:59+14:00')).toBe(9862);
    expect(parseAutoDay('x,19970101,y', 2, 10)).toBe(9862);
    for (const bad of ['1997-01-32', '1997-00-10', '1997-01-1', '199701', '1997010', '1997-01-01x', '1997/01/01', '']) expect(parseAutoDay(bad)).toBeNaN();
  });

  it('patterns', () => {
    expect(isDateFormat('DD/MM/YYYY')).toBe(true);
    expect(isDateFormat('YYYY-DD-MM')).toBe(true);
    expect(isDateFormat('DD/MM-YYYY')).toBe(false);
    expect(isDateFormat('YY/MM/DD')).toBe(false);
    const dmy = createDayParser('DD.MM.YYYY');
    expect(dmy('31.12.1999', 0, 10)).toBe(epochDay(1999, 12, 31));
    expect(dmy('1.2.2000', 0, 8)).toBe(epochDay(2000, 2, 1));
    expect(dmy('31.11.1999', 0, 10)).toBeNaN();
    expect(dmy('31.12.99', 0, 8)).toBeNaN();
    const compact = createDayParser('DDMMYYYY');
    expect(compact('01021997', 0, 8)).toBe(epochDay(1997, 2, 1));
    expect(compact('1021997', 0, 7)).toBeNaN();
  });

  it('agrees with epochDay on every day of 1896..2104, in three formats', () => {
    const us = createDayParser('MM/DD/YYYY');
    const iso = createDayParser('YYYY-MM-DD');
    const wrong: string[] = [];
    let checked = 0;
    for (let y = 1896; y <= 2104; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const real = d <= daysInMonth(y, m);
          const a = `${y}-${pad(m)}-${pad(d)}`;
          const b = `${pad(m)}/${pad(d)}/${y}`;
          const c = `${y}${pad(m)}${pad(d)}`;
          checked++;
          if (real) {
            const e = epochDay(y, m, d);
            if (parseAutoDay(a) !== e || parseAutoDay(c) !== e || us(b, 0, b.length) !== e || iso(a, 0, a.length) !== e) wrong.push(a);
          } else if (!Number.isNaN(parseAutoDay(a)) || !Number.isNaN(us(b, 0, b.length))) wrong.push(a);
        }
      }
    }
    expect(checked).toBe(209 * 12 * 31);
    expect(wrong).toEqual([]);
  });
});
