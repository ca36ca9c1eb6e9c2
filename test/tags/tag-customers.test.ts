import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { PRODUCTS, productMask, productsOf } from '../../src/simulate/bank-book.js';
import { tagCustomers } from '../../src/tags/tag-customers.js';
import type { CustomerTags, TagCustomersOptions } from '../../src/tags/tag-customers.js';
import type { TagRule } from '../../src/tags/tag-rule.js';
import { expectCode } from '../helpers/expect-code.js';
import type { Displayed } from '../../src/display/with-display.js';

const rule = (tag: string, when: TagRule['when']): TagRule => ({ tag, label: tag, labelZh: tag, when });

describe('tagCustomers', () => {
  it('worked example (doc comment)', () => {
    const t = tagCustomers(
      { deposits: [600_000, 20_000, 80_000], loans: [0, 5_000, 300_000], segment: ['retail', 'retail', 'sme'], products: [0b1001, 0b1, 0b10000001] },
      {
        rules: [
          rule('rich', { column: 'deposits', op: '>=', value: 500_000 }),
          rule('loan_deposit', {
            all: [
              { column: 'loans', op: '>', value: 0 },
              { column: 'deposits', op: '>=', value: 50_000 },
            ],
          }),
          rule('wm', { hasProduct: 'wealth_management' }),
          rule('sme', { column: 'segment', op: 'in', value: ['sme'] }),
        ],
      },
    );
    expect(t.tags).toEqual([['rich', 'wm'], [], ['loan_deposit', 'sme']]);
    expect(t.table.map((r) => [r.tag, r.count])).toEqual([
      ['rich', 1],
      ['loan_deposit', 1],
      ['wm', 1],
      ['sme', 1],
    ]);
    expect(Array.from(t.tagCount)).toEqual([2, 0, 2]);
    expect(t.untagged).toBe(1);
    expect(Array.from(t.masks.wm!)).toEqual([1, 0, 0]);
  });

  it('every operator at its edges; between is inclusive; not/any; string ==/!=', () => {
    const table = { x: [1, 2, 3], s: ['a', 'b', 'c'], length: 3 };
    const tags = (when: TagRule['when']) => Array.from(tagCustomers(table, { rules: [rule('t', when)] }).masks.t!);
    expect(tags({ column: 'x', op: '>', value: 2 })).toEqual([0, 0, 1]);
    expect(tags({ column: 'x', op: '>=', value: 2 })).toEqual([0, 1, 1]);
    expect(tags({ column: 'x', op: '<', value: 2 })).toEqual([1, 0, 0]);
    expect(tags({ column: 'x', op: '<=', value: 2 })).toEqual([1, 1, 0]);
    expect(tags({ column: 'x', op: '==', value: 2 })).toEqual([0, 1, 0]);
    expect(tags({ column: 'x', op: '!=', value: 2 })).toEqual([1, 0, 1]);
    expect(tags({ column: 'x', op: 'in', value: [1, 3] })).toEqual([1, 0, 1]);
    expect(tags({ column: 'x', op: 'between', value: [2, 3] })).toEqual([0, 1, 1]);
    expect(tags({ column: 's', op: '==', value: 'b' })).toEqual([0, 1, 0]);
    expect(tags({ column: 's', op: '!=', value: 'b' })).toEqual([1, 0, 1]);
    expect(tags({ not: { column: 's', op: 'in', value: ['a', 'c'] } })).toEqual([0, 1, 0]);
    expect(
      tags({
        any: [
          { column: 'x', op: '==', value: 1 },
          { column: 's', op: '==', value: 'c' },
        ],
      }),
    ).toEqual([1, 0, 1]);
  });

  it('products as bit masks or lists give the same tags', () => {
    const lists = [['fund', 'credit_card'], [], ['salary_account']];
    const masks = lists.map((l) => productMask(l as never));
    const rules = [
      rule('fund', { hasProduct: 'fund' }),
      rule('one', { productCount: { op: '==', value: 1 } }),
      rule('some', { productCount: { op: 'between', value: [1, 2] } }),
    ];
    const a = tagCustomers({ products: masks }, { rules });
    const b = tagCustomers({ products: lists }, { rules });
    expect(a.tags).toEqual([['fund', 'some'], [], ['one', 'some']]);
    expect(b.tags).toEqual(a.tags);
    expect(tagCustomers({ p: Uint32Array.from(masks) }, { rules, productsColumn: 'p' }).tags).toEqual(a.tags);
  });

  it('cross-check: the default rules equal the same rules written directly in TypeScript, on random data', () => {
    const rng = createRandom(17);
    const N = 3000;
    const deposits = Array.from({ length: N }, () => (rng.next() < 0.1 ? 0 : Math.round(Math.exp(rng.normal(11, 1.6)))));
    const wealth = Array.from({ length: N }, () => (rng.next() < 0.6 ? 0 : Math.round(Math.exp(rng.normal(11.5, 1.2)))));
    const loans = Array.from({ length: N }, () => (rng.next() < 0.7 ? 0 : Math.round(Math.exp(rng.normal(12, 1)))));
    const aum = deposits.map((d, i) => d + wealth[i]!);
    // Put a few exactly on the thresholds.
    deposits[0] = 500_000;
    aum[1] = 150_000;
    aum[2] = 200_000;
    const activity = Float64Array.from({ length: N }, () => rng.poisson(rng.next() < 0.2 ? 0.2 : 7));
    const products = Uint32Array.from({ length: N }, () => rng.int(1 << PRODUCTS.length));
    const t = tagCustomers({ aum, deposits, wealth, loans, activity, products }, {});
    for (let i = 0; i < N; i++) {
      const held = productsOf(products[i]!);
      const expected = [
        held.includes('wealth_management') || held.includes('fund') || wealth[i]! > 0 ? 'wealth_holder' : '',
        deposits[i]! >= 500_000 ? 'high_balance_depositor' : '',
        deposits[i]! > 0 && wealth[i] === 0 && loans[i] === 0 && !held.includes('wealth_management') && !held.includes('fund') ? 'deposit_only' : '',
        aum[i]! >= 150_000 && aum[i]! < 200_000 ? 'upgrade_prospect' : '',
        loans[i]! > 0 ? 'borrower' : '',
        held.includes('mortgage') ? 'mortgage_holder' : '',
        loans[i]! > 0 && deposits[i]! >= 50_000 ? 'loan_and_deposit' : '',
        held.includes('salary_account') ? 'salary_customer' : '',
        held.includes('credit_card') ? 'credit_card_holder' : '',
        held.includes('insurance') ? 'insurance_holder' : '',
        held.length === 1 ? 'single_product' : '',
        held.length >= 4 ? 'multi_product' : '',
        activity[i]! >= 10 ? 'highly_active' : '',
        activity[i] === 0 ? 'inactive_this_month' : '',
      ].filter(Boolean);
      expect(t.tags[i]).toEqual(expected);
    }
    for (const row of t.table) expect(row.count).toBe(t.tags.filter((x) => x.includes(row.tag)).length);
  });

  it('is evaluated without eval or Function', () => {
    const source = readFileSync(new URL('../../src/tags/tag-customers.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/\beval\s*\(|new\s+Function|\bFunction\s*\(/);
  });

  it('rejects bad tables and rules with the documented codes', () => {
    const table = { x: [1, 2], s: ['a', 'b'], products: [1, 2] };
    const one = (when: TagRule['when']) => tagCustomers(table, { rules: [rule('t', when)] });
    const missing = expectCode(() => one({ column: 'nope', op: '>', value: 1 }), 'MISSING_COLUMN');
    expect(missing.message).toContain('"t"');
    expect(missing.details.column).toBe('nope');
    expectCode(() => tagCustomers({ x: [1, 2] }, { rules: [rule('p', { hasProduct: 'fund' })] }), 'MISSING_COLUMN');
    expectCode(() => one({ column: 's', op: '>', value: 'a' }), 'INVALID_CONFIG');
    expectCode(() => one({ column: 'x', op: '==', value: 'a' }), 'INVALID_CONFIG');
    expectCode(() => one({ column: 's', op: 'between', value: [1, 2] }), 'INVALID_CONFIG');
    expectCode(() => one({ column: 'x', op: 'between', value: [3, 2] }), 'INVALID_CONFIG');
    expectCode(() => one({ column: 'x', op: 'in', value: ['a'] }), 'INVALID_CONFIG');
    expectCode(() => one({ hasProduct: 'yacht' }), 'INVALID_CONFIG');
    expectCode(() => tagCustomers(table, { rules: [rule('t', { hasProduct: 'fund' }), rule('t', { hasProduct: 'fund' })] }), 'INVALID_CONFIG');
    expectCode(() => one({ column: 'x', op: '~', value: 1 } as never), 'INVALID_OPTIONS');
    expectCode(() => tagCustomers({ x: [1, 2], y: [1] }, { rules: [rule('t', { column: 'x', op: '>', value: 0 })] }), 'LENGTH_MISMATCH');
    expectCode(() => tagCustomers({ x: [] }, { rules: [rule('t', { column: 'x', op: '>', value: 0 })] }), 'EMPTY_INPUT');
    expectCode(() => tagCustomers({ n: 3 }, {}), 'EMPTY_INPUT');
    expectCode(() => tagCustomers({ x: [1, Number.NaN] }, { rules: [rule('t', { column: 'x', op: '>', value: 0 })] }), 'INVALID_VALUE');
    expectCode(() => tagCustomers({ products: [1, 1 << 12] }, { rules: [rule('t', { hasProduct: 'fund' })] }), 'INVALID_VALUE');
  });

  it('types', () => {
    expectTypeOf(tagCustomers).returns.toEqualTypeOf<Displayed<CustomerTags>>();
    expectTypeOf<TagRule[]>().toMatchTypeOf<NonNullable<NonNullable<TagCustomersOptions>['rules']>>();
  });
});

describe('tagCustomers: limits on hostile rule sets', () => {
  const table = { x: [1, 2, 3] };
  const leaf = { column: 'x', op: '>', value: 1 } as const;
  const rule = (when: unknown, tag = 't'): TagRule => ({ tag, label: tag, labelZh: tag, when }) as TagRule;

  it('a 2,000-deep not is INVALID_OPTIONS (not a RangeError); 100 deep still works', () => {
    let deep: unknown = leaf;
    for (let k = 0; k < 2000; k++) deep = { not: deep };
    expectCode(() => tagCustomers(table, { rules: [rule(deep)] }), 'INVALID_OPTIONS');
    let ok: unknown = leaf;
    for (let k = 0; k < 98; k++) ok = { not: ok };
    expect([...tagCustomers(table, { rules: [rule(ok)] }).masks.t!]).toEqual([0, 1, 1]); // an even number of nots: x > 1
  });

  it('any with 1e6 conditions is INVALID_OPTIONS, fast', () => {
    const started = Date.now();
    expectCode(() => tagCustomers(table, { rules: [rule({ any: Array.from({ length: 1_000_000 }, () => leaf) })] }), 'INVALID_OPTIONS');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('more than 65,535 rules is INVALID_OPTIONS (the 16-bit tag count cannot wrap)', () => {
    const rules = Array.from({ length: 65_536 }, (_, k) => rule(leaf, `t${k}`));
    expectCode(() => tagCustomers(table, { rules }), 'INVALID_OPTIONS');
  });

  it('a tag named __proto__ keeps its mask as an own property', () => {
    const t = tagCustomers(table, { rules: [rule(leaf, '__proto__'), rule(leaf, 'constructor')] });
    expect(Object.hasOwn(t.masks, '__proto__')).toBe(true);
    expect([...Object.getOwnPropertyDescriptor(t.masks, '__proto__')!.value]).toEqual([0, 1, 1]);
    expect([...(t.masks['constructor'] as Uint8Array)]).toEqual([0, 1, 1]);
    expect(Object.keys(t.masks)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(t.masks)).toBe(Object.prototype);
    expect(t.tags[1]).toEqual(['__proto__', 'constructor']);
  });
});
