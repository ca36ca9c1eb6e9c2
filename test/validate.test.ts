import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { errorOf } from './helpers/expect-code.js';
import {
  checkFiniteResult,
  finiteColumn,
  finiteSum,
  parseOptions,
  requireArrayLike,
  requireColumn,
  requireFiniteNumber,
  requireNumericColumn,
  requireOneOf,
  requireTable,
} from '../src/validate.js';

const GARBAGE: readonly unknown[] = [undefined, null, 42, 'x', Object.create(null) as unknown, 10n, Number.NaN];

describe('shared input checks', () => {
  it('requireTable: plain and null-prototype objects pass; null, primitives, arrays and typed arrays are INVALID_VALUE naming fn', () => {
    const t = { a: [1] };
    expect(requireTable(t, 'f')).toBe(t);
    const bare = Object.create(null) as object;
    expect(requireTable(bare, 'f')).toBe(bare);
    for (const g of [undefined, null, 42, 'x', [], new Float64Array(2), 10n]) {
      const e = errorOf(() => requireTable(g, 'myFn', 'a customer table'));
      expect(e).toMatchObject({ code: 'INVALID_VALUE', details: { fn: 'myFn' } });
      expect(e.message).toMatch(/^myFn: expected a customer table, got /);
    }
  });

  it('requireArrayLike / requireColumn / requireNumericColumn', () => {
    expect(requireArrayLike([1, 2], 'c', 'f').length).toBe(2);
    expect(requireArrayLike(new Uint8Array(3), 'c', 'f').length).toBe(3);
    expect(requireArrayLike({ length: 0 }, 'c', 'f').length).toBe(0);
    for (const g of [...GARBAGE, {}, { length: -1 }, { length: 1.5 }]) {
      expect(errorOf(() => requireArrayLike(g, 'col', 'f'))).toMatchObject({ code: 'INVALID_VALUE', details: { fn: 'f', column: 'col' } });
    }
    expect(errorOf(() => requireColumn({}, 'aum', 'f'))).toMatchObject({ code: 'MISSING_COLUMN', details: { fn: 'f', column: 'aum' } });
    expect(errorOf(() => requireColumn({ aum: 5 }, 'aum', 'f'))).toMatchObject({ code: 'INVALID_VALUE', details: { column: 'aum' } });
    const source = [1, 2];
    const copy = requireNumericColumn({ aum: source }, 'aum', 'f');
    expect(Array.from(copy)).toEqual([1, 2]);
    expect(copy).not.toBe(source);
    expect(errorOf(() => requireNumericColumn({ aum: [1, Number.NaN] }, 'aum', 'f'))).toMatchObject({ code: 'INVALID_VALUE', details: { index: 1 } });
    expect(errorOf(() => finiteColumn([1, '2' as unknown as number], 'aum', 'f'))).toMatchObject({ code: 'INVALID_VALUE', details: { index: 1 } });
  });

  it('requireFiniteNumber / requireOneOf', () => {
    expect(requireFiniteNumber(-0.5, 'x', 'f')).toBe(-0.5);
    for (const g of [...GARBAGE.filter((v) => v !== 42), Infinity, {}]) {
      expect(errorOf(() => requireFiniteNumber(g, 'x', 'f')).code).toBe('INVALID_VALUE');
      expect(errorOf(() => requireFiniteNumber(g, 'day', 'f', 'INVALID_DATE')).code).toBe('INVALID_DATE');
    }
    expect(requireOneOf('week', ['day', 'week'] as const, 'unit', 'f')).toBe('week');
    for (const g of [...GARBAGE, 'year', ['day']]) expect(errorOf(() => requireOneOf(g, ['day', 'week'] as const, 'unit', 'f')).code).toBe('INVALID_VALUE');
  });

  it('checkFiniteResult / finiteSum: NUMERIC_FAILURE when finite inputs overflow', () => {
    expect(finiteSum([1, 2, 3.5], 'the total', 'f')).toBe(6.5);
    expect(finiteSum(new Float64Array([Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_VALUE]), 'the total', 'f')).toBe(Number.MAX_VALUE);
    const e = errorOf(() => finiteSum([Number.MAX_VALUE, Number.MAX_VALUE], 'the total value', 'myFn'));
    expect(e).toMatchObject({ code: 'NUMERIC_FAILURE', details: { fn: 'myFn' } });
    expect(e.message).toBe('myFn: the total value overflows a double');
    expect(checkFiniteResult(1e308, 'x', 'f')).toBe(1e308);
    expect(errorOf(() => checkFiniteResult(Number.NaN, 'the share', 'f', { column: 'aum' }))).toMatchObject({
      code: 'NUMERIC_FAILURE',
      details: { column: 'aum' },
    });
    expect(errorOf(() => checkFiniteResult(-Infinity, 'the share', 'f')).code).toBe('NUMERIC_FAILURE');
  });

  it('parseOptions: defaults applied, INVALID_OPTIONS with the path', () => {
    const schema = z.strictObject({ k: z.number().int().default(3) });
    expect(parseOptions(schema, undefined, 'f')).toEqual({ k: 3 });
    expect(errorOf(() => parseOptions(schema, { k: 1.5 }, 'f'))).toMatchObject({ code: 'INVALID_OPTIONS', details: { fn: 'f', path: ['k'] } });
  });

  it('parseOptions: an unknown key is INVALID_OPTIONS naming the key and the nearest valid one, at any depth', () => {
    const schema = z.strictObject({
      penalizer: z.number().default(0),
      maxIterations: z.number().optional(),
      nested: z.strictObject({ halfLife: z.number().optional() }).optional(),
      list: z.array(z.strictObject({ weight: z.number() })).optional(),
    });
    const e = errorOf(() => parseOptions(schema, { penaliser: 0.1 }, 'fitX'));
    expect(e).toMatchObject({ code: 'INVALID_OPTIONS', details: { fn: 'fitX', path: [], key: 'penaliser', suggestion: 'penalizer' } });
    expect(e.message).toContain('unknown option "penaliser"');
    expect(e.message).toContain('did you mean "penalizer"?');
    // Case-insensitive match counts as nearest.
    expect(errorOf(() => parseOptions(schema, { maxiterations: 5 }, 'f')).details).toMatchObject({ suggestion: 'maxIterations' });
    // Nested objects and arrays of objects.
    const nested = errorOf(() => parseOptions(schema, { nested: { halflife: 3 } }, 'f'));
    expect(nested.details).toMatchObject({ path: ['nested'], key: 'halflife', suggestion: 'halfLife' });
    expect(nested.message).toContain('invalid nested');
    expect(errorOf(() => parseOptions(schema, { list: [{ weight: 1 }, { wieght: 2 }] }, 'f')).details).toMatchObject({
      path: ['list', 1],
      key: 'wieght',
      suggestion: 'weight',
    });
    // Nothing close: no suggestion, the valid keys are listed.
    const far = errorOf(() => parseOptions(schema, { zzzzzzzz: 1 }, 'f'));
    expect(far.details.suggestion).toBeUndefined();
    expect(far.message).toContain('valid options: penalizer, maxIterations, nested, list');
    // The unknown key is reported first even when another issue comes earlier in zod's list.
    expect(errorOf(() => parseOptions(schema, { penalizer: 'x', penaliser: 1 }, 'f')).details).toMatchObject({ key: 'penaliser' });
  });

  it('types', () => {
    expectTypeOf(requireTable).returns.toEqualTypeOf<Readonly<Record<string, unknown>>>();
    expectTypeOf(requireNumericColumn).returns.toEqualTypeOf<Float64Array>();
    expectTypeOf(requireOneOf<'a' | 'b'>).returns.toEqualTypeOf<'a' | 'b'>();
  });
});
