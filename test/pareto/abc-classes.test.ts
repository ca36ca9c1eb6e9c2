import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ABC_LABELS,
  DEFAULT_ABC_CUTOFFS,
  abcClasses,
  abcClassesPrepared,
  type AbcClasses,
  type AbcClassesOptions,
  type AbcLabel,
} from '../../src/pareto/abc-classes.js';
import { paretoPoint } from '../../src/pareto/pareto-point.js';
import { prepareParetoValues } from '../../src/pareto/pareto-values.js';
import { codeOf, randomValues, rankIndices } from './brute-force.js';
import type { Displayed } from '../../src/display/with-display.js';

/** Brute force: walk ranked customers; class by the running share *before* each one. */
function classesByWalking(values: number[], a: number, b: number): number[] {
  const total = values.filter((v) => v >= 0).reduce((s, v) => s + v, 0);
  const out = values.map(() => 3);
  let running = 0;
  for (const i of rankIndices(values)) {
    if (values[i]! < 0) continue;
    const before = running / total;
    out[i] = before < a ? 0 : before < b ? 1 : 2;
    running += values[i]!;
  }
  return out;
}

describe('abcClasses', () => {
  it('worked example: 100 of value, cut-offs 80/95', () => {
    // Sorted: 50 (before 0%), 30 (50%), 10 (80%), 6 (90%), 4 (96%); −2 is outside the basis.
    const abc = abcClasses([50, 30, 10, 6, 4, -2]);
    expect(abc.cutoffs).toEqual([0.8, 0.95]);
    expect(abc.classes).toEqual([
      { label: 'A', customers: 2, customerShare: 0.4, value: 80, valueShare: 0.8 },
      { label: 'B', customers: 2, customerShare: 0.4, value: 16, valueShare: 0.16 },
      { label: 'C', customers: 1, customerShare: 0.2, value: 4, valueShare: 0.04 },
    ]);
    expect(Array.from(abc.classIndex)).toEqual([0, 0, 1, 1, 2, 3]);
    expect(abc.classIndex[5]).toBe(ABC_LABELS.indexOf('negative'));
    expect(abc.basis.negatives).toEqual({ customers: 1, total: -2, drag: 0.02 });
  });

  it('straddling customer gets the class its share *before* it falls in', () => {
    // 60 takes the running share from 0% to 60%; 30 from 60% to 90% (straddles 80%) → A; 10 from 90% → B.
    const abc = abcClasses([10, 60, 30]);
    expect(Array.from(abc.classIndex)).toEqual([1, 0, 0]);
    // A customer exactly at a cut-off before it (80% before) starts the next class.
    expect(Array.from(abcClasses([40, 40, 15, 5]).classIndex)).toEqual([0, 0, 1, 2]);
  });

  it('zeros are class C; a tie group across both cut-offs is split in input order', () => {
    expect(Array.from(abcClasses([5, 0, 5, 0]).classIndex)).toEqual([0, 2, 0, 2]);
    // Ten equal customers: shares before them 0%, 10%, …, 90% → 8 A (< 80%), then 80% and 90% → B (< 95%).
    const abc = abcClasses(new Array(10).fill(1));
    expect(Array.from(abc.classIndex)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('matches the brute-force walk on random data, and A is the Pareto point at the A cut-off', () => {
    for (const [seed, n, cutoffs] of [
      [1, 20, [0.8, 0.95]],
      [2, 500, [0.8, 0.95]],
      [3, 1500, [0.5, 0.9]],
      [4, 800, [0.7, 1]],
      [5, 300, [0.05, 0.1]],
    ] as const) {
      const values = randomValues(seed, n, { round: seed % 2 === 0, zeros: 0.1, negatives: 0.05 });
      const abc = abcClasses(values, { cutoffs: [cutoffs[0], cutoffs[1]] });
      const expected = classesByWalking(values, cutoffs[0], cutoffs[1]);
      expect(Array.from(abc.classIndex)).toEqual(expected);
      const basisCustomers = values.filter((v) => v >= 0).length;
      const total = values.filter((v) => v >= 0).reduce((s, v) => s + v, 0);
      abc.classes.forEach((row, c) => {
        const members = values.filter((_, i) => expected[i] === c);
        expect(row.customers).toBe(members.length);
        expect(row.customerShare).toBeCloseTo(members.length / basisCustomers, 14);
        expect(row.value).toBeCloseTo(
          members.reduce((s, v) => s + v, 0),
          6,
        );
        expect(row.valueShare).toBeCloseTo(members.reduce((s, v) => s + v, 0) / total, 12);
      });
      const point = paretoPoint(values, { target: cutoffs[0] });
      expect(Array.from(point.members)).toEqual(expected.flatMap((c, i) => (c === 0 ? [i] : [])));
    }
  });

  it('with cut-off B = 1, class C is the zero-valued customers', () => {
    const abc = abcClasses([9, 0, 1, 0, 5], { cutoffs: [0.5, 1] });
    expect(Array.from(abc.classIndex)).toEqual([0, 2, 1, 2, 1]);
  });

  it('defaults are 0.8 / 0.95; abcClassesPrepared equals abcClasses', () => {
    expect(DEFAULT_ABC_CUTOFFS).toEqual([0.8, 0.95]);
    const values = randomValues(6, 200, { negatives: 0.1 });
    expect(abcClassesPrepared(prepareParetoValues(values), { cutoffs: [0.6, 0.9] })).toEqual(abcClasses(values, { cutoffs: [0.6, 0.9] }));
  });

  it('throws the documented codes', () => {
    expect(codeOf(() => abcClasses([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => abcClasses([1]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => abcClasses([0, 0]))).toBe('INVALID_VALUE');
    expect(codeOf(() => abcClasses([Number.NaN, 1]))).toBe('INVALID_VALUE');
    for (const cutoffs of [[0.9, 0.8], [0, 0.5], [0.5, 0.5], [0.5, 1.2], [0.5]]) {
      expect(codeOf(() => abcClasses([1, 2], { cutoffs } as unknown as AbcClassesOptions))).toBe('INVALID_OPTIONS');
    }
  });

  it('has the documented types', () => {
    expectTypeOf(abcClasses).returns.toEqualTypeOf<Displayed<AbcClasses>>();
    expectTypeOf<AbcLabel>().toEqualTypeOf<'A' | 'B' | 'C' | 'negative'>();
    expectTypeOf<AbcClasses['classIndex']>().toEqualTypeOf<Uint8Array>();
  });
});
