import { describe, expect, expectTypeOf, it } from 'vitest';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../src/charts/chart-spec.js';
import { loadVegaModules, renderSvg, type ChartModuleLoader, type RenderSvgOptions } from '../../src/charts/render-svg.js';
import { ClvkitError } from '../../src/errors.js';
import { countMarks } from './chart-test-helpers.js';

const heatmap: VegaLiteSpec = {
  $schema: VEGA_LITE_SCHEMA,
  description: '3 × 2 heatmap',
  data: { values: [0, 1, 2].flatMap((x) => [0, 1].map((y) => ({ x, y, v: x * 2 + y }))) },
  mark: 'rect',
  encoding: { x: { field: 'x', type: 'ordinal' }, y: { field: 'y', type: 'ordinal' }, color: { field: 'v', type: 'quantitative' } },
};

async function rejection(p: Promise<unknown>): Promise<ClvkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClvkitError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('renderSvg', () => {
  it('renders a spec to a standalone SVG with one rect per cell', async () => {
    const svg = await renderSvg(heatmap);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(countMarks(svg, 'rect')).toBe(6);
    // No external references: no http(s) URLs other than the SVG namespaces.
    expect(svg.replace(/xmlns(:xlink)?="[^"]+"/g, '')).not.toMatch(/https?:/);
  });
  it('scales the output', async () => {
    const one = await renderSvg(heatmap);
    const two = await renderSvg(heatmap, { scale: 2 });
    const width = (s: string) => Number(/width="(\d+(?:\.\d+)?)"/.exec(s)![1]);
    expect(width(two)).toBe(2 * width(one));
  });
  it('passes compiler warnings to onWarning', async () => {
    const warnings: string[] = [];
    await renderSvg(
      { ...heatmap, encoding: { ...(heatmap.encoding as object), size: { field: 'v', type: 'quantitative' } } },
      { onWarning: (m) => warnings.push(m) },
    );
    expect(warnings.length).toBeGreaterThan(0);
  });
  it('MISSING_DEPENDENCY when vega or vega-lite cannot be loaded', async () => {
    const failing: ChartModuleLoader = () => Promise.reject(new Error("Cannot find package 'vega'"));
    const e = await rejection(renderSvg(heatmap, { loadModules: failing }));
    expect(e.code).toBe('MISSING_DEPENDENCY');
    expect(e.message).toContain('install vega and vega-lite to render charts');
    expect(e.details.cause).toContain("Cannot find package 'vega'");
  });
  it('the default loader loads the installed packages', async () => {
    const m = await loadVegaModules();
    expect(typeof m.vegaLite.compile).toBe('function');
    expect(typeof m.vega.parse).toBe('function');
  });
  it('INVALID_VALUE for a spec vega-lite rejects; INVALID_OPTIONS for bad options', async () => {
    expect((await rejection(renderSvg({ $schema: VEGA_LITE_SCHEMA, description: 'x', mark: 'nonsense' } as VegaLiteSpec))).code).toBe('INVALID_VALUE');
    expect((await rejection(renderSvg(null as never))).code).toBe('INVALID_VALUE');
    expect((await rejection(renderSvg(heatmap, { scale: 0 }))).code).toBe('INVALID_OPTIONS');
    expect((await rejection(renderSvg(heatmap, { loadModules: 'vega' as never }))).code).toBe('INVALID_OPTIONS');
    expectTypeOf(renderSvg).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf<RenderSvgOptions>().toHaveProperty('loadModules');
  });

  it('renders inline data only: data.url (file path, file: or http URL, nested in a layer or a lookup) is refused before anything loads', async () => {
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-svg-'));
    const secret = join(dir, 'secret.csv');
    writeFileSync(secret, 'x,y,v\nTOPSECRET,1,2\n');
    let loaded = false;
    const spy: ChartModuleLoader = async () => {
      loaded = true;
      return loadVegaModules();
    };
    try {
      const specs: VegaLiteSpec[] = [
        { ...heatmap, data: { url: secret } } as VegaLiteSpec,
        { ...heatmap, data: { url: `file://${secret}` } } as VegaLiteSpec,
        { ...heatmap, data: { url: 'http://127.0.0.1:9/data.csv' } } as VegaLiteSpec,
        {
          $schema: VEGA_LITE_SCHEMA,
          description: 'layered',
          layer: [{ ...heatmap, $schema: undefined, data: { url: secret, format: { type: 'csv' } } }],
        } as unknown as VegaLiteSpec,
        { ...heatmap, transform: [{ lookup: 'x', from: { data: { url: secret }, key: 'x', fields: ['v'] } }] } as unknown as VegaLiteSpec,
        { ...heatmap, mark: { type: 'image', url: secret } } as unknown as VegaLiteSpec,
      ];
      for (const spec of specs) {
        const e = await rejection(renderSvg(spec, { loadModules: spy }));
        expect(e.code).toBe('INVALID_VALUE');
        expect(e.message).toMatch(/inline data only/);
      }
      expect(loaded).toBe(false);
      // Image URLs from the data (not literal in the spec) reach vega's loader, which refuses every load.
      const images = {
        ...heatmap,
        data: { values: [{ x: 1, y: 1, u: secret }] },
        mark: { type: 'image', width: 5, height: 5 },
        encoding: { x: { field: 'x' }, y: { field: 'y' }, url: { field: 'u' } },
      } as unknown as VegaLiteSpec;
      const svg = await renderSvg(images);
      expect(svg).not.toContain('TOPSECRET');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad Vega expression is INVALID_VALUE, not an untyped error', async () => {
    const bad = { ...heatmap, transform: [{ calculate: 'foo(', as: 'z' }] } as unknown as VegaLiteSpec;
    const e = await rejection(renderSvg(bad));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toMatch(/^renderSvg: vega/);
  });
});
