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

/**
 * The code of the ClvkitError that `f` throws; `undefined` when it returns, and `not a ClvkitError: …` for
 * any other throw (so an assertion on the code fails with the real error in its message).
 */
export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return isClvkitError(error) ? error.code : `not a ClvkitError: ${String(error)}`;
  }
  return undefined;
}
