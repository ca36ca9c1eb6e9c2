import { describe, expect, it } from 'vitest';
import { BEHAVIOR_STATUSES, BEHAVIOR_STATUS_LABELS, behaviorStatusTable } from '../../src/behavior/behavior-statuses.js';

describe('behaviour statuses', () => {
  it('labels in en and zh-CN for every status', () => {
    expect(BEHAVIOR_STATUSES.map((s) => BEHAVIOR_STATUS_LABELS[s].labelZh)).toEqual(['活跃客户', '潜在客户', '睡眠客户', '流失客户']);
  });
  it('tables count every status, shares sum to 1, empty input gives zero shares', () => {
    const t = behaviorStatusTable(Uint8Array.from([0, 0, 2, 1, 0]));
    expect(t.map((r) => r.count)).toEqual([3, 1, 1, 0]);
    expect(t.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
    expect(behaviorStatusTable(new Uint8Array(0)).map((r) => r.share)).toEqual([0, 0, 0, 0]);
  });
});
