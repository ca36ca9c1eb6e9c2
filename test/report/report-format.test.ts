import { describe, expect, it } from 'vitest';
import { formatEstimate, formatMoney, formatNumber, formatPercent } from '../../src/report/report-format.js';

describe('report number formats', () => {
  it('formatNumber groups thousands with a fixed pattern in every locale', () => {
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(-1234)).toBe('−1,234');
    expect(formatNumber(-0.001, 1)).toBe('0.0');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(Number.NaN)).toBe('–');
  });
  it('percent, money, estimates', () => {
    expect(formatPercent(0.8123)).toBe('81.2%');
    expect(formatPercent(1, 0)).toBe('100%');
    expect(formatMoney(1500, 'CNY')).toBe('CNY 1,500');
    expect(formatMoney(1500, undefined)).toBe('1,500');
    expect(formatEstimate(0.7883)).toBe('0.7883');
    expect(formatEstimate(1512.764)).toBe('1,512.76');
    expect(formatEstimate(0.000123)).toBe('1.230e-4');
    expect(formatEstimate(0)).toBe('0.0000');
  });
});
