import { describe, expect, it } from 'vitest';
import { CHART_FONT, COMPACT_LABELS, makeSpec, moneyTitle, VEGA_LITE_SCHEMA } from '../../src/charts/chart-spec.js';
import { compileStrict } from './chart-test-helpers.js';

describe('makeSpec', () => {
  it('assembles a valid top-level spec with the shared look', () => {
    const spec = makeSpec(
      { locale: 'en' },
      { title: 'T', width: 100, height: 80, description: 'd' },
      { data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative', axis: COMPACT_LABELS } } },
    );
    compileStrict(spec);
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(spec).toMatchObject({ description: 'd', width: 100, height: 80, title: { text: 'T' }, config: { font: CHART_FONT } });
    expect(makeSpec({ locale: 'en', title: 'Mine', width: 300 }, { title: 'T', width: 100, height: 80, description: 'd' }, {})).toMatchObject({
      title: { text: 'Mine' },
      width: 300,
    });
  });
  it('the font list ends with a generic family and names CJK fonts', () => {
    expect(CHART_FONT.endsWith('sans-serif')).toBe(true);
    expect(CHART_FONT).toContain('Noto Sans CJK SC');
  });
  it('moneyTitle', () => {
    expect(moneyTitle('Value', 'CNY')).toBe('Value (CNY)');
    expect(moneyTitle('Value', undefined)).toBe('Value');
  });
});
