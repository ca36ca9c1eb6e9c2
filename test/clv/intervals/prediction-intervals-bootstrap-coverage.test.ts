import { describe, expect, it } from 'vitest';
import { bgNbdFromJSON } from '../../../src/clv/bg-nbd/bg-nbd-from-json.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { predictionIntervals } from '../../../src/clv/intervals/prediction-intervals.js';

// Slower test (≈ 5–14 s, 2,700 weighted refits): coverage of nominal 90% bootstrap intervals on simulated data with known truth.
describe('predictionIntervals: bootstrap coverage on simulations with known truth (slower)', () => {
  it('bootstrap 90% intervals cover the true P(alive) and E[Y(52)] 85–95% of the time (45 replicates × 7 quantities, 60 refits each)', () => {
    const truth = { r: 0.5, alpha: 6, a: 0.7, b: 2.5 };
    const profiles = { frequency: [0, 2, 6, 1], recency: [0, 30, 50, 10], T: [52, 52, 52, 52] };
    let hits = 0;
    let total = 0;
    for (let rep = 0; rep < 45; rep++) {
      const sim = simulateBgNbd({ params: truth, customers: 400, T: 52, seed: 900 + rep });
      const m = fitBgNbd(sim, { timeUnit: 'week' });
      const tm = bgNbdFromJSON({ ...m.toJSON(), params: truth });
      const pa = tm.probabilityAlive(profiles);
      const ce = tm.conditionalExpectedTransactions(52, profiles);
      const pi = predictionIntervals({
        transactionModel: m,
        calibration: sim,
        customers: profiles,
        horizon: 52,
        intervals: { method: 'bootstrap', draws: 60, seed: rep },
      });
      // a resample occasionally has no finite maximum (a, b run off): counted, left out, and rare
      expect(pi.failedDraws).toBeLessThanOrEqual(6);
      for (let i = 0; i < 4; i++) {
        if (i > 0) {
          hits += Number(pi.probabilityAlive.lower[i]! <= pa[i]! && pa[i]! <= pi.probabilityAlive.upper[i]!);
          total++;
        }
        hits += Number(pi.conditionalExpectedTransactions.lower[i]! <= ce[i]! && ce[i]! <= pi.conditionalExpectedTransactions.upper[i]!);
        total++;
      }
    }
    expect(hits / total).toBeGreaterThanOrEqual(0.85);
    expect(hits / total).toBeLessThanOrEqual(0.95);
  }, 30_000);
});
