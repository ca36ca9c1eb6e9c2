import { statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { BookSpec } from '../book/book-spec.js';
import { readBook } from '../book/read-book.js';
import type { ReadBookResult } from '../book/read-book.js';
import type { SkippedPart } from '../scoring/customer-scores.js';
import { SCORING_TRANSACTION_MODELS } from '../scoring/score-customers.js';
import { tierBandSchema } from '../tiers/tier-bands.js';
import type { TierBand } from '../tiers/tier-bands.js';
import { TIME_UNITS } from '../time.js';
import type { CommandContext } from './command.js';
import { numberFlag } from './command.js';
import { addCsvInputOptions, csvInputShape, reportRejects } from './input.js';
import type { CsvInputOptions } from './input.js';
import { ClvkitError } from '../errors.js';
import { readJsonFile } from './read-json-file.js';
import { UsageError } from './usage-error.js';

/** Flags of the commands that read a whole book (score, report, check): the input forms and the scoring choices. */
export const bookInputShape = {
  ...csvInputShape,
  book: z.string().min(1).optional(),
  margin: numberFlag.pipe(z.number().min(0).max(1)).optional(),
  transactionModel: z.enum(SCORING_TRANSACTION_MODELS).default('bg-nbd'),
  timeUnit: z.enum(TIME_UNITS).default('week'),
  bands: z.string().min(1).optional(),
  peerGroup: z.string().min(1).optional(),
  tags: z.string().min(1).optional(),
};
export type BookInputOptions = CsvInputOptions & {
  book?: string | undefined;
  margin?: number | undefined;
  transactionModel: (typeof SCORING_TRANSACTION_MODELS)[number];
  timeUnit: (typeof TIME_UNITS)[number];
  bands?: string | undefined;
  peerGroup?: string | undefined;
  tags?: string | undefined;
};

/** Add the book input flags. */
export function addBookInputOptions(cmd: Command, scoring = true): void {
  cmd.option('--book <spec.json>', 'a book spec (JSON): which files or tables hold which part, and which columns play which role');
  addCsvInputOptions(cmd);
  cmd.option('--margin <rate>', 'annual margin on AUM + loans used as revenue when the book has no net revenue (default 0.01)');
  if (!scoring) return;
  cmd
    .addOption(new Option('--transaction-model <model>', 'transaction model for P(alive) and CLV').choices([...SCORING_TRANSACTION_MODELS]).default('bg-nbd'))
    .addOption(new Option('--time-unit <unit>', 'time unit of the summary and transaction model').choices([...TIME_UNITS]).default('week'))
    .option(
      '--bands <file>',
      'tier bands in any currency: a JSON array of { key, label, labelZh, lower, upper, serviceLevel, serviceLevelZh }, [lower, upper), null for an open end',
    )
    .option('--peer-group <attribute>', 'customer attribute the value benchmarks compare within (default: the spec’s peerGroup, else type)')
    .option(
      '--tags <rules.json>',
      'custom tag rules instead of the defaults (needed when the book has its own product names): a JSON array of { tag, label, labelZh, description?, when }, e.g. [{"tag":"saver","label":"Saver","labelZh":"储蓄客户","when":{"hasProduct":"savings"}}]',
    );
}

/**
 * Read the book a command was given: `--book spec.json`, a book folder, a spec file (`.json`), or a
 * transactions CSV (mapped with the same flags as `summarize`; `-` reads it from standard input). In collect mode the rejected rows of
 * every part are reported (and written with `--rejects`).
 */
export async function readBookInput(arg: string | undefined, o: BookInputOptions, ctx: CommandContext): Promise<ReadBookResult> {
  if (o.rejects !== undefined && o.onInvalid !== 'collect') throw new UsageError("option '--rejects' needs '--on-invalid collect'");
  if (o.book !== undefined && arg !== undefined) throw new UsageError("give the input either as an argument or with '--book', not both");
  const input = o.book ?? arg;
  if (input === undefined) throw new UsageError('missing input: a transactions CSV, a book folder, or --book spec.json');
  if (o.book === '-') throw new UsageError("a spec is a file ('--book spec.json'); a transactions CSV on standard input is the input '-'");
  const stdin = input === '-' ? ctx.io.stdin : undefined;
  if (input === '-' && stdin === undefined) throw new UsageError('input "-" needs standard input');
  const path = input === '-' ? '-' : ctx.resolvePath(input);
  let isDir = false;
  try {
    isDir = input !== '-' && statSync(path).isDirectory();
  } catch {
    // a missing path is reported by the reader, naming it
  }
  const options = { onInvalid: o.onInvalid, ...(o.margin !== undefined ? { margin: o.margin } : {}), ...(stdin !== undefined ? { stdin } : {}) };
  let book: ReadBookResult;
  try {
    if (isDir || o.book !== undefined || /\.json$/i.test(input)) book = await readBook(path, options);
    else {
      const spec: BookSpec = {
        transactions: {
          path,
          columns: { customerId: o.customerIdCol, date: o.dateCol, amount: o.amountCol },
          dateFormat: o.dateFormat,
          delimiter: o.delimiter,
          decimal: o.decimal,
          ...(o.thousands !== undefined ? { thousands: o.thousands } : {}),
        },
      };
      book = await readBook(spec, options);
    }
  } finally {
    ctx.progress.done();
  }
  const read = Object.values(book.reading.parts).reduce((s, p) => s + (p?.read ?? 0), 0);
  reportRejects({ read, rejected: book.reading.rejects.length }, book.reading.rejects, o, ctx);
  return book;
}

/** `--bands FILE`: tier bands from a JSON file, checked. */
export function readBandsFile(o: { bands?: string | undefined }, ctx: CommandContext): TierBand[] | undefined {
  if (o.bands === undefined) return undefined;
  const raw = readJsonFile(ctx.resolvePath(o.bands), o.bands);
  // JSON has no Infinity: an open end is written null (lower null = −∞, upper null = +∞).
  const json = Array.isArray(raw)
    ? raw.map((b: unknown) =>
        b !== null && typeof b === 'object'
          ? {
              ...b,
              ...((b as { lower?: unknown }).lower === null ? { lower: -Infinity } : {}),
              ...((b as { upper?: unknown }).upper === null ? { upper: Infinity } : {}),
            }
          : b,
      )
    : raw;
  const parsed = z.array(tierBandSchema).min(1).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ClvkitError('INVALID_CONFIG', `tier bands: ${issue.path.join('.') || 'root'}: ${issue.message}`, {
      fn: 'clvkit',
      file: o.bands,
      path: issue.path.map(String),
    });
  }
  return parsed.data as TierBand[];
}

/** Print what scoring skipped, one line each, to stderr. */
export function reportSkipped(skipped: readonly SkippedPart[], ctx: CommandContext): void {
  for (const s of skipped) ctx.io.stderr.write(`clvkit: skipped ${s.part}: ${s.reason}\n`);
}
