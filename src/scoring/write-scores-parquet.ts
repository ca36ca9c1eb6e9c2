import { mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { loadDuckDb } from '../duckdb/load-duckdb.js';
import { ClvkitError } from '../errors.js';
import { quoteDouble, sqlString } from '../sql/sql-dialect.js';
import type { CustomerScoreRecord } from './customer-scores.js';
import { SCORE_RECORD_COLUMNS } from './score-records-csv.js';
import type { ScoreRecordChunks, WrittenScores } from './write-scores.js';

/** DuckDB type of each score column: text, booleans, numbers as DOUBLE (exact), the two lists as VARCHAR[]. */
const TYPES: Readonly<Record<(typeof SCORE_RECORD_COLUMNS)[number], string>> = {
  customerId: 'VARCHAR',
  customerType: 'VARCHAR',
  onBook: 'BOOLEAN',
  hasTransactions: 'BOOLEAN',
  frequency: 'DOUBLE',
  recency: 'DOUBLE',
  T: 'DOUBLE',
  monetaryValue: 'DOUBLE',
  totalAmount: 'DOUBLE',
  daysSinceLastPurchase: 'DOUBLE',
  rfmRecencyScore: 'DOUBLE',
  rfmFrequencyScore: 'DOUBLE',
  rfmMonetaryScore: 'DOUBLE',
  rfmCell: 'VARCHAR',
  rfmSegment: 'VARCHAR',
  tier: 'VARCHAR',
  tierLabel: 'VARCHAR',
  tierLabelZh: 'VARCHAR',
  serviceLevel: 'VARCHAR',
  serviceLevelZh: 'VARCHAR',
  behaviorStatus: 'VARCHAR',
  tags: 'VARCHAR[]',
  cluster: 'DOUBLE',
  clusterLabel: 'VARCHAR',
  clusterLabelZh: 'VARCHAR',
  pAlive: 'DOUBLE',
  newCustomerPrediction: 'BOOLEAN',
  expectedTransactions: 'DOUBLE',
  expectedSpend: 'DOUBLE',
  transactionClv: 'DOUBLE',
  currentContribution: 'DOUBLE',
  explicitValue: 'DOUBLE',
  growthValue: 'DOUBLE',
  potentialValue: 'DOUBLE',
  totalValue: 'DOUBLE',
  valueCell: 'VARCHAR',
  treatment: 'VARCHAR',
  treatmentZh: 'VARCHAR',
  channel: 'VARCHAR',
  channelZh: 'VARCHAR',
  productGaps: 'VARCHAR[]',
};

/**
 * Write streamed score records to a Parquet file through DuckDB (`@duckdb/node-api`, an optional peer
 * dependency), in bounded memory: each chunk goes to a staging table in a temporary DuckDB database on disk
 * (DuckDB keeps at most its memory limit in memory, 512 MB here, and spills the rest), and the file is
 * written at the end with `COPY … (FORMAT parquet, COMPRESSION zstd)` to a temporary name beside the target,
 * then renamed over it (a failed write never leaves a partial file). Columns are those of the records, in
 * their order: text as VARCHAR, flags as BOOLEAN, numbers as DOUBLE (the same values, bit for bit), `tags`
 * and `productGaps` as lists of text; null stays null.
 *
 * @throws ClvkitError INVALID_VALUE (not a chunk stream, a chunk that is not an array, a target that is not a
 *   path), MISSING_DEPENDENCY (DuckDB absent), IO_ERROR (a DuckDB or file error, with its reason), and the
 *   codes of the stream it reads (e.g. `scoreStream`'s).
 * @example
 * await writeScoresParquet(scoreStream(model, book, { firstPurchaseDay }), 'scores.parquet');
 * // { customers: 2000, chunks: 4, bytes: ... } — SELECT * FROM 'scores.parquet' in DuckDB, pandas, Spark
 */
export async function writeScoresParquet(chunks: ScoreRecordChunks, target: string): Promise<WrittenScores> {
  const fn = 'writeScoresParquet';
  if (chunks === null || typeof chunks !== 'object' || !(Symbol.asyncIterator in chunks || Symbol.iterator in chunks)) {
    throw new ClvkitError('INVALID_VALUE', 'expected an (async) iterable of score record chunks (scoreStream)', { fn });
  }
  if (typeof target !== 'string' || target.length === 0) throw new ClvkitError('INVALID_VALUE', 'expected the path of the Parquet file', { fn, value: target });
  const path = resolve(target);
  const duck = await loadDuckDb(fn);
  const work = mkdtempSync(join(tmpdir(), 'clvkit-parquet-'));
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const instance = await duck.DuckDBInstance.create(join(work, 'stage.duckdb'), { memory_limit: '512MB', temp_directory: join(work, 'spill') });
  const connection = await instance.connect();
  const columns = SCORE_RECORD_COLUMNS.map((c) => `${quoteDouble(c)} ${TYPES[c]}`).join(', ');
  const jsonColumns = `{${SCORE_RECORD_COLUMNS.map((c) => `${quoteDouble(c)}: ${sqlString(TYPES[c])}`).join(', ')}}`;
  let customers = 0;
  let count = 0;
  try {
    await connection.run(`CREATE TABLE scores (${columns})`);
    const staged = join(work, 'chunk.jsonl');
    for await (const records of chunks as AsyncIterable<readonly CustomerScoreRecord[]>) {
      if (!Array.isArray(records)) throw new ClvkitError('INVALID_VALUE', 'expected each chunk to be an array of score records', { fn, chunk: count });
      if (records.length > 0) {
        let text = '';
        for (const r of records) text += `${JSON.stringify(r, SCORE_RECORD_COLUMNS as unknown as string[])}\n`;
        writeFileSync(staged, text);
        await connection.run(
          `INSERT INTO scores SELECT * FROM read_json(${sqlString(staged)}, format = 'newline_delimited', columns = ${jsonColumns}, maximum_object_size = 16777216)`,
        );
      }
      customers += records.length;
      count++;
    }
    await connection.run(`COPY scores TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof ClvkitError) throw error;
    throw new ClvkitError('IO_ERROR', `could not write the Parquet file: ${error instanceof Error ? error.message : String(error)}`, { fn, file: path });
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
  }
  return { customers, chunks: count, bytes: statSync(path).size };
}
