// The public API of clvkit: curated re-exports only.
export { ClvkitError, isClvkitError } from './errors.js';
export type { ClvkitErrorCode, ClvkitErrorDetails } from './errors.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
export { DAYS_PER_UNIT, TIME_UNITS, convertTime, isoDate, parseIsoDay, toEpochDay } from './time.js';
export type { DateInput, TimeUnit } from './time.js';
export type { TransactionTable, DictionaryColumn, IngestStats, RejectedRow } from './io/transaction-table.js';
export type { CustomerSummary } from './io/customer-summary.js';
