import { describe, expect, expectTypeOf, it } from 'vitest';
import { tierMigrationHeatmap, type TierMigrationInput } from '../../src/charts/tier-migration-heatmap.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { tierMigration } from '../../src/tiers/tier-migration.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('tierMigrationHeatmap', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const before = assignTiers([100, 300_000, 300_000, 1_500_000, 100, 100], { customerId: ids });
  const after = assignTiers([250_000, 300_000, 100, 1_500_000, 100, 3_000_000], { customerId: ids });
  const migration = tierMigration(before, after, {});
  it('draws every from × to cell with its count and row share', async () => {
    const spec = tierMigrationHeatmap(migration, { tiers: [...before.table] });
    compileStrict(spec);
    const data = dataOf(spec) as { from: string; to: string; customers: number; rowShare: number; fromOrder: number; toOrder: number }[];
    const k = before.table.length;
    expect(data).toHaveLength(k * k);
    // Independent: count the customers moving between each pair of tiers.
    for (const cell of data) {
      const n = ids.filter((_, i) => before.tierIndex[i] === cell.fromOrder && after.tierIndex[i] === cell.toOrder).length;
      expect(cell.customers).toBe(n);
    }
    expect(data.find((d) => d.fromOrder === 0 && d.toOrder === 1)!.customers).toBe(1);
    expect(data[0]!.from).toBe('Mass retail');
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(k * k);
  });
  it('zh-CN names from the tier table; keys without one', () => {
    const zh = tierMigrationHeatmap(migration, { locale: 'zh-CN', tiers: [...before.table] });
    compileStrict(zh);
    expect((dataOf(zh)[0] as { from: string }).from).toBe('普通客户');
    expect(JSON.stringify(zh)).toContain('原层级');
    expect((dataOf(tierMigrationHeatmap(migration))[0] as { from: string }).from).toBe('mass');
  });
  it('bad input', () => {
    const m: TierMigrationInput = {
      tiers: ['x', 'y'],
      counts: [
        [1, 0],
        [0, 1],
      ],
      rowShares: [
        [1, 0],
        [0, 1],
      ],
    };
    expect(errorCode(() => tierMigrationHeatmap({ ...m, tiers: [] }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => tierMigrationHeatmap({ ...m, counts: [[1, 0]] }))).toBe('LENGTH_MISMATCH');
    expect(errorCode(() => tierMigrationHeatmap({ ...m, counts: [[1], [0, 1]] }))).toBe('LENGTH_MISMATCH');
    expect(
      errorCode(() =>
        tierMigrationHeatmap({
          ...m,
          rowShares: [
            [Number.NaN, 0],
            [0, 1],
          ],
        }),
      ),
    ).toBe('INVALID_VALUE');
    expect(errorCode(() => tierMigrationHeatmap(m, { tiers: [{ key: 'x', label: 'X', labelZh: 'X' }] }))).toBe('INVALID_OPTIONS');
    expectTypeOf(tierMigrationHeatmap).parameter(0).toEqualTypeOf<TierMigrationInput>();
  });
});
