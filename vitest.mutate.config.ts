import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// Mutation testing (`npm run mutate`, stryker.config.mjs): the mutants of src/io, src/math, src/clv and
// src/clustering are judged by the unit tests that mirror those folders (test/<folder>/), not by the
// whole suite (CLI and end-to-end tests would multiply the run time for little extra signal).
// CLVKIT_MUTATE_TESTS narrows the test files for a subset run (comma-separated globs), e.g.
//   CLVKIT_MUTATE_TESTS='test/io/**/*.test.ts,test/math/**/*.test.ts' npm run mutate -- --mutate src/io/parse-amount.ts
const tests = process.env.CLVKIT_MUTATE_TESTS?.split(',').filter((g) => g.length > 0);

// Not mergeConfig: it would concatenate `include` with the base config's (every test).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: tests ?? ['test/io/**/*.test.ts', 'test/math/**/*.test.ts', 'test/clv/**/*.test.ts', 'test/clustering/**/*.test.ts'],
    // Instrumented code on a busy machine: slow property tests need more than the usual minute.
    testTimeout: 300_000,
  },
});
