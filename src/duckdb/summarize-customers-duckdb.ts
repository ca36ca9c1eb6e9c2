import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import { isDateFormat } from '../io/parse-date.js';
import { quoteIdentifier, sqlString } from '../sql/sql-dialect.js';
import { buildSummaryParts, planSummarySql, transactionsSql } from '../sql/summary-sql.js';
import { DAYS_PER_UNIT, isoDate, TIME_UNITS } from '../time.js';
import { parseOptions } from '../validate.js';
import { loadDuckDb } from './load-duckdb.js';
import { copyDoubles, copyStrings } from './read-columns.js';
import { strictReplaceList } from './strict-columns.js';
import { DEFAULT_MAX_FIELD_LENGTH } from '../io/ingest-options.js';
import { CUSTOMER_SUMMARY_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

const FN = 'summarizeCustomersDuckDb';

const dateInput = z.union([z.string(), z.number().int(), z.date()]);
const columnRef = z.union([z.string().min(1), z.number().int().min(0)]);

/** Options of {@link summarizeCustomersDuckDb}. */
export const summarizeCustomersDuckDbSchema = z.strictObject({
  /** Last day of the observation (inclusive); required. */
  observationEnd: dateInput,
  /** Last day of the calibration period (inclusive); adds the holdout columns. */
  calibrationEnd: dateInput.optional(),
  timeUnit: z.enum(TIME_UNITS),
  aggregateBy: z.enum(['day', 'none']).default('day'),
  /** Source columns: names, or 0-based indexes for a CSV without header. `order`: tie-break column for a table source. */
  columns: z
    .strictObject({
      customerId: columnRef.default('customer_id'),
      date: columnRef.default('date'),
      amount: columnRef.default('amount'),
      order: z.string().min(1).optional(),
    })
    .default({ customerId: 'customer_id', date: 'date', amount: 'amount' }),
  /** 'auto' (ISO YYYY-MM-DD or YYYYMMDD), 'date' (a DATE/TIMESTAMP column), or a pattern such as 'DD/MM/YYYY'. */
  dateFormat: z
    .string()
    .refine((f) => f === 'date' || isDateFormat(f), { message: "expected 'auto', 'date' or a pattern of YYYY, MM, DD" })
    .default('auto'),
  /** File format; 'auto' reads `.parquet` paths as Parquet and anything else as CSV. */
  format: z.enum(['auto', 'csv', 'parquet']).default('auto'),
  /** CSV field delimiter. */
  delimiter: z.enum([',', ';', '\t', '|']).default(','),
  /** CSV quote character. */
  quote: z.string().length(1).default('"'),
  /** Whether the CSV has a header line. */
  header: z.boolean().default(true),
  /** Longest customer id accepted, in characters (as the in-process readers' `maxFieldLength`). */
  maxFieldLength: z.number().int().min(1).default(DEFAULT_MAX_FIELD_LENGTH),
  /** DuckDB worker threads (default: DuckDB's own, one per core); only for the instance this call creates. */
  threads: z.number().int().min(1).optional(),
});

/** Options of {@link summarizeCustomersDuckDb} (input form). */
export type SummarizeCustomersDuckDbOptions = z.input<typeof summarizeCustomersDuckDbSchema>;

/** A DuckDB table (or view) to summarise, optionally on the caller's connection. */
export interface DuckDbTableSource {
  /** Table name: `name`, `schema.name`, or the parts as an array. */
  readonly table: string | readonly string[];
  /** The connection that sees the table; without it, a fresh in-memory database (useful only with attached files). */
  readonly connection?: DuckDBConnection;
}

/** Path(s) of CSV or Parquet files (globs such as `data/*.parquet` allowed), or a DuckDB table. */
export type DuckDbSource = string | readonly string[] | DuckDbTableSource;

let viewCounter = 0;

function isTableSource(source: unknown): source is DuckDbTableSource {
  return typeof source === 'object' && source !== null && !Array.isArray(source) && 'table' in source;
}

function duckDbError(cause: unknown, what: string): ClvkitError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = /No files found|Cannot open file|No such file|could not open/i.test(message)
    ? 'IO_ERROR'
    : /Catalog Error|Binder Error/.test(message)
      ? 'MISSING_COLUMN'
      : /CSV|sniff/i.test(message)
        ? 'CSV_PARSE'
        : 'INVALID_ROW';
  return new ClvkitError(code, `DuckDB failed ${what}: ${message.split('\n')[0]}`, { fn: FN, cause: message });
}

/**
 * Summarise transactions per customer inside DuckDB — CSV or Parquet files (globs allowed) or a
 * DuckDB table — and return the same {@link CustomerSummary} as `summarizeCustomers` (same fields,
 * definitions and units), computed with the definitions of `summarySql({ dialect: 'duckdb' })` (one
 * statement gives each customer's raw aggregates and bookkeeping, including whether all its rows came
 * after the end; the derived columns and the totals are computed in JavaScript from them). Only one
 * row per customer crosses into
 * JavaScript, copied column-wise, so memory grows with customers, not transactions. A CSV
 * is read as text and every value checked by the in-process reader's rules (`strict-columns.ts`:
 * strict decimals up to MAX_AMOUNT, dates in their format with an optional time of day, ids without
 * control characters and at most `maxFieldLength` characters), then parsed per value; the first bad
 * row is found and reported with its line and column, as in-process.
 *
 * Order: customers are sorted by customer id (byte order), not by first appearance as in the
 * in-process path; compare the two after sorting by id. With `aggregateBy: 'none'`, same-day ties
 * of a customer's first day are broken by file row order for files (as in-process), and by
 * `columns.order` (then amount) for a table.
 *
 * Bad rows: a value the in-process reader rejects throws with the 1-based line (header = line 1) and
 * column of the first such row — INVALID_ROW (customer id), INVALID_DATE, INVALID_NUMBER; nothing is
 * dropped silently.
 *
 * @throws ClvkitError MISSING_DEPENDENCY (`@duckdb/node-api` not installed), INVALID_OPTIONS,
 * INVALID_DATE (a bad date option), IO_ERROR (no such file), MISSING_COLUMN, CSV_PARSE, INVALID_ROW,
 * EMPTY_INPUT (no customer with a purchase in the period).
 * @example
 * const s = await summarizeCustomersDuckDb('fixtures/bank/transactions.csv', { observationEnd: '2024-12-31', timeUnit: 'week' });
 * s.length                                        // 5000
 * [s.customerId[0], s.frequency[0], s.recency[0]]  // ['C000001', 8, 41]
 * s.T[0]                                          // 59.142857142857146
 */
export async function summarizeCustomersDuckDb(source: DuckDbSource, options: SummarizeCustomersDuckDbOptions): Promise<Displayed<CustomerSummary>> {
  const o = parseOptions(summarizeCustomersDuckDbSchema, options, FN);
  const isTable = isTableSource(source);
  let paths: readonly string[] = [];
  if (!isTable) {
    paths = typeof source === 'string' ? [source] : Array.isArray(source) ? (source as readonly string[]) : [];
    if (paths.length === 0 || paths.some((p) => typeof p !== 'string' || p.length === 0)) {
      throw new ClvkitError('INVALID_OPTIONS', 'expected a file path, an array of paths, or { table }', { fn: FN, value: typeof source });
    }
  }
  const columnName = (ref: string | number): string => {
    if (typeof ref === 'string') return ref;
    if (isTable || o.header)
      throw new ClvkitError('INVALID_OPTIONS', 'column indexes are only for a CSV without header', { fn: FN, path: ['columns'], value: ref });
    return `column${ref}`;
  };
  const rowColumn = '__clvkit_row';
  const needsRowOrder = !isTable && o.aggregateBy === 'none';
  const view = `__clvkit_source_${process.pid}_${++viewCounter}`;
  // The source with the in-process reader's rules applied (bad values → NULL → a located bad row).
  const strictView = `${view}_strict`;
  const planFor = (dateFormat: string): ReturnType<typeof planSummarySql> =>
    planSummarySql(
      {
        table: [strictView],
        columns: {
          customerId: columnName(o.columns.customerId),
          date: columnName(o.columns.date),
          amount: columnName(o.columns.amount),
          ...(needsRowOrder ? { order: rowColumn } : o.columns.order !== undefined ? { order: o.columns.order } : {}),
        },
        dateFormat,
        observationEnd: o.observationEnd,
        ...(o.calibrationEnd !== undefined ? { calibrationEnd: o.calibrationEnd } : {}),
        timeUnit: o.timeUnit,
        aggregateBy: o.aggregateBy,
        dialect: 'duckdb',
      },
      FN,
    );
  // Validate every option before DuckDB is loaded.
  let { plan, parsed } = planFor(o.dateFormat);

  const duck = await loadDuckDb(FN);
  let instance: DuckDBInstance | undefined;
  let connection: DuckDBConnection;
  const own = !isTable || (source as DuckDbTableSource).connection === undefined;
  if (own) {
    instance = await duck.DuckDBInstance.create(':memory:', o.threads !== undefined ? { threads: String(o.threads) } : {});
    connection = await instance.connect();
  } else connection = (source as DuckDbTableSource).connection!;

  try {
    // One statement: the `per` rows of the summary SQL (one per customer id seen, sorted by id) come back
    // as raw aggregates (all DOUBLE, so they copy column-wise in bulk); the derived columns and the
    // bookkeeping totals are computed while reading them: no temp table, no second query, no window.
    // (preserve_insertion_order stays on: the 'none' path and the bad-row search number rows in file order.)
    const summarise = async (): Promise<Awaited<ReturnType<DuckDBConnection['run']>>> => {
      const { ctes } = buildSummaryParts(parsed, plan, FN);
      return connection.run(`${ctes}
SELECT customer_id, CAST(first_day AS DOUBLE), CAST(last_day AS DOUBLE), CAST(purchases AS DOUBLE), CAST(transaction_count AS DOUBLE),
  total_amount, first_amount, CAST(holdout_purchases AS DOUBLE), holdout_amount, CAST(after_end AS DOUBLE), CAST(bad_rows AS DOUBLE)
FROM per
ORDER BY customer_id`);
    };
    const holdout = plan.calibrationEnd !== undefined;
    let result: Awaited<ReturnType<DuckDBConnection['run']>>;
    if (!isTable) {
      const list = `[${paths.map(sqlString).join(', ')}]`;
      const parquet = o.format === 'parquet' || (o.format === 'auto' && paths.every((p) => /\.parquet$/i.test(p)));
      const rowNumber = needsRowOrder ? `, row_number() OVER () AS "${rowColumn}"` : '';
      const createView = async (reader: string): Promise<void> => {
        try {
          await connection.run(`CREATE OR REPLACE TEMP VIEW "${view}" AS SELECT *${rowNumber} FROM ${reader}`);
        } catch (cause) {
          throw duckDbError(cause, 'to open the source');
        }
      };
      if (parquet) {
        await createView(`read_parquet(${list})`);
        if (o.dateFormat === 'auto') {
          // A DATE or TIMESTAMP column needs no parsing.
          const type = String(
            (
              await connection.runAndReadAll(`SELECT typeof(${quoteIdentifier([parsed.columns.date], 'duckdb', FN)}) FROM "${view}" LIMIT 1`)
            ).getColumns()[0]?.[0] ?? '',
          );
          if (/^(DATE|TIMESTAMP)/.test(type)) ({ plan, parsed } = planFor('date'));
        }
      } else {
        // An empty file has no header to find the columns in: EMPTY_INPUT, as in-process (DuckDB would say MISSING_COLUMN).
        const empty = paths.find((p) => !/[*?[]/.test(p) && existsSync(p) && statSync(p).isFile() && statSync(p).size === 0);
        if (empty !== undefined) throw new ClvkitError('EMPTY_INPUT', 'the source has no records (not even a header)', { fn: FN, file: empty });
        const csv = `${list}, header = ${o.header}, delim = ${sqlString(o.delimiter)}, quote = ${sqlString(o.quote)}`;
        // Every value as text, checked by the in-process reader's rules (strict-columns.ts) and parsed
        // per value: DuckDB's typed CSV reader would accept NaN, inf, 1e300, .5, 5., 1_000 and " 5 ".
        await createView(`read_csv(${csv}, all_varchar = true)`);
      }
    }
    await createStrictView(connection, isTable ? (source as DuckDbTableSource).table : [view], strictView, parsed.columns, parsed.dateFormat, o.maxFieldLength);
    try {
      result = await summarise();
    } catch (cause) {
      throw duckDbError(cause, 'to summarise');
    }
    const rows = result.rowCount;
    const cal = plan.calibrationEnd ?? plan.observationEnd;
    const dpu = DAYS_PER_UNIT[plan.timeUnit];
    const customerId: string[] = new Array<string>(rows);
    let frequency = new Float64Array(rows);
    let recency = new Float64Array(rows);
    let T = new Float64Array(rows);
    let monetaryValue = new Float64Array(rows);
    let firstDay = new Int32Array(rows);
    let lastDay = new Int32Array(rows);
    let transactionCount = new Uint32Array(rows);
    let totalAmount = new Float64Array(rows);
    let daysSinceLastPurchase = new Int32Array(rows);
    let holdoutFrequency = new Float64Array(holdout ? rows : 0);
    let holdoutMonetaryValue = new Float64Array(holdout ? rows : 0);
    let afterEnd = 0;
    let invalid = 0;
    let excluded = 0;
    let onlyAfterEnd = 0;
    let m = 0;
    // Chunk by chunk (synchronous reads of the materialised result): copy the raw aggregates column-wise
    // into scratch arrays (see read-columns.ts), then derive the output columns in one pass.
    let size = 0;
    const chunks = Array.from({ length: result.chunkCount }, (_, c) => result.getChunk(c));
    for (const chunk of chunks) size = Math.max(size, chunk.rowCount);
    const ids = new Array<string | null>(size);
    const raw = Array.from({ length: 10 }, () => new Float64Array(size));
    const [firsts, lasts, purchasesV, countsV, totalsV, firstAmountsV, holdoutPurchasesV, holdoutAmountsV, afterEndV, badV] = raw as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (const chunk of chunks) {
      const n = chunk.rowCount;
      copyStrings(chunk.getColumnVector(0), n, ids, 0);
      for (let j = 0; j < 10; j++) copyDoubles(chunk.getColumnVector(j + 1), n, raw[j]!, 0);
      for (let k = 0; k < n; k++) {
        afterEnd += afterEndV[k]!;
        invalid += badV[k]!;
        const purchases = purchasesV[k]!;
        const holdoutPurchases = holdoutPurchasesV[k]!;
        const id = ids[k]!;
        if (purchases === 0) {
          if (holdoutPurchases > 0) excluded++;
          else if (id !== null && afterEndV[k]! > 0) onlyAfterEnd++;
          continue;
        }
        if (id === null) continue; // its rows are counted in bad_rows
        const first = firsts[k]!;
        const last = lasts[k]!;
        const total = totalsV[k]!;
        customerId[m] = id;
        // The same expressions as the summary statement's output columns (IEEE doubles, same operations).
        frequency[m] = purchases - 1;
        recency[m] = (last - first) / dpu;
        T[m] = (cal - first) / dpu;
        monetaryValue[m] = purchases > 1 ? (total - firstAmountsV[k]!) / (purchases - 1) : 0;
        firstDay[m] = first;
        lastDay[m] = last;
        transactionCount[m] = countsV[k]!;
        totalAmount[m] = total;
        daysSinceLastPurchase[m] = cal - last;
        if (holdout) {
          holdoutFrequency[m] = holdoutPurchases;
          holdoutMonetaryValue[m] = holdoutPurchases > 0 ? holdoutAmountsV[k]! / holdoutPurchases : 0;
        }
        m++;
      }
    }
    customerId.length = m;
    if (m < rows) {
      frequency = frequency.slice(0, m);
      recency = recency.slice(0, m);
      T = T.slice(0, m);
      monetaryValue = monetaryValue.slice(0, m);
      firstDay = firstDay.slice(0, m);
      lastDay = lastDay.slice(0, m);
      transactionCount = transactionCount.slice(0, m);
      totalAmount = totalAmount.slice(0, m);
      daysSinceLastPurchase = daysSinceLastPurchase.slice(0, m);
      holdoutFrequency = holdoutFrequency.slice(0, m);
      holdoutMonetaryValue = holdoutMonetaryValue.slice(0, m);
    }
    if (invalid > 0) throw await firstInvalidRow(connection, parsed, plan, invalid, o.header && !isTable);
    if (m === 0) {
      const bad = await countInvalid(connection, parsed, plan);
      if (bad > 0) throw await firstInvalidRow(connection, parsed, plan, bad, o.header && !isTable);
      throw new ClvkitError('EMPTY_INPUT', `no customer has a purchase on or before ${isoDate(plan.calibrationEnd ?? plan.observationEnd)}`, { fn: FN });
    }
    const base = {
      length: m,
      timeUnit: plan.timeUnit,
      aggregateBy: plan.aggregateBy,
      observationEnd: isoDate(plan.observationEnd),
      customerId,
      frequency,
      recency,
      T,
      monetaryValue,
      firstDay,
      lastDay,
      transactionCount,
      totalAmount,
      daysSinceLastPurchase,
      transactionsAfterEnd: afterEnd,
      customersOnlyAfterEnd: onlyAfterEnd,
    };
    if (plan.calibrationEnd === undefined) return withDisplay(base, CUSTOMER_SUMMARY_DISPLAY);
    return withDisplay(
      {
        ...base,
        calibrationEnd: isoDate(plan.calibrationEnd),
        holdoutFrequency,
        holdoutMonetaryValue,
        holdoutDuration: (plan.observationEnd - plan.calibrationEnd) / DAYS_PER_UNIT[plan.timeUnit],
        excludedAfterCalibration: excluded,
      },
      CUSTOMER_SUMMARY_DISPLAY,
    );
  } finally {
    try {
      await connection.run(`DROP VIEW IF EXISTS "${strictView}"`);
    } catch {
      // as below
    }
    if (!isTable) {
      try {
        await connection.run(`DROP VIEW IF EXISTS "${view}"`);
      } catch {
        // the view lives in this connection's temp schema and goes with it
      }
    }
    if (own) {
      connection.closeSync();
      instance?.closeSync();
    }
  }
}

/** `CREATE TEMP VIEW strict AS SELECT * REPLACE (strict id, date, amount) FROM source`. */
async function createStrictView(
  connection: DuckDBConnection,
  source: string | readonly string[],
  strictView: string,
  columns: { readonly customerId: string; readonly date: string; readonly amount: string },
  dateFormat: string,
  maxFieldLength: number,
): Promise<void> {
  const from = quoteIdentifier(typeof source === 'string' ? source : [...source], 'duckdb', FN);
  try {
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
    const types = new Map<string, string>(described.getRows().map((r) => [String(r[0]), String(r[1])]));
    for (const name of [columns.customerId, columns.date, columns.amount]) {
      if (!types.has(name))
        throw new ClvkitError('MISSING_COLUMN', `no column ${JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name)} in the source`, {
          fn: FN,
          column: name,
        });
    }
    await connection.run(
      `CREATE OR REPLACE TEMP VIEW "${strictView}" AS SELECT * REPLACE (${strictReplaceList(columns, types, dateFormat, maxFieldLength, FN)}) FROM ${from}`,
    );
  } catch (cause) {
    if (cause instanceof ClvkitError) throw cause;
    throw duckDbError(cause, 'to open the source');
  }
}

type Parsed = Parameters<typeof transactionsSql>[0];
type Plan = Parameters<typeof transactionsSql>[1];

async function countInvalid(connection: DuckDBConnection, parsed: Parsed, plan: Plan): Promise<number> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(count(*) AS DOUBLE) FROM (${transactionsSql(parsed, plan, FN)}) WHERE customer_id IS NULL OR d IS NULL OR amount IS NULL`,
  );
  return reader.getColumns()[0]![0] as number;
}

/** Locate the first row whose id, date or amount is empty or did not parse, for the error message. */
async function firstInvalidRow(connection: DuckDBConnection, parsed: Parsed, plan: Plan, count: number, header: boolean): Promise<ClvkitError> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(line AS DOUBLE), customer_id IS NULL, d IS NULL, amount IS NULL FROM (SELECT row_number() OVER () AS line, * FROM (${transactionsSql(parsed, plan, FN)}))
     WHERE customer_id IS NULL OR d IS NULL OR amount IS NULL ORDER BY line LIMIT 1`,
  );
  const row = reader.getRows()[0];
  const reason = `${count} row${count === 1 ? '' : 's'} with an empty or unparsable customer id, date or amount`;
  if (row === undefined) return new ClvkitError('INVALID_ROW', reason, { fn: FN });
  const index = row[0] as number;
  const column = row[1] === true ? parsed.columns.customerId : row[2] === true ? parsed.columns.date : parsed.columns.amount;
  const code = row[1] === true ? 'INVALID_ROW' : row[2] === true ? 'INVALID_DATE' : 'INVALID_NUMBER';
  return new ClvkitError(code, reason, { fn: FN, line: header ? index + 1 : index, column, rows: count });
}
