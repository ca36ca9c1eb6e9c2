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
    for (const bad of ['1997-01-32', '1997-00-10', '1997-01-1', '199701', '1997010', '1997-01-01x', '1997-01-01 x', '1997-01-01Tx', '1997/01/01', ''])
      expect(parseAutoDay(bad)).toBeNaN();
  });

  it('text after the date must be a time of day; the date part is taken as written', () => {
    for (const ok of [
      '2024-01-05 10:30',
      '2024-01-05T10:30:00',
      '2024-01-05T10:30:00.123456',
      '2024-01-05T10:30:00Z',
      '2024-01-05 23:59:60',
      '2024-01-05T23:30-05:00',
      '2024-01-05T00:30+0530',
      '2024-01-05T00:30+14',
      '20240105T103000Z',
      '20240105 1030',
    ]) {
      expect(parseAutoDay(ok), ok).toBe(19727);
    }
    for (const bad of [
      '2024-01-05 garbage',
      '2024-01-05Tfoo',
      '2024-01-05T',
      '2024-01-05 ',
      '2024-01-05 24:00',
      '2024-01-05 10:60',
      '2024-01-05 10',
      '2024-01-05 10:3',
      '2024-01-05T10:30:00.',
      '2024-01-05T10:30:00Zx',
      '2024-01-05T10:30+1',
      '2024-01-05T10:30+05:60',
      '2024-01-05T10:30 +01:00',
      '2024-01-05 10:30:61',
    ]) {
      expect(parseAutoDay(bad), bad).toBeNaN();
    }
    const dmy = createDayParser('DD/MM/YYYY');
    expect(dmy('05/01/2024 10:30', 0, 16)).toBe(19727);
    expect(dmy('05/01/2024 x', 0, 12)).toBeNaN();
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
