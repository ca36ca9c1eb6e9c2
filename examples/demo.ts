/**
 * `npm run demo`: the main job a new user runs first. Reads the bundled synthetic bank book from
 * fixtures/, then runs every module on it in the order data flows (read → summarise → analyse/fit →
 * score) and prints a readable result. `npm run demo -- --only pareto` runs one section.
 */
import { loadDemoContext } from './demo/context.js';

interface Section {
  readonly name: string;
  readonly run: (ctx: Awaited<ReturnType<typeof loadDemoContext>>) => Promise<void> | void;
}

// Sections in data-flow order; each module owns its own file under examples/demo/.
const SECTIONS: readonly { name: string; load: () => Promise<Section['run']> }[] = [
  { name: 'book', load: async () => (await import('./demo/book.js')).run },
  { name: 'pareto', load: async () => (await import('./demo/pareto.js')).run },
  { name: 'segments', load: async () => (await import('./demo/segments.js')).run },
  { name: 'clusters', load: async () => (await import('./demo/clusters.js')).run },
  { name: 'clv', load: async () => (await import('./demo/clv.js')).run },
  { name: 'retention', load: async () => (await import('./demo/retention.js')).run },
  { name: 'value', load: async () => (await import('./demo/value.js')).run },
  { name: 'scale', load: async () => (await import('./demo/scale.js')).run },
  { name: 'own-data', load: async () => (await import('./demo/own-data.js')).run },
  { name: 'report', load: async () => (await import('./demo/report.js')).run },
];

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const chosen = only === undefined ? SECTIONS : SECTIONS.filter((s) => s.name === only);
  if (chosen.length === 0) {
    process.stderr.write(`unknown section ${only}; sections: ${SECTIONS.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  const ctx = await loadDemoContext();
  for (const section of chosen) await (await section.load())(ctx);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
