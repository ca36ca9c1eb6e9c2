import { resolve } from 'node:path';
import { scoreStream } from '../../scoring/score-stream.js';
import { scoringModelFromJSON } from '../../scoring/scoring-model.js';
import { streamBook } from '../../scoring/sources/stream-book.js';
import { writeScoresParquet } from '../../scoring/write-scores-parquet.js';
import { writeScoresCsv, writeScoresJsonl } from '../../scoring/write-scores.js';
import type { CommandContext, CommandResult } from '../command.js';
import { readJsonFile, withFile } from '../read-json-file.js';
import { UsageError } from '../usage-error.js';

/** The flags `clvkit score --stream` reads. */
export interface StreamedScoreFlags {
  readonly args: readonly [(string | undefined)?];
  readonly book?: string | undefined;
  readonly model?: string | undefined;
  readonly out?: string | undefined;
  readonly chunkSize: number;
  readonly observationEnd?: string | undefined;
  readonly margin?: number | undefined;
}

/**
 * `clvkit score --stream`: apply a saved scoring model to a book read chunk by chunk (`streamBook`: a folder or
 * spec of sorted CSV files, Parquet files, DuckDB or PostgreSQL tables) and write the records as they come to
 * `--out` (`.csv`, `.jsonl` or `.parquet`), in bounded memory. Needs `--model` (a stream cannot be fitted on).
 */
export async function scoreStreamed(o: StreamedScoreFlags, ctx: CommandContext): Promise<CommandResult> {
  if (o.model === undefined)
    throw new UsageError("'--stream' applies a saved scoring model: give '--model' (fit one with 'clvkit score <sample> --save-model')");
  if (o.out === undefined) throw new UsageError("'--stream' writes to a file: give '--out scores.csv' (or .jsonl, .parquet)");
  if (o.book !== undefined && o.args[0] !== undefined) throw new UsageError("give the input either as an argument or with '--book', not both");
  const input = o.book ?? o.args[0];
  if (input === undefined) throw new UsageError('missing input: a book folder or --book spec.json');
  const out = ctx.resolvePath(o.out);
  if (ctx.inputs.some((p) => resolve(p) === out)) throw new UsageError(`'--out' ${o.out} is an input of this command; choose another file`);
  const format = /\.parquet$/i.test(out) ? 'parquet' : /\.jsonl$/i.test(out) ? 'jsonl' : /\.csv$/i.test(out) ? 'csv' : undefined;
  if (format === undefined) throw new UsageError("'--stream' writes .csv, .jsonl or .parquet: name '--out' with one of these");
  let model: ReturnType<typeof scoringModelFromJSON>;
  try {
    model = scoringModelFromJSON(readJsonFile(ctx.resolvePath(o.model), o.model));
  } catch (error) {
    throw withFile(error, o.model);
  }
  ctx.progress.step('streaming the book');
  const book = await streamBook(ctx.resolvePath(input), {
    chunkSize: o.chunkSize,
    ...(model.productNames.length > 0 ? { productNames: [...model.productNames] } : {}),
    ...(o.margin !== undefined ? { margin: o.margin } : {}),
  });
  const stream = scoreStream(model, book, {
    chunkSize: o.chunkSize,
    ...(book.extent.firstPurchaseDay !== undefined ? { firstPurchaseDay: book.extent.firstPurchaseDay } : {}),
    ...(o.observationEnd !== undefined ? { observationEnd: o.observationEnd } : {}),
  });
  if (format === 'parquet') await writeScoresParquet(stream, out);
  else if (format === 'jsonl') await writeScoresJsonl(stream, out);
  else await writeScoresCsv(stream, out);
  ctx.progress.done();
  return { written: true };
}
