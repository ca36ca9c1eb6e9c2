import { z } from 'zod';
import { checkBook } from '../../book/check-book.js';
import type { BookCheck } from '../../book/check-book.js';
import { DEFAULT_TAG_RULES } from '../../tags/default-tag-rules.js';
import type { TagRule } from '../../tags/tag-rule.js';
import { productsNamed, readTagRulesFile } from '../tag-rules-file.js';
import { addBookInputOptions, bookInputShape, readBookInput } from '../book-input.js';
import { defineCommand, outputShape } from '../command.js';

/** `clvkit check`: read a book or spec, and print what was read and which analyses it supports. */
export const checkCommand = defineCommand({
  name: 'check',
  summary: 'validate a book (transactions CSV, - for standard input, book folder or --book spec): what was read, rejects, and which analyses it supports',
  args: '[input]',
  examples: [
    'clvkit check fixtures/bank',
    'clvkit check --book fixtures/own-vocabulary/book.json --on-invalid collect --rejects rejects.csv',
    'clvkit check fixtures/own-vocabulary/txns.csv --customer-id-col cust_no --date-col txn_date --amount-col amt --date-format DD/MM/YYYY --delimiter semicolon --decimal ,',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addBookInputOptions(cmd, false);
    cmd.option('--tags <rules.json>', 'check custom tag rules (as score --tags) against the book’s products; default the built-in rules');
  },
  schema: z.object({ args: z.tuple([z.string().optional()]), ...outputShape, ...bookInputShape }),
  async run(o, ctx) {
    const book = await readBookInput(o.args[0], o, ctx);
    const c = withTagRules(checkBook(book), readTagRulesFile(o, ctx), o.tags !== undefined);
    if (o.format === 'json') return { json: c };
    const lines = [`customers: ${c.customers}`, `months: ${c.months.first} .. ${c.months.last} (${c.months.count})`];
    for (const [part, p] of Object.entries(c.parts)) lines.push(`${part}: ${p!.accepted} of ${p!.read} rows accepted, ${p!.rejected} rejected (${p!.source})`);
    lines.push(`products (${c.products.length}): ${c.products.join(', ') || 'none'}`);
    for (const a of c.attributes)
      lines.push(`attribute ${a.name}: ${a.distinct} values (${a.examples.join(', ')}${a.distinct > a.examples.length ? ', …' : ''})`);
    lines.push(`revenue: ${c.revenue}`);
    for (const a of c.analyses) lines.push(`${a.supported ? 'yes' : 'no '}  ${a.analysis}${a.supported ? '' : `: ${a.reason}`}`);
    return { text: `${lines.join('\n')}\n` };
  },
});

/**
 * The tags row, told whether the rules (custom, else the defaults) fit the book's products: rules naming
 * a product the book does not have would be skipped (defaults) or fail (--tags) when scoring.
 */
function withTagRules(c: BookCheck, custom: readonly TagRule[] | undefined, given: boolean): BookCheck {
  const missing = productsNamed(custom ?? DEFAULT_TAG_RULES).filter((p) => !c.products.includes(p));
  if (missing.length === 0) return c;
  const reason = given
    ? `the rules name products the book does not have: ${missing.join(', ')}`
    : `the default tag rules name products the book does not have (${missing.join(', ')}); give rules in its own product names with --tags FILE`;
  return { ...c, analyses: c.analyses.map((a) => (a.analysis === 'tags' && a.supported ? { ...a, supported: false, reason } : a)) };
}
