import { describe, expect, expectTypeOf, it } from 'vitest';
import { clusterScatter, sampleRows, type ClusterScatterOptions } from '../../src/charts/cluster-scatter.js';
import { principalComponents } from '../../src/charts/principal-components.js';
import { applyFeatureTransform } from '../../src/clustering/feature-transform.js';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import { clusterTable, compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('clusterScatter', () => {
  const table = clusterTable(120);
  const result = segmentCustomers(table, { features: ['aum', 'activity', 'products'], money: ['aum'], k: 3, seed: 1, id: 'id' });
  it('plots the first two principal components of the scaled features, coloured by cluster', async () => {
    const spec = clusterScatter(result, table);
    compileStrict(spec);
    const data = dataOf(spec) as { x: number; y: number; cluster: string }[];
    expect(data).toHaveLength(120);
    // Independent: scale with the model's transforms, PCA, compare (signs fixed by the same rule).
    const d = result.model.features.length;
    const scaled = new Float64Array(120 * d);
    result.model.features.forEach((f, j) => {
      for (let i = 0; i < 120; i++) scaled[i * d + j] = applyFeatureTransform(f, table[f.column as 'aum'][i]!);
    });
    const pca = principalComponents(scaled, 120, d, { components: 2 });
    data.forEach((p, i) => {
      expect(p.x).toBeCloseTo(pca.scores[i * 2]!, 10);
      expect(p.y).toBeCloseTo(pca.scores[i * 2 + 1]!, 10);
      expect(p.cluster.startsWith(`#${result.segment[i]} `)).toBe(true);
    });
    expect(JSON.stringify(spec)).toContain('Principal component 1');
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'symbol')).toBe(120);
  });
  it('two chosen features in original units, sampled with a seed', () => {
    const spec = clusterScatter(result, table, { features: ['aum', 'activity'], maxPoints: 40, seed: 3, locale: 'zh-CN' });
    compileStrict(spec);
    const data = dataOf(spec) as { x: number; y: number }[];
    expect(data).toHaveLength(40);
    const rows = sampleRows(120, 40, 3);
    data.forEach((p, k) => {
      expect(p.x).toBe(table.aum[rows[k]!]);
      expect(p.y).toBe(table.activity[rows[k]!]);
    });
    expect(spec.description).toContain('40 of 120 customers drawn (seeded uniform sample, seed 3)');
    expect(clusterScatter(result, table, { features: ['aum', 'activity'], maxPoints: 40, seed: 3, locale: 'zh-CN' })).toEqual(spec);
    expect(JSON.stringify(spec)).toContain('客户聚类分布');
  });
  it('sampleRows is a sorted sample without repeats', () => {
    const rows = sampleRows(1000, 100, 9);
    expect(new Set(rows).size).toBe(100);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    expect(sampleRows(5, 10, 1)).toEqual([0, 1, 2, 3, 4]);
  });
  it('bad input', () => {
    expect(errorCode(() => clusterScatter({ ...result, segment: [] }, table))).toBe('EMPTY_INPUT');
    expect(errorCode(() => clusterScatter(result, { ...table, aum: table.aum.subarray(1) }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => clusterScatter(result, { id: table.id, activity: table.activity, products: table.products }))).toBe('MISSING_COLUMN');
    expect(errorCode(() => clusterScatter({ ...result, segment: Int32Array.from(result.segment, () => 9) }, table))).toBe('INVALID_VALUE');
    expect(errorCode(() => clusterScatter({ ...result, model: { features: result.model.features.slice(0, 1) } }, table))).toBe('TOO_FEW_VALUES');
    expect(errorCode(() => clusterScatter(result, table, { maxPoints: 1 }))).toBe('INVALID_OPTIONS');
    expectTypeOf<ClusterScatterOptions>().toHaveProperty('seed');
  });
});
