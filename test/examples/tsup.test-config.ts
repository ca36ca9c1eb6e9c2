import { defineConfig } from 'tsup';

// Test-only build of the package's public entries (the library, clvkit/danfo and the CLI bin) into
// CLVKIT_TEST_OUT, so the built-package tests never touch the project's dist/. No .d.ts (run-time only).
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'danfo/index': 'src/danfo/index.ts',
    'cli/main': 'src/cli/main.ts',
  },
  outDir: process.env.CLVKIT_TEST_OUT ?? 'dist-test',
  format: ['esm', 'cjs'],
  dts: false,
  sourcemap: false,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  // As in the real package, where commander is a runtime dependency (bundling it breaks the ESM bin).
  external: ['commander'],
});
