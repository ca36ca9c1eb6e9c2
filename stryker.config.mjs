// Mutation testing with StrykerJS and the vitest runner: `npm run mutate` (the whole of io/, math/,
// clv/ and clustering/ — hours on a small machine) or a subset:
//   npm run mutate -- --mutate src/io/parse-amount.ts,src/math/log-gamma.ts
// Not part of CI. The report goes to reports/mutation/ (HTML and JSON).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  mutate: ['src/io/**/*.ts', 'src/math/**/*.ts', 'src/clv/**/*.ts', 'src/clustering/**/*.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  concurrency: 2,
  timeoutMS: 30_000,
  thresholds: { high: 80, low: 60, break: null },
};
