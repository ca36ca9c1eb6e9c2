import { describe, expect, expectTypeOf, it } from 'vitest';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { scoringModelFromJSON } from '../../src/scoring/scoring-model.js';
import type { ScoringModel, ScoringModelJson } from '../../src/scoring/scoring-model.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { expectCode } from '../helpers/expect-code.js';

describe('scoringModelFromJSON', () => {
  const book = simulateBank({ customers: 400, months: 12, seed: 2 });
  const model = scoreCustomers(book, { clusters: { k: 3 } }).model;
  const json = model.toJSON();

  it('round-trips: JSON.stringify(model) restores to the same data', () => {
    const restored = scoringModelFromJSON(JSON.stringify(model));
    expect(restored.toJSON()).toEqual(json);
    expect(JSON.parse(JSON.stringify(restored)) as unknown).toEqual(json);
    expect(restored.settings).toMatchObject({ horizonMonths: 36, annualDiscountRate: 0.08, timeUnit: 'week', peerGroup: 'customerType' });
    expect(restored.transactionModel!.kind).toBe('bg-nbd');
    expect(restored.spendModel!.kind).toBe('gamma-gamma');
  });

  it('the model is plain data: mutating a toJSON copy does not change it', () => {
    const copy = model.toJSON() as { matrix: { current: number } };
    copy.matrix.current = -1;
    expect(model.matrix!.current).not.toBe(-1);
  });

  it('rejects malformed models, naming the part', () => {
    expectCode(() => scoringModelFromJSON('nope'), 'INVALID_MODEL');
    expectCode(() => scoringModelFromJSON({ ...json, format: 'x' }), 'INVALID_MODEL');
    const e1 = expectCode(() => scoringModelFromJSON({ ...json, transactionModel: { ...json.transactionModel, params: { r: -1 } } }), 'INVALID_MODEL');
    expect(e1.details.path).toEqual(['transactionModel']);
    expectCode(() => scoringModelFromJSON({ ...json, transactionModel: json.spendModel }), 'INVALID_MODEL');
    expectCode(() => scoringModelFromJSON({ ...json, spendModel: json.transactionModel }), 'INVALID_MODEL');
    const e2 = expectCode(
      () => scoringModelFromJSON({ ...json, rfm: { ...json.rfm, breakpoints: { ...json.rfm!.breakpoints, recency: [3, 2, 1, 0] } } }),
      'INVALID_MODEL',
    );
    expect(e2.details.path).toEqual(['rfm', 'breakpoints', 'recency']);
    expectCode(() => scoringModelFromJSON({ ...json, cluster: { ...json.cluster!, k: 0 } }), 'INVALID_MODEL');
    expectCode(() => scoringModelFromJSON({ ...json, value: { ...json.value, version: 9 } }), 'INVALID_MODEL');
    expectCode(() => scoringModelFromJSON({ ...json, matrix: { current: null, future: 0 } }), 'INVALID_MODEL');
  });

  it('types', () => {
    expectTypeOf(scoringModelFromJSON).returns.toEqualTypeOf<ScoringModel>();
    expectTypeOf<ReturnType<ScoringModel['toJSON']>>().toEqualTypeOf<ScoringModelJson>();
  });
});

describe('scoringModelFromJSON: hostile nesting', () => {
  it('a part nested 5,000 deep (object or JSON text) is INVALID_MODEL, not a RangeError', () => {
    const book = simulateBank({ customers: 300, months: 24, seed: 3 });
    const model = JSON.parse(JSON.stringify(scoreCustomers(book, { clusters: false }).model)) as Record<string, unknown>;
    let deep: unknown = 0;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const deepText = `${'{"a":'.repeat(5000)}0${'}'.repeat(5000)}`;
    for (const key of ['behavior', 'tagRules', 'value']) {
      expectCode(() => scoringModelFromJSON({ ...model, [key]: deep }), 'INVALID_MODEL');
      const text = JSON.stringify({ ...model, [key]: 'DEEP' }).replace('"DEEP"', deepText);
      expectCode(() => scoringModelFromJSON(text), 'INVALID_MODEL');
    }
    expect(() => scoringModelFromJSON(model)).not.toThrow();
  });
});
