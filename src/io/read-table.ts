import { z } from 'zod';
import { parseOptions } from '../validate.js';
import { decodeSource, IngestCounter, type DecodedBatch } from './decode-source.js';
import { checkSeparators, columnRef, readerOptionsShape } from './ingest-options.js';
import type { IngestSource } from './ingest-source.js';
import type { FieldSpec, RecordDecoder } from './record-decoder.js';
import type { IngestStats, RejectedRow } from './transaction-table.js';

const FN = 'readTable';

const columnSpec = z.strictObject({
  /** Source column (header name or 0-based index); defaults to the output name. */
  source: columnRef.optional(),
  /** 'string', 'number' (strict decimal), 'integer', or 'date' (epoch days, per `dateFormat`). */
  type: z.enum(['string', 'number', 'integer', 'date']),
  /** The column may be absent from the source; it is then absent from the result. */
  optional: z.boolean().default(false),
});

/** Options of {@link readTable}. */
export const readTableSchema = z
  .strictObject({
    ...readerOptionsShape,
    /** Output columns by name. */
    columns: z.record(z.string().min(1), columnSpec).refine((c) => Object.keys(c).length > 0, { message: 'at least one column is required' }),
  })
  .superRefine(checkSeparators);

/** Options of {@link readTable} (input form). */
export type ReadTableOptions = z.input<typeof readTableSchema>;

/** A column of a {@link TableData}: Float64Array (number), Int32Array (integer, date as epoch days) or strings. */
export type TableColumn = Float64Array | Int32Array | string[];

/** The result of {@link readTable}. */
export interface TableData {
  readonly length: number;
  readonly columns: Readonly<Record<string, TableColumn>>;
  /** Rows read, accepted and rejected; `read === accepted + rejected`. */
  readonly stats: Omit<IngestStats, 'negativeAmounts'>;
  readonly rejects: readonly RejectedRow[];
}

/**
 * Read any table (customer attributes, monthly balance snapshots, ...) into typed columns, with the
 * same sources, CSV dialect, validation, errors and reject handling as {@link readTransactions}:
 * `number` columns are strict decimals (Float64Array), `integer` columns 32-bit integers (Int32Array), `date` columns epoch days (Int32Array), `string` columns kept as read.
 * An empty cell is an error in number, integer and date columns (no silent 0 or NaN).
 *
 * @throws ClvkitError INVALID_OPTIONS, MISSING_COLUMN, INVALID_ROW, INVALID_DATE, INVALID_NUMBER,
 * CSV_PARSE, EMPTY_INPUT, IO_ERROR
 * @example
 * const t = await readTable({ text: 'id,month,aum\nA,2024-01-31,1200.5\nB,2024-01-31,80' }, {
 *   columns: { id: { type: 'string' }, month: { type: 'date' }, aum: { type: 'number' } },
 * });
 * t.columns.month // Int32Array [19753, 19753]
 * t.columns.aum   // Float64Array [1200.5, 80]
 */
export async function readTable(source: IngestSource, options: ReadTableOptions): Promise<TableData> {
  const o = parseOptions(readTableSchema, options, FN);
  const specs: FieldSpec[] = Object.entries(o.columns).map(([name, c]) => ({
    name,
    source: c.source ?? name,
    kind: c.type,
    optional: c.optional,
  }));
  const counter = new IngestCounter();
  const parts: DecodedBatch[] = [];
  let decoder: RecordDecoder | undefined;
  for await (const item of decodeSource(source, specs, o, FN, counter)) {
    if ('columns' in item) parts.push(item);
    else decoder = item;
  }
  const fields = decoder!.fields;
  const length = parts.reduce((n, p) => n + p.length, 0);
  const columns: Record<string, TableColumn> = {};
  fields.forEach((field, f) => {
    if (field.kind === 'string') {
      columns[field.name] = parts.flatMap((p) => p.columns[f] as string[]);
      return;
    }
    const out = field.kind === 'number' ? new Float64Array(length) : new Int32Array(length);
    let i = 0;
    for (const p of parts) {
      const values = p.columns[f] as number[];
      for (let k = 0; k < values.length; k++, i++) {
        out[i] = values[k]!;
      }
    }
    columns[field.name] = out;
  });
  return { length, columns, stats: { read: counter.read, accepted: counter.accepted, rejected: counter.rejected }, rejects: counter.rejects };
}
