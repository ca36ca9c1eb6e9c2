import type { BankBook } from '../../src/simulate/bank-book.js';

/** A hand-made customer without transactions: its monthly snapshots (month index, AUM, revenue, cost, product mask). */
export interface Depositor {
  readonly id: string;
  readonly type: 'individual' | 'enterprise' | 'interbank';
  readonly joinDay: number;
  readonly months: readonly (readonly [month: number, aum: number, netRevenue: number, costToServe: number, products: number])[];
}

/** The book with hand-made depositors appended (customers and snapshot rows; no transaction for them). */
export function withDepositors(book: BankBook, depositors: readonly Depositor[]): BankBook {
  const c = book.customers;
  const s = book.snapshots;
  const n = c.length;
  const rows = depositors.flatMap((d, k) => d.months.map((m) => ({ customer: n + k, m })));
  const grow = <A extends Uint32Array | Uint16Array | Float64Array>(col: A, extra: readonly number[]): A => {
    const out = new (col.constructor as new (k: number) => A)(col.length + extra.length);
    out.set(col);
    out.set(extra, col.length);
    return out;
  };
  return {
    ...book,
    customers: {
      length: n + depositors.length,
      customerId: [...c.customerId, ...depositors.map((d) => d.id)],
      type: [...c.type, ...depositors.map((d) => d.type)],
      region: [...c.region, ...depositors.map(() => c.region[0]!)],
      age: Int32Array.from([...c.age, ...depositors.map(() => 40)]),
      joinDay: Int32Array.from([...c.joinDay, ...depositors.map((d) => d.joinDay)]),
    },
    snapshots: {
      length: s.length + rows.length,
      customer: grow(
        s.customer,
        rows.map((r) => r.customer),
      ),
      month: grow(
        s.month,
        rows.map((r) => r.m[0]),
      ),
      deposits: grow(
        s.deposits,
        rows.map((r) => r.m[1]),
      ),
      wealth: grow(
        s.wealth,
        rows.map(() => 0),
      ),
      aum: grow(
        s.aum,
        rows.map((r) => r.m[1]),
      ),
      loans: grow(
        s.loans,
        rows.map(() => 0),
      ),
      netRevenue: grow(
        s.netRevenue,
        rows.map((r) => r.m[2]),
      ),
      costToServe: grow(
        s.costToServe,
        rows.map((r) => r.m[3]),
      ),
      activity: grow(
        s.activity,
        rows.map(() => 0),
      ),
      products: grow(
        s.products,
        rows.map((r) => r.m[4]),
      ),
    },
  };
}

/** The book with every transaction of the given customers removed (they stay customers with their snapshots). */
export function withoutTransactionsOf(book: BankBook, customers: readonly number[]): BankBook {
  const drop = new Set(customers);
  const t = book.transactions;
  const keep: number[] = [];
  for (let j = 0; j < t.length; j++) if (!drop.has(t.customer[j]!)) keep.push(j);
  return {
    ...book,
    transactions: {
      ...t,
      length: keep.length,
      customer: Uint32Array.from(keep, (j) => t.customer[j]!),
      day: Int32Array.from(keep, (j) => t.day[j]!),
      amount: Float64Array.from(keep, (j) => t.amount[j]!),
      attributes: Object.fromEntries(
        Object.entries(t.attributes).map(([k, col]) => [k, { values: col.values, codes: Uint32Array.from(keep, (j) => col.codes[j]!) }]),
      ),
    },
  };
}
