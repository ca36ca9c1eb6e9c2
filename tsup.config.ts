import { defineConfig } from 'tsup';

// One entry per public subpath; heavy extras live behind their own entry so the main bundle never imports them.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'danfo/index': 'src/danfo/index.ts',
    'cli/main': 'src/cli/main.ts',
    'charts/index': 'src/charts/index.ts',
    'report/index': 'src/report/index.ts',
    'duckdb/index': 'src/duckdb/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  // Optional peers: loaded at run time by the subpath that needs them, never bundled.
  external: ['@duckdb/node-api', 'vega', 'vega-lite', 'danfojs', 'danfojs-node'],
  treeshake: true,
});
