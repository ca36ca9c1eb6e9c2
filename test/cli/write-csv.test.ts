import { describe, expect, expectTypeOf, it } from 'vitest';
import { columnTable } from '../../src/cli/column-table.js';
import { toCsv, type ToCsvOptions } from '../../src/cli/write-csv.js';
import { isClvkitError } from '../../src/errors.js';
import { readTransactionsSync } from '../../src/io/read-transactions.js';

/** One cell through toCsv (the text after the header line, without the final newline). */
function csvField(value: string | number | boolean | null, delimiter: ',' | ';' = ','): string {
  const text = toCsv(columnTable({ x: [value] }), { delimiter });
  return text.slice('x\n'.length, -1);
}

describe('toCsv cells', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+31 20 555')).toBe("'+31 20 555");
    expect(csvField('-5')).toBe("'-5");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('writes numbers as numbers: negatives stay negative, -0 is 0, shortest round-trip form', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(-0)).toBe('0');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(Number(csvField(1 / 3))).toBe(1 / 3);
  });

  it('quotes per RFC 4180 only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a;b')).toBe('a;b');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });
});

describe('toCsv', () => {
  it('writes a header and one line per row, with an optional BOM', () => {
    const t = columnTable({ id: ['=cmd', 'b'], clv: new Float64Array([1.5, -2]) });
    expect(toCsv(t)).toBe("id,clv\n'=cmd,1.5\nb,-2\n");
    expect(toCsv(t, { bom: true }).startsWith('\uFEFFid,clv\n')).toBe(true);
    expect(toCsv(t, { eol: '\r\n', delimiter: ';' })).toBe("id;clv\r\n'=cmd;1.5\r\nb;-2\r\n");
    expect(toCsv(columnTable({ a: [], b: [] }))).toBe('a,b\n');
  });

  it('round-trips through the library reader (csv-parse)', () => {
    const texts = ['plain', 'with,comma', 'with "quotes"', 'multi\nline', 'ünïcödé 客户'];
    const ids = ['plain', 'with,comma', 'with "quotes"', 'multi line', 'ünïcödé 客户'];
    const csv = toCsv(columnTable({ customer_id: ids, date: ids.map(() => '2024-01-31'), amount: [1, -2.5, 3e-3, 1e6, 0], note: texts }));
    const t = readTransactionsSync(csv, { attributes: ['note'] });
    expect(t.customerIds).toEqual(ids);
    expect(Array.from(t.amount)).toEqual([1, -2.5, 3e-3, 1e6, 0]);
    // A quoted line break survives in a text column (ids may not hold control characters).
    const note = t.attributes.note!;
    expect(Array.from(note.codes, (c) => note.values[c])).toEqual(texts);
  });

  it('never writes NaN or Infinity', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      try {
        toCsv(columnTable({ id: ['a', 'b'], x: [1, bad] }));
        expect.unreachable();
      } catch (e) {
        expect(isClvkitError(e, 'NUMERIC_FAILURE')).toBe(true);
        expect((e as Error).message).toContain('column x');
        expect((e as Error).message).toContain('row 1');
      }
    }
  });

  it('types', () => {
    expectTypeOf<ToCsvOptions['bom']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf(toCsv).returns.toEqualTypeOf<string>();
  });
});
