// Every exported function of src/index.ts called with garbage (undefined, null, a number, a string,
// {}, [], [null], a null-prototype object, a BigInt, NaN) as its data argument or as its options:
// a JavaScript caller (a notebook, a service passing parsed JSON) must get a ClvkitError with a code
// or a result, never a TypeError from deep inside. The functions that break this today are listed in
// UNTYPED with the error they throw; their tests are `it.fails` and flip to failing once fixed, so the
// list can only shrink (it is empty now). A new export is checked automatically.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

/** Not called: they touch the file system, or are the error type itself. */
const SKIP = new Set(['ClvkitError', 'isClvkitError', 'writeBankBook', 'readBankBook', 'createRandom']);

/**
 * Functions that throw an untyped error (TypeError/SyntaxError) for garbage input, each with an example
 * of what a run printed; their tests are `it.fails`. Empty since issue 11 was fixed (the 20 functions that
 * were listed here now check their arguments through src/validate.ts); keep it empty.
 */
const UNTYPED: Readonly<Record<string, string>> = {};

const GARBAGE: readonly [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['42', 42],
  ["'x'", 'x'],
  ['{}', {}],
  ['[]', []],
  ['[null]', [null]],
  ['Object.create(null)', Object.create(null)],
  ['10n', 10n],
  ['NaN', Number.NaN],
];

const FUNCTIONS = Object.entries(api)
  .filter(([name, f]) => typeof f === 'function' && !SKIP.has(name))
  .map(([name, f]) => [name, f as (...args: unknown[]) => unknown] as const);

/** Calls of `f` with each garbage value as data (no options, `{}` options) and as options; the untyped failures. */
async function untypedFailures(name: string, f: (...args: unknown[]) => unknown): Promise<string[]> {
  const failures: string[] = [];
  for (const [label, g] of GARBAGE) {
    for (const [args, shown] of [
      [[g], `${name}(${label})`],
      [[g, {}], `${name}(${label}, {})`],
      [[{}, g], `${name}({}, ${label})`],
    ] as const) {
      try {
        const result = f(...args);
        if (result instanceof Promise) await result;
      } catch (error) {
        if (!(error instanceof api.ClvkitError)) failures.push(`${shown} → ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  }
  return failures;
}

describe('every public function turns garbage arguments into a ClvkitError (or a result)', () => {
  it('the export list is what this test expects (72 functions checked)', () => {
    expect(FUNCTIONS.length).toBeGreaterThanOrEqual(72);
    for (const name of Object.keys(UNTYPED))
      expect(
        FUNCTIONS.some(([n]) => n === name),
        name,
      ).toBe(true);
  });

  for (const [name, f] of FUNCTIONS) {
    if (UNTYPED[name] !== undefined) {
      it.fails(`${name} (BUG: ${UNTYPED[name]})`, async () => {
        expect(await untypedFailures(name, f)).toEqual([]);
      });
    } else {
      it(name, async () => {
        expect(await untypedFailures(name, f)).toEqual([]);
      });
    }
  }
});
