import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildReport, type BuildReportOptions } from '../../src/report/build-report.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';

describe('buildReport', () => {
  it('renders the report of a scoring run', async () => {
    const scores = scoreCustomers(simulateBank({ customers: 300, months: 24, seed: 8 }), {});
    const html = await buildReport(scores, { currency: 'CNY' });
    const mvc = scores.toRecords().filter((r) => r.valueCell === 'mvc').length;
    expect(new RegExp(`data-kpi="mvc-customers"><div class="kpi-value">${mvc}<`).test(html)).toBe(true);
    expect([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual([
      'overview',
      'concentration',
      'rfm',
      'tiers',
      'clusters',
      'model',
      'clv',
      'value-matrix',
    ]);
    expect(html).toContain('CNY ');
    expect(html).not.toMatch(/<script/i);
    await expect(buildReport(scores, { locale: 'xx' as never })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    expectTypeOf<BuildReportOptions>().toHaveProperty('extras');
  });
});
