import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, parseCsv, run, workDir } from '../cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = workDir());
});
afterAll(() => cleanup());

const BOOK = 'fixtures/own-vocabulary/book.json';
const RULES = [
  { tag: 'saver', label: 'Savings holder', labelZh: '储蓄客户', when: { hasProduct: 'savings' } },
  {
    tag: 'rich_saver',
    label: 'Rich saver',
    labelZh: '高净值储蓄客户',
    description: 'Holds savings with AUM of at least 50,000.',
    when: { all: [{ hasProduct: 'savings' }, { column: 'aum', op: '>=', value: 50_000 }] },
  },
];

/**
 * Independently: per customer on the book in its last month (a balances row that month; the book's own
 * files, parsed here), the products held that month and the AUM; customers off the book get no tag.
 */
function expectedTags(): Map<string, string[]> {
  const lines = (file: string) =>
    readFileSync(join(ROOT, 'fixtures/own-vocabulary', file), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
  const latest = new Map<string, { period: string; aum: number }>();
  for (const [cust, period, , , , aum] of lines('balances.csv')) {
    // Periods are month-end dates YYYY-MM-DD: text order is time order.
    const seen = latest.get(cust!);
    if (seen === undefined || period! > seen.period) latest.set(cust!, { period: period!, aum: Number(aum) });
  }
  const held = new Set(lines('holdings.csv').map(([cust, period, product]) => `${cust}|${period}|${product}`));
  const last = [...latest.values()].reduce((m, v) => (v.period > m ? v.period : m), '');
  const out = new Map<string, string[]>();
  for (const [cust, { period, aum }] of latest) {
    if (period !== last) continue;
    const tags: string[] = [];
    if (held.has(`${cust}|${period}|savings`)) tags.push('saver');
    if (held.has(`${cust}|${period}|savings`) && aum >= 50_000) tags.push('rich_saver');
    out.set(cust, tags);
  }
  return out;
}

describe('clvkit score / report --tags', () => {
  it('tags a book with its own product names by custom rules (without them the tag part is skipped)', async () => {
    const without = await run(['score', '--book', BOOK, '--clusters', '0'], dir);
    expect(without.code).toBe(0);
    expect(without.stderr).toMatch(/skipped tags: .*unknown product "wealth_management"/);

    writeFileSync(join(dir, 'rules.json'), JSON.stringify(RULES));
    const r = await run(['score', '--book', BOOK, '--clusters', '0', '--tags', 'rules.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/skipped tags/);
    const { header, rows } = parseCsv(r.stdout);
    const id = header.indexOf('customerId');
    const tags = header.indexOf('tags');
    const expected = expectedTags();
    let tagged = 0;
    for (const row of rows) {
      const got = row[tags] === '' ? [] : row[tags]!.split('|');
      expect(got, row[id]).toEqual(expected.get(row[id]!) ?? []);
      tagged += got.length > 0 ? 1 : 0;
    }
    // The rules do tag: the fixture has savings holders, some with AUM ≥ 50,000 and some below.
    expect(tagged).toBeGreaterThan(10);
    expect([...expected.values()].filter((t) => t.length === 1).length).toBeGreaterThan(0);
    expect([...expected.values()].filter((t) => t.length === 2).length).toBeGreaterThan(0);
  });

  it('the bundled fixtures/own-vocabulary/tag-rules.json tags the book with every one of its rules', async () => {
    const r = await run(['score', '--book', BOOK, '--clusters', '0', '--tags', 'fixtures/own-vocabulary/tag-rules.json', '--format', 'json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const rules = JSON.parse(readFileSync(join(ROOT, 'fixtures/own-vocabulary/tag-rules.json'), 'utf8')) as { tag: string }[];
    const { customers } = JSON.parse(r.stdout) as { customers: { tags: string[] | null }[] };
    const met = new Set(customers.flatMap((c) => c.tags ?? []));
    for (const rule of rules) expect(met.has(rule.tag), rule.tag).toBe(true);
  });

  it('check tells whether the tag rules fit the book’s products (the defaults do not fit this book; its own rules do)', async () => {
    const defaults = await run(['check', '--book', BOOK], dir);
    expect(defaults.code).toBe(0);
    expect(defaults.stdout).toMatch(
      /^no {3}tags: the default tag rules name products the book does not have \(wealth_management, .*\); give rules .* --tags FILE$/m,
    );
    const own = await run(['check', '--book', BOOK, '--tags', 'fixtures/own-vocabulary/tag-rules.json', '--format', 'json'], dir);
    expect(own.code).toBe(0);
    const analyses = (JSON.parse(own.stdout) as { analyses: { analysis: string; supported: boolean }[] }).analyses;
    expect(analyses.find((a) => a.analysis === 'tags')?.supported).toBe(true);
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify([{ ...RULES[0], when: { hasProduct: 'yacht' } }]));
    const wrong = await run(['check', '--book', BOOK, '--tags', 'wrong.json'], dir);
    expect(wrong.stdout).toMatch(/^no {3}tags: the rules name products the book does not have: yacht$/m);
    // The bundled book has every product the default rules name.
    expect((await run(['check', 'fixtures/bank'], dir)).stdout).toMatch(/^yes {2}tags$/m);
  });

  it('report --tags runs the custom rules (no skipped tag part)', async () => {
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(RULES));
    const r = await run(['report', '--book', BOOK, '--clusters', '0', '--holdout-months', '0', '--tags', 'rules.json', '--out', 'tags.html'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/skipped tags/);
    expect(readFileSync(join(dir, 'tags.html'), 'utf8').includes('<section id="value-matrix"')).toBe(true);
  });

  it('a bad rules file is INVALID_CONFIG naming the file and the rule; a rule that does not fit the book is an error, not a skip', async () => {
    const bad = async (rules: unknown, pattern: RegExp, extra: string[] = []): Promise<void> => {
      writeFileSync(join(dir, 'bad.json'), typeof rules === 'string' ? rules : JSON.stringify(rules));
      const r = await run(['score', '--book', BOOK, '--clusters', '0', '--tags', 'bad.json', ...extra], dir);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).toContain('bad.json');
    };
    await bad({ rules: RULES }, /INVALID_CONFIG.*expected a JSON array of tag rules/);
    await bad([], /INVALID_CONFIG.*no rule/);
    await bad('[{"tag":', /INVALID_VALUE.*not valid JSON/);
    await bad([RULES[0], { tag: 'x', label: 'X', when: { hasProduct: 'savings' } }], /rule 2 \("x"\): labelZh/);
    await bad([{ ...RULES[0], when: { hasProduct: 5 } }], /rule 1 \("saver"\): when\.hasProduct: .*expected string/);
    await bad([{ ...RULES[0], when: { any: [{ column: 'aum', op: '~', value: 1 }] } }], /when\.any\.0\.op/);
    await bad([{ ...RULES[0], when: { colum: 'aum', op: '>', value: 1 } }], /rule 1 \("saver"\): when: not a condition/);
    await bad([RULES[0], RULES[0]], /rule 2 \("saver"\): tag "saver" is defined twice/);
    await bad([{ ...RULES[0], when: { hasProduct: 'wealth_management' } }], /INVALID_CONFIG.*--tags: .*unknown product "wealth_management"/);
    await bad([{ ...RULES[0], when: { column: 'segment', op: '==', value: 'sme' } }], /--tags: .*MISSING_COLUMN.*segment/);
    const missing = await run(['score', '--book', BOOK, '--tags', 'nope.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/IO_ERROR.*nope\.json/);
  });

  it('--tags with --model is a usage error (a saved model keeps its own rules); --help lists --tags', async () => {
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(RULES));
    const saved = await run(['score', '--book', BOOK, '--clusters', '0', '--tags', 'rules.json', '--save-model', 'm.json'], dir);
    expect(saved.code).toBe(0);
    const applied = await run(['score', '--book', BOOK, '--model', 'm.json'], dir);
    expect(applied.code).toBe(0);
    // The saved model carries the custom rules: applying it tags the same way.
    expect(parseCsv(applied.stdout).rows.map((r) => r[parseCsv(applied.stdout).header.indexOf('tags')])).toEqual(
      parseCsv(saved.stdout).rows.map((r) => r[parseCsv(saved.stdout).header.indexOf('tags')]),
    );
    const both = await run(['score', '--book', BOOK, '--model', 'm.json', '--tags', 'rules.json'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--tags/);
    for (const command of ['score', 'report']) {
      const help = await run([command, '--help'], dir);
      expect(help.stdout).toMatch(/--tags <rules\.json>/);
    }
  });
});
