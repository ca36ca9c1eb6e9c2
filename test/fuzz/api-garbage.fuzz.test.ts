// Every exported function of src/index.ts called with garbage (undefined, null, a number, a string,
// {}, [], [null], a null-prototype object, a BigInt, NaN) as its data argument or as its options:
// a JavaScript caller (a notebook, a service passing parsed JSON) must get a ClvkitError with a code
// or a result, never a TypeError from deep inside. The functions that break this today are listed in
// UNTYPED with the error they throw; their tests are `it.fails` (reported to the lead) and flip to
// failing once fixed, so the list can only shrink. A new export is checked automatically.
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

/** Not called: they touch the file system, or are the error type itself. */
const SKIP = new Set(['ClvkitError', 'isClvkitError', 'writeBankBook', 'readBankBook', 'createRandom']);

/**
 * BUG (reported): these throw an untyped error (TypeError/SyntaxError) for garbage input, e.g.
 * `assignTiers(undefined)` → TypeError "Cannot read properties of undefined (reading 'length')".
 * The example after each name is what a run printed.
 */
const UNTYPED: Readonly<Record<string, string>> = {
  abcClassesPrepared: "abcClassesPrepared(undefined) → TypeError: Cannot destructure property 'cumulative' of 'prepared'",
  adjustedRandIndex: "adjustedRandIndex(undefined) → TypeError: Cannot read properties of undefined (reading 'length')",
  assignSegments: 'assignSegments(undefined) → SyntaxError: "undefined" is not valid JSON',
  assignTiers: "assignTiers(undefined) → TypeError: Cannot read properties of undefined (reading 'length')",
  assignTiersOverTime: "assignTiersOverTime(undefined) → TypeError: Cannot read properties of undefined (reading 'aum')",
  behaviorStatus: "behaviorStatus(undefined) → TypeError: Cannot read properties of undefined (reading 'customerId')",
  behaviorStatusFromSnapshots: "behaviorStatusFromSnapshots(undefined) → TypeError: Cannot read properties of undefined (reading 'activity')",
  convertTime: 'convertTime(Object.create(null), {}) → TypeError: Cannot convert object to primitive value',
  formatBankBook: "formatBankBook(undefined) → TypeError: Cannot read properties of undefined (reading 'customers')",
  giniPrepared: "giniPrepared(undefined) → TypeError: Cannot destructure property 'descending' of 'prepared'",
  isoDate: 'isoDate(Object.create(null)) → TypeError: Cannot convert object to primitive value',
  lorenzCurvePrepared: "lorenzCurvePrepared(undefined) → TypeError: Cannot destructure property 'cumulative' of 'prepared'",
  paretoPointPrepared: "paretoPointPrepared(undefined) → TypeError: Cannot destructure property 'descending' of 'prepared'",
  parseIsoDay: 'parseIsoDay(Object.create(null)) → TypeError: Cannot convert object to primitive value',
  productMask: 'productMask(undefined) → TypeError: products is not iterable',
  productsOf: 'productsOf(Object.create(null)) → TypeError: Cannot convert object to primitive value',
  rfmSegments: "rfmSegments(undefined) → TypeError: Cannot read properties of undefined (reading 'bins')",
  tierMigration: "tierMigration(undefined) → TypeError: Cannot read properties of undefined (reading 'table')",
  toEpochDay: 'toEpochDay(Object.create(null)) → TypeError: Cannot convert object to primitive value',
  topSharesPrepared: "topSharesPrepared(undefined) → TypeError: Cannot destructure property 'basis' of 'prepared'",
};

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
    for (const name of Object.keys(UNTYPED)) expect(FUNCTIONS.some(([n]) => n === name), name).toBe(true);
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
