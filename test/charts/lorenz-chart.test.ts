import { describe, expect, expectTypeOf, it } from 'vitest';
import { lorenzChart, type LorenzChartOptions } from '../../src/charts/lorenz-chart.js';
import type { VegaLiteSpec } from '../../src/charts/chart-spec.js';
import { isClvkitError } from '../../src/errors.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { compileStrict, countMarks, dataOf, renderStrict } from './chart-test-helpers.js';

const values = [120, 40, 15, 10, 8, 4, 2, 1, 0];

describe('lorenzChart', () => {
  it('embeds the Lorenz points of the analysis and marks the Pareto point', async () => {
    const analysis = paretoAnalysis(values, { points: 'all' });
    const spec = lorenzChart(analysis);
    compileStrict(spec);
    // Independent: the curve by brute force, largest first.
    const sorted = [...values].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const expected = [{ x: 0, y: 0 }];
    let run = 0;
    sorted.forEach((v, k) => {
      run += v;
      expected.push({ x: (k + 1) / sorted.length, y: run / total });
    });
    const data = dataOf(spec) as { x: number; y: number }[];
    expect(data).toHaveLength(expected.length);
    data.forEach((p, i) => {
      expect(p.x).toBeCloseTo(expected[i]!.x, 12);
      expect(p.y).toBeCloseTo(expected[i]!.y, 12);
    });
    // The Pareto point: 80% of 200 is reached within the 2nd customer (160 ≥ 160).
    const point = dataOf(spec, 3)[0] as { x: number; y: number; label: string };
    expect(point.x).toBeCloseTo(2 / 9, 12);
    expect(point.y).toBe(0.8);
    expect(point.label).toContain('22.2%');
    expect(dataOf(spec, 0)).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]);
    expect(spec.description).toContain('Gini');
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'line')).toBe(2);
    expect(countMarks(svg, 'symbol')).toBe(1);
    expect(countMarks(svg, 'rule')).toBe(2);
  });

  it('thins long curves to evenly spaced vertices and says so', () => {
    const big = Array.from({ length: 5000 }, (_, i) => (i % 50) + 1);
    const analysis = paretoAnalysis(big, { points: 'all' });
    const spec = lorenzChart(analysis, { maxPoints: 101 });
    const data = dataOf(spec) as { x: number; y: number }[];
    expect(data).toHaveLength(101);
    expect(data[0]).toEqual({ x: 0, y: 0 });
    expect(data[100]!.x).toBe(1);
    expect(data[100]!.y).toBeCloseTo(1, 12);
    // Each kept vertex is a vertex of the full curve.
    for (const p of data) {
      const k = Math.round(p.x * 5000);
      expect(p.y).toBe(analysis.lorenz.y[k]);
    }
    expect(spec.description).toContain('thinned from 5001 to 101');
  });

  it('labels in zh-CN and honours title and size', () => {
    const spec = lorenzChart(paretoAnalysis(values), { locale: 'zh-CN', title: '我的标题', width: 500, height: 400 });
    compileStrict(spec);
    expect(spec.title).toMatchObject({ text: '我的标题' });
    expect(spec.width).toBe(500);
    expect(JSON.stringify(spec)).toContain('客户占比');
    expect(JSON.stringify(spec)).toContain('帕累托点');
    expect(JSON.stringify(lorenzChart(paretoAnalysis(values)))).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('rejects bad input and options', () => {
    const a = paretoAnalysis(values);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isClvkitError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => lorenzChart({ ...a, lorenz: { x: [0, 1], y: [0] } }))).toBe('LENGTH_MISMATCH');
    expect(code(() => lorenzChart({ ...a, lorenz: { x: [0], y: [0] } }))).toBe('TOO_FEW_VALUES');
    expect(code(() => lorenzChart({ ...a, lorenz: { x: [0, Number.NaN], y: [0, 1] } }))).toBe('INVALID_VALUE');
    expect(code(() => lorenzChart({ ...a, lorenz: { x: [0, 1.5], y: [0, 1] } }))).toBe('INVALID_VALUE');
    expect(code(() => lorenzChart({ ...a, gini: Number.POSITIVE_INFINITY }))).toBe('INVALID_VALUE');
    expect(code(() => lorenzChart(a, { locale: 'fr' as 'en' }))).toBe('INVALID_OPTIONS');
    expect(code(() => lorenzChart(a, { maxPoints: 2 }))).toBe('INVALID_OPTIONS');
  });

  it('has the public types', () => {
    expectTypeOf(lorenzChart).returns.toEqualTypeOf<VegaLiteSpec>();
    expectTypeOf<LorenzChartOptions>().toHaveProperty('locale');
  });
});
