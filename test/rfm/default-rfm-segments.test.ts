import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEFAULT_RFM_SEGMENTS, RFM_OTHERS_SEGMENT } from '../../src/rfm/default-rfm-segments.js';
import type { RfmSegmentDefinition } from '../../src/rfm/default-rfm-segments.js';

describe('DEFAULT_RFM_SEGMENTS', () => {
  it('has the ten customary segments with distinct keys and Chinese labels', () => {
    expect(DEFAULT_RFM_SEGMENTS.map((s) => s.label)).toEqual([
      'Champions',
      'Loyal Customers',
      'Potential Loyalist',
      'New Customers',
      'Promising',
      'Need Attention',
      'About To Sleep',
      'At Risk',
      "Can't Lose Them",
      'Lost',
    ]);
    expect(new Set(DEFAULT_RFM_SEGMENTS.map((s) => s.key)).size).toBe(10);
    expect(new Set(DEFAULT_RFM_SEGMENTS.map((s) => s.labelZh)).size).toBe(10);
    expect(DEFAULT_RFM_SEGMENTS[0]!.labelZh).toBe('重要价值客户');
    expect(RFM_OTHERS_SEGMENT.labelZh).toBe('其他客户');
  });

  it('covers 125 cells in total with boxes inside 1..5 (so, with no overlap, a partition)', () => {
    let cells = 0;
    for (const s of DEFAULT_RFM_SEGMENTS)
      for (const b of s.boxes) {
        let size = 1;
        for (const range of [b.recency, b.frequency, b.monetary]) {
          const [lo, hi] = range ?? [1, 5];
          expect(lo).toBeGreaterThanOrEqual(1);
          expect(hi).toBeLessThanOrEqual(5);
          size *= hi - lo + 1;
        }
        cells += size;
      }
    expect(cells).toBe(125);
  });

  it('types', () => {
    expectTypeOf(DEFAULT_RFM_SEGMENTS).toEqualTypeOf<readonly RfmSegmentDefinition[]>();
  });
});
