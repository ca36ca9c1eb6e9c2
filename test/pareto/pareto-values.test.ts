import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import {
  buildParetoValues,
  prepareParetoValues,
  type ParetoBasis,
  type ParetoValues,
  type PrepareParetoValuesOptions,
} from '../../src/pareto/pareto-values.js';
import { abcClassesPrepared } from '../../src/pareto/abc-classes.js';
import { giniPrepared } from '../../src/pareto/gini.js';
import { lorenzCurvePrepared } from '../../src/pareto/lorenz-curve.js';
import { paretoPointPrepared } from '../../src/pareto/pareto-point.js';
import { topSharesPrepared } from '../../src/pareto/top-shares.js';
import { codeOf, errorOf, randomValues } from './brute-force.js';

describe('prepareParetoValues', () => {
  it('splits off negatives, sorts the basis descending and accumulates (worked example)', () => {
    const p = prepareParetoValues([3, -1, 0, 5]);
    expect(Array.from(p.descending)).toEqual([5, 3, 0]);
    expect(Array.from(p.cumulative)).toEqual([0, 5, 8, 8]);
    expect(Array.from(p.values)).toEqual([3, -1, 0, 5]);
    expect(p.basis).toEqual({
      kind: 'non-negative',
      customers: 4,
      basisCustomers: 3,
      zeroCustomers: 1,
      total: 8,
      negatives: { customers: 1, total: -1, drag: 0.125 },
    });
  });

  it('never mutates or aliases the input', () => {
    const input = new Float64Array([4, 1, -2, 3]);
    const p = prepareParetoValues(input);
    expect(Array.from(input)).toEqual([4, 1, -2, 3]);
    expect(p.values).not.toBe(input);
    p.values[0] = 99;
    expect(input[0]).toBe(4);
  });

  it('accepts plain arrays and typed arrays alike', () => {
    const a = prepareParetoValues([1, 2, 3]);
    const b = prepareParetoValues(new Int32Array([1, 2, 3]));
    expect(Array.from(b.cumulative)).toEqual(Array.from(a.cumulative));
  });

  it('cumulative totals match a direct sum on random data with ties, zeros and negatives', () => {
    const values = randomValues(11, 3000, { round: true, zeros: 0.1, negatives: 0.1 });
    const p = prepareParetoValues(values);
    const basis = values.filter((v) => v >= 0).sort((a, b) => b - a);
    expect(Array.from(p.descending)).toEqual(basis);
    expect(p.basis.basisCustomers).toBe(basis.length);
    expect(p.basis.zeroCustomers).toBe(values.filter((v) => v === 0).length);
    expect(p.basis.negatives.customers).toBe(values.filter((v) => v < 0).length);
    const negTotal = values.filter((v) => v < 0).reduce((a, b) => a + b, 0);
    expect(p.basis.negatives.total).toBe(negTotal);
    expect(p.basis.negatives.drag).toBeCloseTo(-negTotal / p.basis.total, 12);
    let running = 0;
    for (let k = 0; k < basis.length; k++) {
      running += basis[k]!;
      expect(p.cumulative[k + 1]).toBe(running);
    }
    expect(p.basis.total).toBe(p.cumulative[basis.length]);
  });

  it('throws EMPTY_INPUT, INVALID_VALUE (with the index), TOO_FEW_VALUES for bad columns', () => {
    expect(codeOf(() => prepareParetoValues([]))).toBe('EMPTY_INPUT');
    const nan = errorOf(() => prepareParetoValues([1, 2, Number.NaN], { column: 'aum' }));
    expect(nan.code).toBe('INVALID_VALUE');
    expect(nan.details).toMatchObject({ fn: 'prepareParetoValues', column: 'aum', index: 2 });
    expect(errorOf(() => prepareParetoValues([Infinity, 1])).details.index).toBe(0);
    expect(errorOf(() => prepareParetoValues([1, -Infinity])).details.index).toBe(1);
    expect(codeOf(() => prepareParetoValues(['1', 2] as unknown as number[]))).toBe('INVALID_VALUE');
    expect(codeOf(() => prepareParetoValues(null as unknown as number[]))).toBe('INVALID_VALUE');
    expect(codeOf(() => prepareParetoValues([7]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => prepareParetoValues([7, -1, -2]))).toBe('TOO_FEW_VALUES');
    expect(codeOf(() => prepareParetoValues([-7, -1]))).toBe('TOO_FEW_VALUES');
  });

  it('all-zero values: total value is zero → INVALID_VALUE (concentration undefined)', () => {
    const e = errorOf(() => prepareParetoValues([0, 0, 0]));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toContain('total value is zero');
    expect(codeOf(() => prepareParetoValues([0, 0, -3]))).toBe('INVALID_VALUE');
  });

  it('an overflowing total is NUMERIC_FAILURE, never Infinity in the output', () => {
    expect(codeOf(() => prepareParetoValues([Number.MAX_VALUE, Number.MAX_VALUE]))).toBe('NUMERIC_FAILURE');
    expect(codeOf(() => prepareParetoValues([1, 2, -Number.MAX_VALUE, -Number.MAX_VALUE]))).toBe('NUMERIC_FAILURE');
  });

  it('rejects unknown or malformed options with INVALID_OPTIONS', () => {
    expect(codeOf(() => prepareParetoValues([1, 2], { colum: 'x' } as unknown as PrepareParetoValuesOptions))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => prepareParetoValues([1, 2], { column: '' }))).toBe('INVALID_OPTIONS');
  });

  it('buildParetoValues reports instead of throwing', () => {
    const failure = buildParetoValues(new Float64Array([0, 0]));
    expect(failure).toMatchObject({ code: 'INVALID_VALUE' });
    expect(buildParetoValues(new Float64Array([3]))).toMatchObject({ code: 'TOO_FEW_VALUES' });
    expect(() => buildParetoValues(new Float64Array([3]))).not.toThrow(ClvkitError);
  });

  it('has the documented types', () => {
    expectTypeOf(prepareParetoValues).returns.toEqualTypeOf<ParetoValues>();
    expectTypeOf<ParetoValues['basis']>().toEqualTypeOf<ParetoBasis>();
    expectTypeOf<ParetoBasis['kind']>().toEqualTypeOf<'non-negative'>();
    expectTypeOf<PrepareParetoValuesOptions>().toEqualTypeOf<{ column?: string | undefined }>();
  });
});

describe('the …Prepared variants check what they are given (issue 11)', () => {
  const variants = [
    ['abcClassesPrepared', abcClassesPrepared],
    ['giniPrepared', giniPrepared],
    ['lorenzCurvePrepared', lorenzCurvePrepared],
    ['paretoPointPrepared', paretoPointPrepared],
    ['topSharesPrepared', topSharesPrepared],
  ] as const;

  it('garbage in place of prepared values: INVALID_VALUE naming the variant', () => {
    for (const [name, f] of variants) {
      for (const garbage of [undefined, null, 42, 'x', {}, [], [null], Object.create(null) as unknown, 10n]) {
        let caught: unknown;
        try {
          (f as (p: unknown) => unknown)(garbage);
        } catch (error) {
          caught = error;
        }
        expect(caught, `${name}(${typeof garbage})`).toBeInstanceOf(ClvkitError);
        expect(caught).toMatchObject({ code: 'INVALID_VALUE', details: { fn: name } });
      }
    }
  });

  it('a tampered prepared object (lengths or total that do not agree) is rejected, a genuine one accepted', () => {
    const p = prepareParetoValues([3, -1, 0, 5]);
    const tampered: unknown[] = [
      { ...p, descending: Array.from(p.descending) },
      { ...p, cumulative: p.cumulative.subarray(1) },
      { ...p, basis: { ...p.basis, total: 9 } },
      { ...p, basis: { ...p.basis, basisCustomers: 1 } },
      { ...p, basis: { ...p.basis, customers: 7 } },
    ];
    for (const [name, f] of variants) {
      expect(() => (f as (p: unknown) => unknown)(p), name).not.toThrow();
      for (const t of tampered)
        expect(
          codeOf(() => (f as (p: unknown) => unknown)(t)),
          name,
        ).toBe('INVALID_VALUE');
    }
    // A structured clone keeps typed arrays: still accepted (the check is on shape, not identity).
    expect(giniPrepared(structuredClone(p)).gini).toBe(giniPrepared(p).gini);
  });
});
