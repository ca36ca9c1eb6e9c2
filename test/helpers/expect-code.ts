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

/** Run `f`, expect it to throw a ClvkitError (any code), return it; fails when `f` returns or throws anything else. */
export function errorOf(f: () => unknown): ClvkitError {
  try {
    f();
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    return error as ClvkitError;
  }
  throw new Error('expected a ClvkitError, nothing was thrown');
}

/** {@link codeOf} for async work: awaits `work` (a promise, or a function returning one). */
export async function codeOfAsync(work: Promise<unknown> | (() => Promise<unknown>)): Promise<string | undefined> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    return isClvkitError(error) ? error.code : `not a ClvkitError: ${String(error)}`;
  }
  return undefined;
}
