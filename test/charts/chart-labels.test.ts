import { describe, expect, it } from 'vitest';
import { chartLabel, percentText, type ChartLabelKey } from '../../src/charts/chart-labels.js';

describe('chartLabel', () => {
  it('fills placeholders in both locales', () => {
    expect(chartLabel('en', 'topShareOf', { x: '20%', y: '80%' })).toBe('Top 20% of customers hold 80%');
    expect(chartLabel('zh-CN', 'topShareOf', { x: '20%', y: '80%' })).toBe('前 20% 的客户持有 80%');
    expect(chartLabel('en', 'topShareOf')).toBe('Top {x} of customers hold {y}');
  });
  it('every English label has a Chinese one that differs and contains CJK text', () => {
    const keys: ChartLabelKey[] = [
      'lorenzTitle',
      'customerShare',
      'rfmHeatmapTitle',
      'tierTitle',
      'clusterProfileTitle',
      'trackingTitle',
      'valueMatrixTitle',
      'potential',
    ];
    for (const k of keys) {
      expect(chartLabel('zh-CN', k)).not.toBe(chartLabel('en', k));
      expect(chartLabel('zh-CN', k)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('percentText is locale-free', () => {
    expect(percentText(0.8123)).toBe('81.2%');
    expect(percentText(1, 0)).toBe('100%');
  });
});
