import { describe, expect, it } from 'vitest';
import { conditionalExpectationChart } from '../../src/charts/conditional-expectation-chart.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

const buckets = [
  { label: '0', minFrequency: 0, customers: 1411, meanPredicted: 0.225, meanActual: 0.237 },
  { label: '1', minFrequency: 1, customers: 439, meanPredicted: 0.6, meanActual: 0.7 },
  { label: '2+', minFrequency: 2, customers: 507, meanPredicted: 2.1, meanActual: 2.0 },
];

describe('conditionalExpectationChart', () => {
  it('draws model and actual lines over the calibration-frequency buckets', async () => {
    const spec = conditionalExpectationChart(buckets);
    compileStrict(spec);
    expect(dataOf(spec)[0]).toEqual({ repeat: '0', series: 'Expected (model)', purchases: 0.225, customers: 1411 });
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'line')).toBe(2);
  });
  it('rejects bad input', () => {
    expect(errorCode(() => conditionalExpectationChart([]))).toBe('EMPTY_INPUT');
    expect(errorCode(() => conditionalExpectationChart([{ ...buckets[0]!, meanActual: Number.NaN }]))).toBe('INVALID_VALUE');
  });
});
