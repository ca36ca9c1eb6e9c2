import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { SIMULATOR_PRODUCT_ORDER as PRODUCTS } from '../book/product-order.js';
import { parseOptions } from '../validate.js';
import { DEFAULT_TAG_RULES } from './default-tag-rules.js';
import { tagRuleSchema } from './tag-rule.js';
import type { TagComparison, TagCondition, TagRule } from './tag-rule.js';
import { CUSTOMER_TAGS_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/**
 * A customer table: an object of equal-length columns — numeric (arrays or typed arrays), string
 * arrays, and a products column (bit masks over `productNames`, or lists of product names). Entries that
 * are not arrays (e.g. a `length` or `month` number) are ignored.
 */
export type TagTable = object;

const tagCustomersSchema = z
  .object({
    /** The tag rules; default {@link DEFAULT_TAG_RULES}. */
    rules: z
      .array(tagRuleSchema)
      .min(1)
      .default(() => [...DEFAULT_TAG_RULES]),
    /** The column `hasProduct` / `productCount` read. */
    productsColumn: z.string().min(1).default('products'),
    /** Product names; bit i of a mask is productNames[i] (default PRODUCTS). At most 53 (the bits a double holds exactly). */
    productNames: z
      .array(z.string().min(1))
      .max(53)
      .default(() => [...PRODUCTS]),
  })
  .strict();

export type TagCustomersOptions = z.input<typeof tagCustomersSchema>;

/** One row of the tag table. */
export interface TagCountRow {
  readonly tag: string;
  readonly label: string;
  readonly labelZh: string;
  readonly description: string | null;
  readonly count: number;
  readonly share: number;
}

/** The result of {@link tagCustomers}. */
export interface CustomerTags {
  /** Number of customers (rows). */
  readonly length: number;
  /** Per customer: the tags granted, in rule order. */
  readonly tags: readonly (readonly string[])[];
  /** Per customer: number of tags. */
  readonly tagCount: Uint16Array;
  /** Per tag: 1 for the customers that have it. */
  readonly masks: Readonly<Record<string, Uint8Array>>;
  /** One row per rule, in rule order. */
  readonly table: readonly TagCountRow[];
  /** Customers with no tag at all. */
  readonly untagged: number;
}

type Column = { kind: 'number'; values: ArrayLike<number> } | { kind: 'string'; values: readonly string[] };
type Products = { kind: 'mask'; values: ArrayLike<number> } | { kind: 'list'; values: readonly (readonly string[])[] };
type Test = (i: number) => boolean;

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

const COMPARE: Record<TagComparison, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** Set bits of a mask held in a double (exact up to 2^53). */
function popcount(mask: number): number {
  let c = 0;
  for (let v = mask; v > 0; v = Math.floor(v / 2)) c += v % 2;
  return c;
}

/** Most rules in one call (per-customer tag counts are 16-bit). */
export const MAX_TAG_RULES = 65_535;
/** Deepest nesting of `all` / `any` / `not` in one rule. */
export const MAX_TAG_DEPTH = 100;
/** Most conditions (every node of the `when` tree) in one rule. */
export const MAX_TAG_CONDITIONS = 10_000;

/**
 * The size limits of a rule set, checked before the rules are parsed (so a hostile rule set — a
 * 2,000-deep `not`, an `any` of a million conditions — fails fast with INVALID_OPTIONS instead of a
 * stack overflow or running out of heap). Walks iteratively; reads only plain own properties.
 */
function checkRuleLimits(options: unknown, fn: string): void {
  const rules = (options as { rules?: unknown } | null | undefined)?.rules;
  if (!Array.isArray(rules)) return; // absent (defaults) or malformed: the schema reports it
  if (rules.length > MAX_TAG_RULES) {
    throw new ClvkitError('INVALID_OPTIONS', `at most ${MAX_TAG_RULES} rules, got ${rules.length}`, { fn, path: ['rules'] });
  }
  rules.forEach((rule: unknown, r) => {
    const when = rule !== null && typeof rule === 'object' ? (rule as { when?: unknown }).when : undefined;
    const stack: [unknown, number][] = [[when, 1]];
    let count = 0;
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (node === null || typeof node !== 'object') continue;
      if (++count > MAX_TAG_CONDITIONS) {
        throw new ClvkitError('INVALID_OPTIONS', `a rule has more than ${MAX_TAG_CONDITIONS} conditions`, { fn, path: ['rules', r, 'when'] });
      }
      if (depth > MAX_TAG_DEPTH) {
        throw new ClvkitError('INVALID_OPTIONS', `a rule nests all/any/not more than ${MAX_TAG_DEPTH} deep`, { fn, path: ['rules', r, 'when'] });
      }
      const n = node as { all?: unknown; any?: unknown; not?: unknown };
      for (const list of [n.all, n.any]) {
        if (!Array.isArray(list)) continue;
        if (list.length > MAX_TAG_CONDITIONS) {
          throw new ClvkitError('INVALID_OPTIONS', `a rule has more than ${MAX_TAG_CONDITIONS} conditions`, { fn, path: ['rules', r, 'when'] });
        }
        for (const child of list) stack.push([child, depth + 1]);
      }
      if (n.not !== undefined) stack.push([n.not, depth + 1]);
    }
  });
}

/**
 * Tag customers with declarative rules. A rule is data — `{ tag, label, labelZh, when }` where `when` is
 * `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }`, `{ column, op, value }` (op `>` `>=` `<` `<=` `==` `!=`,
 * `in` a list, `between` [low, high] inclusive), `{ hasProduct: name }` or `{ productCount: { op, value } }` —
 * validated with zod and compiled to closures (no `eval`, no `Function`). String columns support `==`, `!=`
 * and `in`; numeric columns everything. Each customer gets the list of tags whose rule holds, in rule order,
 * plus per-tag counts. {@link DEFAULT_TAG_RULES} is a documented retail-bank set over the latest-snapshot
 * columns.
 *
 * @throws EMPTY_INPUT a table without rows; LENGTH_MISMATCH columns of unequal length; MISSING_COLUMN a rule
 *   names a column the table does not have (the message names the rule); INVALID_CONFIG a rule that does not
 *   fit its column (string comparison on a number column, unknown product, between with low > high,
 *   duplicate tags); INVALID_VALUE a non-finite number, a mixed column or a bad product mask; INVALID_OPTIONS
 *   malformed rules, or rules beyond the limits: more than {@link MAX_TAG_RULES} rules, a rule nested more
 *   than {@link MAX_TAG_DEPTH} deep or with more than {@link MAX_TAG_CONDITIONS} conditions.
 * @example
 * const t = tagCustomers(
 *   { deposits: [600_000, 20_000, 80_000], loans: [0, 5_000, 300_000], segment: ['retail', 'retail', 'sme'], products: [0b1001, 0b1, 0b10000001] },
 *   { rules: [
 *     { tag: 'rich', label: 'Rich', labelZh: '高存款', when: { column: 'deposits', op: '>=', value: 500_000 } },
 *     { tag: 'loan_deposit', label: 'Loan + deposit', labelZh: '存贷', when: { all: [{ column: 'loans', op: '>', value: 0 }, { column: 'deposits', op: '>=', value: 50_000 }] } },
 *     { tag: 'wm', label: 'WM', labelZh: '理财', when: { hasProduct: 'wealth_management' } },
 *     { tag: 'sme', label: 'SME', labelZh: '小微', when: { column: 'segment', op: 'in', value: ['sme'] } },
 *   ] },
 * );
 * t.tags;                          // [['rich', 'wm'], [], ['loan_deposit', 'sme']]
 * t.table.map((r) => r.count);     // [1, 1, 1, 1]
 */
export function tagCustomers(table: TagTable, options?: TagCustomersOptions): Displayed<CustomerTags> {
  const fn = 'tagCustomers';
  checkRuleLimits(options, fn);
  const opts = parseOptions(tagCustomersSchema, options, fn);
  if (table === null || typeof table !== 'object') throw new ClvkitError('EMPTY_INPUT', 'expected a table of columns', { fn });
  const entries = Object.entries(table as Record<string, unknown>).filter(([, v]) => isArrayLike(v)) as [string, ArrayLike<unknown>][];
  if (entries.length === 0) throw new ClvkitError('EMPTY_INPUT', 'the table has no columns', { fn });
  const N = entries[0]![1].length;
  for (const [name, values] of entries) {
    if (values.length !== N) throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${N}`, { fn, column: name });
  }
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'the table has no rows', { fn });
  const raw = new Map(entries);

  const columns = new Map<string, Column>();
  const columnOf = (name: string, rule: string, path: (string | number)[]): Column => {
    const cached = columns.get(name);
    if (cached !== undefined) return cached;
    const values = raw.get(name);
    if (values === undefined) throw new ClvkitError('MISSING_COLUMN', `rule "${rule}" uses a column the table does not have`, { fn, column: name, rule, path });
    let column: Column;
    if (typeof values[0] === 'string') {
      for (let i = 0; i < N; i++)
        if (typeof values[i] !== 'string')
          throw new ClvkitError('INVALID_VALUE', 'mixed string and non-string values', { fn, column: name, index: i, value: values[i] });
      column = { kind: 'string', values: values as readonly string[] };
    } else {
      for (let i = 0; i < N; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, column: name, index: i, value: v });
      }
      column = { kind: 'number', values: values as ArrayLike<number> };
    }
    columns.set(name, column);
    return column;
  };

  let products: Products | undefined;
  const productsOf = (rule: string, path: (string | number)[]): Products => {
    if (products !== undefined) return products;
    const name = opts.productsColumn;
    const values = raw.get(name);
    if (values === undefined) throw new ClvkitError('MISSING_COLUMN', `rule "${rule}" needs the products column`, { fn, column: name, rule, path });
    if (Array.isArray(values[0])) {
      for (let i = 0; i < N; i++) {
        const list = values[i];
        if (!Array.isArray(list) || list.some((p) => typeof p !== 'string'))
          throw new ClvkitError('INVALID_VALUE', 'expected a list of product names', { fn, column: name, index: i, value: list });
      }
      products = { kind: 'list', values: values as readonly (readonly string[])[] };
    } else {
      const limit = 2 ** opts.productNames.length;
      for (let i = 0; i < N; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= limit) {
          throw new ClvkitError('INVALID_VALUE', `expected a product bit mask below 2^${opts.productNames.length}`, { fn, column: name, index: i, value: v });
        }
      }
      products = { kind: 'mask', values: values as ArrayLike<number> };
    }
    return products;
  };

  const compile = (c: TagCondition, rule: string, path: (string | number)[]): Test => {
    const bad = (reason: string, extra: Record<string, unknown> = {}) =>
      new ClvkitError('INVALID_CONFIG', `rule "${rule}": ${reason}`, { fn, rule, path, ...extra });
    if ('all' in c) {
      const parts = c.all.map((x, k) => compile(x, rule, [...path, 'all', k]));
      return (i) => parts.every((p) => p(i));
    }
    if ('any' in c) {
      const parts = c.any.map((x, k) => compile(x, rule, [...path, 'any', k]));
      return (i) => parts.some((p) => p(i));
    }
    if ('not' in c) {
      const inner = compile(c.not, rule, [...path, 'not']);
      return (i) => !inner(i);
    }
    if ('hasProduct' in c) {
      const bit = opts.productNames.indexOf(c.hasProduct);
      if (bit < 0) throw bad(`unknown product "${c.hasProduct}"`, { value: c.hasProduct });
      const p = productsOf(rule, path);
      if (p.kind === 'mask') {
        const mask = 2 ** bit;
        return (i) => Math.floor(p.values[i]! / mask) % 2 === 1;
      }
      return (i) => p.values[i]!.includes(c.hasProduct);
    }
    if ('productCount' in c) {
      const p = productsOf(rule, path);
      const count = p.kind === 'mask' ? (i: number) => popcount(p.values[i]!) : (i: number) => new Set(p.values[i]!).size;
      const pc = c.productCount;
      if (pc.op === 'between') {
        const [lo, hi] = pc.value;
        if (lo > hi) throw bad('between needs low ≤ high', { value: pc.value });
        return (i) => {
          const k = count(i);
          return k >= lo && k <= hi;
        };
      }
      const cmp = COMPARE[pc.op];
      const value = pc.value;
      return (i) => cmp(count(i), value);
    }
    const column = columnOf(c.column, rule, path);
    if (c.op === 'in') {
      const list = c.value;
      if (column.kind === 'number') {
        if (list.some((x) => typeof x !== 'number')) throw bad(`column "${c.column}" is numeric; "in" needs numbers`, { column: c.column, value: list });
        const set = new Set(list as readonly number[]);
        return (i) => set.has(column.values[i]!);
      }
      if (list.some((x) => typeof x !== 'string')) throw bad(`column "${c.column}" holds strings; "in" needs strings`, { column: c.column, value: list });
      const set = new Set(list as readonly string[]);
      return (i) => set.has(column.values[i]!);
    }
    if (c.op === 'between') {
      if (column.kind !== 'number') throw bad(`"between" needs a numeric column, "${c.column}" holds strings`, { column: c.column });
      const [lo, hi] = c.value;
      if (lo > hi) throw bad('between needs low ≤ high', { value: c.value });
      return (i) => column.values[i]! >= lo && column.values[i]! <= hi;
    }
    const op = c.op;
    const value = c.value;
    if (column.kind === 'string') {
      if (typeof value !== 'string' || (op !== '==' && op !== '!=')) {
        throw bad(`column "${c.column}" holds strings: compare with == or != and a string`, { column: c.column, value });
      }
      return op === '==' ? (i) => column.values[i] === value : (i) => column.values[i] !== value;
    }
    if (typeof value !== 'number') throw bad(`column "${c.column}" is numeric; compare with a number`, { column: c.column, value });
    const cmp = COMPARE[op];
    return (i) => cmp(column.values[i]!, value);
  };

  const rules: readonly TagRule[] = opts.rules;
  const seen = new Set<string>();
  const tests = rules.map((rule, r) => {
    if (seen.has(rule.tag)) throw new ClvkitError('INVALID_CONFIG', `tag "${rule.tag}" is defined twice`, { fn, rule: rule.tag, path: ['rules', r, 'tag'] });
    seen.add(rule.tag);
    return compile(rule.when, rule.tag, ['rules', r, 'when']);
  });

  const masks: Record<string, Uint8Array> = {};
  const tags: string[][] = Array.from({ length: N }, () => []);
  const tagCount = new Uint16Array(N);
  const counts: TagCountRow[] = rules.map((rule, r) => {
    const mask = new Uint8Array(N);
    const test = tests[r]!;
    let count = 0;
    for (let i = 0; i < N; i++) {
      if (test(i)) {
        mask[i] = 1;
        tags[i]!.push(rule.tag);
        tagCount[i]!++;
        count++;
      }
    }
    // An own property even for a tag named `__proto__` (a plain assignment would set the prototype).
    Object.defineProperty(masks, rule.tag, { value: mask, enumerable: true, writable: true, configurable: true });
    return { tag: rule.tag, label: rule.label, labelZh: rule.labelZh, description: rule.description ?? null, count, share: count / N };
  });
  let untagged = 0;
  for (let i = 0; i < N; i++) if (tagCount[i] === 0) untagged++;
  return withDisplay({ length: N, tags, tagCount, masks, table: counts, untagged }, CUSTOMER_TAGS_DISPLAY);
}
