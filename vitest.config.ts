import { defineConfig } from 'vitest/config';

// Results must not depend on the machine's time zone or locale: pin both for every test worker.
process.env.TZ = 'Pacific/Chatham';
process.env.LANG = 'tr_TR.UTF-8';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
