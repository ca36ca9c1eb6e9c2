import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AnyClvkitError,
  assertNever,
  ClvkitError,
  type ClvkitErrorCode,
  type ClvkitErrorDetails,
  type ClvkitOptionIssue,
  formatPlace,
  isClvkitError,
} from '../src/errors.js';
import { kMeans } from '../src/clustering/k-means.js';
import { codeOf, expectCode } from './helpers/expect-code.js';

describe('ClvkitError: errors as data', () => {
  it('builds the message from the code’s details: fn, reason, place', () => {
    const e = new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn: 'kMeans', index: 2, column: '1', value: 'x'.repeat(300) });
    expect(e.message.startsWith('kMeans: expected a finite number (row 2, column 1, value "xxx')).toBe(true);
    expect((e.details.value as string).length).toBe(201); // truncated to 200 characters and an ellipsis
    expect(e.code).toBe('INVALID_VALUE');
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: 'ClvkitError', code: 'INVALID_VALUE', details: { fn: 'kMeans', index: 2 } });
    expect(formatPlace({ file: 'a.csv', line: 3, path: ['bands', 1] })).toBe('a.csv, line 3, option bands.1');
  });

  it('narrows details by code: the union is keyed by code', () => {
    let caught: unknown;
    try {
      kMeans([1, 2, 3], { dimensions: 1, k: 2, restarts: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isClvkitError(caught)).toBe(true);
    if (isClvkitError(caught) && caught.code === 'INVALID_OPTIONS') {
      expectTypeOf(caught.details.issues).toEqualTypeOf<readonly ClvkitOptionIssue[] | undefined>();
      expect(caught.details.path).toEqual(['restarts']);
      expect(caught.details.issues?.[0]?.path).toEqual(['restarts']);
    } else {
      expect.unreachable('expected INVALID_OPTIONS');
    }
    const tooFew = expectCode(() => kMeans([1, 1, 1], { dimensions: 1, k: 2 }), 'TOO_FEW_VALUES');
    if (isClvkitError(tooFew, 'TOO_FEW_VALUES')) {
      expectTypeOf(tooFew.details.k).toEqualTypeOf<number | undefined>();
      expect(tooFew.details.k).toBe(2);
    }
  });

  it('types: every code has details; a code’s own fields are typed, the place fields are shared', () => {
    expectTypeOf<ClvkitErrorDetails<'THREAD_FAILURE'>['threads']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ClvkitErrorDetails<'MISSING_COLUMN'>['column']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ClvkitErrorDetails<'INVALID_VALUE'>['index']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AnyClvkitError['code']>().toEqualTypeOf<ClvkitErrorCode>();
    expectTypeOf(new ClvkitError('DUPLICATE_ID', 'x').code).toEqualTypeOf<'DUPLICATE_ID'>();
  });

  it('assertNever: a value from outside the union is UNSUPPORTED at run time', () => {
    type Kind = 'a' | 'b';
    const label = (kind: Kind): number => {
      switch (kind) {
        case 'a':
          return 1;
        case 'b':
          return 2;
        default:
          return assertNever(kind, 'kind');
      }
    };
    expect(label('b')).toBe(2);
    expect(codeOf(() => label('c' as Kind))).toBe('UNSUPPORTED');
    expect(() => label('c' as Kind)).toThrow(/unexpected kind/);
  });

  it('isClvkitError recognises a copy from another build by name and code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ClvkitError', code: 'IO_ERROR' });
    expect(isClvkitError(foreign)).toBe(true);
    expect(isClvkitError(foreign, 'IO_ERROR')).toBe(true);
    expect(isClvkitError(foreign, 'EMPTY_INPUT')).toBe(false);
    expect(isClvkitError(new Error('x'))).toBe(false);
  });
});
