import { describe, expect, it } from 'vitest';
import * as charts from '../../src/charts/index.js';

describe('clvkit/charts entry', () => {
  it('exports every chart function and renderSvg', () => {
    for (const name of [
      'lorenzChart',
      'abcChart',
      'rfmHeatmap',
      'segmentSizeChart',
      'tierChart',
      'tierMigrationHeatmap',
      'clusterProfileChart',
      'clusterScatter',
      'principalComponents',
      'frequencyRecencyHeatmap',
      'trackingChart',
      'clvPartsChart',
      'valueMatrixChart',
      'incrementalTrackingChart',
      'probabilityAliveChart',
      'frequencyHistogramChart',
      'conditionalExpectationChart',
      'renderSvg',
      'loadVegaModules',
    ]) {
      expect(typeof (charts as Record<string, unknown>)[name], name).toBe('function');
    }
  });
  it('does not load vega when imported (vega is an optional peer, loaded by renderSvg)', async () => {
    const source = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../src/charts/render-svg.ts', import.meta.url), 'utf8'));
    expect(source).not.toMatch(/^import .* from 'vega(-lite)?';/m);
  });
});
