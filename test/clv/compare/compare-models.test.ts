import { describe, expect, expectTypeOf, it } from 'vitest';
import { compareModels, type ModelComparison } from '../../../src/clv/compare/compare-models.js';
import { informationCriteria } from '../../../src/clv/compare/information-criteria.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { readTransactions } from '../../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../../src/io/summarize-customers.js';
import { expectCode } from '../../helpers/expect-code.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

describeWithSharedData('compareModels and informationCriteria on CDNOW (39 + 39 weeks)', () => {
  it('reproduces the BG/NBD fit (LL −9582.43: AIC 19172.86, BIC 4·ln 2357 + 19164.86) and scores three models on the holdout', async () => {
    const table = await readTransactions(sharedFile('cdnow_sample_transactions.csv'));
    const summary = summarizeCustomers(table, { observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' });
    const c = compareModels(summary);
    expect(c.scores.map((s) => s.kind)).toEqual(['bg-nbd', 'mbg-nbd', 'pareto-nbd']);
    const bg = c.scores[0]!;
    expect(bg.logLikelihood).toBeCloseTo(-9582.43, 2);
    expect(bg.aic).toBeCloseTo(19172.86, 1);
    expect(bg.bic).toBeCloseTo(4 * Math.log(2357) + 19164.86, 1);
    expect(informationCriteria(fitBgNbd(summary))).toEqual({ parameters: 4, customers: 2357, logLikelihood: bg.logLikelihood, aic: bg.aic, bic: bg.bic });
    for (const s of c.scores) {
      expect(s.converged).toBe(true);
      expect(s.holdoutActual).toBe(1882);
      // FHL 2005: BG/NBD predicts 1,653 of 1,882; every model is within 20% in total (measured: MBG/NBD is the furthest, 16% under).
      expect(Math.abs(s.holdoutPredicted / s.holdoutActual - 1)).toBeLessThan(0.2);
      expect(s.calibration.groups).toHaveLength(10);
      // Ranking works: the top decile buys far more than the bottom one.
      expect(s.calibration.groups[9]!.meanActual).toBeGreaterThan(5 * s.calibration.groups[0]!.meanActual);
    }
    expect(c.scores[0]!.holdoutPredicted).toBeCloseTo(1653.4, 0);
    expect(['bg-nbd', 'mbg-nbd', 'pareto-nbd']).toContain(c.best.aic);
    expect(c.best.aic).toBe(c.scores.reduce((a, b) => (b.aic < a.aic ? b : a)).kind);
    expectTypeOf(c).toEqualTypeOf<ModelComparison>();
  });
});

describe('compareModels: bad input', () => {
  it('needs a holdout and valid options', () => {
    const table = { length: 0 } as never;
    expectCode(() => compareModels(table), 'INVALID_VALUE');
    expectCode(() => compareModels(null as never), 'INVALID_VALUE');
    expectCode(() => informationCriteria({ params: { a: 1 }, logLikelihood: -1, customers: 10, penalizer: 0.1 }), 'UNSUPPORTED');
  });
});
