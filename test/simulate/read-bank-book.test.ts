import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { BANK_FIXTURE_DIR, BANK_FIXTURE_OPTIONS } from '../../scripts/make-fixture.js';
import type { BankBook } from '../../src/simulate/bank-book.js';
import { writeBankBook } from '../../src/simulate/format-bank-book.js';
import { readBankBook } from '../../src/simulate/read-bank-book.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { codeOfAsync } from '../helpers/expect-code.js';

/** Index of the first difference between two columns (-1 when equal), with a fast loop instead of a deep equality. */
function firstDifference(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function expectSameColumn(a: ArrayLike<unknown>, b: ArrayLike<unknown>, name: string): void {
  expect(Object.prototype.toString.call(a), name).toBe(Object.prototype.toString.call(b));
  const i = firstDifference(a, b);
  expect(i, `${name} differs at ${i}: ${String(a[i])} vs ${String(b[i])}`).toBe(-1);
}

/** Every column of `read` equals the in-memory `book` (strings decoded from their dictionaries). */
function expectSameBook(read: BankBook, book: BankBook): void {
  expect(read.months).toEqual(book.months);
  expect(read.startDate).toBe(book.startDate);
  expect(read.endDate).toBe(book.endDate);
  const c = book.customers;
  expect(read.customers.length).toBe(c.length);
  for (const col of ['customerId', 'type', 'region', 'age', 'joinDay'] as const) expectSameColumn(read.customers[col], c[col], col);
  const s = book.snapshots;
  expect(read.snapshots.length).toBe(s.length);
  for (const col of ['customer', 'month', 'deposits', 'wealth', 'aum', 'loans', 'netRevenue', 'costToServe', 'activity', 'products'] as const) {
    expectSameColumn(read.snapshots[col], s[col], col);
  }
  const t = book.transactions;
  const rt = read.transactions;
  expect(rt.length).toBe(t.length);
  expectSameColumn(rt.customerIds, t.customerIds, 'customerIds');
  expectSameColumn(rt.customer, t.customer, 'customer');
  expectSameColumn(rt.day, t.day, 'day');
  expectSameColumn(rt.amount, t.amount, 'amount');
  expect(rt.stats).toEqual(t.stats);
  for (const name of ['channel', 'product']) {
    const a = rt.attributes[name]!;
    const b = t.attributes[name]!;
    expectSameColumn(
      Array.from(a.codes, (k) => a.values[k]),
      Array.from(b.codes, (k) => b.values[k]),
      name,
    );
  }
  expect(read.truth?.seed).toBe(book.truth?.seed);
  expect(read.truth?.bgNbd).toEqual(book.truth?.bgNbd);
  expect(read.truth?.gammaGamma).toEqual(book.truth?.gammaGamma);
}

describe('readBankBook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-read-book-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the bundled fixture back into the book the generator made', async () => {
    const read = await readBankBook(BANK_FIXTURE_DIR);
    expectSameBook(read, simulateBank(BANK_FIXTURE_OPTIONS));
  });

  it('round-trips a written book, and reads a book without truth.json', async () => {
    const book = simulateBank({ customers: 80, months: 7, seed: 31, startDate: '2021-11-01' });
    writeBankBook(book, { dir: join(dir, 'a') });
    expectSameBook(await readBankBook(join(dir, 'a')), book);
    rmSync(join(dir, 'a', 'truth.json'));
    const noTruth = await readBankBook(join(dir, 'a'));
    expect(noTruth.truth).toBeUndefined();
    expect(noTruth.months).toEqual(book.months);
  });

  /** Copy a small book to a fresh folder, apply `edit` to one file, and return the folder. */
  const small = simulateBank({ customers: 10, months: 3, seed: 4 });
  let count = 0;
  function variant(file: string, edit: (text: string) => string): string {
    const d = join(dir, `v${count++}`);
    mkdirSync(d);
    writeBankBook(small, { dir: d });
    writeFileSync(join(d, file), edit(readFileSync(join(d, file), 'utf8')));
    return d;
  }

  it('rejects bad books with the documented codes', async () => {
    expect(await codeOfAsync(() => readBankBook(join(dir, 'missing')))).toBe('IO_ERROR');
    expect(await codeOfAsync(() => readBankBook(variant('customers.csv', (t) => t.replace(',individual,', ',retail,'))))).toBe('INVALID_VALUE');
    expect(await codeOfAsync(() => readBankBook(variant('customers.csv', (t) => t.replace(/,(urban|suburban|rural),/, ',moon,'))))).toBe('INVALID_VALUE');
    expect(await codeOfAsync(() => readBankBook(variant('customers.csv', (t) => t.replace('C000002', 'C000001'))))).toBe('DUPLICATE_ID');
    expect(await codeOfAsync(() => readBankBook(variant('customers.csv', (t) => t.split('\n')[0] + '\n')))).toBe('EMPTY_INPUT');
    expect(await codeOfAsync(() => readBankBook(variant('snapshots.csv', (t) => t.replace(/current_account/, 'gold_bar'))))).toBe('INVALID_VALUE');
    expect(await codeOfAsync(() => readBankBook(variant('snapshots.csv', (t) => t.replace(/,2023-0(\d),/, ',2023-13,'))))).toBe('INVALID_DATE');
    expect(await codeOfAsync(() => readBankBook(variant('snapshots.csv', (t) => t.replace(/\nC000001,/, '\nC999999,'))))).toBe('INVALID_VALUE');
    expect(await codeOfAsync(() => readBankBook(variant('snapshots.csv', (t) => t.replace(/(\nC\d+,\d{4}-\d{2},)\d+/, '$1-5'))))).toBe('INVALID_VALUE');
    expect(
      await codeOfAsync(() =>
        readBankBook(
          variant('snapshots.csv', (t) => {
            const lines = t.split('\n');
            return [lines[0], lines[1], lines[1], ...lines.slice(2)].join('\n');
          }),
        ),
      ),
    ).toBe('DUPLICATE_ID');
    expect(await codeOfAsync(() => readBankBook(variant('transactions.csv', (t) => t.replace(/\nC000001,/, '\nC999999,'))))).toBe('INVALID_VALUE');
    expect(await codeOfAsync(() => readBankBook(variant('transactions.csv', (t) => t.replace(/\d{4}-\d{2}-\d{2}/, '2023-02-30'))))).toBe('INVALID_DATE');
    expect(await codeOfAsync(() => readBankBook(variant('truth.json', () => '{"seed": 1')))).toBe('INVALID_VALUE');
    expect(await codeOfAsync(() => readBankBook(variant('truth.json', () => '{"seed": 1, "bgNbd": {}}')))).toBe('INVALID_VALUE');
    expect(await codeOfAsync(() => readBankBook(BANK_FIXTURE_DIR, { nope: 1 } as never))).toBe('INVALID_OPTIONS');
  });

  it('has the public types', () => {
    expectTypeOf(readBankBook).returns.resolves.toEqualTypeOf<BankBook>();
  });
});
