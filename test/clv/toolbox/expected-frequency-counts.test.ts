import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { expectedFrequencyCounts } from '../../../src/clv/toolbox/expected-frequency-counts.js';

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
