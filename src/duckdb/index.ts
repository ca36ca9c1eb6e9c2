/**
 * clvkit/duckdb — run the transactions → per-customer summary step inside DuckDB.
 * Needs the optional peer dependency `@duckdb/node-api`; it is imported on first use.
 */
export {
  summarizeCustomersDuckDb,
  summarizeCustomersDuckDbSchema,
  type DuckDbSource,
  type DuckDbTableSource,
  type SummarizeCustomersDuckDbOptions,
} from './summarize-customers-duckdb.js';
export { loadDuckDb, type DuckDbModule } from './load-duckdb.js';
export { sortBookCsv, type SortBookCsvOptions, type SortedBookPart } from './sort-book-csv.js';
