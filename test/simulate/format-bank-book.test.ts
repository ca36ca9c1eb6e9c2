import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { PRODUCTS, productsOf } from '../../src/simulate/bank-book.js';
import { formatBankBook, writeBankBook, type BankBookFiles } from '../../src/simulate/format-bank-book.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { isoDate } from '../../src/time.js';
import { codeOf } from '../helpers/expect-code.js';

describe('formatBankBook', () => {
  const book = simulateBank({ customers: 60, months: 5, seed: 8 });
  const files = formatBankBook(book);

  it('a worked example: one line per row, values as held, locale-free', () => {
    const customers = files['customers.csv'].trimEnd().split('\n');
    const snapshots = files['snapshots.csv'].trimEnd().split('\n');
    const transactions = files['transactions.csv'].trimEnd().split('\n');
    expect(customers.length - 1).toBe(book.customers.length);
    expect(snapshots.length - 1).toBe(book.snapshots.length);
    expect(transactions.length - 1).toBe(book.transactions.length);
    const c = book.customers;
    expect(customers[1]).toBe(`${c.customerId[0]},${c.type[0]},${c.region[0]},${c.age[0]},${isoDate(c.joinDay[0]!)}`);
    const s = book.snapshots;
    for (const j of [0, 17, s.length - 1]) {
      const f = snapshots[j + 1]!.split(',');
      expect(f[0]).toBe(c.customerId[s.customer[j]!]);
      expect(f[1]).toBe(book.months[s.month[j]!]);
      expect(f.slice(2, 8).map(Number)).toEqual([s.deposits[j], s.wealth[j], s.loans[j], s.netRevenue[j], s.costToServe[j], s.activity[j]]);
      expect(f[8]!.split('|')).toEqual(productsOf(s.products[j]!));
    }
    const t = book.transactions;
    const f = transactions[5]!.split(',');
    expect(f[1]).toBe(isoDate(t.day[4]!));
    expect(Number(f[2])).toBe(t.amount[4]);
    expect(f[3]).toBe(t.attributes.channel!.values[t.attributes.channel!.codes[4]!]);
    expect(PRODUCTS).toContain(f[4]);
    // No exponent, no grouping, no locale decimal comma.
    const money = String.raw`-?\d+(\.\d{1,2})?`;
    const line = new RegExp(String.raw`^C\d{6},\d{4}-\d{2},\d+,\d+,\d+,${money},${money},\d+,[a-z_|]+$`);
    for (const l of snapshots.slice(1)) expect(l).toMatch(line);
    for (const l of transactions.slice(1)) expect(l).toMatch(new RegExp(String.raw`^C\d{6},\d{4}-\d{2}-\d{2},${money},[a-z_]+,[a-z_]+$`));
    const truth = JSON.parse(files['truth.json']!) as Record<string, unknown>;
    expect(truth.seed).toBe(8);
    expect(truth).not.toHaveProperty('customers');
  });

  it('quotes text that needs quoting and leaves the book unchanged', () => {
    const odd = { ...book, customers: { ...book.customers, customerId: ['A,"1"', ...book.customers.customerId.slice(1)] }, truth: undefined };
    const out = formatBankBook(odd);
    expect(out['customers.csv'].split('\n')[1]!.startsWith('"A,""1""",')).toBe(true);
    expect(out['truth.json']).toBeUndefined();
    expect(book.customers.customerId[0]).toBe('C000001');
  });

  it('rejects numbers it cannot write plainly and short columns', () => {
    const s = book.snapshots;
    expect(codeOf(() => formatBankBook({ ...book, snapshots: { ...s, deposits: Float64Array.from(s.deposits, (v, j) => (j === 3 ? Number.NaN : v)) } }))).toBe(
      'INVALID_VALUE',
    );
    expect(codeOf(() => formatBankBook({ ...book, snapshots: { ...s, loans: Float64Array.from(s.loans, (v, j) => (j === 0 ? 1e22 : v)) } }))).toBe(
      'INVALID_VALUE',
    );
    expect(codeOf(() => formatBankBook({ ...book, snapshots: { ...s, deposits: s.deposits.subarray(0, 2) } }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => formatBankBook({ ...book, months: book.months.slice(0, 1) }))).toBe('INVALID_VALUE');
    expect(codeOf(() => formatBankBook(book, { extra: 1 } as never))).toBe('INVALID_OPTIONS');
  });

  it('has the public types', () => {
    expectTypeOf(formatBankBook).returns.toEqualTypeOf<BankBookFiles>();
  });
});

describe('writeBankBook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-book-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the four files formatBankBook renders', () => {
    const book = simulateBank({ customers: 20, months: 3, seed: 2 });
    const written = writeBankBook(book, { dir: join(dir, 'book') });
    expect(written.map((p) => p.slice(p.lastIndexOf('/') + 1))).toEqual(['customers.csv', 'snapshots.csv', 'transactions.csv', 'truth.json']);
    const files = formatBankBook(book);
    expect(readFileSync(join(dir, 'book', 'snapshots.csv'), 'utf8')).toBe(files['snapshots.csv']);
  });

  it('reports IO_ERROR and INVALID_OPTIONS', () => {
    const book = simulateBank({ customers: 2, months: 1, seed: 2 });
    writeBankBook(book, { dir: join(dir, 'x') });
    expect(codeOf(() => writeBankBook(book, { dir: join(dir, 'x', 'customers.csv') }))).toBe('IO_ERROR');
    expect(codeOf(() => writeBankBook(book, { dir: '' }))).toBe('INVALID_OPTIONS');
  });
});

describe('formatBankBook: garbage (issue 11)', () => {
  const book = simulateBank({ customers: 3, months: 2, seed: 1 });
  const codeAndFn = (f: () => unknown): [string, unknown] => {
    try {
      f();
    } catch (error) {
      expect(isClvkitError(error), String(error)).toBe(true);
      return [(error as { code: string }).code, (error as { details: { fn: unknown } }).details.fn];
    }
    return ['none', undefined];
  };
  const tampered = (change: (b: Record<string, Record<string, unknown>>) => void): unknown => {
    const b = structuredClone(book) as unknown as Record<string, Record<string, unknown>>;
    change(b);
    return b;
  };
  it('not a book, or a book missing a table or column: INVALID_VALUE / MISSING_COLUMN naming formatBankBook', () => {
    for (const garbage of [undefined, null, 42, 'x', [], 10n])
      expect(codeAndFn(() => formatBankBook(garbage as never))).toEqual(['INVALID_VALUE', 'formatBankBook']);
    expect(codeAndFn(() => formatBankBook({} as never))).toEqual(['MISSING_COLUMN', 'formatBankBook']);
    expect(codeAndFn(() => formatBankBook(tampered((b) => delete b['snapshots']!['wealth']) as never))).toEqual(['MISSING_COLUMN', 'formatBankBook']);
    expect(codeAndFn(() => formatBankBook(tampered((b) => (b['customers'] = 5 as never)) as never))).toEqual(['INVALID_VALUE', 'formatBankBook']);
  });
  it('bad entries: INVALID_VALUE with the row, naming formatBankBook (not an internal helper)', () => {
    expect(codeAndFn(() => formatBankBook(tampered((b) => ((b['customers']!['customerId'] as unknown[])[0] = Object.create(null))) as never))).toEqual([
      'INVALID_VALUE',
      'formatBankBook',
    ]);
    expect(
      codeAndFn(() => formatBankBook(tampered((b) => (b['transactions']!['day'] = Array.from(b['transactions']!['day'] as Int32Array, () => 0.5))) as never)),
    ).toEqual(['INVALID_VALUE', 'formatBankBook']);
    expect(
      codeAndFn(() =>
        formatBankBook(tampered((b) => (b['snapshots']!['products'] = Array.from(b['snapshots']!['products'] as Uint32Array, () => 4096))) as never),
      ),
    ).toEqual(['INVALID_VALUE', 'formatBankBook']);
    expect(codeAndFn(() => formatBankBook(book))).toEqual(['none', undefined]);
  });
});
