import { describe, expect, expectTypeOf, it } from 'vitest';
import { clvPartsChart, clvPartsRows, type ClvPartsInput } from '../../src/charts/clv-parts-chart.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

const parts: ClvPartsInput = { explicit: [10, 20, 5, -4, 0], growth: [1, 2, -1, 0, 0], potential: [0, 4, 6, 3, 0] };
const groups = ['mass', 'affluent', 'mass', 'affluent', null];

describe('clvPartsChart', () => {
  it('stacks the totals of explicit, growth and potential per group', async () => {
    const spec = clvPartsChart(parts, { groups, groupOrder: ['mass', 'affluent'], groupLabels: { mass: 'Mass retail', affluent: 'Affluent' } });
    compileStrict(spec);
    const data = dataOf(spec) as { group: string; part: string; value: number; customers: number }[];
    const get = (g: string, p: string) => data.find((d) => d.group === g && d.part.startsWith(p))!;
    // Independent sums.
    expect(get('Mass retail', 'Explicit').value).toBe(10 + 5);
    expect(get('Mass retail', 'Growth').value).toBe(1 - 1);
    expect(get('Affluent', 'Potential').value).toBe(4 + 3);
    expect(get('Affluent', 'Explicit').value).toBe(20 - 4);
    expect(get('(none)', 'Explicit')).toMatchObject({ value: 0, customers: 1 });
    expect((spec.encoding as { x: { sort: string[] } }).x.sort).toEqual(['Mass retail', 'Affluent', '(none)']);
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(9);
  });
  it('means per customer; zh-CN', () => {
    const rows = clvPartsRows(parts, groups, 'mean', 'test');
    expect(rows.find((r) => r.group === 'mass')!.values).toEqual([7.5, 0, 3]);
    const spec = clvPartsChart(parts, { groups, aggregate: 'mean', locale: 'zh-CN' });
    compileStrict(spec);
    expect(JSON.stringify(spec)).toContain('潜在价值');
    expect(JSON.stringify(spec)).toContain('（无）');
  });
  it('bad input', () => {
    expect(errorCode(() => clvPartsChart({ explicit: [], growth: [], potential: [] }, { groups: [] }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => clvPartsChart(parts, { groups: ['a'] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => clvPartsChart({ ...parts, growth: [1] }, { groups }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => clvPartsChart({ ...parts, potential: [0, 0, 0, 0, Number.NaN] }, { groups }))).toBe('INVALID_VALUE');
    expect(errorCode(() => clvPartsChart(parts, { groups: [1, 2, 3, 4, 5] as never }))).toBe('INVALID_VALUE');
    expect(errorCode(() => clvPartsChart(parts, {} as never))).toBe('INVALID_OPTIONS');
    expectTypeOf(clvPartsChart).parameter(0).toEqualTypeOf<ClvPartsInput>();
  });
});
