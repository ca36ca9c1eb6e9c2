import { z } from 'zod';
import { isDateFormat } from '../io/parse-date.js';
import { parseOptions } from '../validate.js';

/** A column name in the user's table. */
const column = z.string().min(1);

/** Where a table comes from: a file (CSV, CSV.gz, Parquet), a DuckDB table or query, or a PostgreSQL table or query. */
const sourceShape = {
  /** A file: `.csv`, `.csv.gz` (read by clvkit), `.parquet` (read through DuckDB). Relative paths are relative to the spec's folder. */
  path: z.string().min(1).optional(),
  /** A DuckDB database file (or ':memory:' with `query`) and a table or a query (needs `@duckdb/node-api`). */
  duckdb: z
    .strictObject({
      database: z.string().min(1).default(':memory:'),
      table: z.string().min(1).optional(),
      query: z.string().min(1).optional(),
    })
    .optional(),
  /** A PostgreSQL connection string and a table or a query (needs the `pg` package). */
  postgres: z
    .strictObject({
      connectionString: z.string().min(1),
      table: z.string().min(1).optional(),
      query: z.string().min(1).optional(),
    })
    .optional(),
  /** CSV field delimiter (default ','). */
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  /** Decimal separator of numbers (default '.'). */
  decimal: z.enum(['.', ',']).optional(),
  /** Thousands separator accepted in numbers. */
  thousands: z.enum([',', '.', ' ', "'", '_']).optional(),
  /** Date format: 'auto' (YYYY-MM-DD or YYYYMMDD) or a pattern such as 'DD/MM/YYYY'. */
  dateFormat: z.string().refine(isDateFormat, { message: "expected 'auto' or a pattern such as 'DD/MM/YYYY'" }).optional(),
};

function oneSource(
  s: {
    path?: string | undefined;
    duckdb?: { table?: string | undefined; query?: string | undefined } | undefined;
    postgres?: { table?: string | undefined; query?: string | undefined } | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const given = [s.path, s.duckdb, s.postgres].filter((x) => x !== undefined).length;
  if (given !== 1) ctx.addIssue({ code: 'custom', path: ['path'], message: 'give exactly one source: path, duckdb or postgres' });
  for (const key of ['duckdb', 'postgres'] as const) {
    const db = s[key];
    if (db !== undefined && (db.table === undefined) === (db.query === undefined))
      ctx.addIssue({ code: 'custom', path: [key], message: 'give a table or a query (one of them)' });
  }
}

/** The transactions part: one row per purchase. */
export const transactionsSpecSchema = z
  .strictObject({
    ...sourceShape,
    /** Column names of the roles (defaults customer_id, date, amount). */
    columns: z.strictObject({ customerId: column.default('customer_id'), date: column.default('date'), amount: column.default('amount') }).prefault({}),
  })
  .superRefine(oneSource);

/** The customers part: one row per customer, any attribute columns. */
export const customersSpecSchema = z
  .strictObject({
    ...sourceShape,
    columns: z.strictObject({ customerId: column.default('customer_id'), joinDate: column.optional() }).prefault({}),
    /** Attribute columns kept (any names, any values); default every other column. */
    attributes: z.array(column).optional(),
  })
  .superRefine(oneSource);

/** Products given in the snapshot table: one column of delimited names, or one column per product (0/1 or a balance). */
const snapshotProductsSchema = z.union([
  z.strictObject({ column, separator: z.string().min(1).max(3).default('|') }),
  z.strictObject({ columns: z.array(column).min(1), kind: z.enum(['flag', 'balance']).default('flag') }),
]);

/** The snapshots part: one row per customer and month-end. */
export const snapshotsSpecSchema = z
  .strictObject({
    ...sourceShape,
    columns: z
      .strictObject({
        customerId: column.default('customer_id'),
        /** The month: `YYYY-MM` or a month-end date. */
        month: column.default('month'),
        deposits: column.default('deposits'),
        wealth: column.default('wealth'),
        loans: column.default('loans'),
        /** AUM as its own column; default deposits + wealth. */
        aum: column.optional(),
        netRevenue: column.optional(),
        costToServe: column.optional(),
        activity: column.optional(),
      })
      .prefault({}),
    products: snapshotProductsSchema.optional(),
  })
  .superRefine(oneSource);

/** Products as a long table: one row per customer, month and product held (a balance optional). */
export const holdingsSpecSchema = z
  .strictObject({
    ...sourceShape,
    columns: z
      .strictObject({
        customerId: column.default('customer_id'),
        month: column.default('month'),
        product: column.default('product'),
        balance: column.optional(),
      })
      .prefault({}),
  })
  .superRefine(oneSource);

/**
 * One description of a book: which files or tables hold which part, and which columns play which role.
 * The same object is the API's `readBook(spec)` argument and the CLI's `--book spec.json`.
 */
export const bookSpecSchema = z
  .strictObject({
    /** JSON Schema reference for editors (ignored). */
    $schema: z.string().optional(),
    transactions: transactionsSpecSchema.optional(),
    customers: customersSpecSchema.optional(),
    snapshots: snapshotsSpecSchema.optional(),
    /** Products as a long table (customer, month, product[, balance]). */
    holdings: holdingsSpecSchema.optional(),
    /** Product dictionary order (names not listed come after, in order of first appearance). */
    productNames: z.array(column).optional(),
    /** Customer attribute that is the value model's peer group (default `type` when present). */
    peerGroup: column.optional(),
    /** Currency code of the money columns (shown, never converted). */
    currency: z.string().min(1).max(12).optional(),
    /** Annual margin on AUM + loans used as revenue when the snapshots have no netRevenue (default 0.01). */
    margin: z.number().min(0).max(1).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.transactions === undefined && s.snapshots === undefined)
      ctx.addIssue({ code: 'custom', path: [], message: 'a book needs transactions or snapshots (or both)' });
    if (s.holdings !== undefined && s.snapshots === undefined) ctx.addIssue({ code: 'custom', path: ['holdings'], message: 'holdings need snapshots' });
  });

/** A book spec as written (JSON file or object). */
export type BookSpec = z.input<typeof bookSpecSchema>;
/** A book spec with defaults filled. */
export type ParsedBookSpec = z.output<typeof bookSpecSchema>;

/**
 * Check a book spec and fill its defaults.
 * @throws ClvkitError INVALID_OPTIONS naming the key (an unknown role is an unknown key).
 * @example parseBookSpec({ transactions: { path: 'tx.csv' } }).transactions.columns // { customerId: 'customer_id', date: 'date', amount: 'amount' }
 */
export function parseBookSpec(spec: unknown): ParsedBookSpec {
  return parseSpecFor(spec, 'parseBookSpec');
}

/** {@link parseBookSpec} naming the calling function in its errors. Internal. */
export function parseSpecFor(spec: unknown, fn: string): ParsedBookSpec {
  return parseOptions(bookSpecSchema, spec, fn);
}

/**
 * The JSON Schema (draft 2020-12) of a book spec, for editors (`"$schema": "./book-spec.schema.json"`).
 * @example bookSpecJsonSchema().properties.transactions !== undefined // true
 */
export function bookSpecJsonSchema(): Record<string, unknown> & { properties: Record<string, unknown> } {
  const schema = z.toJSONSchema(bookSpecSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & { properties: Record<string, unknown> };
  return { ...schema, title: 'clvkit book spec', description: 'Which files or tables hold a bank book and which columns play which role.' };
}
