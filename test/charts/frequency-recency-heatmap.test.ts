import { describe, expect, expectTypeOf, it } from 'vitest';
import { frequencyRecencyHeatmap, type FrequencyRecencyInput } from '../../src/charts/frequency-recency-heatmap.js';
import { frequencyRecencyMatrix } from '../../src/clv/frequency-recency-matrix.js';
import { modelFromJSON } from '../../src/clv/model-from-json.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

// The CDNOW BG/NBD estimates of Fader, Hardie & Lee (2005).
const model = modelFromJSON({
  format: 'clvkit-model',
  version: 1,
  kind: 'bg-nbd',
  timeUnit: 'week',
  params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 },
  standardErrors: null,
  logLikelihood: -9582.4,
  converged: true,
  iterations: 1,
  customers: 2357,
}) as FittedTransactionModel;

describe('frequencyRecencyHeatmap', () => {
  const matrix = frequencyRecencyMatrix(model, { T: 38.86, maxFrequency: 5, recencySteps: 8, t: 39 });
  it('draws every cell of the expected-transactions matrix', async () => {
    const spec = frequencyRecencyHeatmap(matrix);
    compileStrict(spec);
    const data = dataOf(spec) as { frequency: number; recency: number; value: number }[];
    expect(data).toHaveLength(6 * 8);
    // Independent: the model's own conditional expectation for each cell.
    for (const cell of data) {
      const tx = cell.frequency === 0 ? 0 : cell.recency;
      const e = model.conditionalExpectedTransactions(39, { frequency: [cell.frequency], recency: [tx], T: [38.86] });
      expect(cell.value).toBeCloseTo(e[0]!, 10);
    }
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(48);
  });
  it('P(alive) in [0, 1], zh-CN labels', () => {
    const spec = frequencyRecencyHeatmap(matrix, { measure: 'probabilityAlive', locale: 'zh-CN' });
    compileStrict(spec);
    const data = dataOf(spec) as { frequency: number; recency: number; value: number }[];
    for (const cell of data) {
      const tx = cell.frequency === 0 ? 0 : cell.recency;
      expect(cell.value).toBeCloseTo(model.probabilityAlive({ frequency: [cell.frequency], recency: [tx], T: [38.86] })[0]!, 10);
    }
    expect(JSON.stringify(spec)).toContain('存活概率');
  });
  it('bad input', () => {
    const m: FrequencyRecencyInput = {
      frequency: [0, 1],
      recency: [0, 1],
      T: 2,
      t: 1,
      rows: 2,
      columns: 2,
      expected: [0.1, 0.2, 0.3, 0.4],
      probabilityAlive: [1, 0.5, 0.5, 1],
    };
    expect(errorCode(() => frequencyRecencyHeatmap({ ...m, rows: 0 }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => frequencyRecencyHeatmap({ ...m, expected: [1, 2, 3] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => frequencyRecencyHeatmap({ ...m, recency: [0] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => frequencyRecencyHeatmap({ ...m, expected: [1, 2, 3, Number.NaN] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => frequencyRecencyHeatmap({ ...m, probabilityAlive: [1, 2, 0, 0] }, { measure: 'probabilityAlive' }))).toBe('INVALID_VALUE');
    expect(errorCode(() => frequencyRecencyHeatmap(m, { measure: 'clv' as never }))).toBe('INVALID_OPTIONS');
    expectTypeOf(frequencyRecencyHeatmap).parameter(0).toEqualTypeOf<FrequencyRecencyInput>();
  });
});
