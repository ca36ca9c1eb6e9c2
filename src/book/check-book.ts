import { ClvkitError } from '../errors.js';
import type { Book } from './book.js';
import type { BookReading } from './read-book.js';

/** What a book supports: each analysis, whether it can run, and why not. */
export interface BookCheck {
  readonly customers: number;
  readonly months: { readonly first: string; readonly last: string; readonly count: number };
  readonly parts: BookReading['parts'];
  readonly rejected: number;
  readonly products: readonly string[];
  readonly attributes: readonly { readonly name: string; readonly distinct: number; readonly examples: readonly string[] }[];
  readonly revenue: string;
  readonly analyses: readonly { readonly analysis: string; readonly supported: boolean; readonly reason: string }[];
}

/**
 * Summarise a book read by readBook: counts per part, the months, products and attributes, the revenue
 * assumption, and which analyses it supports (transactions: summary, Pareto, RFM, clusters, transaction
 * models, CLV; snapshots: tiers, behaviour, tags, value model and matrix). Whether a model is also
 * defined on the data (enough customers, repeat purchases) is known only when it is fitted: scoring
 * skips it then, with the reason.
 * @example checkBook(await readBook('fixtures/bank')).analyses.every((a) => a.supported) // true
 */
export function checkBook(book: Book & { readonly reading?: BookReading }): BookCheck {
  const fn = 'checkBook';
  if (book === null || typeof book !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected a book (from readBook)', { fn, value: String(book) });
  const c = book.customers as unknown;
  if (c === null || typeof c !== 'object' || !Array.isArray((c as { customerId?: unknown }).customerId))
    throw new ClvkitError('MISSING_COLUMN', 'book.customers.customerId is required', { fn, column: 'customers' });
  if (!Array.isArray(book.months) || book.months.length === 0) throw new ClvkitError('MISSING_COLUMN', 'book.months is required', { fn, column: 'months' });
  for (const part of ['snapshots', 'transactions'] as const) {
    const v = book[part] as unknown;
    if (v !== undefined && (v === null || typeof v !== 'object' || typeof (v as { length?: unknown }).length !== 'number'))
      throw new ClvkitError('INVALID_VALUE', `book.${part} must be a table when given`, { fn, column: part });
  }
  const hasTx = book.transactions !== undefined && book.transactions.length > 0;
  const hasSnap = book.snapshots !== undefined && book.snapshots.length > 0;
  const activity = book.snapshots?.activity !== undefined;
  let repeat = 0;
  if (book.transactions !== undefined) {
    const seen = new Map<number, Set<number>>();
    const t = book.transactions;
    for (let j = 0; j < t.length; j++) {
      let days = seen.get(t.customer[j]!);
      if (days === undefined) seen.set(t.customer[j]!, (days = new Set()));
      days.add(t.day[j]!);
    }
    for (const days of seen.values()) if (days.size > 1) repeat++;
  }
  const noTx = 'no transactions in the book';
  const noSnap = 'no snapshots in the book';
  const row = (analysis: string, supported: boolean, reason: string) => ({ analysis, supported, reason: supported ? '' : reason });
  const attributes = Object.entries(book.customers.attributes ?? {}).map(([name, values]) => {
    const distinct = [...new Set(values)];
    return { name, distinct: distinct.length, examples: distinct.slice(0, 5) };
  });
  return {
    customers: book.customers.length,
    months: { first: book.months[0]!, last: book.months[book.months.length - 1]!, count: book.months.length },
    parts: book.reading?.parts ?? {},
    rejected: book.reading?.rejects.length ?? 0,
    products: book.snapshots?.holdings?.names ?? [],
    attributes,
    revenue:
      book.revenue?.source === 'margin'
        ? `margin ${book.revenue.annualMargin} a year on AUM + loans (no revenue column)`
        : hasSnap
          ? 'given'
          : 'none (no snapshots)',
    analyses: [
      row('summary, Pareto of spend, RFM', hasTx, noTx),
      row('clusters', hasTx || hasSnap, 'no data'),
      row('transaction models, CLV', hasTx && repeat > 0, hasTx ? 'no customer with a repeat purchase' : noTx),
      row('spend model (Gamma-Gamma)', repeat >= 2, hasTx ? 'fewer than two customers with repeat purchases' : noTx),
      row('tiers, value model, value matrix', hasSnap, noSnap),
      row('behaviour status', hasSnap && activity, hasSnap ? 'the snapshots have no activity column' : noSnap),
      row('tags', hasSnap, noSnap),
    ],
  };
}
