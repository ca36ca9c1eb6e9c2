import { describe, expect, expectTypeOf, it } from 'vitest';
import { behaviorStatus } from '../../src/behavior/behavior-status.js';
import type { ActivityTable, BehaviorStatusResult } from '../../src/behavior/behavior-status.js';
import type { CustomerSummary } from '../../src/io/customer-summary.js';
import { createRandom } from '../../src/random.js';
import { expectCode } from '../helpers/expect-code.js';
import type { Displayed } from '../../src/display/with-display.js';

const table = (d: number[], c: number[]): ActivityTable => ({ customerId: d.map((_, i) => `c${i}`), daysSinceLastActivity: d, activityCount: c });

describe('behaviorStatus', () => {
  it('worked example', () => {
    const b = behaviorStatus(table([10, 10, 120, 200], [5, 1, 9, 9]), {});
    expect(b.status).toEqual(['active', 'potential', 'potential', 'dormant']);
    expect(b.table.map((r) => [r.status, r.count])).toEqual([
      ['active', 1],
      ['potential', 2],
      ['dormant', 1],
      ['lost', 0],
    ]);
    expect(b.thresholds).toEqual({ activeDays: 90, activeMinCount: 2, dormantDays: 180, lostDays: null });
  });

  it('edges: 90 days is active, 91 not; 179 is not dormant, 180 is; lost at lostDays', () => {
    const b = behaviorStatus(table([90, 91, 179, 180, 364, 365, 0], [2, 2, 2, 2, 2, 2, 1]), { lostDays: 365 });
    expect(b.status).toEqual(['active', 'potential', 'potential', 'dormant', 'dormant', 'lost', 'potential']);
    const c = behaviorStatus(table([30, 30], [0, 1]), { activeMinCount: 1 });
    expect(c.status).toEqual(['potential', 'active']);
  });

  it('reads a CustomerSummary: daysSinceLastPurchase and transactionCount (or frequency)', () => {
    const summary = {
      length: 3,
      timeUnit: 'week',
      aggregateBy: 'day',
      observationEnd: '2024-12-31',
      customerId: ['a', 'b', 'c'],
      frequency: Float64Array.from([0, 3, 1]),
      recency: Float64Array.from([0, 1, 2]),
      T: Float64Array.from([5, 5, 5]),
      monetaryValue: Float64Array.from([0, 1, 1]),
      firstDay: Int32Array.from([0, 0, 0]),
      lastDay: Int32Array.from([0, 0, 0]),
      transactionCount: Uint32Array.from([2, 4, 2]),
      totalAmount: Float64Array.from([1, 1, 1]),
      daysSinceLastPurchase: Int32Array.from([5, 5, 400]),
      transactionsAfterEnd: 0,
    } satisfies CustomerSummary;
    expect(behaviorStatus(summary, {}).status).toEqual(['active', 'active', 'dormant']);
    expect(behaviorStatus(summary, { countColumn: 'frequency' }).status).toEqual(['potential', 'active', 'dormant']);
  });

  it('cross-check on random data: exactly one status each, equal to the rules written as predicates', () => {
    const rng = createRandom(21);
    const d = Array.from({ length: 3000 }, () => rng.int(500));
    const c = Array.from({ length: 3000 }, () => rng.poisson(2));
    const b = behaviorStatus(table(d, c), { lostDays: 365, activeDays: 60, dormantDays: 240 });
    d.forEach((days, i) => {
      const matches = [days <= 60 && c[i]! >= 2, days < 240 && !(days <= 60 && c[i]! >= 2), days >= 240 && days < 365, days >= 365];
      expect(matches.filter(Boolean)).toHaveLength(1);
      expect(b.statusIndex[i]).toBe(matches.indexOf(true));
    });
    expect(b.table.reduce((s, r) => s + r.count, 0)).toBe(3000);
  });

  it('rejects bad input', () => {
    expectCode(() => behaviorStatus(table([], []), {}), 'EMPTY_INPUT');
    expectCode(() => behaviorStatus(table([1, 2], [1]), {}), 'LENGTH_MISMATCH');
    expectCode(() => behaviorStatus({ customerId: ['a'], daysSinceLastActivity: [1] } as unknown as ActivityTable, {}), 'MISSING_COLUMN');
    expectCode(() => behaviorStatus(table([-1], [1]), {}), 'INVALID_VALUE');
    expectCode(() => behaviorStatus(table([1], [Number.NaN]), {}), 'INVALID_VALUE');
    expectCode(() => behaviorStatus(table([1], [1]), { activeDays: 200 }), 'INVALID_CONFIG');
    expectCode(() => behaviorStatus(table([1], [1]), { lostDays: 100 }), 'INVALID_CONFIG');
    expectCode(() => behaviorStatus(table([1], [1]), { dormantDays: 0 }), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(behaviorStatus).returns.toEqualTypeOf<Displayed<BehaviorStatusResult>>();
    expectTypeOf<BehaviorStatusResult['status'][number]>().toEqualTypeOf<'active' | 'potential' | 'dormant' | 'lost'>();
  });
});

describe('behaviorStatus: garbage (issue 11)', () => {
  it('not a table: INVALID_VALUE naming behaviorStatus; no customerId / days column: MISSING_COLUMN', () => {
    for (const garbage of [undefined, null, 42, 'x', [], 10n]) {
      expect(expectCode(() => behaviorStatus(garbage as never), 'INVALID_VALUE').details.fn).toBe('behaviorStatus');
    }
    expectCode(() => behaviorStatus({} as never), 'MISSING_COLUMN');
    expectCode(() => behaviorStatus({ customerId: ['a'], activityCount: [1] } as never), 'MISSING_COLUMN');
    expectCode(() => behaviorStatus({ customerId: ['a'], daysSinceLastActivity: 3, activityCount: [1] } as never), 'INVALID_VALUE');
    const ok = behaviorStatus(Object.assign(Object.create(null) as object, { customerId: ['a'], daysSinceLastActivity: [3], activityCount: [2] }) as never);
    expect(ok.status).toEqual(['active']);
  });
});
