import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// Mutation testing (`npm run mutate`, stryker.config.mjs): the mutants of src/io, src/math, src/clv and
// src/clustering are judged by the unit tests that mirror those folders (test/<folder>/), not by the
// whole suite (CLI and end-to-end tests would multiply the run time for little extra signal).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['test/io/**/*.test.ts', 'test/math/**/*.test.ts', 'test/clv/**/*.test.ts', 'test/clustering/**/*.test.ts'],
    },
  }),
);
