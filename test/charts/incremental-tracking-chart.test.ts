import { describe, expect, it } from 'vitest';
import { incrementalTrackingChart } from '../../src/charts/incremental-tracking-chart.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

const tracking = {
  endDate: ['2024-01-07', '2024-01-14', '2024-01-21', '2024-01-28'],
  expected: [1.5, 3.2, 5.1, 7.0],
  actual: [2, 3, 5, 8],
  calibrationSteps: 2,
};

describe('incrementalTrackingChart', () => {
  it('plots per-step differences of the cumulative series, with the calibration boundary', async () => {
    const spec = incrementalTrackingChart(tracking);
    compileStrict(spec);
    const values = dataOf(spec, 0) as { series: string; transactions: number }[];
    const exp = values.filter((v) => v.series === 'Expected (model)').map((v) => v.transactions);
    [1.5, 1.7, 1.9, 1.9].forEach((v, i) => expect(exp[i]).toBeCloseTo(v, 12));
    expect(values.filter((v) => v.series === 'Actual').map((v) => v.transactions)).toEqual([2, 1, 2, 3]);
    expect(dataOf(spec, 1)).toEqual([{ date: '2024-01-14', label: 'End of calibration' }]);
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'line')).toBe(2);
    expect(incrementalTrackingChart(tracking, { locale: 'zh-CN' }).description).toMatch(/4 steps/);
  });
  it('rejects bad input', () => {
    expect(errorCode(() => incrementalTrackingChart({ ...tracking, actual: [1] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => incrementalTrackingChart({ ...tracking, calibrationSteps: 9 }))).toBe('INVALID_VALUE');
    expect(errorCode(() => incrementalTrackingChart({ ...tracking, endDate: ['x', 'y', 'z', 'w'] }))).toBe('INVALID_DATE');
  });
});
