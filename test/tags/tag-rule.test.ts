import { describe, expect, expectTypeOf, it } from 'vitest';
import { tagConditionSchema, tagRuleSchema } from '../../src/tags/tag-rule.js';
import type { TagCondition, TagRule } from '../../src/tags/tag-rule.js';

describe('tag rule schema', () => {
  it('accepts every form of the language, nested', () => {
    const c: TagCondition = {
      all: [
        { any: [{ hasProduct: 'fund' }, { column: 'wealth', op: '>', value: 0 }] },
        { not: { column: 'region', op: 'in', value: ['rural'] } },
        { column: 'age', op: 'between', value: [30, 60] },
        { productCount: { op: 'between', value: [1, 3] } },
        { productCount: { op: '>=', value: 2 } },
      ],
    };
    expect(tagConditionSchema.safeParse(c).success).toBe(true);
  });

  it('rejects unknown operators, empty lists, extra keys and non-finite values', () => {
    for (const bad of [
      { column: 'a', op: '~', value: 1 },
      { all: [] },
      { column: 'a', op: '>', value: 1, extra: true },
      { column: 'a', op: '>', value: Number.NaN },
      { column: 'a', op: 'between', value: [1] },
      { hasProduct: '' },
      { eval: 'x > 1' },
    ]) {
      expect(tagConditionSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(tagRuleSchema.safeParse({ tag: 't', label: 'T', labelZh: '', when: { hasProduct: 'fund' } }).success).toBe(false);
  });

  it('types', () => {
    expectTypeOf<TagRule['when']>().toEqualTypeOf<TagCondition>();
  });
});
