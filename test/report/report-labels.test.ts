import { describe, expect, it } from 'vitest';
import { reportLabel } from '../../src/report/report-labels.js';

describe('reportLabel', () => {
  it('both locales, with placeholders', () => {
    expect(reportLabel('en', 'top20')).toBe('Held by the top 20% of customers');
    expect(reportLabel('zh-CN', 'top20')).toBe('前 20% 客户持有');
    expect(reportLabel('en', 'paretoPointText', { customers: '691', share: '19.3%', target: '80%' })).toBe('691 customers (19.3%) hold 80% of the value.');
    expect(reportLabel('zh-CN', 'thresholds', { current: '1', future: '2' })).toBe('当前价值 ≥ 1 为高；未来价值 ≥ 2 为高。');
  });
});
