import { z } from 'zod';
import { checkBook } from '../../book/check-book.js';
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
  },
  schema: z.object({ args: z.tuple([z.string().optional()]), ...outputShape, ...bookInputShape }),
  async run(o, ctx) {
    const book = await readBookInput(o.args[0], o, ctx);
    const c = checkBook(book);
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
