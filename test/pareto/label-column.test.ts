import { describe, expect, expectTypeOf, it } from 'vitest';
import { checkLabelColumn, labelColumnOption, type Label, type LabelColumn } from '../../src/pareto/label-column.js';
import { codeOf, errorOf } from './brute-force.js';

describe('checkLabelColumn', () => {
  it('accepts strings and finite numbers of the right length', () => {
    expect(() => checkLabelColumn(['a', 2, 'c'], 3, 'ids', 'f')).not.toThrow();
    expect(() => checkLabelColumn(new Uint32Array([1, 2]), 2, 'ids', 'f')).not.toThrow();
  });

  it('LENGTH_MISMATCH for another length, INVALID_VALUE (with the row) for other entries', () => {
    const e = errorOf(() => checkLabelColumn(['a'], 2, 'groups', 'paretoByGroup'));
    expect(e.code).toBe('LENGTH_MISMATCH');
    expect(e.details).toMatchObject({ fn: 'paretoByGroup', column: 'groups' });
    for (const [bad, index] of [
      [['a', undefined], 1],
      [[Number.NaN, 'b'], 0],
      [['a', 'b', {}], 2],
      [[Infinity], 0],
    ] as const) {
      const err = errorOf(() => checkLabelColumn(bad as unknown as LabelColumn, bad.length, 'ids', 'f'));
      expect(err.code).toBe('INVALID_VALUE');
      expect(err.details.index).toBe(index);
    }
    expect(codeOf(() => checkLabelColumn([], 0, 'ids', 'f'))).toBeUndefined();
  });

  it('the option schema accepts array-likes only', () => {
    expect(labelColumnOption.safeParse(['a']).success).toBe(true);
    expect(labelColumnOption.safeParse(new Float64Array(2)).success).toBe(true);
    expect(labelColumnOption.safeParse('abc').success).toBe(false);
    expect(labelColumnOption.safeParse(null).success).toBe(false);
    expect(labelColumnOption.safeParse({}).success).toBe(false);
  });

  it('has the documented types', () => {
    expectTypeOf<Label>().toEqualTypeOf<string | number>();
    expectTypeOf<LabelColumn>().toEqualTypeOf<ArrayLike<string | number>>();
  });
});
