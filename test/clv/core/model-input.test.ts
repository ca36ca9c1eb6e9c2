import { describe, expect, it } from 'vitest';
import { resolveTimeUnit } from '../../../src/clv/core/model-input.js';

const cols = { frequency: [0], recency: [0], T: [1] };

describe('resolveTimeUnit', () => {
  it('takes the summary unit or the option', () => {
    expect(resolveTimeUnit(cols, 'week', 'f')).toBe('week');
    expect(resolveTimeUnit({ ...cols, timeUnit: 'day' } as never, undefined, 'f')).toBe('day');
    expect(resolveTimeUnit({ ...cols, timeUnit: 'day' } as never, 'day', 'f')).toBe('day');
  });
  it('throws INVALID_OPTIONS without a unit and UNIT_MISMATCH on a conflict', () => {
    expect(() => resolveTimeUnit(cols, undefined, 'f')).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => resolveTimeUnit({ ...cols, timeUnit: 'day' } as never, 'week', 'f')).toThrowError(expect.objectContaining({ code: 'UNIT_MISMATCH' }));
  });
});
