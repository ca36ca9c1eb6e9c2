/**
 * `npm run fixture`: regenerate the bundled synthetic bank book in fixtures/bank/ from the generator.
 * test/simulate/fixture.test.ts regenerates it in memory and compares it byte for byte with the
 * committed files, so the fixture cannot drift from the generator: after changing simulateBank,
 * run this script and commit the new files.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { simulateBank, type SimulateBankOptions } from '../src/simulate/simulate-bank.js';
import { writeBankBook } from '../src/simulate/format-bank-book.js';

/** The options the fixture is drawn from: 5,000 customers joining over the whole two years 2023–2024. */
export const BANK_FIXTURE_OPTIONS = {
  customers: 5000,
  months: 24,
  seed: 20230101,
  startDate: '2023-01-01',
  acquisitionMonths: 24,
} as const satisfies SimulateBankOptions;

/** Folder of the bundled fixture. */
export const BANK_FIXTURE_DIR = resolve(import.meta.dirname, '../fixtures/bank');

function main(): void {
  const started = performance.now();
  const book = simulateBank(BANK_FIXTURE_OPTIONS);
  const written = writeBankBook(book, { dir: BANK_FIXTURE_DIR });
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `fixture: ${book.customers.length} customers, ${book.snapshots.length} snapshots, ${book.transactions.length} transactions, ${book.months.length} months (${book.startDate} .. ${book.endDate}) in ${ms} ms\n`,
  );
  for (const path of written) process.stdout.write(`  wrote ${path}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
