import { describe, expect, expectTypeOf, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { frequencyMonetaryCorrelation, type FrequencyMonetaryCorrelation } from '../../../src/clv/gamma-gamma/frequency-monetary-correlation.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';
import { codeOf } from '../../helpers/expect-code.js';

describe('frequencyMonetaryCorrelation', () => {
  it('computes Pearson and Spearman over x > 0, counting the rest', () => {
    // Pearson by hand: x = (1,2,3), m = (10,12,11): cov = 0.5, sd_x = 1, sd_m = 1 → 0.5.
    expect(frequencyMonetaryCorrelation({ frequency: [0, 1, 2, 3], monetaryValue: [0, 10, 12, 11] })).toEqual({
      pearson: 0.5,
      spearman: 0.5,
      customers: 3,
      excludedZeroFrequency: 1,
    });
    const perfect = frequencyMonetaryCorrelation({ frequency: [1, 2, 3, 4], monetaryValue: [1, 4, 9, 16] });
    expect(perfect.spearman).toBeCloseTo(1, 12);
    expect(perfect.pearson).toBeLessThan(1);
  });

  it('reports each error code', () => {
    expect(codeOf(() => frequencyMonetaryCorrelation({ frequency: [0, 1], monetaryValue: [0, 3] }))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => frequencyMonetaryCorrelation({ frequency: [1, 1, 1], monetaryValue: [2, 3, 4] }))).toBe('NUMERIC_FAILURE');
    expect(codeOf(() => frequencyMonetaryCorrelation({ frequency: [1], monetaryValue: [2, 3] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => frequencyMonetaryCorrelation({ frequency: [1] } as never))).toBe('MISSING_COLUMN');
    expect(codeOf(() => frequencyMonetaryCorrelation({ frequency: [-1, 2], monetaryValue: [2, 3] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => frequencyMonetaryCorrelation({ frequency: [1, 2], monetaryValue: [Number.NaN, 3] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => frequencyMonetaryCorrelation({ frequency: [1, 2], monetaryValue: [1, 3] }, { extra: 1 } as never))).toBe('INVALID_OPTIONS');
  });

  it('has the public types', () => {
    expectTypeOf(frequencyMonetaryCorrelation).returns.toEqualTypeOf<FrequencyMonetaryCorrelation>();
  });
});

describeWithSharedData('frequencyMonetaryCorrelation on CDNOW', () => {
  it('is weak on the CDNOW sample the note uses (0.11)', () => {
    const rows = readFileSync(sharedFile('cdnow_sample_summary.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const result = frequencyMonetaryCorrelation({ frequency: rows.map((r) => r[1]!), monetaryValue: rows.map((r) => r[4]!) });
    expect(result.pearson).toBeCloseTo(0.11, 2);
    expect(result.customers).toBe(946);
  });
});
