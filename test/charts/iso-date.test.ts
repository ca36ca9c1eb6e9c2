import { describe, expect, it } from 'vitest';
import { parseISODateStrict } from '../../src/charts/iso-date.js';
import { errorCode } from './chart-test-helpers.js';

describe('parseISODateStrict', () => {
  it('accepts calendar days only', () => {
    expect(parseISODateStrict('2024-02-29', 'f', 0)).toBe('2024-02-29');
    expect(errorCode(() => parseISODateStrict('2023-02-29', 'f', 0))).toBe('INVALID_DATE');
    expect(errorCode(() => parseISODateStrict('2024-01-01T00:00', 'f', 0))).toBe('INVALID_DATE');
    expect(errorCode(() => parseISODateStrict(20240101, 'f', 0))).toBe('INVALID_DATE');
  });
});
