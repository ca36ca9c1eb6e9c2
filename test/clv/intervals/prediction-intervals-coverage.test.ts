import { describe, expect, it } from 'vitest';
import { bgNbdFromJSON } from '../../../src/clv/bg-nbd/bg-nbd-from-json.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { fitGammaGamma, gammaGammaFromJSON } from '../../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { simulateGammaGamma } from '../../../src/clv/gamma-gamma/simulate-gamma-gamma.js';
import { predictionIntervals } from '../../../src/clv/intervals/prediction-intervals.js';

// The slower interval tests (≈ 15–20 s together): coverage of nominal 90% intervals over simulated data sets
// with known parameters. Each data set is fitted, its intervals computed, and the true quantity checked.
describe('predictionIntervals: coverage on simulations with known truth (slower)', () => {
  it('parametric 90% intervals cover the true P(alive) and E[Y(52)] 85–95% of the time (150 replicates × 7 quantities)', () => {
    const truth = { r: 0.5, alpha: 6, a: 0.7, b: 2.5 };
    const profiles = { frequency: [0, 2, 6, 1], recency: [0, 30, 50, 10], T: [52, 52, 52, 52] };
    let hits = 0;
    let total = 0;
    for (let rep = 0; rep < 150; rep++) {
      const sim = simulateBgNbd({ params: truth, customers: 1000, T: 52, seed: 100 + rep });
      const m = fitBgNbd(sim, { timeUnit: 'week' });
      const tm = bgNbdFromJSON({ ...m.toJSON(), params: truth });
      const pa = tm.probabilityAlive(profiles);
      const ce = tm.conditionalExpectedTransactions(52, profiles);
      const pi = predictionIntervals({ transactionModel: m, calibration: sim, customers: profiles, horizon: 52, intervals: { draws: 200, seed: rep } });
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

  // With ~1,000 spenders the parametric spend intervals cover ≈ 0.86–0.87 (the normal approximation of ln q, ln γ
  // is not yet good); with 4,000 customers (≈ 2,700 spenders) ≈ 0.89.
  it('parametric 90% intervals of the expected spend cover the truth 85–95% of the time (120 replicates × 3 customers, 4,000 customers each)', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const customers = { frequency: [1, 3, 10], recency: [20, 30, 50], T: [52, 52, 52], monetaryValue: [20, 35, 60] };
    const sim = simulateBgNbd({ params: { r: 2, alpha: 6, a: 0.7, b: 2.5 }, customers: 4000, T: 52, seed: 9 });
    const bg = fitBgNbd(sim, { timeUnit: 'week' });
    let hits = 0;
    let total = 0;
    for (let rep = 0; rep < 120; rep++) {
      const spend = simulateGammaGamma({ params: truth, frequency: sim.frequency, seed: 500 + rep });
      const calibration = { ...sim, monetaryValue: spend.monetaryValue };
      const gg = fitGammaGamma(calibration);
      const spendTruth = gammaGammaFromJSON({ ...gg.toJSON(), params: truth }).conditionalExpectedAverageSpend(customers);
      const pi = predictionIntervals({ transactionModel: bg, spendModel: gg, calibration, customers, horizon: 1, intervals: { draws: 150, seed: rep } });
      for (let i = 0; i < 3; i++) {
        hits += Number(pi.expectedSpend!.lower[i]! <= spendTruth[i]! && spendTruth[i]! <= pi.expectedSpend!.upper[i]!);
        total++;
      }
    }
    expect(hits / total).toBeGreaterThanOrEqual(0.85);
    expect(hits / total).toBeLessThanOrEqual(0.95);
  }, 30_000);
});
