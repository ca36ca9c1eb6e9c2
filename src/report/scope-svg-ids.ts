/**
 * Make the ids inside one SVG unique within a page and independent of render order: every id becomes
 * `<prefix>-<k>` (k = 1, 2, … in order of appearance; vega numbers gradients and clips with a process-wide
 * counter) and its references (`url(#…)`, `href="#…"`) follow, so that several inline SVGs never share a
 * clip path or gradient and the same input always gives the same page. @internal
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  const rename = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, a: string, id: string) => `${a}${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/((?:xlink:)?href=")#([^"]+)"/g, (_, a: string, id: string) => `${a}#${rename(id)}"`);
}
