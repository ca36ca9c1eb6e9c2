import { describe, expect, expectTypeOf, it } from 'vitest';
import { abcChart, type AbcChartOptions } from '../../src/charts/abc-chart.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('abcChart', () => {
  const values = [120, 40, 15, 10, 8, 4, 2, 1, 0];
  it('shows each class share of customers beside its share of value', async () => {
    const spec = abcChart(paretoAnalysis(values), { currency: 'CNY' });
    compileStrict(spec);
    const data = dataOf(spec) as { class: string; measure: string; share: number; customers: number; value: number }[];
    expect(data).toHaveLength(6);
    // Independent: A = the largest customers up to 80% of 200 → 120 + 40 = 160.
    const a = data.filter((d) => d.class === 'A');
    expect(a.map((d) => d.share)).toEqual([2 / 9, 0.8]);
    expect(a[0]!.value).toBe(160);
    expect(data.reduce((s, d) => s + (d.measure.startsWith('Share of customers') ? d.share : 0), 0)).toBeCloseTo(1, 12);
    expect(JSON.stringify(spec)).toContain('Value (CNY)');
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(6);
  });
  it('zh-CN labels', () => {
    const spec = abcChart(paretoAnalysis(values), { locale: 'zh-CN' });
    compileStrict(spec);
    expect(JSON.stringify(spec)).toContain('价值占比');
  });
  it('bad input', () => {
    const a = paretoAnalysis(values);
    expect(errorCode(() => abcChart({ abc: { ...a.abc, classes: [] as never } }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => abcChart({ abc: { ...a.abc, classes: [{ ...a.abc.classes[0], valueShare: Number.NaN }] as never } }))).toBe('INVALID_VALUE');
    expect(errorCode(() => abcChart(a, { width: 10 }))).toBe('INVALID_OPTIONS');
    expectTypeOf<AbcChartOptions>().toHaveProperty('currency');
  });
});
