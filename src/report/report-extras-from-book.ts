import { z } from 'zod';
import { fitBgNbd } from '../clv/bg-nbd/fit-bg-nbd.js';
import { holdoutValidation } from '../clv/holdout/holdout-validation.js';
import { ClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import { summarizeCustomers } from '../io/summarize-customers.js';
import { paretoAnalysis } from '../pareto/pareto-analysis.js';
import type { Book } from '../book/book.js';
import { latestSnapshot } from '../book/latest-snapshot.js';
import { assignTiers } from '../tiers/assign-tiers.js';
import { tierBandSchema } from '../tiers/tier-bands.js';
import type { TierBand } from '../tiers/tier-bands.js';
import { tierMigration } from '../tiers/tier-migration.js';
import { daysInMonth, epochDay, isoDate, parseIsoDay } from '../time.js';
import { parseOptions } from '../validate.js';
import type { ReportExtras } from './report-input-from-scores.js';

const reportExtrasFromBookSchema = z.strictObject({
  /** Months of the holdout check at the end of the book (0: none; default 6). */
  holdoutMonths: z.number().int().min(0).max(120).default(6),
  /** Months back to the tier-migration baseline (0: none; default 12). */
  migrationMonths: z.number().int().min(0).max(600).default(12),
  /** Time unit of the holdout check's summary and BG/NBD fit (default week). */
  timeUnit: z.enum(['day', 'week', 'month']).default('week'),
  /** Tier bands of the AUM tiers (default DEFAULT_TIER_BANDS, CNY). */
  tierBands: z.array(tierBandSchema).min(1).optional(),
});

export type ReportExtrasFromBookOptions = z.input<typeof reportExtrasFromBookSchema>;

/** The ISO date `months` calendar months before `iso` (day clamped to the month's length). */
function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoDate(epochDay(year, month, Math.min(d, daysInMonth(year, month))));
}

/** The summary's rows with T > 0 (a customer first seen on the cut-off day has nothing to fit yet). */
function withPositiveT(s: CustomerSummary): CustomerSummary {
  const rows: number[] = [];
  for (let i = 0; i < s.length; i++) if (s.T[i]! > 0) rows.push(i);
  if (rows.length === s.length) return s;
  const f64 = (c: Float64Array) => Float64Array.from(rows, (i) => c[i]!);
  const i32 = (c: Int32Array) => Int32Array.from(rows, (i) => c[i]!);
  return {
    ...s,
    length: rows.length,
    customerId: rows.map((i) => s.customerId[i]!),
    frequency: f64(s.frequency),
    recency: f64(s.recency),
    T: f64(s.T),
    monetaryValue: f64(s.monetaryValue),
    firstDay: i32(s.firstDay),
    lastDay: i32(s.lastDay),
    transactionCount: Uint32Array.from(rows, (i) => s.transactionCount[i]!),
    totalAmount: f64(s.totalAmount),
    daysSinceLastPurchase: i32(s.daysSinceLastPurchase),
    ...(s.holdoutFrequency !== undefined ? { holdoutFrequency: f64(s.holdoutFrequency) } : {}),
    ...(s.holdoutMonetaryValue !== undefined ? { holdoutMonetaryValue: f64(s.holdoutMonetaryValue) } : {}),
  };
}

/**
 * The report sections a bank book gives besides its scores (see {@link buildReport}'s `extras`): the
 * concentration (Pareto) of AUM over the customers on the book in the last month, their AUM tiers with the
 * migration since `migrationMonths` earlier, and a holdout check — BG/NBD fitted on all but the last
 * `holdoutMonths` of transactions (customers first seen on the cut-off day left out, as they have no
 * history yet), predicting those months, with the cumulative tracking series.
 *
 * @throws EMPTY_INPUT nobody on the book in the last month; INVALID_DATE / INVALID_VALUE from the readers and
 *   models for a malformed book; NOT_CONVERGED never (the fit reports convergence); INVALID_OPTIONS bad options.
 * @example
 * const extras = reportExtrasFromBook(await readBankBook('fixtures/bank'), { holdoutMonths: 6 });
 * extras.holdout.totalPredicted;           // 6695.985527318494 (extras.holdout.totalActual: 6835)
 * extras.pareto.analysis.topShares[3];     // { customerShare: 0.2, customers: 716.4000000000001, value: 281614348.8, valueShare: 0.8064699050617934 }
 */
export function reportExtrasFromBook(book: Book, options: ReportExtrasFromBookOptions = {}): ReportExtras {
  const fn = 'reportExtrasFromBook';
  const o = parseOptions(reportExtrasFromBookSchema, options, fn);
  if (book === null || typeof book !== 'object' || book.customers === undefined || (book.snapshots === undefined && book.transactions === undefined)) {
    throw new ClvkitError('INVALID_VALUE', 'expected a book (customers and snapshots or transactions)', { fn });
  }
  const extras: { -readonly [K in keyof ReportExtras]: ReportExtras[K] } = {};
  if (book.snapshots !== undefined) snapshotExtras(book, book.snapshots, o.migrationMonths, o.tierBands, extras, fn);
  if (o.holdoutMonths > 0 && book.transactions !== undefined) {
    const transactions = book.transactions;
    const calibrationEnd = monthsBefore(book.endDate, o.holdoutMonths);
    // The holdout needs purchases before the cut-off: a book shorter than the holdout has none to fit on.
    let first = Infinity;
    const days = transactions.day;
    for (let i = 0; i < transactions.length; i++) if (days[i]! < first) first = days[i]!;
    if (parseIsoDay(calibrationEnd) > first) {
      const calibration = withPositiveT(summarizeCustomers(transactions, { observationEnd: book.endDate, calibrationEnd, timeUnit: o.timeUnit }));
      if (calibration.length >= 2) extras.holdout = holdoutValidation(fitBgNbd(calibration), calibration, { transactions });
    }
  }
  return extras;
}

/** Pareto of AUM, tiers and tier migration from the snapshots. */
function snapshotExtras(
  book: Book,
  snapshots: NonNullable<Book['snapshots']>,
  migrationMonths: number,
  bands: TierBand[] | undefined,
  extras: { -readonly [K in keyof ReportExtras]: ReportExtras[K] },
  fn: string,
): void {
  const o = { migrationMonths };
  const ids = book.customers.customerId;
  const lastMonth = book.months.length - 1;
  const latest = latestSnapshot(snapshots, { customers: book.customers.length, month: lastMonth });
  const onBook: number[] = [];
  for (let i = 0; i < latest.length; i++) if (latest.onBook[i] === 1) onBook.push(i);
  if (onBook.length === 0) throw new ClvkitError('EMPTY_INPUT', `nobody is on the book in ${book.months[lastMonth]}`, { fn });
  const onBookIds = onBook.map((i) => ids[i]!);
  const aum = Float64Array.from(onBook, (i) => latest.aum[i]!);
  if (onBook.length >= 2) extras.pareto = { analysis: paretoAnalysis(aum, { column: 'aum', ids: onBookIds }), valueName: 'AUM', values: aum, ids: onBookIds };

  const band = bands !== undefined ? { bands } : {};
  const tiers = assignTiers(aum, { customerId: onBookIds, ...band });
  extras.tiers = { assignment: tiers };
  if (o.migrationMonths > 0 && lastMonth - o.migrationMonths >= 0) {
    const fromMonth = lastMonth - o.migrationMonths;
    const earlierIds: string[] = [];
    const earlierAum: number[] = [];
    const s = snapshots;
    for (let j = 0; j < s.length; j++) {
      if (s.month[j] === fromMonth) {
        earlierIds.push(ids[s.customer[j]!]!);
        earlierAum.push(s.aum[j]!);
      }
    }
    if (earlierIds.length > 0) {
      extras.tiers = {
        assignment: tiers,
        migration: tierMigration(assignTiers(earlierAum, { customerId: earlierIds, ...band }), tiers, {}),
        migrationFrom: book.months[fromMonth]!,
      };
    }
  }
}
