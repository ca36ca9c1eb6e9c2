/** Shared checks for the chart tests: compile with vega-lite (it throws on invalid specs) and count rendered marks. */
import { compile } from 'vega-lite';
import { expect } from 'vitest';
import type { VegaLiteSpec } from '../../src/charts/chart-spec.js';
import { renderSvg } from '../../src/charts/render-svg.js';

/** Compile a spec with vega-lite; fail on an error or on any compiler warning. */
export function compileStrict(spec: VegaLiteSpec): unknown {
  const warnings: string[] = [];
  const logger = {
    level: (_?: number) => (_ === undefined ? 2 : logger),
    error: (...a: unknown[]) => (warnings.push(a.map(String).join(' ')), logger),
    warn: (...a: unknown[]) => (warnings.push(a.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  type Compile = typeof compile;
  const out = compile(spec as unknown as Parameters<Compile>[0], { logger: logger as unknown as NonNullable<Parameters<Compile>[1]>['logger'] }).spec;
  expect(warnings).toEqual([]);
  // The spec is plain JSON: it survives a JSON round trip unchanged.
  expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  return out;
}

/** The embedded data of a single-view spec, or of layer `k`. */
export function dataOf(spec: VegaLiteSpec, layer?: number): Record<string, unknown>[] {
  const holder = layer === undefined ? spec : (spec.layer as Record<string, unknown>[])[layer]!;
  return (holder as { data: { values: Record<string, unknown>[] } }).data.values;
}

/** Render to SVG, failing on compiler warnings. */
export async function renderStrict(spec: VegaLiteSpec): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
  expect(warnings).toEqual([]);
  return svg;
}

/**
 * Number of items drawn by the mark groups of one type (`rect`, `symbol`, `text`, `line`, `rule`) in a
 * vega SVG: each mark group is `<g class="mark-TYPE role-mark …">` holding one element per item.
 */
export function countMarks(svg: string, type: string): number {
  let count = 0;
  const open = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>`, 'g');
  for (const m of svg.matchAll(open)) {
    const start = m.index! + m[0].length;
    const end = svg.indexOf('</g>', start);
    const body = svg.slice(start, end);
    count += (body.match(/<(path|text|line)\b/g) ?? []).length;
  }
  return count;
}

/** The ClvkitError code `f` throws ('none' when it returns, 'other' for a foreign error). */
export function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e !== null && typeof e === 'object' && (e as { name?: string }).name === 'ClvkitError' ? (e as { code: string }).code : 'other';
  }
  return 'none';
}

/** Three well-separated customer groups (by i mod 3) with aum, activity and products. */
export function clusterTable(n: number) {
  const aum = new Float64Array(n);
  const activity = new Float64Array(n);
  const products = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    aum[i] = [1_000, 50_000, 400_000][g]! * (1 + ((i * 7) % 10) / 20);
    activity[i] = [30, 5, 12][g]! + ((i * 3) % 4);
    products[i] = [1, 2, 5][g]! + (i % 2);
  }
  return { id: Array.from({ length: n }, (_, i) => `c${i}`), aum, activity, products };
}
