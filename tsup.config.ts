import { defineConfig } from 'tsup';

// One entry per public subpath; heavy extras live behind their own entry so the main bundle never imports them.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'danfo/index': 'src/danfo/index.ts',
    'cli/main': 'src/cli/main.ts',
    'charts/index': 'src/charts/index.ts',
    'report/index': 'src/report/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
