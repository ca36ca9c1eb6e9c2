import { expect } from 'vitest';
import { type ClvkitError, isClvkitError } from '../../src/errors.js';

/** Run `f`, expect a ClvkitError with `code`, return it. */
export function expectCode(f: () => unknown, code: string): ClvkitError {
  try {
    f();
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    expect((error as ClvkitError).code).toBe(code);
    return error as ClvkitError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}
