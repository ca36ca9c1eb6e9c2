import { describe, expect, expectTypeOf, it } from 'vitest';
import { tierChart, type TierChartInput } from '../../src/charts/tier-chart.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('tierChart', () => {
  const aum = [150_000, 199_999.99, 200_000, 2_500_000, -300, 50_000, 1_200_000];
  it('one bar per tier with counts, shares and service levels from the assignment', async () => {
    const tiers = assignTiers(aum);
    const spec = tierChart(tiers);
    compileStrict(spec);
    const data = dataOf(spec) as { key: string; customers: number; share: number; value: number; serviceLevel: string; label: string }[];
    expect(data.map((d) => d.key)).toEqual(tiers.table.map((r) => r.key));
    // Independent: count by the band bounds.
    const count = (lo: number, hi: number) => aum.filter((v) => v >= lo && v < hi).length;
    expect(data.map((d) => d.customers)).toEqual([
      count(-Infinity, 200_000),
      count(200_000, 1_000_000),
      count(1_000_000, 2_000_000),
      count(2_000_000, 6_000_000),
      count(6_000_000, Infinity),
    ]);
    expect(data[0]!.label).toContain(tiers.table[0]!.serviceLevel);
    expect(data[0]!.label).toContain('57.1% of customers');
    expect(JSON.stringify(spec)).toContain('Value (CNY)');
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(tiers.table.length);
  });
  it('zh-CN uses the Chinese tier names and service levels', () => {
    const tiers = assignTiers(aum);
    const spec = tierChart(tiers, { locale: 'zh-CN' });
    compileStrict(spec);
    const data = dataOf(spec) as { tier: string; serviceLevel: string }[];
    expect(data[0]!.tier).toBe(tiers.table[0]!.labelZh);
    expect(data[0]!.serviceLevel).toBe(tiers.table[0]!.serviceLevelZh);
  });
  it('bad input', () => {
    expect(errorCode(() => tierChart({ table: [] }))).toBe('EMPTY_INPUT');
    const row = assignTiers(aum).table[0]!;
    expect(errorCode(() => tierChart({ table: [{ ...row, count: Number.NaN }] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => tierChart({ table: [row] }, { currency: '' }))).toBe('INVALID_OPTIONS');
    expectTypeOf(tierChart).parameter(0).toEqualTypeOf<TierChartInput>();
  });
});
