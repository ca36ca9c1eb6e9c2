import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions } from '../validate.js';
import type { VegaLiteSpec } from './chart-spec.js';

/** The few parts of `vega` that renderSvg uses (typed here so that clvkit's types never need vega installed). */
export interface VegaModule {
  parse(spec: unknown, config?: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none'; loader?: unknown }) => { toSVG(scale?: number): Promise<string>; finalize(): void };
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
 * browser, with vega's headless SVG renderer: no canvas, no native module, no browser, no network. Only
 * inline data: a spec that asks to load a file or URL (`data.url` anywhere, an image `url`) is refused
 * before anything runs, and the view's loader refuses every load besides. Text is measured by vega's estimate when no canvas is present, so labels are sized
 * from the font size rather than the font. vega and vega-lite are optional peer dependencies, loaded on
 * the first call.
 *
 * @throws MISSING_DEPENDENCY when vega or vega-lite cannot be loaded; INVALID_VALUE when the spec asks to
 *   load a URL or file, when vega-lite or vega rejects it (the compiler's or parser's message is the
 *   reason, e.g. a bad expression); INVALID_OPTIONS bad options.
 * @example
 * const svg = await renderSvg(lorenzChart(paretoAnalysis([5, 3, 1, 1])));
 * svg.slice(0, 40); // '<svg xmlns="http://www.w3.org/2000/svg" '
 */
export async function renderSvg(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<string> {
  const fn = 'renderSvg';
  const o = parseOptions(renderSvgSchema, options, fn);
  if (spec === null || typeof spec !== 'object') throw new ClvkitError('INVALID_VALUE', 'expected a Vega-Lite spec object', { fn, value: spec });
  const urls = findUrls(spec);
  if (urls.length > 0) {
    throw new ClvkitError(
      'INVALID_VALUE',
      `renderSvg renders inline data only: the spec asks to load ${urls.length === 1 ? 'a URL' : `${urls.length} URLs`} (${urls.slice(0, 3).join(', ')}); pass the rows as data.values`,
      {
        fn,
        path: urls[0]!.split('.').slice(1),
      },
    );
  }
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
  let view: InstanceType<VegaModule['View']>;
  try {
    view = new modules.vega.View(modules.vega.parse(compiled), { renderer: 'none', loader: NO_LOADING });
  } catch (cause) {
    // A bad expression (`calculate: 'foo('`), an unknown scale or signal: vega's parser throws.
    throw new ClvkitError('INVALID_VALUE', `vega rejected the spec: ${cause instanceof Error ? cause.message : String(cause)}`, { fn });
  }
  try {
    return await view.toSVG(o.scale);
  } catch (cause) {
    throw new ClvkitError('INVALID_VALUE', `vega could not render the spec: ${cause instanceof Error ? cause.message : String(cause)}`, { fn });
  } finally {
    view.finalize();
  }
}

/**
 * vega's loader for this view: every load is refused (a second line of defence after
 * {@link findUrls}: no file is read and no URL fetched, whatever the spec asks for).
 */
const NO_LOADING = {
  sanitize: (uri: string) => Promise.reject(new Error(`renderSvg loads nothing (asked for ${JSON.stringify(uri).slice(0, 100)})`)),
  load: (uri: string) => Promise.reject(new Error(`renderSvg loads nothing (asked for ${JSON.stringify(uri).slice(0, 100)})`)),
  file: () => Promise.reject(new Error('renderSvg reads no file')),
  http: () => Promise.reject(new Error('renderSvg fetches no URL')),
};

/**
 * Paths of every `url` a spec would load: `data.url` anywhere (layers, facets, lookups' `from`),
 * and an image mark's `url` given as a literal (`mark: { url }`, `encoding.url.value`). At most 10,000
 * levels deep (a deeper spec is refused too).
 */
function findUrls(spec: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 10_000) throw new ClvkitError('INVALID_VALUE', 'the spec is nested too deeply', { fn: 'renderSvg' });
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'url' && value !== undefined && value !== null && (typeof value !== 'object' || 'value' in value || 'signal' in value))
        found.push(`${path}.url`);
      else walk(value, `${path}.${key}`, depth + 1);
    }
  };
  walk(spec, 'spec', 0);
  return found;
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
