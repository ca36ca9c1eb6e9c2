import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chartBundle, describeChart, VEGA_LITE_MIME, VEGA_LITE_V5_SCHEMA } from '../../src/charts/chart-display.js';
import { VEGA_LITE_SCHEMA } from '../../src/charts/chart-spec.js';
import { lorenzChart } from '../../src/charts/lorenz-chart.js';
import { JUPYTER_DISPLAY } from '../../src/display/with-display.js';
import type { MimeBundle } from '../../src/display/with-display.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';

const spec = lorenzChart(paretoAnalysis([50, 30, 10, 5, 3, 2]));
const display = (s: object): Promise<MimeBundle> => (s as Record<symbol, () => Promise<MimeBundle>>)[JUPYTER_DISPLAY]!();

describe('chart display', () => {
  it('Jupyter display: Vega-Lite under the v5 MIME type, an SVG rendered by vega, one line of text', async () => {
    const bundle = await display(spec);
    expect(Object.keys(bundle).sort()).toEqual([VEGA_LITE_MIME, 'image/svg+xml', 'text/plain'].sort());
    const vl = bundle[VEGA_LITE_MIME] as Record<string, unknown>;
    expect(vl.$schema).toBe(VEGA_LITE_V5_SCHEMA);
    expect({ ...vl, $schema: VEGA_LITE_SCHEMA }).toEqual(JSON.parse(JSON.stringify(spec)));
    expect(bundle['image/svg+xml']).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(bundle['text/plain']).toBe(describeChart(spec));
  });

  it('without vega the bundle has the spec and no SVG; other failures are thrown', async () => {
    const missing = await chartBundle(spec, {
      loadModules: () => Promise.reject(new Error('Cannot find package vega')),
    });
    expect(Object.keys(missing).sort()).toEqual([VEGA_LITE_MIME, 'text/plain'].sort());
    await expect(chartBundle({ ...spec, mark: 'not-a-mark', layer: undefined } as never)).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('the spec stays plain JSON: JSON, keys and structuredClone see no display; printing is one line', () => {
    expect(JSON.stringify(spec)).not.toContain('Jupyter');
    expect(() => structuredClone(spec)).not.toThrow();
    expect(Object.getOwnPropertySymbols(structuredClone(spec))).toEqual([]);
    const text = inspect(spec);
    expect(text).toBe(describeChart(spec));
    expect(text).toMatch(/^VegaLiteSpec "[^"]+" \(\d+ × \d+, \d+ data rows\): /);
    expect(text.length).toBeLessThan(400);
  });
});
