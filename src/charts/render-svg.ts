import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import type { VegaLiteSpec } from './chart-spec.js';

/** The few parts of `vega` that renderSvg uses (typed here so that clvkit's types never need vega installed). */
export interface VegaModule {
  parse(spec: unknown, config?: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(scale?: number): Promise<string>; finalize(): void };
}

/** The part of `vega-lite` that renderSvg uses. */
export interface VegaLiteModule {
  compile(spec: unknown, options?: { logger?: unknown }): { spec: unknown };
}

/** Loads vega and vega-lite; the default imports them dynamically. */
export type ChartModuleLoader = () => Promise<{ readonly vega: VegaModule; readonly vegaLite: VegaLiteModule }>;

const renderSvgSchema = z.strictObject({
  /** Scale factor of the SVG's size (default 1). */
  scale: z.number().positive().max(10).default(1),
  /** Called with each vega-lite compiler warning (default: vega-lite's own console logger). */
  onWarning: z.custom<(message: string) => void>((v) => typeof v === 'function', { message: 'expected a function' }).optional(),
  /** How to load vega and vega-lite (default: dynamic `import('vega')`, `import('vega-lite')`); for tests and bundlers. */
  loadModules: z.custom<ChartModuleLoader>((v) => typeof v === 'function', { message: 'expected a function' }).optional(),
});

export type RenderSvgOptions = z.input<typeof renderSvgSchema>;

/**
 * Import an optional peer by a name held in a variable (so that bundlers leave it alone). In the CommonJS
 * build the bundler turns `import()` into `require()`, which cannot load vega (ESM with top-level await):
 * then the native dynamic import is reached through a function made at run time.
 */
async function importOptional(name: string): Promise<unknown> {
  try {
    return await import(name);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'ERR_REQUIRE_ASYNC_MODULE' && code !== 'ERR_REQUIRE_ESM') throw error;
    const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
    return nativeImport(name);
  }
}

/** The default loader: the optional peer dependencies vega and vega-lite. */
export const loadVegaModules: ChartModuleLoader = async () => {
  const [vega, vegaLite] = await Promise.all([importOptional('vega'), importOptional('vega-lite')]);
  return { vega: vega as VegaModule, vegaLite: vegaLite as VegaLiteModule };
};

/**
 * Render a chart spec (any Vega-Lite spec, e.g. from {@link lorenzChart}) to an SVG string in Node or a
 * browser, with vega's headless SVG renderer: no canvas, no native module, no browser, no network (the
 * data is embedded). Text is measured by vega's estimate when no canvas is present, so labels are sized
 * from the font size rather than the font. vega and vega-lite are optional peer dependencies, loaded on
 * the first call.
 *
 * @throws MISSING_DEPENDENCY when vega or vega-lite cannot be loaded; INVALID_VALUE when vega-lite rejects
 *   the spec (the compiler's message is the reason); INVALID_OPTIONS bad options.
 * @example
 * const svg = await renderSvg(lorenzChart(paretoAnalysis([5, 3, 1, 1])));
 * svg.slice(0, 40); // '<svg xmlns="http://www.w3.org/2000/svg" '
 */
export async function renderSvg(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<string> {
  const fn = 'renderSvg';
  const o = parseOptions(renderSvgSchema, options, fn);
  if (spec === null || typeof spec !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected a Vega-Lite spec object', { fn, value: spec });
  let modules: Awaited<ReturnType<ChartModuleLoader>>;
  try {
    modules = await (o.loadModules ?? loadVegaModules)();
  } catch (cause) {
    throw new ClvkitError('MISSING_DEPENDENCY', 'install vega and vega-lite to render charts', {
      fn,
      packages: ['vega', 'vega-lite'],
      cause: cause instanceof Error ? cause.message : String(cause),
    });
  }
  let compiled: unknown;
  try {
    compiled = modules.vegaLite.compile(spec, o.onWarning === undefined ? {} : { logger: warningLogger(o.onWarning) }).spec;
  } catch (cause) {
    throw new ClvkitError('INVALID_VALUE', `vega-lite rejected the spec: ${cause instanceof Error ? cause.message : String(cause)}`, { fn });
  }
  const view = new modules.vega.View(modules.vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG(o.scale);
  } finally {
    view.finalize();
  }
}

/** A vega-lite logger that passes warnings to `onWarning` and drops info/debug messages. */
function warningLogger(onWarning: (message: string) => void): unknown {
  const text = (args: unknown[]) => args.map(String).join(' ');
  const logger = {
    level: (_?: number) => (_ === undefined ? 2 : logger),
    error: (...args: unknown[]) => {
      onWarning(text(args));
      return logger;
    },
    warn: (...args: unknown[]) => {
      onWarning(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}
