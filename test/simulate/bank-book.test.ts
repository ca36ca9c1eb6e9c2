import { describe, expect, expectTypeOf, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { PRODUCTS, productMask, productsOf, type Product } from '../../src/simulate/bank-book.js';

function codeAndFn(f: () => unknown): [string, unknown] {
  try {
    f();
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    return [(error as { code: string }).code, (error as { details: { fn: unknown } }).details.fn];
  }
  return ['none', undefined];
}

describe('productMask / productsOf', () => {
  it('worked example: current account + wealth management = bits 0 and 3 = 9, and back', () => {
    expect(productMask(['current_account', 'wealth_management'])).toBe(9);
    expect(productsOf(9)).toEqual(['current_account', 'wealth_management']);
    expect(productMask([])).toBe(0);
    expect(productsOf(0)).toEqual([]);
    expect(productMask(['fund', 'fund'])).toBe(16); // a repeat counts once
  });

  it('round trip over every mask (brute force over all 2^10 subsets)', () => {
    for (let mask = 0; mask < 2 ** PRODUCTS.length; mask++) expect(productMask(productsOf(mask))).toBe(mask);
    expect(productsOf(2 ** PRODUCTS.length - 1)).toEqual([...PRODUCTS]);
  });

  it('garbage: INVALID_VALUE naming the function (issue 11)', () => {
    for (const garbage of [undefined, null, 42, 'x', {}, Object.create(null) as unknown, 10n, Number.NaN]) {
      expect(codeAndFn(() => productMask(garbage as Product[]))).toEqual(['INVALID_VALUE', 'productMask']);
    }
    for (const garbage of [[null], ['savings'], [Object.create(null) as unknown], [1]]) {
      expect(codeAndFn(() => productMask(garbage as Product[]))).toEqual(['INVALID_VALUE', 'productMask']);
    }
    for (const garbage of [undefined, null, 'x', {}, Object.create(null) as unknown, 10n, Number.NaN, -1, 1.5, 1024, Infinity]) {
      expect(codeAndFn(() => productsOf(garbage as number))).toEqual(['INVALID_VALUE', 'productsOf']);
    }
  });

  it('types', () => {
    expectTypeOf(productMask).parameter(0).toEqualTypeOf<readonly Product[]>();
    expectTypeOf(productsOf).returns.toEqualTypeOf<Product[]>();
  });
});
