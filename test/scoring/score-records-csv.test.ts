import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import type { CustomerScoreRecord } from '../../src/scoring/customer-scores.js';
import { recordsToCsv } from '../../src/scoring/records-to-csv.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { SCORE_RECORD_COLUMNS, scoreRecordsToCsv } from '../../src/scoring/score-records-csv.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';

describe('scoreRecordsToCsv', () => {
  const scores = scoreCustomers(simulateBank({ customers: 400, months: 24, seed: 3 }), {});
  const records = scores.toRecords();

  it('writes exactly the bytes of toCsv, in the columns of toRecords', () => {
    expect(Object.keys(records[0]!)).toEqual([...SCORE_RECORD_COLUMNS]);
    expect(scoreRecordsToCsv(records, {})).toBe(scores.toCsv());
  });

  it('appends chunks without the header to the same text', () => {
    const text = scoreRecordsToCsv(records.slice(0, 150)) + scoreRecordsToCsv(records.slice(150), { header: false });
    expect(text).toBe(scores.toCsv());
    expect(scoreRecordsToCsv([], { header: false })).toBe('');
  });

  it('neutralises formula text and quotes like recordsToCsv (independent generic writer)', () => {
    const evil: CustomerScoreRecord = {
      ...records[0]!,
      customerId: '=HYPERLINK("http://x")',
      customerType: '+1,2',
      rfmSegment: '-x\ny',
      tags: ['@a', 'b,c'],
      productGaps: ['deposit"s'],
      tierLabel: '\tlabel',
      pAlive: -0.5,
    };
    const line = scoreRecordsToCsv([evil], { header: false });
    expect(line).toBe(
      recordsToCsv([evil as never], {})
        .split('\n')
        .slice(1)
        .join('\n'),
    );
    expect(line.startsWith(`"'=HYPERLINK(""http://x"")","'+1,2"`)).toBe(true);
    expect(line).toContain(',-0.5,');
  });

  it('rejects a non-finite number, a wrong type or a bad record, naming row and column', () => {
    expect(() => scoreRecordsToCsv([records[0]!, { ...records[1]!, pAlive: Number.NaN }])).toThrow(ClvkitError);
    try {
      scoreRecordsToCsv([records[0]!, { ...records[1]!, totalValue: Number.POSITIVE_INFINITY }]);
    } catch (error) {
      expect((error as ClvkitError).details).toMatchObject({ index: 1, column: 'totalValue' });
    }
    expect(() => scoreRecordsToCsv([{ ...records[0]!, onBook: 1 as never }])).toThrow(/boolean/);
    expect(() => scoreRecordsToCsv([{ ...records[0]!, tags: 'a' as never }])).toThrow(/list/);
    expect(() => scoreRecordsToCsv([null as never])).toThrow(ClvkitError);
    expect(() => scoreRecordsToCsv('x' as never)).toThrow(ClvkitError);
    expect(() => scoreRecordsToCsv(records, { header: 'yes' as never })).toThrow(/INVALID_OPTIONS|header/);
  });

  it('has the public types', () => {
    expectTypeOf(scoreRecordsToCsv).returns.toEqualTypeOf<string>();
  });
});
