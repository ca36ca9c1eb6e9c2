import { describe, expect, it } from 'vitest';
import { frequencyHistogramChart } from '../../src/charts/frequency-histogram-chart.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('frequencyHistogramChart', () => {
  it('puts actual and expected bars side by side per bucket', async () => {
    const spec = frequencyHistogramChart({ labels: ['0', '1', '2+'], actual: [10, 5, 3], expected: [9.5, 5.6, 2.9] });
    compileStrict(spec);
    expect(dataOf(spec)[0]).toEqual({ repeat: '0', series: 'Actual', customers: 10, order: 0 });
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(6);
  });
  it('rejects bad input', () => {
    expect(errorCode(() => frequencyHistogramChart({ labels: ['0'], actual: [1, 2], expected: [1] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => frequencyHistogramChart({ labels: ['0'], actual: [Number.NaN], expected: [1] }))).toBe('INVALID_VALUE');
  });
});
