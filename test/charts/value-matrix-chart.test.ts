import { describe, expect, expectTypeOf, it } from 'vitest';
import { valueMatrixChart, type ValueMatrixCells } from '../../src/charts/value-matrix-chart.js';
import { createRandom } from '../../src/random.js';
import { valueMatrix } from '../../src/value/value-matrix.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('valueMatrixChart', () => {
  const parts = { explicit: [900, 800, 10, 5, -50], growth: [50, 0, 0, 0, 0], potential: [300, 0, 400, 0, 0] };
  const matrix = valueMatrix(parts, { thresholds: { kind: 'absolute', current: 500, future: 300 } });
  it('scatters current against future value with the thresholds drawn', async () => {
    const spec = valueMatrixChart(parts, matrix, { ids: ['a', 'b', 'c', 'd', 'e'] });
    compileStrict(spec);
    const data = dataOf(spec, 0) as { current: number; future: number; cell: string; id: string }[];
    expect(data.map((d) => [d.current, d.future])).toEqual([
      [900, 350],
      [800, 0],
      [10, 400],
      [5, 0],
      [-50, 0],
    ]);
    expect(data.map((d) => d.cell.split(':')[0])).toEqual(['MVC', 'Maintain', 'MGC', 'Low value', 'BZC']);
    expect(data[0]!.id).toBe('a');
    expect(dataOf(spec, 1)).toEqual([
      { x: 0, kind: 'zero' },
      { x: matrix.thresholds.current, kind: 'threshold' },
    ]);
    expect(dataOf(spec, 2)).toEqual([{ y: matrix.thresholds.future, kind: 'threshold' }]);
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'symbol')).toBe(5);
    expect(countMarks(svg, 'rule')).toBe(3);
  });
  it('samples large books with a seed, leaves off-book customers out and says so', () => {
    const rng = createRandom(4);
    const n = 3000;
    const big = {
      explicit: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0 : rng.normal(500, 400))),
      growth: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0 : rng.normal(20, 30))),
      potential: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0 : Math.abs(rng.normal(0, 50)))),
      onBook: Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0 : 1)),
    };
    const m = valueMatrix(big);
    const spec = valueMatrixChart(big, m, { maxPoints: 500, seed: 2, locale: 'zh-CN' });
    compileStrict(spec);
    const data = dataOf(spec, 0);
    expect(data).toHaveLength(500);
    expect(spec.description).toContain('500 of 2700 customers on the book drawn (seeded uniform sample, seed 2); 300 customers off the book');
    expect(valueMatrixChart(big, m, { maxPoints: 500, seed: 2, locale: 'zh-CN' })).toEqual(spec);
    expect(JSON.stringify(spec)).toContain('当前价值');
  });
  it('bad input', () => {
    expect(errorCode(() => valueMatrixChart({ explicit: [], growth: [], potential: [] }, { cell: [], thresholds: { current: 1, future: 1 } }))).toBe(
      'EMPTY_INPUT',
    );
    expect(errorCode(() => valueMatrixChart(parts, { ...matrix, cell: matrix.cell.slice(1) }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => valueMatrixChart({ ...parts, growth: [1, 2, 3, 4, Number.NaN] }, matrix))).toBe('INVALID_VALUE');
    expect(errorCode(() => valueMatrixChart(parts, { ...matrix, cell: ['mvc', 'x', 'mvc', 'mvc', 'mvc'] as never }))).toBe('INVALID_VALUE');
    expect(errorCode(() => valueMatrixChart(parts, matrix, { ids: ['a'] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => valueMatrixChart(parts, matrix, { seed: 1.5 }))).toBe('INVALID_OPTIONS');
    expectTypeOf(valueMatrixChart).parameter(1).toEqualTypeOf<ValueMatrixCells>();
  });
});
