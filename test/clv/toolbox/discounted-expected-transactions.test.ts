import { describe, expect, it } from 'vitest';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import { discountedExpectedTransactions } from '../../../src/clv/toolbox/discounted-expected-transactions.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { expectCode } from '../../helpers/expect-code.js';

function saved(kind: string, timeUnit: string, params: Record<string, number>) {
  return { format: 'clvkit-model', version: 1, kind, timeUnit, params, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, customers: 1 };
}
const customer = { frequency: [2], recency: [30.43], T: [38.86] };

/** ∫₀^H e^{−δτ} dE[Y(τ)] by a fine Riemann–Stieltjes sum over the model's own conditional expectation (midpoint discount). */
function stieltjes(m: FittedTransactionModel, delta: number, horizon: number, steps: number): number {
  let total = 0;
  let previous = 0;
  for (let i = 1; i <= steps; i++) {
    const t = (horizon * i) / steps;
    const e = m.conditionalExpectedTransactions(t, customer)[0]!;
    total += Math.exp(-delta * (t - horizon / (2 * steps))) * (e - previous);
    previous = e;
  }
  return total;
}

describe('discountedExpectedTransactions', () => {
  const delta = 0.15 / 52;

  it("Pareto/NBD: FHL 2005's closed form equals P(alive)·E[λ]·(β+T)^s δ^{s−1} U(s, s; δ(β+T)) from mpmath", () => {
    const m = modelFromJSON(saved('pareto-nbd', 'week', { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 })) as FittedTransactionModel;
    const [dert] = discountedExpectedTransactions(m, customer, { discountRate: delta });
    const pAlive = m.probabilityAlive(customer)[0]!;
    // python3: B = 11.67 + 38.86; d = 0.15/52; B**0.606 * d**(0.606-1) * mp.hyperu(0.606, 0.606, d*B) = 138.745595141103
    expect(dert! / (pAlive * ((0.553 + 2) / (10.58 + 38.86)) * 138.745595141103)).toBeCloseTo(1, 10);
  });

  it('every model: finite horizons agree with a Riemann–Stieltjes sum over conditionalExpectedTransactions', () => {
    for (const m of [
      modelFromJSON(saved('bg-nbd', 'week', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })),
      modelFromJSON(saved('mbg-nbd', 'week', { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 })),
      modelFromJSON(saved('pareto-nbd', 'week', { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 })),
    ] as FittedTransactionModel[]) {
      const [v] = discountedExpectedTransactions(m, customer, { discountRate: 0.01, horizon: 104 });
      expect(v! / stieltjes(m, 0.01, 104, 2000), m.kind).toBeCloseTo(1, 5);
      // Undiscounted limit: δ → 0 gives the conditional expectation over the horizon.
      const [u] = discountedExpectedTransactions(m, customer, { discountRate: 1e-12, horizon: 52 });
      expect(u! / m.conditionalExpectedTransactions(52, customer)[0]!, m.kind).toBeCloseTo(1, 8);
    }
  });

  it('BG/BB: the closed form (FHS 2010 eq. 14) equals the sum of discounted per-opportunity expectations', () => {
    const m = modelFromJSON(saved('bg-bb', 'period', { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 })) as FittedTransactionModel;
    const donors = { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] };
    const dert = discountedExpectedTransactions(m, donors, { discountRate: 0.1 });
    // Σ_k (E[X(n, n+k)] − E[X(n, n+k−1)]) / 1.1^k from the model's own eq. 13.
    for (let i = 0; i < 3; i++) {
      const one = { frequency: [donors.frequency[i]!], recency: [donors.recency[i]!], T: [6] };
      let total = 0;
      let previous = 0;
      for (let k = 1; k <= 600; k++) {
        const e = m.conditionalExpectedTransactions(k, one)[0]!;
        total += (e - previous) / 1.1 ** k;
        previous = e;
      }
      expect(dert[i]! / total).toBeCloseTo(1, 9);
    }
  });

  it('rejects bad options', () => {
    const m = modelFromJSON(saved('bg-bb', 'period', { alpha: 1, beta: 1, gamma: 1, delta: 1 })) as FittedTransactionModel;
    expectCode(() => discountedExpectedTransactions(m, { frequency: [0], recency: [0], T: [6] }, { discountRate: 0 }), 'INVALID_OPTIONS');
    expectCode(() => discountedExpectedTransactions(m, { frequency: [0], recency: [0], T: [6] }, { discountRate: 0.1, horizon: 2.5 }), 'INVALID_VALUE');
    expectCode(() => discountedExpectedTransactions({} as never, { frequency: [0], recency: [0], T: [6] }, { discountRate: 0.1 }), 'INVALID_VALUE');
    expectCode(() => discountedExpectedTransactions(m, { frequency: [0], recency: [0], T: [6] }, { discountRate: 0.1, extra: 1 } as never), 'INVALID_OPTIONS');
  });
});
