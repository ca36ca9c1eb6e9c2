import { describe, expect, it } from 'vitest';
import { evenIndices, finiteValues, requireLength, requireRows } from '../../src/charts/chart-data.js';
import { errorCode } from './chart-test-helpers.js';

describe('chart-data', () => {
  it('evenIndices keeps both ends and spreads the rest evenly', () => {
    expect(evenIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(evenIndices(11, 3)).toEqual([0, 5, 10]);
    expect(evenIndices(1001, 5)).toEqual([0, 250, 500, 750, 1000]);
    const idx = evenIndices(12345, 200);
    expect(idx).toHaveLength(200);
    expect(idx[0]).toBe(0);
    expect(idx[199]).toBe(12344);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]!);
  });
  it('finiteValues copies and checks', () => {
    const src = Float64Array.from([1, 2]);
    const out = finiteValues(src, 'c', 'f');
    expect(out).toEqual([1, 2]);
    expect(errorCode(() => finiteValues([1, Number.NaN], 'c', 'f'))).toBe('INVALID_VALUE');
    expect(errorCode(() => finiteValues(['1'] as never, 'c', 'f'))).toBe('INVALID_VALUE');
    expect(errorCode(() => requireRows(0, 'x', 'f'))).toBe('EMPTY_INPUT');
    expect(errorCode(() => requireLength([1], 2, 'x', 'f'))).toBe('LENGTH_MISMATCH');
  });
});
