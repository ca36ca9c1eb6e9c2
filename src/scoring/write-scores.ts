import { createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ClvkitError } from '../errors.js';
import type { CustomerScoreRecord } from './customer-scores.js';
import type { CustomerScores } from './customer-scores.js';
import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { ScoreCsvWriter, scoreCsvThreads } from './score-csv-writer.js';
import { SCORED_PARTS } from './score-records.js';
import type { ScoredParts } from './score-records.js';
import { SCORE_RECORD_COLUMNS, writeScoreRecords } from './score-records-csv.js';
import { writeScoredParts } from './scored-parts-csv.js';

/** What a writer wrote. */
export interface WrittenScores {
  /** Records (customers) written. */
  readonly customers: number;
  /** Chunks read from the stream. */
  readonly chunks: number;
  /** Bytes written (UTF-8). */
  readonly bytes: number;
}

/** A source of record chunks: `scoreStream(...)`, or any (async) iterable of record arrays. */
export type ScoreRecordChunks = AsyncIterable<readonly CustomerScoreRecord[]> | Iterable<readonly CustomerScoreRecord[]>;

/** Resolve when the stream drains, reject on its error; both listeners removed either way. */
function drained(out: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ok = () => {
      out.off('error', bad);
      resolve();
    };
    const bad = (error: unknown) => {
      out.off('drain', ok);
      reject(error);
    };
    out.once('drain', ok);
    out.once('error', bad);
  });
}

/**
 * Bytes of one chunk, appended to `into` as buffers (the CSV writer hands over large buffers as they fill);
 * returns the number of customers in it.
 */
type ChunkBytes<T> = (chunk: T, index: number, into: Buffer[], pump: () => Promise<void>) => number | Promise<number>;

async function writeChunks<T>(fn: string, chunks: AsyncIterable<T> | Iterable<T>, target: string | Writable, format: ChunkBytes<T>): Promise<WrittenScores> {
  if (chunks === null || typeof chunks !== 'object' || !(Symbol.asyncIterator in chunks || Symbol.iterator in chunks)) {
    throw new ClvkitError('INVALID_VALUE', 'expected an (async) iterable of score record chunks (scoreStream)', { fn });
  }
  const isPath = typeof target === 'string';
  if (!isPath && (target === null || typeof target !== 'object' || typeof (target as Writable).write !== 'function')) {
    throw new ClvkitError('INVALID_VALUE', 'expected a file path or a Writable stream', { fn });
  }
  // A regular file (or a new one) is written under a temporary name beside it and renamed at the end, so a failed
  // write never leaves a partial file; a device or pipe (/dev/null, a FIFO) is written through.
  let partial: string | undefined;
  const path = isPath ? resolve(target) : '';
  if (isPath) {
    let regular = true;
    try {
      regular = statSync(path).isFile();
    } catch {
      // not there yet: a new regular file
    }
    if (regular) partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  }
  const out: Writable = isPath ? createWriteStream(partial ?? path) : (target as Writable);
  let customers = 0;
  let count = 0;
  let bytes = 0;
  let failed: unknown = null;
  const onError = (error: unknown) => {
    failed = error;
  };
  out.on('error', onError);
  const pending: Buffer[] = [];
  const pump = async () => {
    for (const buffer of pending) {
      bytes += buffer.length;
      if (!out.write(buffer)) await drained(out);
      if (failed !== null) throw failed;
    }
    pending.length = 0;
  };
  try {
    for await (const chunk of chunks as AsyncIterable<T>) {
      if (failed !== null) throw failed;
      customers += await format(chunk, count, pending, pump);
      count++;
      await pump();
    }
    if (isPath) {
      out.end();
      await once(out, 'finish');
      if (partial !== undefined) renameSync(partial, path);
    }
  } catch (error) {
    if (isPath) {
      out.destroy();
      if (partial !== undefined) rmSync(partial, { force: true });
    }
    if (error instanceof ClvkitError) throw error;
    throw new ClvkitError('IO_ERROR', `could not write the scores: ${error instanceof Error ? error.message : String(error)}`, { fn });
  } finally {
    out.off('error', onError);
  }
  if (failed !== null) throw failed;
  return { customers, chunks: count, bytes };
}

const csvOptionsSchema = z.strictObject({
  /**
   * 1: all on the calling thread; 2: a worker thread formats the numbers that need the shortest-round-trip
   * search while the calling thread writes the previous block (the same bytes); 'auto' (default): 2 from
   * 65,536 customers (a whole result, or the first chunk of a stream) when the process may use two cores.
   */
  threads: z.union([z.literal('auto'), z.literal(1), z.literal(2)]).default('auto'),
});

/** Options of {@link writeScoresCsv}. */
export type WriteScoresCsvOptions = z.input<typeof csvOptionsSchema>;

/**
 * Customers written per pass when a whole {@link CustomerScores} is written (its columns, no records): about
 * 4 MB of CSV, handed to the stream before the next pass, so few buffers are alive at a time (they are
 * reused by the allocator instead of touching fresh memory).
 */
const SCORES_PASS = 8192;

function isScores(x: unknown): x is CustomerScores & { readonly [SCORED_PARTS]: ScoredParts } {
  return typeof x === 'object' && x !== null && SCORED_PARTS in x;
}

/**
 * Write score records to CSV — a file path or a Writable — chunk by chunk, in bounded memory: the header
 * once, then each chunk's rows (the bytes of `CustomerScores.toCsv()` / `recordsToCsv` for the same records:
 * formula-safe text, RFC 4180 quoting, numbers as `String(n)`), written as bytes into large buffers (no
 * intermediate string), waiting for the stream to drain when its buffer is full. The source is a stream of
 * record chunks (`scoreStream`) or a whole {@link CustomerScores} (`scoreCustomers`, `applyScoringModel`),
 * which is written straight from its columns without building records. A path is written under a temporary
 * name and renamed over the target at the end (a failed write leaves no partial file; a device such as
 * /dev/null is written through); a given Writable is left open. Numbers are written as `String(n)`: integers and
 * numbers with at most six decimals by exact fast paths, repeated ones from per-column caches, the rest by the
 * native `JSON.stringify` — on a worker thread with `threads: 2` (default 'auto': from 65,536 customers on two cores).
 *
 * @throws ClvkitError INVALID_OPTIONS (options), INVALID_VALUE (not a chunk stream or target, a chunk that is not an array, a bad cell),
 *   the codes of the stream it reads (e.g. `scoreStream`'s), and a write failure with its reason.
 * @example
 * const book = simulateBank({ customers: 2000, months: 24, seed: 3 });
 * const model = scoreCustomers(book, {}).model;
 * await writeScoresCsv(scoreStream(model, book, { chunkSize: 500, firstPurchaseDay: bookFirstPurchaseDay(book, book.endDate) }), 'scores.csv');
 * // { customers: 2000, chunks: 4, bytes: ... }
 * await writeScoresCsv(scoreCustomers(book, {}), 'all.csv'); // { customers: 2000, chunks: 1, bytes: ... }
 */
export function writeScoresCsv(
  chunks: ScoreRecordChunks | CustomerScores,
  target: string | Writable,
  options: WriteScoresCsvOptions = {},
): Promise<WrittenScores> {
  const fn = 'writeScoresCsv';
  let o: z.output<typeof csvOptionsSchema>;
  try {
    o = parseOptions(csvOptionsSchema, options, fn);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const header = `${SCORE_RECORD_COLUMNS.join(',')}\n`;
  let writer: ScoreCsvWriter | undefined;
  let sinkTo: Buffer[] = [];
  // The writer is made for the first pass or chunk ('auto' threads judged on its size) and closed at the end.
  const writerFor = (into: Buffer[], rows: number): ScoreCsvWriter => {
    sinkTo = into;
    writer ??= new ScoreCsvWriter((bytes) => sinkTo.push(bytes), 1 << 20, scoreCsvThreads(o.threads, rows));
    return writer;
  };
  const close = <T>(written: Promise<T>): Promise<T> => written.finally(() => writer?.close());
  if (isScores(chunks)) {
    // Passes of rows, each handed to the stream before the next is formatted (bounded buffers).
    const p = chunks[SCORED_PARTS];
    const starts: number[] = [];
    for (let lo = 0; lo < p.a.n; lo += SCORES_PASS) starts.push(lo);
    return close(
      writeChunks(fn, starts, target, (lo, index, into) => {
        const w = writerFor(into, p.a.n);
        if (index === 0) w.text(header);
        const hi = Math.min(p.a.n, lo + SCORES_PASS);
        writeScoredParts(w, p, lo, hi, fn);
        // Full buffers go as they fill; the last, partly filled one after the last pass.
        if (hi === p.a.n) w.flush();
        return hi - lo;
      }),
    );
  }
  return close(
    writeChunks(fn, chunks as ScoreRecordChunks, target, async (records, index, into, pump) => {
      if (!Array.isArray(records)) throw new ClvkitError('INVALID_VALUE', 'expected each chunk to be an array of score records', { fn, chunk: index });
      const w = writerFor(into, records.length);
      if (index === 0) w.text(header);
      // In passes, each handed to the stream before the next, as for a whole result (few buffers alive).
      for (let lo = 0; lo < records.length; lo += SCORES_PASS) {
        writeScoreRecords(w, records, fn, lo, Math.min(records.length, lo + SCORES_PASS));
        await pump();
      }
      w.flush();
      return records.length;
    }),
  );
}

/**
 * Write streamed score records as JSON lines (one `JSON.stringify(record)` per line, lists as arrays, null
 * as null) to a file path or a Writable, chunk by chunk in bounded memory, as {@link writeScoresCsv} does.
 *
 * @throws ClvkitError INVALID_VALUE (not a chunk stream or target, a chunk that is not an array), the codes of
 *   the stream it reads, and a write failure with its reason.
 * @example
 * await writeScoresJsonl(scoreStream(model, book, { firstPurchaseDay }), 'scores.jsonl'); // { customers: 2000, ... }
 */
export function writeScoresJsonl(chunks: ScoreRecordChunks, target: string | Writable): Promise<WrittenScores> {
  const fn = 'writeScoresJsonl';
  return writeChunks(fn, chunks, target, (records: readonly CustomerScoreRecord[], index, into) => {
    if (!Array.isArray(records)) throw new ClvkitError('INVALID_VALUE', 'expected each chunk to be an array of score records', { fn, chunk: index });
    let text = '';
    for (const r of records) text += `${JSON.stringify(r)}\n`;
    into.push(Buffer.from(text, 'utf8'));
    return records.length;
  });
}
