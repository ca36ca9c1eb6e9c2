import { ClvkitError } from '../errors.js';
import type { RejectedRow } from './transaction-table.js';
import { batchSize, csvBatches, csvBatchSync, recordFields, type CsvBatch, type CsvDialect } from './csv-batches.js';
import { PROGRESS_EVERY, type ReaderOptions } from './ingest-options.js';
import type { IdDictionary } from './id-dictionary.js';
import { resolveSource } from './ingest-source.js';
import { RecordDecoder, type FieldSpec, type FieldValue } from './record-decoder.js';

/** Decoded rows of one batch, column by column (one array per bound field, in `fields` order). */
export interface DecodedBatch {
  readonly length: number;
  readonly columns: FieldValue[][];
  readonly lines: number[];
}

/** Running counts of one read (`read === accepted + rejected` after every batch). */
export class IngestCounter {
  read = 0;
  accepted = 0;
  rejected = 0;
  readonly rejects: RejectedRow[] = [];
}

function emptyInput(fn: string, file: string | undefined): ClvkitError {
  return new ClvkitError('EMPTY_INPUT', 'the source has no records (not even a header)', file !== undefined ? { fn, file } : { fn });
}

class BatchDecoder {
  private headerSeen: boolean;
  readonly decoder: RecordDecoder;
  private readonly scratch: FieldValue[] = [];

  constructor(
    specs: readonly FieldSpec[],
    private readonly options: ReaderOptions,
    fn: string,
    file: string | undefined,
    private readonly counter: IngestCounter,
    ids: IdDictionary | undefined,
  ) {
    this.decoder = new RecordDecoder(specs, options, fn, file, ids);
    this.headerSeen = false;
  }

  get bound(): boolean {
    return this.headerSeen;
  }

  csv(batch: CsvBatch): DecodedBatch {
    const lines = batch.lines;
    const size = lines.length;
    let start = 0;
    if (!this.headerSeen && size > 0) {
      this.headerSeen = true;
      if (this.options.header) {
        this.decoder.bindHeader(recordFields(batch, 0), lines[0]!);
        start = 1;
      } else this.decoder.bindPositions(batch.recordField[1]! - batch.recordField[0]!, lines[0]!);
    }
    const n = this.decoder.fields.length;
    const columns: FieldValue[][] = Array.from({ length: n }, () => []);
    const outLines: number[] = [];
    const scratch = this.scratch;
    const counter = this.counter;
    for (let r = start; r < size; r++) {
      counter.read++;
      const reject = this.decoder.decodeRecord(batch, r, scratch);
      if (reject === undefined) {
        counter.accepted++;
        for (let f = 0; f < n; f++) columns[f]!.push(scratch[f]!);
        outLines.push(lines[r]!);
      } else this.rejected(reject);
    }
    return { length: outLines.length, columns, lines: outLines };
  }

  objects(rows: readonly unknown[], firstIndex: number): DecodedBatch {
    if (!this.headerSeen) {
      this.headerSeen = true;
      this.decoder.bindObjectKeys();
    }
    const n = this.decoder.fields.length;
    const columns: FieldValue[][] = Array.from({ length: n }, () => []);
    const outLines: number[] = [];
    const scratch = this.scratch;
    for (let r = 0; r < rows.length; r++) {
      this.counter.read++;
      const line = firstIndex + r + 1;
      const reject = this.decoder.decodeObject(rows[r], line, scratch);
      if (reject === undefined) {
        this.counter.accepted++;
        for (let f = 0; f < n; f++) columns[f]!.push(scratch[f]!);
        outLines.push(line);
      } else this.rejected(reject);
    }
    return { length: outLines.length, columns, lines: outLines };
  }

  private rejected(reject: RejectedRow): void {
    if (this.options.onInvalid === 'throw') throw this.decoder.toError(reject);
    this.counter.rejected++;
    this.counter.rejects.push(reject);
  }
}

const OBJECT_BATCH = 8192;

/**
 * The streaming core shared by every reader: resolve the source, parse CSV (or take object rows),
 * validate each row against `specs` and yield decoded batches (id fields as codes into `ids`, when given); rejected rows are thrown or collected
 * per `onInvalid`; `onProgress` is called at most every 100,000 rows and once at the end.
 * The first yielded value is the decoder, once bound (so callers learn which optional fields exist).
 */
export async function* decodeSource(
  source: unknown,
  specs: readonly FieldSpec[],
  options: ReaderOptions,
  fn: string,
  counter: IngestCounter,
  ids?: IdDictionary,
): AsyncGenerator<DecodedBatch | RecordDecoder> {
  const resolved = await resolveSource(source, fn, options.file);
  const file = resolved.kind === 'csv' ? resolved.file : options.file;
  const batcher = new BatchDecoder(specs, options, fn, file, counter, ids);
  let bytes = 0;
  let nextProgress = PROGRESS_EVERY;
  const progress = (force: boolean): void => {
    if (options.onProgress === undefined || (!force && counter.read < nextProgress)) return;
    nextProgress = counter.read + PROGRESS_EVERY;
    const consumed = resolved.kind === 'csv' && resolved.bytesRead !== undefined ? resolved.bytesRead() : bytes;
    options.onProgress({ rows: counter.read, bytes: consumed, totalBytes: resolved.kind === 'csv' ? resolved.totalBytes : undefined });
  };
  let announced = false;
  if (resolved.kind === 'csv') {
    const dialect: CsvDialect = {
      delimiter: options.delimiter,
      quote: options.quote,
      fn,
      maxRecordLength: options.maxRecordLength,
      ...(file !== undefined ? { file } : {}),
    };
    for await (const batch of csvBatches(resolved.chunks, dialect, (n) => (bytes += n))) {
      const decoded = batcher.csv(batch);
      if (!announced && batcher.bound) {
        announced = true;
        yield batcher.decoder;
      }
      if (decoded.length > 0) yield decoded;
      progress(false);
    }
    if (!batcher.bound) throw emptyInput(fn, file);
  } else {
    let pending: unknown[] = [];
    let index = 0;
    const flush = (): DecodedBatch => {
      const decoded = batcher.objects(pending, index);
      index += pending.length;
      pending = [];
      return decoded;
    };
    batcher.objects([], 0);
    yield batcher.decoder;
    for await (const row of resolved.rows as AsyncIterable<unknown>) {
      pending.push(row);
      if (pending.length === OBJECT_BATCH) {
        const decoded = flush();
        if (decoded.length > 0) yield decoded;
        progress(false);
      }
    }
    const decoded = flush();
    if (decoded.length > 0) yield decoded;
  }
  progress(true);
}

function mergeBatches(parts: DecodedBatch[]): DecodedBatch {
  const columns = parts[0]!.columns.map((_, f) => parts.flatMap((p) => p.columns[f]!));
  return { length: parts.reduce((n, p) => n + p.length, 0), columns, lines: parts.flatMap((p) => p.lines) };
}

/** The synchronous twin of {@link decodeSource} for CSV text or an array of objects. */
export function decodeSourceSync(
  source: string | readonly unknown[],
  specs: readonly FieldSpec[],
  options: ReaderOptions,
  fn: string,
  counter: IngestCounter,
  ids?: IdDictionary,
): { decoder: RecordDecoder; batch: DecodedBatch } {
  const file = options.file;
  const batcher = new BatchDecoder(specs, options, fn, file, counter, ids);
  let batch: DecodedBatch;
  if (typeof source === 'string') {
    const dialect: CsvDialect = {
      delimiter: options.delimiter,
      quote: options.quote,
      fn,
      maxRecordLength: options.maxRecordLength,
      ...(file !== undefined ? { file } : {}),
    };
    // Batches without records (e.g. no unquoted line before the first quote) are skipped: a part
    // decoded before the header is bound has no columns.
    const parts = csvBatchSync(source, dialect)
      .filter((b) => batchSize(b) > 0)
      .map((b) => batcher.csv(b));
    if (!batcher.bound) throw emptyInput(fn, file);
    batch = parts.length === 1 ? parts[0]! : mergeBatches(parts);
  } else batch = batcher.objects(source, 0);
  options.onProgress?.({ rows: counter.read, bytes: typeof source === 'string' ? Buffer.byteLength(source) : 0, totalBytes: undefined });
  return { decoder: batcher.decoder, batch };
}
