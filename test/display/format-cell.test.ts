import { describe, expect, it } from 'vitest';
import { formatCell, formatCount, formatNumber, MAX_CELL_WIDTH } from '../../src/display/format-cell.js';

describe('formatNumber / formatCount / formatCell', () => {
  it('rounds to 6 significant digits, keeps integers, is locale-free', () => {
    expect(formatNumber(27.140000000000004)).toBe('27.14');
    expect(formatNumber(23570)).toBe('23570');
    expect(formatNumber(-1234567.891)).toBe('-1234570');
    expect(formatNumber(0.000123456789)).toBe('0.000123457');
    expect(formatNumber(-1e-20)).toBe('-1e-20');
    expect([formatNumber(Number.NaN), formatNumber(-Infinity)]).toEqual(['NaN', '-Infinity']);
    expect([formatCount(23570), formatCount(-1000000), formatCount(999), formatCount(12.5)]).toEqual(['23,570', '-1,000,000', '999', '12.5']);
  });

  it('cells: null empty, lists joined, long text cut with an ellipsis', () => {
    expect(formatCell(null)).toBe('');
    expect(formatCell(['vip', 'dormant'])).toBe('vip, dormant');
    expect(formatCell({ p: 'loan', gap: 3 })).toBe('{"p":"loan","gap":3}');
    const long = formatCell('x'.repeat(100));
    expect(long).toHaveLength(MAX_CELL_WIDTH);
    expect(long.endsWith('…')).toBe(true);
  });
});
