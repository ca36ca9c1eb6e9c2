import { ClvkitError } from '../errors.js';
import { DENO_INSPECT, JUPYTER_DISPLAY, NODE_INSPECT } from '../display/with-display.js';
import type { MimeBundle } from '../display/with-display.js';
import type { VegaLiteSpec } from './chart-spec.js';
import { renderSvg } from './render-svg.js';
import type { RenderSvgOptions } from './render-svg.js';

/**
 * The MIME type chart specs travel under in a notebook. JupyterLab's built-in renderer
 * (`@jupyterlab/vega5-extension`, in JupyterLab 3 and 4) accepts `application/vnd.vegalite.v3+json`,
 * `v4` and `v5` but no `v6`; clvkit's specs use only grammar Vega-Lite 5 and 6 share, so they go out
 * as v5 with the v5 `$schema`.
 */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** The Vega-Lite v5 schema URL named in the notebook copy of a spec. */
export const VEGA_LITE_V5_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

function titleOf(spec: VegaLiteSpec): string {
  const t = spec.title as { text?: unknown } | string | undefined;
  if (typeof t === 'string') return t;
  if (t !== undefined && typeof t === 'object' && typeof t.text === 'string') return t.text;
  return 'untitled';
}

function dataRows(spec: VegaLiteSpec): number {
  let n = 0;
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const values = (node as { data?: { values?: unknown } }).data?.values;
    if (Array.isArray(values)) n += values.length;
    for (const key of ['layer', 'hconcat', 'vconcat', 'concat']) {
      const parts = (node as Record<string, unknown>)[key];
      if (Array.isArray(parts)) parts.forEach(visit);
    }
    const inner = (node as { spec?: unknown }).spec;
    if (inner !== undefined) visit(inner);
  };
  visit(spec);
  return n;
}

/**
 * A chart in one line, for printing: `VegaLiteSpec "Lorenz curve" (640 × 400, 101 data rows): <description>`
 * (the full spec is `JSON.stringify(spec)`).
 */
export function describeChart(spec: VegaLiteSpec): string {
  const size = typeof spec.width === 'number' && typeof spec.height === 'number' ? `${spec.width} × ${spec.height}, ` : '';
  return `VegaLiteSpec "${titleOf(spec)}" (${size}${dataRows(spec)} data rows): ${spec.description}`;
}

/**
 * The notebook MIME bundle of a chart: the spec under {@link VEGA_LITE_MIME} (for JupyterLab's
 * interactive renderer), `image/svg+xml` rendered by vega when vega and vega-lite are installed (what
 * exported HTML, GitHub and frontends without a Vega renderer show), and a one-line `text/plain`.
 * Without vega the bundle has no SVG; any other rendering failure is thrown.
 *
 * @throws ClvkitError INVALID_VALUE when vega-lite rejects the spec.
 * @example
 * const bundle = await chartBundle(lorenzChart(pareto));
 * Object.keys(bundle) // ['text/plain', 'application/vnd.vegalite.v5+json', 'image/svg+xml']
 */
export async function chartBundle(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<MimeBundle> {
  const bundle: Record<string, unknown> = {
    'text/plain': describeChart(spec),
    [VEGA_LITE_MIME]: { ...JSON.parse(JSON.stringify(spec)), $schema: VEGA_LITE_V5_SCHEMA },
  };
  try {
    bundle['image/svg+xml'] = await renderSvg(spec, { onWarning: () => undefined, ...options });
  } catch (error) {
    if (!(error instanceof ClvkitError && error.code === 'MISSING_DEPENDENCY')) throw error;
  }
  return bundle;
}

/**
 * Attach a notebook display to a chart spec, as non-enumerable properties (the spec stays plain JSON):
 * `Symbol.for('Jupyter.display')` returns a Promise of {@link chartBundle} (Deno's kernel awaits it),
 * and Node's and Deno's inspect print {@link describeChart} instead of kilobytes of JSON.
 */
export function withChartDisplay(spec: VegaLiteSpec): VegaLiteSpec {
  Object.defineProperties(spec, {
    [JUPYTER_DISPLAY]: { value: (): Promise<MimeBundle> => chartBundle(spec), enumerable: false, configurable: true },
    [NODE_INSPECT]: { value: () => describeChart(spec), enumerable: false, configurable: true },
    [DENO_INSPECT]: { value: () => describeChart(spec), enumerable: false, configurable: true },
  });
  return spec;
}
