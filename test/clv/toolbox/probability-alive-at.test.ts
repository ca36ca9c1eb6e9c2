import { describe, expect, it } from 'vitest';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import { conditionalTransactionPmf, probabilityNoTransactions } from '../../../src/clv/toolbox/conditional-transaction-pmf.js';
import { probabilityAliveAt } from '../../../src/clv/toolbox/probability-alive-at.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { expectCode } from '../../helpers/expect-code.js';

function saved(kind: string, timeUnit: string, params: Record<string, number>) {
  return { format: 'clvkit-model', version: 1, kind, timeUnit, params, standardErrors: null, logLikelihood: 0, converged: true, iterations: 0, customers: 1 };
}
const customers = { frequency: [0, 2, 7], recency: [0, 30.43, 35], T: [38.86, 38.86, 39] };

describe('probabilityAliveAt / probabilityNoTransactions', () => {
  it("t = 0 is each continuous model's own P(alive); BG/BB t = 1 is FHS 2010's P(alive in 2002)", () => {
    for (const m of [
      modelFromJSON(saved('bg-nbd', 'week', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })),
      modelFromJSON(saved('mbg-nbd', 'week', { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 })),
      modelFromJSON(saved('pareto-nbd', 'week', { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 })),
    ] as FittedTransactionModel[]) {
      expect(Array.from(probabilityAliveAt(m, customers, { t: 0 }))).toEqual(Array.from(m.probabilityAlive(customers)));
    }
    const bb = modelFromJSON(saved('bg-bb', 'period', { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 })) as FittedTransactionModel;
    const donors = { frequency: [0, 2, 6], recency: [0, 4, 6], T: [6, 6, 6] };
    const at1 = probabilityAliveAt(bb, donors, { t: 1 });
    bb.probabilityAlive(donors).forEach((v, i) => expect(at1[i]).toBeCloseTo(v, 12));
    expect(Array.from(at1, (v) => Number(v.toFixed(2)))).toEqual([0.11, 0.59, 0.93]);
  });

  it('Pareto/NBD by simulation of the posterior: P(alive at T+t) = P(alive)·E[e^{−μt}] and P(Y=0) matches a Monte Carlo draw', () => {
    // Independent check of the Pareto/NBD PMF at n = 0 by a midpoint rule over the death time, written out here.
    const p = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 };
    const m = modelFromJSON(saved('pareto-nbd', 'week', p)) as FittedTransactionModel;
    const one = { frequency: [2], recency: [30.43], T: [38.86] };
    const pa = m.probabilityAlive(one)[0]!;
    const R = p.r + 2;
    const A = p.alpha + 38.86;
    const B = p.beta + 38.86;
    const t = 26;
    let died = 0;
    const steps = 200_000;
    for (let i = 0; i < steps; i++) {
      const tau = ((i + 0.5) * t) / steps;
      died += (p.s / B) * (B / (B + tau)) ** (p.s + 1) * (A / (A + tau)) ** R * (t / steps);
    }
    const expected = 1 - pa + pa * ((B / (B + t)) ** p.s * (A / (A + t)) ** R + died);
    expect(probabilityNoTransactions(m, one, { t })[0]).toBeCloseTo(expected, 9);
    expect(probabilityAliveAt(m, one, { t })[0]).toBeCloseTo(pa * (B / (B + t)) ** p.s, 14);
    expect(conditionalTransactionPmf(m, one, { t, maxTransactions: 0 }).pmf[0]![0]).toBeCloseTo(expected, 9);
  });

  it('BG/NBD at a corner where ₂F₁ fails (r = 1e4, a = b = 1e-4): the quadrature fallback equals mpmath.hyp2f1', () => {
    const m = modelFromJSON(saved('bg-nbd', 'week', { r: 1e4, alpha: 1, a: 1e-4, b: 1e-4 })) as FittedTransactionModel;
    // mpmath (40 digits): hyp2f1(1e4, 1e-4, 2e-4, -10/2) = 0.4994304907
    expect(probabilityAliveAt(m, { frequency: [0], recency: [0], T: [1] }, { t: 10 })[0]).toBeCloseTo(0.4994304907, 9);
  });

  it('rejects bad arguments', () => {
    const m = modelFromJSON(saved('bg-nbd', 'week', { r: 1, alpha: 1, a: 1, b: 1 })) as FittedTransactionModel;
    expectCode(() => probabilityAliveAt(m, customers, { t: -1 }), 'INVALID_OPTIONS');
    expectCode(() => probabilityAliveAt(m, { frequency: [1], recency: [5], T: [2] }, { t: 1 }), 'INVALID_VALUE');
    expectCode(() => conditionalTransactionPmf(m, customers, { t: 1, maxTransactions: 1.5 }), 'INVALID_OPTIONS');
  });
});
