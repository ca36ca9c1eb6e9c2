import { describe, expect, it } from 'vitest';
import { fitBgBb } from '../../../src/clv/bg-bb/fit-bg-bb.js';
import { simulateBgBb } from '../../../src/clv/bg-bb/simulate-bg-bb.js';
import { fitBgNbd } from '../../../src/clv/bg-nbd/fit-bg-nbd.js';
import { simulateBgNbd } from '../../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { customerLifetimeValue } from '../../../src/clv/customer-lifetime-value.js';
import { frequencyRecencyMatrix } from '../../../src/clv/frequency-recency-matrix.js';
import { fitGammaGamma } from '../../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { frequencyMonetaryCorrelation } from '../../../src/clv/gamma-gamma/frequency-monetary-correlation.js';
import { simulateGammaGamma } from '../../../src/clv/gamma-gamma/simulate-gamma-gamma.js';
import { holdoutValidation } from '../../../src/clv/holdout/holdout-validation.js';
import { fitModifiedBgNbd } from '../../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { simulateModifiedBgNbd } from '../../../src/clv/mbg-nbd/simulate-modified-bg-nbd.js';
import { fitParetoNbd } from '../../../src/clv/pareto-nbd/fit-pareto-nbd.js';
import { simulateParetoNbd } from '../../../src/clv/pareto-nbd/simulate-pareto-nbd.js';
import type { FittedTransactionModel } from '../../../src/clv/transaction-model.js';
import { isClvkitError } from '../../../src/errors.js';

const rfm = { frequency: [0, 2, 5], recency: [0, 4, 9], T: [10, 10, 10] };
const spend = { frequency: [1, 2, 5], monetaryValue: [10, 20, 15] };
const model = fitBgNbd(rfm, { timeUnit: 'week' });

function detailsOf(f: () => unknown): { code: string; details: Record<string, unknown>; message: string } {
  try {
    f();
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    return error as { code: string; details: Record<string, unknown>; message: string };
  }
  throw new Error('nothing thrown');
}

const clvBase = {
  transactionModel: model as FittedTransactionModel,
  spend: [1, 1, 1],
  customers: rfm,
  horizon: { value: 1, unit: 'week' as const },
  discountRate: { rate: 0, per: 'year' as const },
};

// [name, call with a misspelt key, the key, the suggestion, the path]
const cases: [string, () => unknown, string, string, (string | number)[]][] = [
  ['fitBgNbd', () => fitBgNbd(rfm, { penaliser: 0.1 } as never), 'penaliser', 'penalizer', []],
  ['fitModifiedBgNbd', () => fitModifiedBgNbd(rfm, { maxIteration: 3 } as never), 'maxIteration', 'maxIterations', []],
  ['fitParetoNbd', () => fitParetoNbd(rfm, { tolerence: 1e-6 } as never), 'tolerence', 'tolerance', []],
  ['fitBgBb', () => fitBgBb(rfm, { wieghts: [1, 1, 1] } as never), 'wieghts', 'weights', []],
  ['fitGammaGamma', () => fitGammaGamma(spend, { penaliser: 0 } as never), 'penaliser', 'penalizer', []],
  ['customerLifetimeValue', () => customerLifetimeValue({ ...clvBase, marign: 0.5 } as never), 'marign', 'margin', []],
  [
    'customerLifetimeValue horizon',
    () => customerLifetimeValue({ ...clvBase, horizon: { value: 1, unit: 'week', unti: 'day' } } as never),
    'unti',
    'unit',
    ['horizon'],
  ],
  [
    'customerLifetimeValue discountRate',
    () => customerLifetimeValue({ ...clvBase, discountRate: { rate: 0, per: 'year', pre: 1 } } as never),
    'pre',
    'per',
    ['discountRate'],
  ],
  ['holdoutValidation', () => holdoutValidation(model, {} as never, { maxFrequncy: 3 } as never), 'maxFrequncy', 'maxFrequency', []],
  ['frequencyMonetaryCorrelation', () => frequencyMonetaryCorrelation(spend, { methd: 1 } as never), 'methd', '', []],
  ['frequencyRecencyMatrix', () => frequencyRecencyMatrix(model, { T: 10, maxRecencyy: 3 } as never), 'maxRecencyy', 'maxRecency', []],
  [
    'simulateBgNbd',
    () => simulateBgNbd({ params: { r: 1, alpha: 1, a: 1, b: 1, aplha: 2 }, T: 1, customers: 1, seed: 1 } as never),
    'aplha',
    'alpha',
    ['params'],
  ],
  [
    'simulateModifiedBgNbd',
    () => simulateModifiedBgNbd({ params: { r: 1, alpha: 1, a: 1, b: 1 }, T: 1, customers: 1, seed: 1, sed: 2 } as never),
    'sed',
    'seed',
    [],
  ],
  [
    'simulateParetoNbd',
    () => simulateParetoNbd({ params: { r: 1, alpha: 1, s: 1, beta: 1, betta: 1 }, T: 1, customers: 1, seed: 1 } as never),
    'betta',
    'beta',
    ['params'],
  ],
  [
    'simulateParetoNbd top level',
    () => simulateParetoNbd({ params: { r: 1, alpha: 1, s: 1, beta: 1 }, T: 1, customers: 1, seed: 1, customer: 3 } as never),
    'customer',
    'customers',
    [],
  ],
  [
    'simulateGammaGamma',
    () => simulateGammaGamma({ params: { p: 1, q: 1, gamma: 1, gama: 1 }, frequency: [1], seed: 1 } as never),
    'gama',
    'gamma',
    ['params'],
  ],
  [
    'simulateBgBb',
    () => simulateBgBb({ params: { alpha: 1, beta: 1, gamma: 1, delta: 1 }, customers: 1, periods: 2, seed: 1, holdoutPeriod: 1 } as never),
    'holdoutPeriod',
    'holdoutPeriods',
    [],
  ],
  [
    'simulateBgBb params',
    () => simulateBgBb({ params: { alpha: 1, beta: 1, gamma: 1, delta: 1, detla: 1 }, customers: 1, periods: 2, seed: 1 } as never),
    'detla',
    'delta',
    ['params'],
  ],
];

describe('every clv options object is strict', () => {
  it.each(cases)('%s rejects an unknown key with INVALID_OPTIONS naming it and the nearest valid key', (_name, call, key, suggestion, path) => {
    const e = detailsOf(call);
    expect(e.code).toBe('INVALID_OPTIONS');
    expect(e.details).toMatchObject({ key, path });
    expect(e.message).toContain(`"${key}"`);
    if (suggestion === '') expect(e.details.suggestion).toBeUndefined();
    else {
      expect(e.details.suggestion).toBe(suggestion);
      expect(e.message).toContain(`did you mean "${suggestion}"?`);
    }
  });
});
