#!/usr/bin/env node
// The `clvkit` bin. An installed package runs the build in dist/. A fresh clone (right after `npm ci`,
// before `npm run build`) has no dist/: then the TypeScript source runs through tsx, a dev dependency,
// so `npx clvkit --help` works in a checkout without a build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('clvkit: no build in dist/ and no tsx to run the source: run `npm run build` (or `npm ci` for the dev dependencies)\n');
    process.exit(1);
  }
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
