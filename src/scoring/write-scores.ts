import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ClvkitError } from '../errors.js';
import type { CustomerScoreRecord } from './customer-scores.js';
import { scoreRecordsToCsv } from './score-records-csv.js';

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

async function writeChunks(
  fn: string,
  chunks: ScoreRecordChunks,
  target: string | Writable,
  format: (records: readonly CustomerScoreRecord[], first: boolean) => string,
): Promise<WrittenScores> {
  if (chunks === null || typeof chunks !== 'object' || !(Symbol.asyncIterator in chunks || Symbol.iterator in chunks)) {
    throw new ClvkitError('INVALID_VALUE', 'expected an (async) iterable of score record chunks (scoreStream)', { fn });
  }
  const isPath = typeof target === 'string';
  if (!isPath && (target === null || typeof target !== 'object' || typeof (target as Writable).write !== 'function')) {
    throw new ClvkitError('INVALID_VALUE', 'expected a file path or a Writable stream', { fn });
  }
  const out: Writable = isPath ? createWriteStream(target) : target;
  let customers = 0;
  let count = 0;
  let bytes = 0;
  let failed: unknown = null;
  const onError = (error: unknown) => {
    failed = error;
  };
  out.on('error', onError);
  try {
    for await (const records of chunks as AsyncIterable<readonly CustomerScoreRecord[]>) {
      if (failed !== null) throw failed;
      if (!Array.isArray(records)) throw new ClvkitError('INVALID_VALUE', 'expected each chunk to be an array of score records', { fn, chunk: count });
      const text = format(records, count === 0);
      const buffer = Buffer.from(text, 'utf8');
      bytes += buffer.length;
      customers += records.length;
      count++;
      if (!out.write(buffer)) await drained(out);
      if (failed !== null) throw failed;
    }
    if (isPath) {
      out.end();
      await once(out, 'finish');
    }
  } catch (error) {
    if (isPath) out.destroy();
    if (error instanceof ClvkitError) throw error;
    throw new ClvkitError('IO_ERROR', `could not write the scores: ${error instanceof Error ? error.message : String(error)}`, { fn });
  } finally {
    out.off('error', onError);
  }
  if (failed !== null) throw failed;
  return { customers, chunks: count, bytes };
}

/**
 * Write streamed score records to CSV — a file path or a Writable — chunk by chunk, in bounded memory:
 * the header once, then each chunk as {@link scoreRecordsToCsv} writes it (the bytes of
 * `CustomerScores.toCsv()` for the same records: formula-safe text, RFC 4180 quoting, numbers as
 * `String(n)`), waiting for the stream to drain when its buffer is full. A path is created or overwritten
 * and closed at the end; a given Writable is left open.
 *
 * @throws ClvkitError INVALID_VALUE (not a chunk stream or target, a chunk that is not an array, a bad cell),
 *   the codes of the stream it reads (e.g. `scoreStream`'s), and a write failure with its reason.
 * @example
 * const book = simulateBank({ customers: 2000, months: 24, seed: 3 });
 * const model = scoreCustomers(book, {}).model;
 * await writeScoresCsv(scoreStream(model, book, { chunkSize: 500, firstPurchaseDay: bookFirstPurchaseDay(book, book.endDate) }), 'scores.csv');
 * // { customers: 2000, chunks: 4, bytes: ... }
 */
export function writeScoresCsv(chunks: ScoreRecordChunks, target: string | Writable): Promise<WrittenScores> {
  return writeChunks('writeScoresCsv', chunks, target, (records, first) => scoreRecordsToCsv(records, { header: first }));
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
  return writeChunks('writeScoresJsonl', chunks, target, (records) => {
    let text = '';
    for (const r of records) text += `${JSON.stringify(r)}\n`;
    return text;
  });
}
