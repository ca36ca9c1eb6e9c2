import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgNbdFromJSON } from '../../src/clv/bg-nbd/bg-nbd-from-json.js';
import { frequencyRecencyMatrix } from '../../src/clv/frequency-recency-matrix.js';
import type { FrequencyRecencyMatrix } from '../../src/clv/frequency-recency-matrix.js';

const model = bgNbdFromJSON({
  format: 'clvkit-model',
  version: 1,
  kind: 'bg-nbd',
  timeUnit: 'week',
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  standardErrors: null,
  logLikelihood: -9582.4,
  converged: true,
  iterations: 20,
  customers: 2357,
});

describe('frequencyRecencyMatrix', () => {
  it('fills every cell from the model’s own predictions', () => {
    const m = frequencyRecencyMatrix(model, { T: 38.86, maxFrequency: 5, recencySteps: 4, t: 39 });
    expect(m.rows).toBe(6);
    expect(m.columns).toBe(4);
    expect([...m.recency]).toEqual([0, 38.86 / 3, (2 * 38.86) / 3, 38.86]);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.columns; j++) {
        const c = { frequency: [i], recency: [i === 0 ? 0 : m.recency[j]!], T: [38.86] };
        expect(m.expected[i * m.columns + j]).toBe(model.conditionalExpectedTransactions(39, c)[0]);
        expect(m.probabilityAlive[i * m.columns + j]).toBe(model.probabilityAlive(c)[0]);
      }
    }
    // More recent last purchase → more likely alive, for x ≥ 1.
    expect(m.probabilityAlive[2 * 4 + 3]!).toBeGreaterThan(m.probabilityAlive[2 * 4 + 1]!);
  });
  it('rejects maxRecency > T and bad options', () => {
    expect(() => frequencyRecencyMatrix(model, { T: 10, maxFrequency: 2, maxRecency: 11 })).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => frequencyRecencyMatrix(model, { T: 0, maxFrequency: 2 })).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
  it('types', () => {
    expectTypeOf(frequencyRecencyMatrix).returns.toEqualTypeOf<FrequencyRecencyMatrix>();
  });
});
