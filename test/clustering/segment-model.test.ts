import { describe, expect, expectTypeOf, it } from 'vitest';
import { adjustedRandIndex } from '../../src/clustering/adjusted-rand-index.js';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import {
  applySegmentModel,
  assignSegments,
  segmentModelFromJSON,
  type SegmentAssignment,
  type SegmentModel,
  type SegmentModelJson,
} from '../../src/clustering/segment-model.js';
import { isClvkitError } from '../../src/errors.js';
import { makeBankLike } from './bank-like.js';
import type { Displayed } from '../../src/display/with-display.js';
import { codeOf } from '../helpers/expect-code.js';

const FEATURES = ['aum', 'loans', 'activity', 'products'];
const { table, truth } = makeBankLike([300, 120, 200, 80], 7, 0.5);
const fit = segmentCustomers(table, { features: FEATURES, money: ['aum', 'loans'], k: 4, seed: 5, scale: 'robust' });

describe('segment model', () => {
  it('JSON round trip keeps every number exactly', () => {
    const text = JSON.stringify(fit.model);
    const back = segmentModelFromJSON(text);
    expect(back.toJSON()).toEqual(fit.model.toJSON());
    expect(JSON.stringify(back)).toBe(text);
    expect(segmentModelFromJSON(JSON.parse(text)).centres).toEqual(fit.model.centres);
    expect(back.version).toBe(1);
    expect(back.labels).toEqual(fit.labels);
  });

  it('assigning the training data reproduces its labels (model and JSON copy)', () => {
    expect(Array.from(assignSegments(fit.model, table).segment)).toEqual(Array.from(fit.segment));
    const copy = segmentModelFromJSON(JSON.stringify(fit.model));
    const again = assignSegments(copy, table, { id: 'id' });
    expect(Array.from(again.segment)).toEqual(Array.from(fit.segment));
    expect(Array.from(again.sizes)).toEqual(fit.profiles.map((p) => p.size));
    expect(again.ids).toEqual(table.id);
  });

  it('applySegmentModel (the scheme name) is assignSegments, naming itself in errors', () => {
    const applied = applySegmentModel(fit.model, table, { id: 'id' });
    expect(applied).toEqual(assignSegments(fit.model, table, { id: 'id' }));
    let fn: unknown;
    try {
      applySegmentModel(fit.model, { aum: [1] });
    } catch (error) {
      fn = isClvkitError(error) ? error.details.fn : error;
    }
    expect(fn).toBe('applySegmentModel');
  });

  it("next month's customers land in this month's segments", () => {
    const next = makeBankLike([50, 50, 50, 50], 99, 0.15);
    const placed = assignSegments(fit.model, next.table);
    // The training segments match the generating groups, so new customers must too.
    expect(adjustedRandIndex(fit.segment, truth)).toBe(1);
    expect(adjustedRandIndex(placed.segment, next.truth)).toBe(1);
    expect(Array.from(placed.distance).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });

  it('uses the stored transform, not one refitted on the new table', () => {
    const one = { aum: [table.aum[0]!], loans: [table.loans[0]!], activity: [table.activity[0]!], products: [table.products[0]!] };
    expect(assignSegments(fit.model, one).segment[0]).toBe(fit.segment[0]);
  });

  it('rejects malformed models with INVALID_MODEL', () => {
    const good = fit.model.toJSON();
    const bad: unknown[] = [
      'not json {',
      null,
      { ...good, version: 2 },
      { ...good, kind: 'other' },
      { ...good, k: 3 },
      { ...good, centres: good.centres.map((c) => c.slice(1)) },
      { ...good, centres: [[null, 0, 0, 0], ...good.centres.slice(1)] },
      { ...good, features: good.features.map((f, i) => (i === 0 ? { ...f, spread: 0 } : f)) },
      { ...good, features: [good.features[0], good.features[0], good.features[2], good.features[3]] },
      { ...good, labels: { en: ['a'], zh: ['b'] } },
      { ...good, features: [] },
    ];
    for (const b of bad) expect(codeOf(() => segmentModelFromJSON(b))).toBe('INVALID_MODEL');
    expect(codeOf(() => assignSegments({ ...good, k: 9 } as SegmentModelJson, table))).toBe('INVALID_MODEL');
  });

  it('assignSegments: bad tables', () => {
    expect(codeOf(() => assignSegments(fit.model, { aum: [], loans: [], activity: [], products: [] }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => assignSegments(fit.model, { aum: [1], loans: [1], activity: [1] }))).toBe('MISSING_COLUMN');
    expect(codeOf(() => assignSegments(fit.model, { aum: [1, 2], loans: [1], activity: [1], products: [1] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => assignSegments(fit.model, { aum: [1], loans: [NaN], activity: [1], products: [1] }))).toBe('INVALID_VALUE');
    expect(codeOf(() => assignSegments(fit.model, { aum: [1], loans: [1], activity: [1], products: [1] }, { id: 'id' }))).toBe('MISSING_COLUMN');
    expect(codeOf(() => assignSegments(fit.model, table, { id: '' }))).toBe('INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(assignSegments).returns.toEqualTypeOf<Displayed<SegmentAssignment>>();
    expectTypeOf(segmentModelFromJSON).returns.toEqualTypeOf<SegmentModel>();
  });
});

describe('assignSegments: garbage (issue 11)', () => {
  const codeAndFn = (f: () => unknown): [string, unknown] => {
    try {
      f();
    } catch (error) {
      expect(isClvkitError(error), String(error)).toBe(true);
      return [(error as { code: string }).code, (error as { details: { fn: unknown } }).details.fn];
    }
    return ['none', undefined];
  };
  it('a model that is not a model (undefined, a BigInt, a cycle, a number): INVALID_MODEL naming assignSegments', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const garbage of [undefined, null, 42, 'x', {}, [], 10n, cyclic, Object.create(null) as unknown]) {
      expect(codeAndFn(() => assignSegments(garbage as never, { aum: [1] }))).toEqual(['INVALID_MODEL', 'assignSegments']);
    }
  });
  it('a table that is not an object of columns: INVALID_VALUE; a missing feature: MISSING_COLUMN', () => {
    const fit = segmentCustomers(
      { aum: [100, 120, 90, 50000, 60000, 55000], activity: [30, 25, 28, 2, 1, 3] },
      { features: ['aum', 'activity'], money: ['aum'], k: 2, seed: 1 },
    );
    for (const garbage of [undefined, null, 42, 'x', [], 10n]) {
      expect(codeAndFn(() => assignSegments(fit.model, garbage as never))).toEqual(['INVALID_VALUE', 'assignSegments']);
    }
    expect(codeAndFn(() => assignSegments(fit.model, { aum: [1] }))).toEqual(['MISSING_COLUMN', 'assignSegments']);
    expect(codeAndFn(() => assignSegments(fit.model, { aum: [1], activity: 3 } as never))).toEqual(['INVALID_VALUE', 'assignSegments']);
    expect(Array.from(assignSegments(JSON.stringify(fit.model) as never, { aum: [1e6, 300], activity: [2, 40] }).segment)).toEqual(
      Array.from(assignSegments(fit.model, { aum: [1e6, 300], activity: [2, 40] }).segment),
    );
  });
});
