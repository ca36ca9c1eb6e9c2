import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { sortBookCsv, type SortedBookPart } from '../../duckdb/sort-book-csv.js';
import { defineCommand, outputShape } from '../command.js';
import { columnTable } from '../column-table.js';
import { UsageError } from '../usage-error.js';

/**
 * `clvkit sort-book`: a copy of a book's CSV files sorted by customer id (then month or date), the order
 * `clvkit score --stream` and `streamBook` read (sortBookCsv, through DuckDB). Prints what it wrote. A book given
 * by a spec gets a copy of its spec in the output folder, pointing to the sorted files (other parts by absolute
 * path), so the copy is read as the original was.
 */
export const sortBookCommand = defineCommand({
  name: 'sort-book',
  summary: 'copy a book’s CSV files sorted by customer id (then month or date), as `score --stream` reads them (needs DuckDB)',
  args: '[input]',
  examples: [
    'clvkit sort-book fixtures/bank --out-dir bank-sorted/   # customers.csv, snapshots.csv, transactions.csv sorted; the inputs untouched',
    'clvkit sort-book --book fixtures/own-vocabulary/book.json --out-dir own-sorted/   # also writes own-sorted/book.json: clvkit score --book own-sorted/book.json --model m.json --stream --out s.csv',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    cmd
      .requiredOption('--out-dir <dir>', 'folder for the sorted copies (same file names; never one of the inputs)')
      .option('--book <spec.json>', 'a book spec (JSON) instead of a folder argument');
  },
  schema: z.object({
    args: z.tuple([z.string().optional()]),
    ...outputShape,
    outDir: z.string().min(1),
    book: z.string().min(1).optional(),
  }),
  async run(o, ctx) {
    if (o.book !== undefined && o.args[0] !== undefined) throw new UsageError("give the input either as an argument or with '--book', not both");
    const input = o.book ?? o.args[0];
    if (input === undefined) throw new UsageError('missing input: a book folder or --book spec.json');
    if (input === '-') throw new UsageError('a book on standard input cannot be sorted: give its folder or spec');
    const path = ctx.resolvePath(input);
    const outDir = ctx.resolvePath(o.outDir);
    const spec = statSync(path, { throwIfNoEntry: false })?.isFile() === true ? join(outDir, basename(path)) : undefined;
    if (spec !== undefined && resolve(spec) === resolve(path)) throw new UsageError(`'--out-dir' would write the spec over ${input}; choose another folder`);
    ctx.progress.step('sorting');
    const parts = await sortBookCsv(path, outDir);
    if (spec !== undefined) writeSortedSpec(path, spec, parts);
    ctx.progress.done();
    return {
      table: columnTable({
        part: parts.map((p) => p.part),
        rows: parts.map((p) => p.rows),
        input: parts.map((p) => p.input),
        output: parts.map((p) => p.output),
      }),
    };
  },
});

/** The spec at `from`, its sorted parts pointing to their copies (beside it) and the others by absolute path, written to `to`. */
function writeSortedSpec(from: string, to: string, parts: readonly SortedBookPart[]): void {
  const spec = JSON.parse(readFileSync(from, 'utf8')) as Record<string, unknown>;
  for (const [name, part] of Object.entries(spec)) {
    if (name === '$schema' || typeof part !== 'object' || part === null || typeof (part as { path?: unknown }).path !== 'string') continue;
    const p = part as { path: string };
    const sorted = parts.find((s) => s.part === name);
    if (sorted !== undefined) p.path = basename(sorted.output);
    else if (p.path !== '-' && !isAbsolute(p.path)) p.path = resolve(dirname(from), p.path);
  }
  delete spec.$schema;
  const temp = `${to}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(spec, null, 2)}\n`);
  renameSync(temp, to);
}
