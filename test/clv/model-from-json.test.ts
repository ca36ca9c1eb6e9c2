import { describe, expect, expectTypeOf, it } from 'vitest';
import { fitBgBb } from '../../src/clv/bg-bb/fit-bg-bb.js';
import { simulateBgBb } from '../../src/clv/bg-bb/simulate-bg-bb.js';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { fitGammaGamma } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { simulateGammaGamma } from '../../src/clv/gamma-gamma/simulate-gamma-gamma.js';
import { fitModifiedBgNbd } from '../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { simulateModifiedBgNbd } from '../../src/clv/mbg-nbd/simulate-modified-bg-nbd.js';
import { modelFromJSON, type RestoredModel } from '../../src/clv/model-from-json.js';
import { fitParetoNbd } from '../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { simulateParetoNbd } from '../../src/clv/pareto-nbd/simulate-pareto-nbd.js';
import { fitShiftedBetaGeometric } from '../../src/clv/sbg/fit-shifted-beta-geometric.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import { isClvkitError } from '../../src/errors.js';

const probe = { frequency: [0, 2, 5], recency: [0, 10, 30], T: [39, 39, 39] };

/** Save → text → restore, then the restored model must predict exactly as the original. */
function roundTripTransactionModel(model: FittedTransactionModel, customers = probe, t = 12): void {
  const restored = modelFromJSON(JSON.parse(JSON.stringify(model))) as FittedTransactionModel;
  expect(restored.kind).toBe(model.kind);
  expect(restored.timeUnit).toBe(model.timeUnit);
  expect(restored.params).toEqual(model.params);
  expect(restored.standardErrors).toEqual(model.standardErrors);
  expect(restored.logLikelihood).toBe(model.logLikelihood);
  expect(restored.toJSON()).toEqual(model.toJSON());
  expect(restored.expectedTransactions(t)).toBe(model.expectedTransactions(t));
  expect(Array.from(restored.conditionalExpectedTransactions(t, customers))).toEqual(Array.from(model.conditionalExpectedTransactions(t, customers)));
  expect(Array.from(restored.probabilityAlive(customers))).toEqual(Array.from(model.probabilityAlive(customers)));
}

describe('modelFromJSON', () => {
  it('round-trips BG/NBD', () => {
    const sim = simulateBgNbd({ params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, customers: 2000, T: 39, seed: 1 });
    roundTripTransactionModel(fitBgNbd(sim, { timeUnit: 'week' }));
  });

  it('round-trips MBG/NBD', () => {
    const sim = simulateModifiedBgNbd({ params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, customers: 2000, T: 39, seed: 2 });
    roundTripTransactionModel(fitModifiedBgNbd(sim, { timeUnit: 'week' }));
  });

  it('round-trips Pareto/NBD', () => {
    const sim = simulateParetoNbd({ params: { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, customers: 2000, T: 39, seed: 3 });
    roundTripTransactionModel(fitParetoNbd(sim, { timeUnit: 'week' }));
  });

  it('round-trips BG/BB', () => {
    const sim = simulateBgBb({ params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 }, customers: 3000, periods: 6, seed: 4 });
    roundTripTransactionModel(fitBgBb(sim), { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] }, 5);
  });

  it('round-trips Gamma-Gamma', () => {
    const sim = simulateGammaGamma({ params: { p: 6, q: 4, gamma: 15 }, frequency: Array.from({ length: 2000 }, (_, i) => i % 6), seed: 5 });
    const model = fitGammaGamma(sim);
    const restored = modelFromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.kind).toBe('gamma-gamma');
    if (restored.kind !== 'gamma-gamma') return;
    expect(restored.params).toEqual(model.params);
    expect(restored.excluded).toEqual(model.excluded);
    expect(restored.expectedAverageSpend()).toBe(model.expectedAverageSpend());
    expect(restored.toJSON()).toEqual(model.toJSON());
  });

  it('round-trips sBG (FH 2007 "regular"): survival, retention and DERL equal after load', () => {
    const model = fitShiftedBetaGeometric({ cohorts: [{ customers: 1000, survivors: [631, 468, 382, 326, 289, 262, 241] }] });
    const restored = modelFromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.kind).toBe('sbg');
    if (restored.kind !== 'sbg') return;
    expect(restored.params).toEqual(model.params);
    expect(restored.standardErrors).toEqual(model.standardErrors);
    expect(restored.logLikelihood).toBe(model.logLikelihood);
    expect(restored.toJSON()).toEqual(model.toJSON());
    expect(Array.from(restored.survivalCurve(12))).toEqual(Array.from(model.survivalCurve(12)));
    const customers = { periods: [0, 3, 6, 6], churned: [0, 0, 0, 1] };
    expect(Array.from(restored.nextRetention(customers))).toEqual(Array.from(model.nextRetention(customers)));
    expect(Array.from(restored.discountedExpectedResidualLifetime(0.1, customers))).toEqual(
      Array.from(model.discountedExpectedResidualLifetime(0.1, customers)),
    );
    // A damaged sBG file names its field.
    try {
      modelFromJSON({ ...model.toJSON(), params: { alpha: -1, beta: 1 } });
      expect.unreachable();
    } catch (e) {
      expect(isClvkitError(e, 'INVALID_MODEL')).toBe(true);
      expect((e as Error).message).toMatch(/params\.alpha/);
    }
  });

  it('rejects anything else with INVALID_MODEL', () => {
    for (const bad of [null, 42, 'bg-nbd', [], {}, { kind: 'kmeans' }, { kind: 'bg-nbd' }, { kind: 'gamma-gamma', format: 'clvkit-model' }]) {
      try {
        modelFromJSON(bad);
        expect.unreachable();
      } catch (e) {
        expect(isClvkitError(e, 'INVALID_MODEL')).toBe(true);
      }
    }
  });

  it('has the public types', () => {
    expectTypeOf(modelFromJSON).returns.toEqualTypeOf<RestoredModel>();
  });
});
