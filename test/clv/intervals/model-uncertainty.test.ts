import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { fitBgBb } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import { fitGammaGamma } from '../../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { spendUncertainty, transactionUncertainty } from '../../../src/clv/intervals/model-uncertainty.js';
import { fitParetoNbd } from '../../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

/** θ·√Σ_uu from the adaptor's covariance, against the fitting core's natural-scale standard errors. */
function deltaSe(estimates: Float64Array, covariance: Float64Array): number[] {
  const k = estimates.length;
  return Array.from(estimates, (u, i) => Math.exp(u) * Math.sqrt(covariance[i * k + i]!));
}

describeWithSharedData('model-uncertainty: each adaptor’s covariance agrees with the fit’s own standard errors', () => {
  const rows = parse(readFileSync(sharedFile('cdnow_sample_summary.csv')), { columns: true }) as Record<string, string>[];
  const cdnow = {
    frequency: Float64Array.from(rows, (r) => Number(r.frequency)),
    recency: Float64Array.from(rows, (r) => Number(r.recency)),
    T: Float64Array.from(rows, (r) => Number(r.T)),
    monetaryValue: Float64Array.from(rows, (r) => Number(r.monetary_value)),
  };
  const ones = new Float64Array(cdnow.frequency.length).fill(1);

  it('Pareto/NBD (analytic gradient)', () => {
    const m = fitParetoNbd(cdnow, { timeUnit: 'week' });
    const u = transactionUncertainty(m, 't');
    const se = deltaSe(u.estimates, u.covariance(cdnow, ones).covariance!);
    ['r', 'alpha', 's', 'beta'].forEach((k, i) => expect(se[i]! / m.standardErrors![k as 'r']).toBeCloseTo(1, 2));
  });

  it('Gamma-Gamma (grouped analytic gradient)', () => {
    const m = fitGammaGamma(cdnow);
    const u = spendUncertainty(m);
    const se = deltaSe(u.estimates, u.covariance(cdnow, ones).covariance!);
    ['p', 'q', 'gamma'].forEach((k, i) => expect(se[i]! / m.standardErrors![k as 'p']).toBeCloseTo(1, 2));
  });

  it('BG/BB (numerical gradient) on the donations data', () => {
    const lines = readFileSync(sharedFile('donations_bgbb_summary.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const d = { frequency: Float64Array.from(lines, (r) => r[0]!), recency: Float64Array.from(lines, (r) => r[1]!), T: Float64Array.from(lines, (r) => r[2]!) };
    const w = Float64Array.from(lines, (r) => r[3]!);
    const m = fitBgBb(d, { weights: w });
    const u = transactionUncertainty(m, 't');
    const se = deltaSe(u.estimates, u.covariance(d, w).covariance!);
    ['alpha', 'beta', 'gamma', 'delta'].forEach((k, i) => expect(se[i]! / m.standardErrors![k as 'alpha']).toBeCloseTo(1, 2));
  });
});
