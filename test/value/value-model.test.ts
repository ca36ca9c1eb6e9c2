import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEFAULT_TIER_BANDS, describeTiers } from '../../src/tiers/tier-bands.js';
import { valueDecomposition } from '../../src/value/value-decomposition.js';
import { bandsFromDescriptors, valueModelFromJSON } from '../../src/value/value-model.js';
import type { ValueModel } from '../../src/value/value-model.js';
import { expectCode } from '../helpers/expect-code.js';
import { bookOf, series } from './book.js';

describe('valueModelFromJSON', () => {
  const { model } = valueDecomposition(bookOf(2, [...series(0, [10, 20, 30]), ...series(1, [5, 5, 5])]), { minPeers: 1 });

  it('round-trips a model through a JSON string and an object', () => {
    expect(valueModelFromJSON(JSON.stringify(model))).toEqual(model);
    expect(valueModelFromJSON(JSON.parse(JSON.stringify(model)) as unknown)).toEqual(model);
  });

  it('bands survive JSON: open ends are null in the model and ±Infinity again for use', () => {
    expect(model.tierBands[0]!.lower).toBeNull();
    expect(bandsFromDescriptors(describeTiers(DEFAULT_TIER_BANDS))).toEqual(DEFAULT_TIER_BANDS);
  });

  it('rejects malformed models with INVALID_MODEL and the path', () => {
    expectCode(() => valueModelFromJSON('{not json'), 'INVALID_MODEL');
    expectCode(() => valueModelFromJSON({ ...model, format: 'x' }), 'INVALID_MODEL');
    expectCode(() => valueModelFromJSON({ ...model, version: 2 }), 'INVALID_MODEL');
    const e = expectCode(() => valueModelFromJSON({ ...model, retention: { mass: { ...model.retention.mass, monthlyRate: 1.5 } } }), 'INVALID_MODEL');
    expect(e.details.path).toEqual(['retention', 'mass', 'monthlyRate']);
    expectCode(() => valueModelFromJSON({ ...model, pooledSlope: null }), 'INVALID_MODEL');
  });

  it('types', () => {
    expectTypeOf(valueModelFromJSON).returns.toEqualTypeOf<ValueModel>();
  });
});
