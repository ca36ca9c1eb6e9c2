import { describe, expect, it } from 'vitest';
import { modelFromJSON } from '../../../src/clv/model-from-json.js';
import { probabilityAliveHistory } from '../../../src/clv/toolbox/probability-alive-history.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { expectCode } from '../../helpers/expect-code.js';

const saved = (kind: string, timeUnit: string, params: Record<string, number>) => ({
  format: 'clvkit-model',
  version: 1,
  kind,
  timeUnit,
  params,
  standardErrors: null,
  logLikelihood: 0,
  converged: true,
  iterations: 0,
  customers: 1,
});

describe('probabilityAliveHistory', () => {
  it('is the model P(alive) of the history so far: 1 before the first repeat purchase (BG/NBD), jumps up at later ones, falls between', () => {
    const m = modelFromJSON(saved('bg-nbd', 'week', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })) as FittedTransactionModel;
    const h = probabilityAliveHistory(m, [4, 9.5], { until: 30, points: 7 });
    const at = (t: number) => h.pAlive[h.t.indexOf(t)]!;
    expect(at(0)).toBe(1);
    expect(at(4)).toBeLessThan(1); // BG/NBD: a repeat purchase is the first chance to drop out
    expect(at(9.5)).toBeGreaterThan(h.pAlive[h.t.indexOf(9.5) - 1]!); // the jump at the second one
    expect(at(30)).toBeLessThan(at(20));
    expect(at(30)).toBeCloseTo(m.probabilityAlive({ frequency: [2], recency: [9.5], T: [30] })[0]!, 14);
    expect(Array.from(h.purchases)).toEqual([4, 9.5]);
  });
  it('rejects bad purchase times and BG/BB', () => {
    const m = modelFromJSON(saved('pareto-nbd', 'week', { r: 1, alpha: 1, s: 1, beta: 1 })) as FittedTransactionModel;
    expectCode(() => probabilityAliveHistory(m, [5, 3], { until: 10 }), 'INVALID_VALUE');
    expectCode(() => probabilityAliveHistory(m, [11], { until: 10 }), 'INVALID_VALUE');
    const bb = modelFromJSON(saved('bg-bb', 'period', { alpha: 1, beta: 1, gamma: 1, delta: 1 })) as FittedTransactionModel;
    expectCode(() => probabilityAliveHistory(bb, [1], { until: 3 }), 'UNSUPPORTED');
  });
});
