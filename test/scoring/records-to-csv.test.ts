import { parse } from 'csv-parse/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { neutraliseCsvText, recordsToCsv } from '../../src/scoring/records-to-csv.js';
import type { RecordsToCsvOptions } from '../../src/scoring/records-to-csv.js';
import { expectCode } from '../helpers/expect-code.js';

describe('recordsToCsv', () => {
  it('worked example: quoting, lists, booleans, null', () => {
    const csv = recordsToCsv([
      { id: 'a', value: -12.5, ok: true, note: null, tags: ['x', 'y'] },
      { id: 'b, "c"', value: 0.1, ok: false, note: 'line\nbreak', tags: [] },
    ]);
    expect(csv).toBe('id,value,ok,note,tags\na,-12.5,true,,x|y\n"b, ""c""",0.1,false,"line\nbreak",\n');
    // An independent parser reads it back.
    expect(parse(csv, { columns: true })).toEqual([
      { id: 'a', value: '-12.5', ok: 'true', note: '', tags: 'x|y' },
      { id: 'b, "c"', value: '0.1', ok: 'false', note: 'line\nbreak', tags: '' },
    ]);
  });

  it('neutralises formula injection in text cells only; negative numbers stay numbers', () => {
    for (const s of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCsvText(s)).toBe(`'${s}`);
    expect(neutraliseCsvText('a=1')).toBe('a=1');
    const csv = recordsToCsv([{ text: '-5', number: -5, list: ['=cmd', 'ok'] }]);
    expect(csv.split('\n')[1]).toBe("'-5,-5,'=cmd|ok");
    expect(recordsToCsv([{ '=head': 1 }]).split('\n')[0]).toBe("'=head");
  });

  it('options: columns, delimiter, list separator, CRLF', () => {
    expect(recordsToCsv([{ a: 1, b: 'x;y', c: ['p', 'q'] }], { columns: ['c', 'b'], delimiter: ';', listSeparator: '/', newline: '\r\n' })).toBe(
      'c;b\r\np/q;"x;y"\r\n',
    );
    expect(recordsToCsv([], { columns: ['a'] })).toBe('a\n');
    expect(recordsToCsv([{ a: 'x\ty', b: 'p,q' }], { delimiter: '\t' })).toBe('a\tb\n"x\ty"\tp,q\n');
  });

  it('bad input', () => {
    expectCode(() => recordsToCsv([]), 'EMPTY_INPUT');
    expectCode(() => recordsToCsv(undefined as never), 'INVALID_VALUE');
    expectCode(() => recordsToCsv([{ a: 1 }, null as never]), 'INVALID_VALUE');
    expectCode(() => recordsToCsv([null as never]), 'INVALID_VALUE');
    expectCode(() => neutraliseCsvText(Object.create(null) as never), 'INVALID_VALUE');
    expectCode(() => recordsToCsv([{ a: Number.NaN }]), 'INVALID_VALUE');
    expectCode(() => recordsToCsv([{ a: {} as never }]), 'INVALID_VALUE');
    expectCode(() => recordsToCsv([{ a: 1 }], { delimiter: '|' as never }), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(recordsToCsv).returns.toEqualTypeOf<string>();
    expectTypeOf<RecordsToCsvOptions>().toBeObject();
  });
});
