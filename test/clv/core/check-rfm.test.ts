import { describe, expect, it } from 'vitest';
import { checkRfmColumns, requireObservationTime } from '../../../src/clv/core/check-rfm.js';
import type { ClvkitError } from '../../../src/errors.js';
import { expectCode } from '../../helpers/expect-code.js';

describe('checkRfmColumns', () => {
  it('returns Float64Array copies of valid continuous columns', () => {
    const input = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] };
    const out = checkRfmColumns(input, { fn: 'f' });
    expect(out.frequency).toBeInstanceOf(Float64Array);
    expect([...out.recency]).toEqual([30.43, 0]);
    out.recency[0] = 1;
    expect(input.recency[0]).toBe(30.43);
  });

  it.each([
    [{ frequency: [1], recency: [1, 2], T: [3] }, 'LENGTH_MISMATCH', 'recency', undefined],
    [{ frequency: [], recency: [], T: [] }, 'EMPTY_INPUT', undefined, undefined],
    [{ frequency: [1, Number.NaN], recency: [1, 1], T: [3, 3] }, 'INVALID_VALUE', 'frequency', 1],
    [{ frequency: [1], recency: [Number.POSITIVE_INFINITY], T: [3] }, 'INVALID_VALUE', 'recency', 0],
    [{ frequency: [1.5], recency: [1], T: [3] }, 'INVALID_VALUE', 'frequency', 0],
    [{ frequency: [-1], recency: [1], T: [3] }, 'INVALID_VALUE', 'frequency', 0],
    [{ frequency: [1], recency: [4], T: [3] }, 'INVALID_VALUE', 'recency', 0],
    [{ frequency: [1], recency: [-1], T: [3] }, 'INVALID_VALUE', 'recency', 0],
    [{ frequency: [0], recency: [0], T: [-1] }, 'INVALID_VALUE', 'T', 0],
    [{ frequency: [1], recency: [0], T: [0] }, 'INVALID_VALUE', 'frequency', 0],
    [{ frequency: [0, 0], recency: [0, 1], T: [3, 3] }, 'INVALID_VALUE', 'recency', 1],
    [{ frequency: [1], recency: [1] }, 'MISSING_COLUMN', 'T', undefined],
  ])('rejects %j with %s', (input, code, column, index) => {
    const e = expectCode(() => checkRfmColumns(input as never, { fn: 'fitX' }), code);
    expect(e.details.fn).toBe('fitX');
    expect(e.details.column).toBe(column);
    expect(e.details.index).toBe(index);
  });

  it('accepts T = 0 for a customer first seen at the end of the period', () => {
    expect([...checkRfmColumns({ frequency: [0, 2], recency: [0, 3], T: [0, 5] }, { fn: 'f' }).T]).toEqual([0, 5]);
  });

  it('applies the discrete (BG/BB) rules', () => {
    expect([...checkRfmColumns({ frequency: [0, 3], recency: [0, 5], T: [6, 6] }, { fn: 'f', discrete: true }).frequency]).toEqual([0, 3]);
    for (const bad of [
      { frequency: [1], recency: [0], T: [6] },
      { frequency: [3], recency: [2], T: [6] },
      { frequency: [1], recency: [2.5], T: [6] },
      { frequency: [1], recency: [7], T: [6] },
      { frequency: [0], recency: [0], T: [0] },
    ]) {
      expectCode(() => checkRfmColumns(bad, { fn: 'f', discrete: true }), 'INVALID_VALUE');
    }
  });
});

describe('requireObservationTime', () => {
  it('passes when some customer with a positive weight has T > 0, else throws TOO_FEW_VALUES on column T', () => {
    expect(() => requireObservationTime(Float64Array.of(0, 3), undefined, 'fitX')).not.toThrow();
    expect(() => requireObservationTime(Float64Array.of(0, 3), [0, 2], 'fitX')).not.toThrow();
    for (const [T, weights] of [
      [Float64Array.of(0, 0), undefined],
      [Float64Array.of(0, 3), [1, 0]],
    ] as const) {
      let error: ClvkitError | undefined;
      try {
        requireObservationTime(T, weights, 'fitX');
      } catch (e) {
        error = e as ClvkitError;
      }
      expect(error?.code).toBe('TOO_FEW_VALUES');
      expect(error?.details.column).toBe('T');
      expect(error?.details.fn).toBe('fitX');
    }
  });
});
