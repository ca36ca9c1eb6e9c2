import { describe, expect, expectTypeOf, it } from 'vitest';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { reportInputFromScores, type ReportInputFromScoresOptions } from '../../src/report/report-input-from-scores.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { errorCode } from '../charts/chart-test-helpers.js';

describe('reportInputFromScores', () => {
  const book = simulateBank({ customers: 400, months: 24, seed: 3 });
  const scores = scoreCustomers(book, {});
  const records = scores.toRecords();
  const input = reportInputFromScores(scores, { currency: 'CNY' });

  it('takes the book, RFM and models from the scores', () => {
    expect(input.book).toEqual({ customers: 400, onBook: scores.diagnostics.onBook, asOf: scores.diagnostics.observationEnd, currency: 'CNY' });
    expect(input.rfm!.scores).toBe(scores.rfm);
    expect(input.rfm!.segments.length).toBe(scores.rfm!.length);
    expect(input.models!.transaction!.params).toEqual(scores.model.transactionModel!.params);
    expect(input.models!.spend!.kind).toBe('gamma-gamma');
    expect(input.frequencyRecency!.rows).toBeGreaterThan(1);
  });

  it('tiers and concentration of the customers on the book, by total value', () => {
    const onBook = records.filter((r) => r.onBook);
    const table = input.tiers!.assignment.table;
    for (const row of table) expect(row.count).toBe(onBook.filter((r) => r.tier === row.key).length);
    expect(table.reduce((s, r) => s + r.valueShare, 0)).toBeCloseTo(1, 12);
    const positive = onBook.map((r) => r.totalValue!).filter((v) => v >= 0);
    expect(input.pareto!.analysis.basis.total).toBeCloseTo(
      positive.reduce((s, v) => s + v, 0),
      6,
    );
  });

  it('CLV of the customers with transactions; value matrix cells from the records', () => {
    const transacting = records.filter((r) => r.hasTransactions);
    expect(input.clv!.customerId).toEqual(transacting.map((r) => r.customerId));
    expect(Array.from(input.clv!.result.clv)).toEqual(transacting.map((r) => r.transactionClv));
    expect(input.value!.matrix.cell).toEqual(records.map((r) => r.valueCell));
    expect(input.value!.matrix.table).toBe(scores.matrixTable);
  });

  it('cluster profiles index the outcomes against the average customer', () => {
    const clusters = input.clusters!.result;
    const clustered = records.filter((r) => r.onBook && r.cluster !== null);
    expect(clusters.profiles.reduce((s, p) => s + p.size, 0)).toBe(clustered.length);
    const p = clusters.profiles[0]!;
    const members = clustered.filter((r) => r.cluster === p.segment);
    const mean = (rows: typeof records) => rows.reduce((s, r) => s + r.totalValue!, 0) / rows.length;
    const f = p.features.find((x) => x.column === 'totalValue')!;
    const base = mean(clustered);
    expect(f.index).toBeCloseTo(base > 0 ? (100 * mean(members)) / base : Number.NaN, 9);
  });

  it('extras replace derived sections', () => {
    const pareto = { analysis: paretoAnalysis([5, 3, 1, 1]), valueName: 'AUM' };
    const withExtras = reportInputFromScores(scores, { extras: { pareto } });
    expect(withExtras.pareto).toBe(pareto);
    expect(withExtras.book.currency).toBeUndefined();
  });

  it('bad input', () => {
    expect(errorCode(() => reportInputFromScores({} as never))).toBe('INVALID_VALUE');
    expect(errorCode(() => reportInputFromScores(scores, { currency: '' }))).toBe('INVALID_OPTIONS');
    expectTypeOf(reportInputFromScores).returns.toEqualTypeOf<ReportInput>();
    expectTypeOf<ReportInputFromScoresOptions>().toHaveProperty('extras');
  });
});
