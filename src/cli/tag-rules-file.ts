import type { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { tagRuleSchema } from '../tags/tag-rule.js';
import type { TagCondition, TagRule } from '../tags/tag-rule.js';
import type { CommandContext } from './command.js';
import { readJsonFile } from './read-json-file.js';

/**
 * `--tags FILE`: custom tag rules from a JSON file — an array of rules in the library's tag rule
 * language (the `tagRules` option of scoreCustomers, the `rules` of tagCustomers), used instead of
 * the default rules. Each rule is `{ tag, label, labelZh, description?, when }`; `when` combines
 * `{ column, op, value }`, `{ hasProduct }`, `{ productCount }` with `all` / `any` / `not`. Product
 * names are the book's own (see `clvkit check`).
 *
 * @throws ClvkitError IO_ERROR (unreadable file), INVALID_VALUE (not JSON), INVALID_CONFIG (not an array
 *   of rules, naming the file, the rule's position and tag, and the path inside it; a tag twice).
 * @example
 * // rules.json: [{ "tag": "saver", "label": "Saver", "labelZh": "储蓄客户", "when": { "hasProduct": "savings" } }]
 * readTagRulesFile({ tags: 'rules.json' }, ctx)![0]!.tag // 'saver'
 */
export function readTagRulesFile(o: { tags?: string | undefined }, ctx: Pick<CommandContext, 'resolvePath'>): TagRule[] | undefined {
  if (o.tags === undefined) return undefined;
  const file = o.tags;
  const json = readJsonFile(ctx.resolvePath(file), file);
  const fail = (message: string, path: readonly (string | number)[]): never => {
    throw new ClvkitError('INVALID_CONFIG', `tag rules: ${message}`, { fn: 'clvkit', file, path: path.map(String) });
  };
  if (!Array.isArray(json)) fail('expected a JSON array of tag rules ({ tag, label, labelZh, description?, when })', []);
  const rules = json as unknown[];
  if (rules.length === 0) fail('the array has no rule', []);
  const seen = new Set<string>();
  rules.forEach((rule, r) => {
    const tag = rule !== null && typeof rule === 'object' && typeof (rule as { tag?: unknown }).tag === 'string' ? (rule as { tag: string }).tag : undefined;
    const name = `rule ${r + 1}${tag !== undefined ? ` ("${tag}")` : ''}`;
    const parsed = tagRuleSchema.safeParse(rule);
    if (!parsed.success) {
      const issue = deepest(parsed.error.issues);
      fail(`${name}: ${issue.path.join('.') || 'the rule'}: ${issue.message}`, [r, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]);
    }
    if (tag !== undefined && seen.has(tag)) fail(`${name}: tag "${tag}" is defined twice`, [r, 'tag']);
    if (tag !== undefined) seen.add(tag);
  });
  return rules as TagRule[];
}

type Issue = z.core.$ZodIssue;

/**
 * The issue to show. Inside a union that failed (a condition matching no form), the branch the rule
 * was meant as: the one whose issues are not about keys it lacks or does not know, then the one with
 * the fewest issues (so `{ hasProduct: 5 }` reads "hasProduct: expected string", not "all: expected array").
 */
function deepest(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string } {
  const issue = issues[0]!;
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path, message: issue.message };
  const offKey = (list: readonly Issue[]): number =>
    list.filter((i) => i.code === 'unrecognized_keys' || (i.code === 'invalid_type' && /received undefined/.test(i.message))).length;
  const branch = [...issue.errors].sort((a, b) => offKey(a) - offKey(b) || a.length - b.length)[0]!;
  if (offKey(branch) > 0) {
    // No form fits its keys: say which forms there are.
    return {
      path,
      message:
        'not a condition: expected { all: [...] }, { any: [...] }, { not: {...} }, { column, op, value }, { hasProduct }, or { productCount: { op, value } }',
    };
  }
  return deepest(branch, path);
}

/** The product names a set of rules tests (`hasProduct`), in order of first mention. */
export function productsNamed(rules: readonly TagRule[]): string[] {
  const out = new Set<string>();
  const visit = (c: TagCondition): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else if ('hasProduct' in c) out.add(c.hasProduct);
  };
  for (const rule of rules) visit(rule.when);
  return [...out];
}
