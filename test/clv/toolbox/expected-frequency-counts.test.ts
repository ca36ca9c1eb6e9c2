import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { expectedFrequencyCounts } from '../../../src/clv/toolbox/expected-frequency-counts.js';
import { readTransactions } from '../../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../../src/io/summarize-customers.js';
import { describeWithSharedData, sharedFile } from '../../helpers/shared-data.js';

describe('expectedFrequencyCounts', () => {
  it('counts customers by repeat purchases and matches the fitted model within sampling error (simulated truth)', () => {
    const sim = simulateBgNbd({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 4000, T: 39, seed: 5 });
    const model = fitBgNbd(sim, { timeUnit: 'week' });
    const c = expectedFrequencyCounts(model, sim, { maxFrequency: 5 });
    expect(c.labels).toEqual(['0', '1', '2', '3', '4', '5+']);
    expect(c.actual.reduce((s, v) => s + v, 0)).toBe(4000);
    expect(c.expected.reduce((s, v) => s + v, 0)).toBeCloseTo(4000, 6);
    for (let x = 0; x < 6; x++) expect(Math.abs(c.expected[x]! - c.actual[x]!)).toBeLessThan(4 * Math.sqrt(c.expected[x]!) + 5);
  });
});

describeWithSharedData('expectedFrequencyCounts on CDNOW (FHL 2005 Fig. 3)', () => {
  it('the BG/NBD fit expects 1,407.7 customers without repeat purchase against 1,411 actual', async () => {
    const s = summarizeCustomers(await readTransactions(sharedFile('cdnow_sample_transactions.csv')), { observationEnd: '1997-09-30', timeUnit: 'week' });
    const c = expectedFrequencyCounts(fitBgNbd(s), s);
    expect(Array.from(c.actual)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(c.expected[0]).toBeCloseTo(1407.68, 1);
    expect(c.expected[1]).toBeCloseTo(460.32, 1);
  });
});
