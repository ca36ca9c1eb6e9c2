import { describe, expect, expectTypeOf, it } from 'vitest';
import { reportExtrasFromBook, type ReportExtrasFromBookOptions } from '../../src/report/report-extras-from-book.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { errorCode } from '../charts/chart-test-helpers.js';

describe('reportExtrasFromBook', () => {
  const book = simulateBank({ customers: 300, months: 24, seed: 5 });
  const last = book.months.length - 1;

  it('AUM concentration and tiers of the customers on the book in the last month', () => {
    const extras = reportExtrasFromBook(book, { holdoutMonths: 0 });
    // Independent: the snapshot rows of the last month.
    const aum: number[] = [];
    for (let j = 0; j < book.snapshots.length; j++) if (book.snapshots.month[j] === last) aum.push(book.snapshots.aum[j]!);
    expect(extras.pareto!.analysis.basis.customers).toBe(aum.length);
    expect(extras.pareto!.analysis.basis.total).toBeCloseTo(
      aum.filter((v) => v >= 0).reduce((s, v) => s + v, 0),
      4,
    );
    expect(extras.tiers!.assignment.length).toBe(aum.length);
    expect(extras.tiers!.assignment.table[0]!.count).toBe(aum.filter((v) => v < 200_000).length);
    expect(extras.tiers!.migrationFrom).toBe(book.months[last - 12]);
    const m = extras.tiers!.migration!;
    expect(m.upgrades + m.downgrades + m.unchanged).toBe(m.matched);
    expect(extras.holdout).toBeUndefined();
  });

  it('holdout check over the last months, with the tracking series', () => {
    const extras = reportExtrasFromBook(book, { holdoutMonths: 6, migrationMonths: 0 });
    const h = extras.holdout!;
    expect(h.customers).toBeGreaterThan(10);
    expect(h.tracking!.calibrationSteps).toBeGreaterThan(0);
    expect(h.tracking!.calibrationSteps).toBeLessThan(h.tracking!.endDate.length);
    expect(h.totalActual).toBeGreaterThan(0);
    // Simulated book with a BG/NBD-like process: the prediction is in the right range.
    expect(h.totalPredicted / h.totalActual).toBeGreaterThan(0.6);
    expect(h.totalPredicted / h.totalActual).toBeLessThan(1.6);
    expect(extras.tiers!.migration).toBeUndefined();
  });

  it('no holdout when the book is shorter than it; bad input', () => {
    const short = simulateBank({ customers: 50, months: 3, seed: 1 });
    expect(reportExtrasFromBook(short, { holdoutMonths: 12 }).holdout).toBeUndefined();
    expect(reportExtrasFromBook(short, {}).tiers!.migration).toBeUndefined();
    expect(errorCode(() => reportExtrasFromBook({} as never))).toBe('INVALID_VALUE');
    expect(errorCode(() => reportExtrasFromBook(book, { holdoutMonths: -1 }))).toBe('INVALID_OPTIONS');
    expectTypeOf<ReportExtrasFromBookOptions>().toHaveProperty('holdoutMonths');
  });
});
