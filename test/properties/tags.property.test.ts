// Property tests of customer tagging: random rule trees (all / any / not, comparisons, in, between,
// hasProduct, productCount) over random columns with ties, evaluated by an independent interpreter
// written here from the rule language's definition; the masks, counts, tag lists and the untagged
// count must agree with it and with each other. Seeded and bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/simulate/bank-book.js';
import { tagCustomers } from '../../src/tags/tag-customers.js';
import type { TagCondition } from '../../src/tags/tag-rule.js';

const SEED = 5150;
const OPS = ['>', '>=', '<', '<=', '==', '!='] as const;

interface Table {
  readonly a: number[];
  readonly b: number[];
  readonly s: string[];
  readonly products: number[];
}

const numberArb = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0.5, 1e6));
const leafArb: fc.Arbitrary<TagCondition> = fc.oneof(
  fc.record({ column: fc.constantFrom('a', 'b'), op: fc.constantFrom(...OPS), value: numberArb }),
  fc.record({ column: fc.constantFrom('a', 'b'), op: fc.constant('in' as const), value: fc.array(numberArb, { minLength: 1, maxLength: 3 }) }),
  fc.tuple(numberArb, numberArb).map(([x, y]): TagCondition => ({ column: 'a', op: 'between', value: [Math.min(x, y), Math.max(x, y)] })),
  fc.record({ column: fc.constant('s'), op: fc.constantFrom('==' as const, '!=' as const), value: fc.constantFrom('x', 'y', 'z') }),
  fc.record({ column: fc.constant('s'), op: fc.constant('in' as const), value: fc.array(fc.constantFrom('x', 'y', 'q'), { minLength: 1, maxLength: 2 }) }),
  fc.constantFrom(...PRODUCTS).map((p): TagCondition => ({ hasProduct: p })),
  fc.record({ op: fc.constantFrom(...OPS), value: fc.integer({ min: 0, max: 5 }) }).map((c): TagCondition => ({ productCount: c })),
);
const conditionArb: fc.Arbitrary<TagCondition> = fc.letrec<{ cond: TagCondition }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((all): TagCondition => ({ all })),
    fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((any): TagCondition => ({ any })),
    tie('cond').map((not): TagCondition => ({ not })),
  ),
})).cond;

const tableArb: fc.Arbitrary<Table> = fc
  .array(fc.record({ a: numberArb, b: numberArb, s: fc.constantFrom('x', 'y', 'z'), products: fc.integer({ min: 0, max: 2 ** PRODUCTS.length - 1 }) }), {
    minLength: 1,
    maxLength: 40,
  })
  .map((rows) => ({ a: rows.map((r) => r.a), b: rows.map((r) => r.b), s: rows.map((r) => r.s), products: rows.map((r) => r.products) }));

const compare = (op: (typeof OPS)[number], x: number | string, y: number | string): boolean =>
  op === '>' ? x > y : op === '>=' ? x >= y : op === '<' ? x < y : op === '<=' ? x <= y : op === '==' ? x === y : x !== y;

/** The reference interpreter of the rule language. */
function holds(c: TagCondition, t: Table, i: number): boolean {
  if ('all' in c) return c.all.every((d) => holds(d, t, i));
  if ('any' in c) return c.any.some((d) => holds(d, t, i));
  if ('not' in c) return !holds(c.not, t, i);
  if ('hasProduct' in c) return ((t.products[i]! >>> PRODUCTS.indexOf(c.hasProduct as (typeof PRODUCTS)[number])) & 1) === 1;
  if ('productCount' in c) {
    let n = 0;
    for (let m = t.products[i]!; m !== 0; m &= m - 1) n++;
    const pc = c.productCount;
    return pc.op === 'between' ? n >= pc.value[0] && n <= pc.value[1] : compare(pc.op, n, pc.value);
  }
  const v = t[c.column as keyof Table][i]!;
  if (c.op === 'in') return (c.value as readonly (number | string)[]).includes(v);
  if (c.op === 'between') return (v as number) >= c.value[0] && (v as number) <= c.value[1];
  return compare(c.op, v, c.value as number | string);
}

describe('tagCustomers against a reference interpreter', () => {
  it('tags, masks, counts and the untagged count agree with the rules', () => {
    fc.assert(
      fc.property(tableArb, fc.array(conditionArb, { minLength: 1, maxLength: 5 }), (table, conditions) => {
        const rules = conditions.map((when, k) => ({ tag: `t${k}`, label: `T${k}`, labelZh: `标签${k}`, when }));
        const r = tagCustomers(table, { rules });
        const n = table.a.length;
        expect(r.length).toBe(n);
        let untagged = 0;
        for (let i = 0; i < n; i++) {
          const want = rules.filter((rule) => holds(rule.when, table, i)).map((rule) => rule.tag);
          expect(r.tags[i]).toEqual(want);
          expect(r.tagCount[i]).toBe(want.length);
          for (const rule of rules) expect(r.masks[rule.tag]![i]).toBe(want.includes(rule.tag) ? 1 : 0);
          if (want.length === 0) untagged++;
        }
        expect(r.untagged).toBe(untagged);
        rules.forEach((rule, k) => expect(r.table[k]!.count).toBe(r.masks[rule.tag]!.reduce((a, b) => a + b, 0)));
      }),
      { seed: SEED, numRuns: 250 },
    );
  });
});
