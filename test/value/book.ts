import type { ValueInput, ValueSnapshots } from '../../src/value/value-decomposition.js';

/** One snapshot row of a hand-made book: customer index, month, contribution, and optionally AUM and products. */
export type Row = readonly [customer: number, month: number, contribution: number, aum?: number, products?: number];

/** Snapshots from rows: net revenue = contribution + 10, cost to serve = 10, AUM default 10,000, products default 1. */
export function snapshotsOf(rows: readonly Row[]): ValueSnapshots {
  return {
    length: rows.length,
    customer: rows.map((r) => r[0]),
    month: rows.map((r) => r[1]),
    netRevenue: rows.map((r) => r[2] + 10),
    costToServe: rows.map(() => 10),
    aum: rows.map((r) => r[3] ?? 10_000),
    products: rows.map((r) => r[4] ?? 1),
  };
}

/** A value input over customers named c0, c1, ... */
export function bookOf(customers: number, rows: readonly Row[], extra: Partial<ValueInput> = {}): ValueInput {
  return { customerId: Array.from({ length: customers }, (_, i) => `c${i}`), snapshots: snapshotsOf(rows), ...extra };
}

/** Rows of one customer with the given monthly contributions from month `first` on. */
export function series(customer: number, contributions: readonly number[], first = 0, aum = 10_000, products = 1): Row[] {
  return contributions.map((c, k) => [customer, first + k, c, aum, products] as const);
}
