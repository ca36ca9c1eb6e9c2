import { describe, expect, it } from 'vitest';
import { scopeSvgIds } from '../../src/report/scope-svg-ids.js';

describe('scopeSvgIds', () => {
  it('prefixes ids and their references only', () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath><linearGradient id="g"/></defs><g clip-path="url(#clip1)"><rect fill="url(#g)"/><use href="#g"/><use xlink:href="#clip1"/><text>url(#other) id="x"</text></g></svg>';
    const out = scopeSvgIds(svg, 'c3');
    expect(out).toContain('id="c3-1"');
    expect(out).toContain('id="c3-2"');
    expect(out).toContain('clip-path="url(#c3-1)"');
    expect(out).toContain('fill="url(#c3-2)"');
    expect(out).toContain('<use href="#c3-2"/>');
    expect(out).toContain('xlink:href="#c3-1"');
    // The same SVG with other vega counter values gives the same output.
    expect(scopeSvgIds(svg.replaceAll('clip1', 'clip77').replaceAll('"g"', '"gradient_9"').replaceAll('#g', '#gradient_9'), 'c3')).toBe(out);
    expect(out).toContain('url(#other)');
    expect(scopeSvgIds('<svg><rect/></svg>', 'c1')).toBe('<svg><rect/></svg>');
  });
});
