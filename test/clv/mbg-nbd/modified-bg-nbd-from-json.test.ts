import { describe, expect, it } from 'vitest';
import { fitModifiedBgNbd } from '../../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { modifiedBgNbdFromJSON } from '../../../src/clv/mbg-nbd/modified-bg-nbd-from-json.js';

const data = { frequency: [2, 1, 0, 0, 7, 1, 0, 2], recency: [30.43, 1.71, 0, 0, 29.43, 5, 0, 35.71], T: Array(8).fill(38.86) as number[] };

describe('modifiedBgNbdFromJSON', () => {
  it('restores the same model from JSON text', () => {
    const model = fitModifiedBgNbd(data, { timeUnit: 'week', penalizer: 0.01 });
    const back = modifiedBgNbdFromJSON(JSON.parse(JSON.stringify(model)));
    expect(back.params).toEqual(model.params);
    expect(back.penalizer).toBe(0.01);
    expect(back.kind).toBe('mbg-nbd');
    expect(back.expectedTransactions(10)).toBe(model.expectedTransactions(10));
  });
  it('rejects other kinds and malformed input with INVALID_MODEL', () => {
    const json = fitModifiedBgNbd(data, { timeUnit: 'week' }).toJSON();
    for (const bad of [{ ...json, kind: 'bg-nbd' }, { ...json, timeUnit: 'period' }, { ...json, params: { ...json.params, a: 0 } }, 42]) {
      expect(() => modifiedBgNbdFromJSON(bad)).toThrowError(expect.objectContaining({ code: 'INVALID_MODEL' }));
    }
  });
});
