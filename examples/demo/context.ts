/**
 * What every demo section works on: the bundled synthetic bank book (fixtures/bank), read through the
 * library's own readers, its weekly customer summary and each customer's latest month.
 */
import { fileURLToPath } from 'node:url';
import { ClvkitError } from '../../src/errors.js';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import type { BankBook } from '../../src/simulate/bank-book.js';
import { latestSnapshot, type LatestSnapshot } from '../../src/simulate/latest-snapshot.js';
import { readBankBook } from '../../src/simulate/read-bank-book.js';
import { consolePrinter, type Printer } from './format.js';

export interface DemoContext {
  /** The book as read from `fixtureDir`. */
  readonly book: BankBook;
  /** Weekly summary with observationEnd = book.endDate; row i is customer i of `book.customers`. */
  readonly summary: CustomerSummary;
  /** Each customer's last-month snapshot, aligned with `book.customers` (zeros where `onBook` is 0). */
  readonly latest: LatestSnapshot;
  readonly print: Printer;
  /** Absolute path of the folder the book was read from. */
  readonly fixtureDir: string;
}

/** The bundled fixture: fixtures/bank at the project root. */
export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/bank/', import.meta.url));

/** Read the fixture, summarise its transactions in weeks and gather the latest snapshot. */
export async function loadDemoContext(): Promise<DemoContext> {
  const book = await readBankBook(FIXTURE_DIR);
  const summary = summarizeCustomers(book.transactions, { observationEnd: book.endDate, timeUnit: 'week' });
  const ids = book.customers.customerId;
  if (summary.length !== ids.length) {
    throw new ClvkitError('LENGTH_MISMATCH', `the summary has ${summary.length} customers, the book ${ids.length}`, {
      fn: 'loadDemoContext',
      file: FIXTURE_DIR,
    });
  }
  for (let i = 0; i < ids.length; i++) {
    if (summary.customerId[i] !== ids[i]) {
      throw new ClvkitError('INVALID_VALUE', `summary row ${i} is ${summary.customerId[i]}, expected customer ${ids[i]}`, {
        fn: 'loadDemoContext',
        file: FIXTURE_DIR,
        index: i,
        value: summary.customerId[i],
      });
    }
  }
  const latest = latestSnapshot(book.snapshots, { customers: book.customers.length, month: book.months.length - 1 });
  return { book, summary, latest, print: consolePrinter(), fixtureDir: FIXTURE_DIR };
}
