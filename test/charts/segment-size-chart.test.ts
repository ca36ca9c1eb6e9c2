import { describe, expect, expectTypeOf, it } from 'vitest';
import { segmentSizeChart, type SegmentSizeInput } from '../../src/charts/segment-size-chart.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';
import { compileStrict, countMarks, dataOf, errorCode, renderStrict } from './chart-test-helpers.js';

describe('segmentSizeChart', () => {
  const n = 300;
  const rfm = rfmScores(
    {
      customerId: Array.from({ length: n }, (_, i) => `c${i}`),
      recencyDays: Array.from({ length: n }, (_, i) => (i * 37) % 365),
      frequency: Array.from({ length: n }, (_, i) => (i * 7) % 13),
      monetary: Array.from({ length: n }, (_, i) => (i * 101) % 997),
    },
    {},
  );
  const segments = rfmSegments(rfm);
  it('draws one bar per non-empty segment, largest first, with counts from the segments', async () => {
    const spec = segmentSizeChart(segments);
    compileStrict(spec);
    const rows = dataOf(spec) as { segment: string; customers: number }[];
    // Independent: count the per-customer segment labels.
    const counts = new Map<string, number>();
    for (const s of segments.segment) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect(rows.length).toBe(counts.size);
    for (const r of rows) {
      const key = segments.table.find((t) => t.label === r.segment)!.key;
      expect(r.customers).toBe(counts.get(key) ?? counts.get(r.segment));
    }
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.customers).toBeGreaterThanOrEqual(rows[i]!.customers);
    const svg = await renderStrict(spec);
    expect(countMarks(svg, 'rect')).toBe(rows.length);
  });
  it('zh-CN uses labelZh', () => {
    const spec = segmentSizeChart(segments, { locale: 'zh-CN' });
    compileStrict(spec);
    const first = (spec.data as { values: { segment: string }[] }).values[0]!;
    expect(segments.table.some((t) => t.labelZh === first.segment)).toBe(true);
  });
  it('keeps empty segments when asked; bad input', () => {
    const input: SegmentSizeInput = {
      table: [
        { label: 'A', count: 0, share: 0 },
        { label: 'B', count: 2, share: 1 },
      ],
    };
    expect((segmentSizeChart(input, { hideEmpty: false }).data as { values: unknown[] }).values).toHaveLength(2);
    expect(errorCode(() => segmentSizeChart({ table: [{ label: 'A', count: 0, share: 0 }] }))).toBe('EMPTY_INPUT');
    expect(errorCode(() => segmentSizeChart({ table: [{ label: 'A', count: Number.NaN, share: 0 }] }))).toBe('INVALID_VALUE');
    expect(errorCode(() => segmentSizeChart(input, { hideEmpty: 'yes' as never }))).toBe('INVALID_OPTIONS');
    expectTypeOf(segmentSizeChart).parameter(0).toEqualTypeOf<SegmentSizeInput>();
  });
});
