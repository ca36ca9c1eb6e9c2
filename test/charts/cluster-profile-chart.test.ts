import { describe, expect, expectTypeOf, it } from 'vitest';
import { clusterProfileChart, type ClusterProfileInput } from '../../src/charts/cluster-profile-chart.js';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import { clusterTable, compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('clusterProfileChart', () => {
  const table = clusterTable(90);
  const result = segmentCustomers(table, { features: ['aum', 'activity', 'products'], money: ['aum'], k: 3, seed: 1, id: 'id' });
  it('one cell per cluster × feature coloured by the index 100 · mean / base mean', async () => {
    const spec = clusterProfileChart(result);
    compileStrict(spec);
    const data = dataOf(spec) as { cluster: string; feature: string; index: number; mean: number }[];
    expect(data).toHaveLength(3 * 3);
    // Independent: recompute each index from the members.
    for (const p of result.profiles) {
      const members = Array.from({ length: 90 }, (_, i) => i).filter((i) => result.segment[i] === p.segment);
      for (const column of ['aum', 'activity', 'products'] as const) {
        const col = table[column];
        const mean = members.reduce((s, i) => s + col[i]!, 0) / members.length;
        const base = col.reduce((s, v) => s + v, 0) / 90;
        const cell = data.find((d) => d.cluster.startsWith(`#${p.segment} `) && d.feature === column)!;
        expect(cell.index).toBeCloseTo((100 * mean) / base, 8);
      }
    }
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(9);
  });
  it('zh-CN cluster names', () => {
    const spec = clusterProfileChart(result, { locale: 'zh-CN' });
    compileStrict(spec);
    expect((dataOf(spec)[0] as { cluster: string }).cluster).toContain(result.profiles[0]!.labelZh);
    expect(JSON.stringify(spec)).toContain('聚类画像');
  });
  it('n/a for a feature without an index; bad input', () => {
    const input: ClusterProfileInput = {
      profiles: [{ segment: 0, label: 'a', labelZh: 'a', size: 1, share: 1, features: [{ column: 'x', mean: 0, index: null }] }],
    };
    const spec = clusterProfileChart(input);
    compileStrict(spec);
    expect(dataOf(spec)[0]).toMatchObject({ index: null, indexText: 'n/a' });
    expect(errorCode(() => clusterProfileChart({ profiles: [] }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => clusterProfileChart({ profiles: [{ ...input.profiles[0]!, features: [] }] }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => clusterProfileChart({ profiles: [{ ...input.profiles[0]!, features: [{ column: 'x', mean: 1, index: Number.NaN }] }] }))).toBe(
      'INVALID_VALUE',
    );
    expect(errorCode(() => clusterProfileChart(input, { height: 1 }))).toBe('INVALID_OPTIONS');
    expectTypeOf(clusterProfileChart).parameter(0).toEqualTypeOf<ClusterProfileInput>();
  });
});
