import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { holdingsFromMasksFor } from '../book/product-masks.js';
import { readTable } from '../io/read-table.js';
import { readTransactions } from '../io/read-transactions.js';
import { daysFromCivil, daysInMonth, isoDate } from '../time.js';
import { parseOptions } from '../validate.js';
import { CUSTOMER_TYPES, PRODUCTS, REGIONS } from './bank-book.js';
import type { BankBook, BankBookTruth, BankCustomers, BankSnapshots, CustomerType, Region } from './bank-book.js';

const FN = 'readBankBook';

const readBankBookSchema = z.object({}).strict();

/** Options of {@link readBankBook} (none yet). */
export type ReadBankBookOptions = z.input<typeof readBankBookSchema>;

type Column = Float64Array | Int32Array | string[];

/**
 * @deprecated Use `readBook(dir)` from the book module: it reads the same folder with open vocabularies
 *   (any customer attributes, any product names), optional parts and a spec. Kept for existing callers.
 *
 * Read a bank book written by {@link writeBankBook} (or laid out the same way) from a folder:
 * `customers.csv` (`customer_id,type,region,age,join_date`), `snapshots.csv`
 * (`customer_id,month,deposits,wealth,loans,net_revenue,cost_to_serve,activity,products`, month as
 * `YYYY-MM`, products `|`-joined names from PRODUCTS, AUM computed as deposits + wealth),
 * `transactions.csv` (`customer_id,date,amount,channel,product`) and, when present, `truth.json`.
 * The book's months run from the earliest to the latest month seen in the snapshots and transactions.
 * Rows keep the files' order; every bad row throws (nothing is skipped).
 *
 * @throws ClvkitError IO_ERROR (a file missing or unreadable), MISSING_COLUMN, INVALID_ROW,
 *   INVALID_NUMBER, INVALID_DATE (also a month that is not `YYYY-MM`), CSV_PARSE (from the readers),
 *   EMPTY_INPUT (no customers), DUPLICATE_ID (a customer id twice in customers.csv, or two snapshots
 *   of one customer in one month), INVALID_VALUE (unknown type, region or product, a snapshot or
 *   transaction of an unknown customer, a negative balance, malformed truth.json), INVALID_OPTIONS.
 * @example
 * const book = await readBankBook('fixtures/bank');
 * [book.customers.length, book.months.length, book.startDate, book.endDate] // [5000, 24, '2023-01-01', '2024-12-31']
 */
export async function readBankBook(dir: string, options: ReadBankBookOptions = {}): Promise<BankBook> {
  parseOptions(readBankBookSchema, options, FN);
  if (typeof dir !== 'string' || dir.length === 0) throw new ClvkitError('INVALID_OPTIONS', 'dir must be a folder path', { fn: FN, value: dir });

  // --- customers -----------------------------------------------------------------------------
  const customersFile = join(dir, 'customers.csv');
  const ct = await readTable(customersFile, {
    columns: {
      customerId: { source: 'customer_id', type: 'string' },
      type: { type: 'string' },
      region: { type: 'string' },
      age: { type: 'integer' },
      joinDay: { source: 'join_date', type: 'date' },
    },
  });
  const n = ct.length;
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'customers.csv has no customers', { fn: FN, file: customersFile });
  const customerId = strings(ct.columns.customerId, 'customer_id', customersFile);
  const typeText = strings(ct.columns.type, 'type', customersFile);
  const regionText = strings(ct.columns.region, 'region', customersFile);
  const index = new Map<string, number>();
  const type: CustomerType[] = new Array<CustomerType>(n);
  const region: Region[] = new Array<Region>(n);
  for (let i = 0; i < n; i++) {
    const id = customerId[i]!;
    if (index.has(id))
      throw new ClvkitError('DUPLICATE_ID', 'customer id appears twice', { fn: FN, file: customersFile, line: i + 2, column: 'customer_id', value: id });
    index.set(id, i);
    type[i] = oneOf(CUSTOMER_TYPES, typeText[i]!, customersFile, i + 2, 'type');
    region[i] = oneOf(REGIONS, regionText[i]!, customersFile, i + 2, 'region');
  }
  const customers: BankCustomers = {
    length: n,
    customerId,
    type,
    region,
    attributes: { type, region },
    age: int32(ct.columns.age, 'age', customersFile),
    joinDay: int32(ct.columns.joinDay, 'join_date', customersFile),
  };

  // --- snapshots -----------------------------------------------------------------------------
  const snapshotsFile = join(dir, 'snapshots.csv');
  const st = await readTable(snapshotsFile, {
    columns: {
      customerId: { source: 'customer_id', type: 'string' },
      month: { type: 'string' },
      deposits: { type: 'number' },
      wealth: { type: 'number' },
      loans: { type: 'number' },
      netRevenue: { source: 'net_revenue', type: 'number' },
      costToServe: { source: 'cost_to_serve', type: 'number' },
      activity: { type: 'integer' },
      products: { type: 'string' },
    },
  });
  const m = st.length;
  const snapIds = strings(st.columns.customerId, 'customer_id', snapshotsFile);
  const monthText = strings(st.columns.month, 'month', snapshotsFile);
  const productText = strings(st.columns.products, 'products', snapshotsFile);
  const deposits = float64(st.columns.deposits, 'deposits', snapshotsFile);
  const wealth = float64(st.columns.wealth, 'wealth', snapshotsFile);
  const loans = float64(st.columns.loans, 'loans', snapshotsFile);
  const activityIn = int32(st.columns.activity, 'activity', snapshotsFile);
  const monthNumber = new Int32Array(m); // year * 12 + month - 1
  let firstMonth = Number.POSITIVE_INFINITY;
  let lastMonth = Number.NEGATIVE_INFINITY;
  const snapCustomer = new Uint32Array(m);
  const products = new Uint32Array(m);
  const aum = new Float64Array(m);
  const activity = new Uint16Array(m);
  const maskOf = new Map<string, number>();
  for (let j = 0; j < m; j++) {
    const line = j + 2;
    const c = index.get(snapIds[j]!);
    if (c === undefined)
      throw new ClvkitError('INVALID_VALUE', 'snapshot of a customer not in customers.csv', {
        fn: FN,
        file: snapshotsFile,
        line,
        column: 'customer_id',
        value: snapIds[j],
      });
    snapCustomer[j] = c;
    const mt = /^(\d{4})-(\d{2})$/.exec(monthText[j]!);
    const mm = mt === null ? 0 : Number(mt[2]);
    if (mt === null || mm < 1 || mm > 12)
      throw new ClvkitError('INVALID_DATE', 'expected a month as YYYY-MM', { fn: FN, file: snapshotsFile, line, column: 'month', value: monthText[j] });
    const k = Number(mt[1]) * 12 + mm - 1;
    monthNumber[j] = k;
    if (k < firstMonth) firstMonth = k;
    if (k > lastMonth) lastMonth = k;
    for (const [col, values] of [
      ['deposits', deposits],
      ['wealth', wealth],
      ['loans', loans],
    ] as const) {
      if (!(values[j]! >= 0))
        throw new ClvkitError('INVALID_VALUE', 'a balance must be ≥ 0', { fn: FN, file: snapshotsFile, line, column: col, value: values[j] });
    }
    aum[j] = deposits[j]! + wealth[j]!;
    const act = activityIn[j]!;
    if (act < 0 || act > 65535)
      throw new ClvkitError('INVALID_VALUE', 'activity must be in 0..65535', { fn: FN, file: snapshotsFile, line, column: 'activity', value: act });
    activity[j] = act;
    const text = productText[j] ?? '';
    let mask = maskOf.get(text);
    if (mask === undefined) {
      mask = 0;
      for (const name of text === '' ? [] : text.split('|')) {
        const b = (PRODUCTS as readonly string[]).indexOf(name);
        if (b < 0)
          throw new ClvkitError('INVALID_VALUE', `unknown product; expected names from ${PRODUCTS.join(', ')}`, {
            fn: FN,
            file: snapshotsFile,
            line,
            column: 'products',
            value: name,
          });
        mask |= 1 << b;
      }
      maskOf.set(text, mask);
    }
    products[j] = mask;
  }

  // --- transactions --------------------------------------------------------------------------
  const transactionsFile = join(dir, 'transactions.csv');
  const transactions = await readTransactions(transactionsFile, {
    columns: { customerId: 'customer_id', date: 'date', amount: 'amount' },
    attributes: ['channel', 'product'],
  });
  for (let k = 0; k < transactions.customerIds.length; k++) {
    if (!index.has(transactions.customerIds[k]!)) {
      throw new ClvkitError('INVALID_VALUE', 'transaction of a customer not in customers.csv', {
        fn: FN,
        file: transactionsFile,
        column: 'customer_id',
        value: transactions.customerIds[k],
      });
    }
  }
  for (let j = 0; j < transactions.length; j++) {
    const k = monthOfDay(transactions.day[j]!);
    if (k < firstMonth) firstMonth = k;
    if (k > lastMonth) lastMonth = k;
  }
  if (!Number.isFinite(firstMonth)) {
    // No snapshots and no transactions: the book spans the customers' join months.
    for (let i = 0; i < n; i++) {
      const k = monthOfDay(customers.joinDay[i]!);
      if (k < firstMonth) firstMonth = k;
      if (k > lastMonth) lastMonth = k;
    }
  }

  const months: string[] = [];
  for (let k = firstMonth; k <= lastMonth; k++) months.push(`${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`);
  if (months.length > 65535) throw new ClvkitError('INVALID_VALUE', 'the book spans more than 65,535 months', { fn: FN, file: snapshotsFile });
  const month = new Uint16Array(m);
  const seen = new Set<number>();
  for (let j = 0; j < m; j++) {
    month[j] = monthNumber[j]! - firstMonth;
    const key = snapCustomer[j]! * 65536 + month[j]!;
    if (seen.has(key))
      throw new ClvkitError('DUPLICATE_ID', 'two snapshots of one customer in one month', {
        fn: FN,
        file: snapshotsFile,
        line: j + 2,
        column: 'customer_id',
        value: snapIds[j],
      });
    seen.add(key);
  }
  const snapshots: BankSnapshots = {
    length: m,
    customer: snapCustomer,
    month,
    deposits,
    wealth,
    aum,
    loans,
    netRevenue: float64(st.columns.netRevenue, 'net_revenue', snapshotsFile),
    costToServe: float64(st.columns.costToServe, 'cost_to_serve', snapshotsFile),
    activity,
    products,
    holdings: holdingsFromMasksFor(products, PRODUCTS, FN),
  };

  const startYear = Math.floor(firstMonth / 12);
  const endYear = Math.floor(lastMonth / 12);
  const startDate = isoDate(daysFromCivil(startYear, (firstMonth % 12) + 1, 1));
  const endDate = isoDate(daysFromCivil(endYear, (lastMonth % 12) + 1, daysInMonth(endYear, (lastMonth % 12) + 1)));
  const truth = readTruth(join(dir, 'truth.json'));
  return truth === undefined
    ? { customers, snapshots, transactions, months, startDate, endDate }
    : { customers, snapshots, transactions, months, startDate, endDate, truth };
}

function monthOfDay(day: number): number {
  const iso = isoDate(day);
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

function readTruth(path: string): BankBookTruth | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    if (cause instanceof SyntaxError) throw new ClvkitError('INVALID_VALUE', `truth.json is not valid JSON: ${cause.message}`, { fn: FN, file: path });
    throw new ClvkitError('IO_ERROR', `cannot read truth.json: ${(cause as Error).message}`, { fn: FN, file: path });
  }
  const finite = z.number().finite();
  const schema = z
    .object({
      seed: finite,
      bgNbd: z.object({ r: finite, alpha: finite, a: finite, b: finite }),
      gammaGamma: z.object({ p: finite, q: finite, gamma: finite }),
    })
    .passthrough();
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ClvkitError('INVALID_VALUE', `truth.json: ${issue.path.join('.') || 'root'}: ${issue.message}`, {
      fn: FN,
      file: path,
      path: issue.path.map(String),
    });
  }
  return result.data as BankBookTruth;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, file: string, line: number, column: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ClvkitError('INVALID_VALUE', `expected one of ${allowed.join(', ')}`, { fn: FN, file, line, column, value });
  }
  return value as T;
}

function strings(col: Column | undefined, column: string, file: string): string[] {
  if (!Array.isArray(col)) throw new ClvkitError('MISSING_COLUMN', 'expected a text column', { fn: FN, file, column });
  return col;
}

function float64(col: Column | undefined, column: string, file: string): Float64Array {
  if (col instanceof Float64Array) return col;
  if (col instanceof Int32Array) return Float64Array.from(col);
  throw new ClvkitError('MISSING_COLUMN', 'expected a numeric column', { fn: FN, file, column });
}

function int32(col: Column | undefined, column: string, file: string): Int32Array {
  if (col instanceof Int32Array) return col;
  if (col instanceof Float64Array) return Int32Array.from(col);
  throw new ClvkitError('MISSING_COLUMN', 'expected an integer column', { fn: FN, file, column });
}
